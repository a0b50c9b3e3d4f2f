"""Notification benchmark, per async mode of the API process (DESIGN §6, §7).

Measures, against a real `python wsgi.py` process on embedded PostgreSQL (durable) and Redis:
- latency from the COMMIT of a terminal event (`ocr_completed` written by `write_event`) to its
  receipt by a python-socketio client (websocket), p50/p99 over `--events` events;
- how many authenticated idle sockets one server process holds (`--sockets`, one user each,
  opened by a light asyncio engine.io client in a separate process) and the server's RSS;
- an admin broadcast to every user: from the request to the last socket's receipt, written by the API, by
  this process (as a worker would), and by this process in one pub/sub message per event (the form before
  `emit_batch`); `--repeat` rounds of the three, medians. Each socket checks that it gets each broadcast
  once, numbered right after the one before (`misnumbered` counts those that were not).

    .venv/bin/python bench/notify.py [--modes gevent,eventlet] [--events 1000] [--sockets 10000] [--processes 1,2]
        [--repeat 3]

With `--processes 1,2` each mode is measured with one API process and with two sharing the sockets (dealt out
in turn, as the proxy's least-connections balance does); the broadcast is requested from the first.

Prints a table and writes bench/results/notify.json (notify-processes.json with `--processes`).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import platform
import re
import resource
import secrets
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
for _path in (str(ROOT), str(ROOT / "bench")):
    if _path not in sys.path:
        sys.path.insert(0, _path)
RESULTS = ROOT / "bench" / "results" / "notify.json"
BASE_DIR = ROOT / "var" / "bench-notify"
_MARKER = re.compile(r"bench-[0-9a-f]{8}")


# --- the swarm: many idle sockets in one asyncio process -------------------------------------------

async def _swarm_socket(session, url: str, token: str, stats: dict) -> None:
    import aiohttp

    ws_url = url.replace("http://", "ws://") + "/socket.io/?EIO=4&transport=websocket"
    last_seq = None
    try:
        async with session.ws_connect(ws_url, heartbeat=None, autoping=True, max_msg_size=0) as ws:
            await ws.send_str("40" + json.dumps({"token": token, "last_event_id": None}))
            async for msg in ws:
                if msg.type != aiohttp.WSMsgType.TEXT:
                    break
                data = msg.data
                if data == "2":
                    await ws.send_str("3")
                elif data.startswith("40"):
                    stats["connected"] += 1
                    stats["pending"].discard(token)
                elif data.startswith("44"):
                    stats["refused"] += 1
                    reason = json.loads(data[2:]).get("data", {}).get("code", "?")
                    stats["errors"][f"refused:{reason}"] = stats["errors"].get(f"refused:{reason}", 0) + 1
                    stats["pending"].discard(token)
                    return
                elif data.startswith('42["notification"') and '"type":"system"' in data.replace(' ', ''):
                    found = _MARKER.search(data)
                    if found:
                        stats["received"].setdefault(found.group(0), []).append(time.time())
                        # Each broadcast must reach each socket once, numbered right after the last one.
                        seq = json.loads(data[2:])[1]["id"]
                        if last_seq is not None and seq != last_seq + 1:
                            stats["misnumbered"] += 1
                        last_seq = seq
    except Exception as exc:  # noqa: BLE001 - counted, the swarm goes on
        stats["errors"][exc.__class__.__name__] = stats["errors"].get(exc.__class__.__name__, 0) + 1
        stats["pending"].discard(token)


async def _swarm(url: str, tokens: list[str], concurrency: int) -> None:
    import asyncio

    import aiohttp

    stats = {"connected": 0, "refused": 0, "received": {}, "errors": {}, "pending": set(tokens), "misnumbered": 0}
    started = time.monotonic()
    connector = aiohttp.TCPConnector(limit=0)
    async with aiohttp.ClientSession(connector=connector) as session:
        tasks = []
        urls = url.split(",")  # several API processes: the sockets are dealt out among them
        for i, token in enumerate(tokens):
            tasks.append(asyncio.create_task(_swarm_socket(session, urls[i % len(urls)], token, stats)))
            if i % concurrency == concurrency - 1:  # let the server accept this wave before the next
                while len(stats["pending"]) > len(tokens) - i - 1 + concurrency // 2:
                    await asyncio.sleep(0.01)
        while stats["pending"] and time.monotonic() - started < 600:
            await asyncio.sleep(0.1)
        print(json.dumps({"ready": True, "connected": stats["connected"], "refused": stats["refused"],
                          "errors": stats["errors"], "connect_s": round(time.monotonic() - started, 1)}),
              flush=True)
        loop = asyncio.get_running_loop()
        while True:  # "report <marker>" after each broadcast ("report -" before); anything else ends the swarm
            command = (await loop.run_in_executor(None, sys.stdin.readline)).split()
            if len(command) != 2 or command[0] != "report":
                break
            deadline = time.monotonic() + (30 if command[1] != "-" else 0)  # "report -": only the CPU time
            while len(stats["received"].get(command[1], [])) < stats["connected"] and time.monotonic() < deadline:
                await asyncio.sleep(0.05)
            got = stats["received"].get(command[1], [])
            print(json.dumps({"received": len(got), "cpu_s": round(time.process_time(), 3),
                              "first": min(got, default=None), "last": max(got, default=None),
                              "misnumbered": stats["misnumbered"],
                              "still_connected": sum(1 for t in tasks if not t.done())}), flush=True)
        for task in tasks:
            task.cancel()


def swarm_main(url: str, tokens_file: str, concurrency: int) -> None:
    """Entry of the swarm process."""
    import asyncio

    tokens = Path(tokens_file).read_text().split()
    asyncio.run(_swarm(url, tokens, concurrency))


# --- the parent ------------------------------------------------------------------------------------

def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return round(int(line.split()[1]) / 1024, 1)
    return 0.0


def _start_api(mode: str, env: dict) -> tuple[subprocess.Popen, str]:
    import requests

    port = _free_port()
    log = open(BASE_DIR / f"api-{mode}-{port}.log", "ab")  # noqa: SIM115 - the child owns it
    command = [sys.executable, "wsgi.py"]
    if os.environ.get("NOTIFY_SAMPLE"):  # sample the server's stacks (bench/_sampler.py), one file per process
        command = [sys.executable, "bench/_sampler.py", str(BASE_DIR / f"samples-{mode}-{port}.txt"), "wsgi.py"]
    proc = subprocess.Popen(command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
                            env={**env, "SOCKETIO_ASYNC_MODE": mode, "PORT": str(port), "HOST": "127.0.0.1"})
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if requests.get(url + "/api/health", timeout=2).status_code in (200, 503):
                return proc, url
        except requests.RequestException:
            time.sleep(0.2)
    raise RuntimeError(f"API ({mode}) did not start; see {log.name}")


def _stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def _cpu_s(pid: int) -> float:
    """User + system CPU seconds of a process so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _store_processes() -> list:
    """The PostgreSQL postmaster (its backends counted with it) and the Redis server of this run."""
    from types import SimpleNamespace

    from _stack import store_processes

    return store_processes(SimpleNamespace(database_url=os.environ["DATABASE_URL"],
                                           redis_url=os.environ["REDIS_URL"]))


def _machine_busy_s() -> float:
    """CPU seconds the whole machine spent busy so far (every process, every core)."""
    import psutil

    t = psutil.cpu_times()
    return sum(getattr(t, f) for f in ("user", "system", "nice", "irq", "softirq"))


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q / 100 * (len(ordered) - 1))))]


def measure_latency(app, url: str, user_id: int, token: str, events: int) -> dict:
    """Commit `events` terminal events one by one; time each from COMMIT to the client's receipt."""
    import socketio
    from flask_sqlalchemy.session import Session as FlaskSession
    from sqlalchemy import event as sa_event

    from app.jobs.events import Outbox

    received: dict[int, float] = {}
    committed: dict[int, float] = {}
    arrived = threading.Condition()
    client = socketio.Client(reconnection=False)

    @client.on("notification")
    def _on(payload):
        if payload.get("type") != "ocr_completed":
            return
        with arrived:
            received[payload["id"]] = time.perf_counter()
            arrived.notify_all()

    pending: list[int] = []

    def _committed(_session):  # runs first among after_commit listeners: right after COMMIT returned
        now = time.perf_counter()
        for seq in pending:
            committed[seq] = now
        pending.clear()

    sa_event.listen(FlaskSession, "after_commit", _committed, insert=True)
    client.connect(url, auth={"token": token, "last_event_id": None}, transports=["websocket"], wait_timeout=10)
    time.sleep(0.5)
    latencies = []
    try:
        with app.app_context():
            for i in range(events + 20):
                job = 1_000_000 + i
                outbox = Outbox()
                payload = outbox.write(user_id, "ocr_completed", "Done",
                                      {"ocr_result_id": job, "task_id": "bench", "status": "completed",
                                       "result": {"extracted_data": {"total_amount": "9.99"}, "confidence_score": 0.9,
                                                  "processing_time": 1.0, "page_count": 1}},
                                      ocr_result_id=job)
                pending.append(payload["id"])
                outbox.commit()
                seq = payload["id"]
                with arrived:
                    arrived.wait_for(lambda seq=seq: seq in received, timeout=5)
                if seq in received and i >= 20:  # the first 20 warm up
                    latencies.append((received[seq] - committed[seq]) * 1000)
                time.sleep(0.002)
    finally:
        sa_event.remove(FlaskSession, "after_commit", _committed)
        client.disconnect()
    lost = events - len(latencies)
    return {"events": events, "lost": lost, "p50_ms": round(statistics.median(latencies), 2),
            "p90_ms": round(_percentile(latencies, 90), 2), "p99_ms": round(_percentile(latencies, 99), 2),
            "max_ms": round(max(latencies), 2), "mean_ms": round(statistics.fmean(latencies), 2)}


def _round(report: dict, started: float, write_ms: float, answered: float | None, before: dict, cpu: dict) -> dict:
    """One broadcast's figures; CPU seconds (API processes, swarm, PostgreSQL + Redis, the whole machine busy,
    wall) from `before` to the end of its report."""
    last = report["last"]
    return {"cpu_s": {name: round(read() - before[name], 3) for name, read in cpu.items()},"received": report["received"], "write_ms": write_ms, "misnumbered": report["misnumbered"],
            "http_s": round(answered - started, 3) if answered else None,
            "all_received_s": round(last - started, 3) if last else None, "started_at": round(started, 3),
            "still_connected": report["still_connected"]}


def _publish_per_event(url: str, events: list[tuple[int, int, str, str]]) -> list[tuple[int, int]]:
    """The broadcast's publish before `emit_batch`: one python-socketio `emit` message per event."""
    from app.jobs.event_types import SOCKET_EVENT
    from app.jobs.publisher import get_emitter, room_of

    emitter = get_emitter(url)
    if not emitter.connected:
        emitter._redis_connect()
    head = ('{"method":"emit","event":%s,"data":[%s],"binary":false,"namespace":"/","room":%s,'
            '"skip_sid":null,"callback":null,"host_id":%s}')
    host = json.dumps(emitter.host_id)
    pipe = emitter.redis.pipeline(transaction=False)
    for user_id, _seq, _type, payload in events:
        pipe.publish(emitter.channel, head % (json.dumps(SOCKET_EVENT), payload, json.dumps(room_of(user_id)), host))
    pipe.execute()
    return [(user_id, seq) for user_id, seq, _type, _payload in events]


def measure_swarm(app, urls: list[str], servers: list[subprocess.Popen], tokens: list[str], admin_token: str,
                  concurrency: int, repeat: int = 1) -> dict:
    """Hold len(tokens) idle sockets (dealt out among the servers), read RSS, then time a broadcast to everyone."""
    import requests

    url = urls[0]
    tokens_file = BASE_DIR / "tokens.txt"
    tokens_file.write_text("\n".join(tokens))
    rss_before = sum(_rss_mb(s.pid) for s in servers)
    swarm = subprocess.Popen([sys.executable, __file__, "_swarm", ",".join(urls), str(tokens_file), str(concurrency)],
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=ROOT)

    def report(marker: str) -> dict:
        swarm.stdin.write(f"report {marker}\n")
        swarm.stdin.flush()
        return json.loads(swarm.stdout.readline())

    try:
        ready = json.loads(swarm.stdout.readline())
        time.sleep(3)
        rss_idle = sum(_rss_mb(s.pid) for s in servers)
        from app.notifications import broadcast as bulk

        rounds: dict[str, list[dict]] = {"api": [], "external": [], "external_per_event": []}
        rounds_publisher = bulk.publish_serialized
        from _stack import cpu_seconds

        stores = _store_processes()
        cpu = {"servers": lambda: sum(_cpu_s(s.pid) for s in servers), "swarm": lambda: report("-")["cpu_s"],
               "postgres_redis": lambda: sum(cpu_seconds(p) for p in stores), "machine_busy": _machine_busy_s,
               "wall": time.monotonic}
        for _ in range(repeat):
            marker = f"bench-{secrets.token_hex(4)}"
            before = {name: read() for name, read in cpu.items()}
            started = time.time()
            response = requests.post(url + "/api/admin/broadcast", json={"message": f"Broadcast {marker}"},
                                     headers={"Authorization": f"Bearer {admin_token}"}, timeout=120)
            answered = time.time()
            rounds["api"].append(_round(report(marker), started, response.json()["duration_ms"], answered, before, cpu))
            # The same broadcast written by another process (as a worker would): the API only fans out; then
            # as one pub/sub message per event (the form before `emit_batch`), in the same run.
            for name, publisher in (("external", bulk.publish_serialized), ("external_per_event", _publish_per_event)):
                marker = f"bench-{secrets.token_hex(4)}"
                before = {name: read() for name, read in cpu.items()}
                bulk.publish_serialized = publisher
                try:
                    with app.app_context():
                        started = time.time()
                        written = bulk.broadcast(f"Broadcast {marker}")
                finally:
                    bulk.publish_serialized = rounds_publisher
                rounds[name].append(_round(report(marker), started, written["duration_ms"], None, before, cpu))
        rss_after = sum(_rss_mb(s.pid) for s in servers)
        swarm.stdin.write("done\n")
        swarm.stdin.flush()
        swarm.wait(timeout=60)
    finally:
        if swarm.poll() is None:
            swarm.kill()

    def median(name: str, key: str):
        values = [r[key] for r in rounds[name] if r[key] is not None]
        return round(statistics.median(values), 3) if values else None

    return {
        "api_processes": len(servers), "sockets_requested": len(tokens), "sockets_connected": ready["connected"],
        "refused": ready["refused"], "errors": ready["errors"], "connect_s": ready["connect_s"],
        "server_rss_mb_before": rss_before, "server_rss_mb_idle": rss_idle, "server_rss_mb_after_broadcast": rss_after,
        "rss_kb_per_socket": round((rss_idle - rss_before) * 1024 / max(1, ready["connected"]), 1),
        "rounds": rounds,
        "broadcast_write_ms": median("api", "write_ms"), "broadcast_http_s": median("api", "http_s"),
        "broadcast_received": min(r["received"] for r in rounds["api"]),
        "broadcast_all_received_s": median("api", "all_received_s"),
        "external_broadcast_write_ms": median("external", "write_ms"),
        "external_broadcast_received": min(r["received"] for r in rounds["external"]),
        "external_broadcast_all_received_s": median("external", "all_received_s"),
        "per_event_broadcast_all_received_s": median("external_per_event", "all_received_s"),
        "misnumbered": max(r["misnumbered"] for rs in rounds.values() for r in rs),
        "still_connected_after": rounds["external_per_event"][-1]["still_connected"],
    }


def _prepare(users: int):
    """Start the embedded servers, migrate, create `users` users + an admin; return app and tokens."""
    from devserver import EmbeddedServices

    services = EmbeddedServices(base_dir=BASE_DIR, durable=True).start()
    from tests.support.services import fresh_database

    os.environ["DATABASE_URL"] = fresh_database(services.database_url, "ocrflow_bench")
    os.environ["REDIS_URL"] = services.redis_url
    os.environ["OCRFLOW_ENV"] = "development"
    os.environ.setdefault("JWT_SECRET_KEY", secrets.token_urlsafe(48))
    os.environ["UPLOAD_DIR"] = str(BASE_DIR / "uploads")
    import redis
    from flask_jwt_extended import create_access_token
    from flask_migrate import upgrade
    from sqlalchemy import text

    from app import create_app
    from app.extensions import db

    redis.Redis.from_url(services.redis_url).flushall()
    app = create_app("development", SOCKETIO_ASYNC_MODE="threading")
    with app.app_context():
        upgrade()
        ids = list(db.session.execute(text(
            "INSERT INTO users (email, password_hash, role) SELECT 'bench-' || g || '@example.com', 'x', "
            "CASE WHEN g = 0 THEN 'admin' ELSE 'user' END FROM generate_series(0, :n) g ORDER BY g RETURNING id"),
            {"n": users}).scalars())
        db.session.commit()
        tokens = [create_access_token(identity=str(uid), additional_claims={"role": "user"},
                                      expires_delta=__import__("datetime").timedelta(hours=2)) for uid in ids]
    return services, app, ids, tokens


def main() -> None:
    """Run the benchmark for each mode and write the results."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--modes", default="gevent,eventlet")
    parser.add_argument("--events", type=int, default=1000)
    parser.add_argument("--sockets", type=int, default=10000)
    parser.add_argument("--concurrency", type=int, default=100, help="sockets connecting at once")
    parser.add_argument("--processes", default="1", help="API processes sharing the sockets, e.g. 1,2 (each a row)")
    parser.add_argument("--repeat", type=int, default=1,
                        help="broadcast rounds per row (each: by the API, by this process, per-event form); medians")
    args = parser.parse_args()
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    BASE_DIR.mkdir(parents=True, exist_ok=True)
    services, app, ids, tokens = _prepare(max(args.sockets, 1) + 1)
    admin_token, latency_user, latency_token = tokens[0], ids[1], tokens[1]
    results = {"machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                           "platform": platform.platform(), "fd_limit": hard,
                           # gevent serves websockets with gevent-websocket when installed, else simple-websocket
                           "gevent_websocket": importlib.util.find_spec("geventwebsocket") is not None},
               "method": __doc__.strip().splitlines()[2:9], "modes": {}}
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    try:
        for mode in args.modes.split(","):
            for count in [int(n) for n in args.processes.split(",")]:
                label = mode if count == 1 else f"{mode} x{count}"
                # PostgreSQL here allows 100 connections: share one process's pool (40 + 20) among them, or
                # sockets are refused ("too many clients") while thousands connect at once.
                pool = {} if count == 1 else {"DB_POOL_SIZE": str(40 // count), "DB_MAX_OVERFLOW": str(20 // count)}
                started = [_start_api(mode, {**env, **pool}) for _ in range(count)]
                servers, urls = [s for s, _ in started], [u for _, u in started]
                try:
                    row = {"latency": measure_latency(app, urls[0], latency_user, latency_token, args.events)}
                    print(label, "latency", json.dumps(row["latency"]), flush=True)
                    if args.sockets:
                        row["sockets"] = measure_swarm(app, urls, servers, tokens[2:args.sockets + 2], admin_token,
                                                       args.concurrency, args.repeat)
                        print(label, "sockets", json.dumps(row["sockets"]), flush=True)
                    results["modes"][label] = row
                finally:
                    for server in servers:
                        _stop(server)
    finally:
        services.stop()
    out = RESULTS if args.processes == "1" else RESULTS.with_name("notify-processes.json")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2) + "\n")
    _print_table(results)


def _print_table(results: dict) -> None:
    print(f"\n{'mode':10} {'p50 ms':>7} {'p99 ms':>7} {'sockets':>8} {'RSS MB':>7} {'KB/sock':>8} {'bcast s':>8}"
          f" {'ext s':>6} {'per-ev s':>8} {'misnum':>6}")
    for mode, row in results["modes"].items():
        lat, sock = row["latency"], row.get("sockets", {})
        print(f"{mode:10} {lat['p50_ms']:>7} {lat['p99_ms']:>7} {sock.get('sockets_connected', '-'):>8} "
              f"{sock.get('server_rss_mb_idle', '-'):>7} {sock.get('rss_kb_per_socket', '-'):>8} "
              f"{sock.get('broadcast_all_received_s', '-'):>8} {sock.get('external_broadcast_all_received_s', '-'):>6} "
              f"{sock.get('per_event_broadcast_all_received_s', '-'):>8} {sock.get('misnumbered', '-'):>6}")


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "_swarm":
        swarm_main(sys.argv[2], sys.argv[3], int(sys.argv[4]))
    else:
        main()
