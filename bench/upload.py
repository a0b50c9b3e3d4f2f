"""Upload acceptance: 202 latency (p50/p99) and accepted uploads/s at 1, 8 and 32 concurrent clients.

Measures, against a real API process (`python wsgi.py`, gevent) on real PostgreSQL and Redis, with no
worker (jobs just queue), sending ~300 KB dev receipts:
- the floor: a bare Flask endpoint that only reads the upload, on the same server stack as `wsgi.py`
  (gevent WSGIServer, TCP_NODELAY on accepted connections);
- the service's `POST /api/ocr-async/process-async` as shipped (one user per client; every upload goes to
  the broker), closed loop and at offered rates;
- the same with the default `OCR_MAX_INFLIGHT_PER_USER` (8), where later uploads skip the broker;
- the same with a backlog of queued jobs ahead (the estimate's queue-position count);
- a cProfile of uploads through the app in this process, as milliseconds per upload per step.
The load comes from a separate process (threads, `http.client`, keep-alive, bodies built beforehand);
its own CPU time is reported so it can be seen not to be the limit.

With `--cases busy,proxy,cpu` instead (each interleaved `--repeat` times, medians reported):
- busy: 8 uploaders (one user each, `force`: every upload a new job) while a worker with two OCR processes
  reads a backlog of receipts, its `OCR_WORKER_NICE` alternating (`--nice 0,10`, a fresh worker each run);
- proxy: open loop at 50, 100 and 200 uploads/s offered to one API process, to one behind HAProxy and to
  two behind HAProxy (no workers: jobs queue);
- cpu: the API process's CPU per upload of this checkout and of `--baseline` (another checkout), 8 clients,
  in back-to-back pairs (who goes first alternates); the median of the pairs' ratios is reported.
Writes bench/results/upload-cases.json (upload-cases-cpu.json etc. when only some cases run).

Usage: python bench/upload.py [--duration 8] [--warmup 1.5] [--clients 1,8,32] [--profile-uploads 200]
                              [--backlog 50000] [--only floor,service]
       python bench/upload.py --cases busy,proxy,cpu [--repeat 2] [--baseline ../main] [--duration 8]
Writes bench/results/upload.json. Uses DATABASE_URL / REDIS_URL when set, else embedded servers.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import DATA_DIR, machine, percentile, write_result  # noqa: E402

UPLOAD = "/api/ocr-async/process-async"
FLOOR = "/upload"
BOUNDARY = "benchboundary0123456789"
TARGET_BYTES = 300_000
HIGH_INFLIGHT = "1000000"
GOAL_RATE = 300  # uploads/s


def receipts_near(size: int = TARGET_BYTES, count: int = 8) -> list[Path]:
    """The dev receipts whose size is closest to `size`."""
    files = sorted((DATA_DIR / "images").glob("*.jpg"), key=lambda p: abs(p.stat().st_size - size))
    return files[:count]


def multipart_body(path: Path, force: bool = False) -> bytes:
    """One `file` part holding the receipt (and `force=true`: a new job each time, never a reused result)."""
    head = (f"--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{path.name}\"\r\n"
            "Content-Type: image/jpeg\r\n\r\n").encode()
    forced = (f"--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"force\"\r\n\r\ntrue\r\n".encode()
              if force else b"")
    return forced + head + path.read_bytes() + f"\r\n--{BOUNDARY}--\r\n".encode()


# ---- the floor: a bare Flask endpoint on the same server stack -----------------------------------


def serve_floor(port: int) -> None:
    """Serve `POST /upload` that reads the multipart upload and answers 202, as `wsgi.py` serves in gevent mode."""
    from gevent import monkey

    monkey.patch_all()
    from flask import Flask, jsonify, request
    from gevent.pywsgi import WSGIServer
    from geventwebsocket.handler import WebSocketHandler

    set_nodelay_on_accept()
    app = Flask("floor")

    @app.post(FLOOR)
    def upload():
        size = len(request.files["file"].read())
        return jsonify({"size": size}), 202

    @app.get("/health")
    def health():
        return "ok"

    WSGIServer(("127.0.0.1", port), app, handler_class=WebSocketHandler, log=None).serve_forever()


def set_nodelay_on_accept() -> None:
    """Turn Nagle off on every accepted connection of gevent's WSGI server, as `wsgi.py` does.

    gevent's server leaves Nagle on; a keep-alive client then waits for its delayed ACK (~40 ms on Linux)
    before the end of each response arrives.
    """
    from gevent.pywsgi import WSGIServer

    handle = WSGIServer.handle

    def handle_nodelay(self, sock, address):
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return handle(self, sock, address)

    WSGIServer.handle = handle_nodelay


# ---- the load generator (a process of its own) ----------------------------------------------------


def loadgen(cfg: dict) -> dict:
    """Run `concurrency` keep-alive clients for warmup + duration seconds; return latencies and statuses.

    Closed loop by default (each client sends again as soon as it has its answer). With `rate`, open loop:
    request k of client i is due at start + (k·clients + i) / rate, and its latency counts from when it was
    due, so a server that falls behind is charged for the wait (no coordinated omission).
    """
    bodies = [multipart_body(Path(p), cfg.get("force", False)) for p in cfg["files"]]
    parts = urlsplit(cfg["url"])
    start = time.perf_counter() + 0.2
    measure_from, stop_at = start + cfg["warmup"], start + cfg["warmup"] + cfg["duration"]
    results: list[list[tuple[float, int]]] = [[] for _ in range(cfg["concurrency"])]
    last_done = [0.0] * cfg["concurrency"]

    def connect() -> http.client.HTTPConnection:
        # Like urllib3, no Nagle: http.client sends headers and body in two writes.
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
        conn.connect()
        conn.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return conn

    def due(n: int) -> float:
        """When request number n (over all clients) is due; now, in a closed loop."""
        if not cfg.get("rate"):
            return time.perf_counter()
        at = start + n / cfg["rate"]
        delay = at - time.perf_counter()
        if delay > 0:
            time.sleep(delay)
        return at

    def client(index: int) -> None:
        conn = connect()
        token = cfg["tokens"][index % len(cfg["tokens"])] if cfg["tokens"] else ""
        headers = {"Content-Type": f"multipart/form-data; boundary={BOUNDARY}", "Authorization": f"Bearer {token}"}
        n = index
        while time.perf_counter() < start:
            time.sleep(0.001)
        while (t0 := due(n)) < stop_at:
            body = bodies[n % len(bodies)]
            n += cfg["concurrency"]
            try:
                conn.request("POST", cfg["path"], body=body, headers=headers)
                response = conn.getresponse()
                response.read()
                status = response.status
            except (OSError, http.client.HTTPException):
                conn.close()
                conn = connect()
                status = 0
            if t0 >= measure_from:
                done = time.perf_counter()
                results[index].append((done - t0, status))
                last_done[index] = max(last_done[index], done - measure_from)

    cpu0 = time.process_time()
    threads = [threading.Thread(target=client, args=(i,)) for i in range(cfg["concurrency"])]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    samples = [s for per in results for s in per]
    statuses: dict[str, int] = {}
    for _, status in samples:
        statuses[str(status)] = statuses.get(str(status), 0) + 1
    return {"latencies": [lat for lat, status in samples if status == 202], "statuses": statuses,
            "answered_within_s": max(last_done),
            "duration": cfg["duration"], "loadgen_cpu_s": time.process_time() - cpu0}


def sched_seconds(procs: list) -> tuple[float, float]:
    """Seconds on a CPU and seconds runnable but waiting for one, over every thread of `procs` and their children.

    From /proc/<pid>/task/<tid>/schedstat (the kernel's own accounting; threads that exited are not counted).
    """
    import psutil

    pids: set[int] = set()
    for proc in procs:
        try:
            pids.add(proc.pid)
            pids.update(child.pid for child in proc.children(recursive=True))
        except psutil.NoSuchProcess:
            pass
    running = waiting = 0
    for pid in pids:
        try:
            tasks = os.listdir(f"/proc/{pid}/task")
        except OSError:
            continue
        for tid in tasks:
            try:
                with open(f"/proc/{pid}/task/{tid}/schedstat") as fh:
                    on_cpu, queued, _slices = fh.read().split()
            except (OSError, ValueError):
                continue
            running += int(on_cpu)
            waiting += int(queued)
    return running / 1e9, waiting / 1e9


def run_load(url: str, path: str, tokens: list[str], files: list[Path], concurrency: int, duration: float,
             warmup: float, server_pid: int | list[int], stores: list, rate: float | None = None,
             force: bool = False, others: dict[str, list] | None = None) -> dict:
    """Run the load generator in a fresh process against one endpoint; summarise the run.

    `server_pid` may name several processes (API processes behind a proxy, the proxy): their CPU is summed.
    `others` names more process groups whose CPU share of the machine over the run is reported.
    """
    import psutil
    from _stack import cpu_seconds

    cfg = {"url": url, "path": path, "tokens": tokens, "files": [str(f) for f in files],
           "concurrency": concurrency, "duration": duration, "warmup": warmup, "rate": rate, "force": force}
    servers = [psutil.Process(pid) for pid in (server_pid if isinstance(server_pid, list) else [server_pid])]
    watched = [*servers, *stores]
    others = others or {}
    others_before = {name: sum(cpu_seconds(p) for p in procs) for name, procs in others.items()}
    before, sys_before = [cpu_seconds(p) for p in watched], psutil.cpu_times()
    sched_before = [sched_seconds(servers), sched_seconds(stores)]
    started = time.perf_counter()
    proc = subprocess.run([sys.executable, __file__, "--loadgen"], input=json.dumps(cfg), capture_output=True,
                          text=True, timeout=duration + warmup + 120)
    elapsed = time.perf_counter() - started
    if proc.returncode != 0:
        raise RuntimeError(proc.stderr[-3000:])
    out = json.loads(proc.stdout)
    after, sys_after = [cpu_seconds(p) for p in watched], psutil.cpu_times()
    sched_after = [sched_seconds(servers), sched_seconds(stores)]
    others_share = {name: round((sum(cpu_seconds(p) for p in procs) - others_before[name])
                                / (elapsed * (os.cpu_count() or 1)), 2) for name, procs in others.items()}
    n_servers = len(servers)
    lat_ms = [x * 1000 for x in out["latencies"]]
    requests_sent = max(1, sum(out["statuses"].values()) * (duration + warmup) / duration)
    busy = sum(getattr(sys_after, f) - getattr(sys_before, f) for f in ("user", "system", "nice", "irq", "softirq"))
    return {
        "clients": concurrency, "offered_per_s": rate, "accepted": len(lat_ms), "statuses": out["statuses"],
        # Open loop: what was due in the window, over the time it took to answer it (a server that falls
        # behind answers after the window closes).
        "per_s": round(len(lat_ms) / (max(duration, out["answered_within_s"]) if rate else duration), 1),
        "p50_ms": round(percentile(lat_ms, 50), 2), "p90_ms": round(percentile(lat_ms, 90), 2),
        "p99_ms": round(percentile(lat_ms, 99), 2), "max_ms": round(max(lat_ms), 2) if lat_ms else None,
        "mean_ms": round(statistics.mean(lat_ms), 2) if lat_ms else None,
        # CPU over the whole run (warm-up included), per request: the API process, then PostgreSQL + Redis
        "server_cpu_ms_per_upload": round(1000 * (sum(after[:n_servers]) - sum(before[:n_servers])) / requests_sent, 2),
        "stores_cpu_ms_per_upload": round(1000 * (sum(after[n_servers:]) - sum(before[n_servers:])) / requests_sent, 2),
        # Runnable but waiting for a core (the scheduler's run queue), per request: the API process(es), then
        # PostgreSQL + Redis; and the API's time on a core / waiting for one, as shares of the run's wall time.
        "server_runq_ms_per_upload": round(1000 * (sched_after[0][1] - sched_before[0][1]) / requests_sent, 2),
        "stores_runq_ms_per_upload": round(1000 * (sched_after[1][1] - sched_before[1][1]) / requests_sent, 2),
        "server_on_cpu_share": round((sched_after[0][0] - sched_before[0][0]) / elapsed, 2),
        "server_runq_share": round((sched_after[0][1] - sched_before[0][1]) / elapsed, 2),
        "cpu_share_of_machine": others_share,
        "machine_cpu_busy": round(busy / (elapsed * (os.cpu_count() or 1)), 2),
        "loadgen_cpu_ms_per_upload": round(1000 * out["loadgen_cpu_s"] / requests_sent, 2),
    }


# ---- the profile -----------------------------------------------------------------------------------

# (label, file suffix, function) whose cumulative time is reported per upload.
STEPS = (
    ("whole request (Flask test client)", "werkzeug/test.py", "open"),
    # `_parse_multipart`, not `parse`: two functions of that file are named `parse`, one calling the other.
    ("multipart parse + hash + write (UploadSink)", "werkzeug/formparser.py", "_parse_multipart"),
    ("  of which sha256 + file write", "app/jobs/storage.py", "write"),
    ("JWT check (incl. revocation lookup)", "flask_jwt_extended/view_decorators.py", "verify_jwt_in_request"),
    ("disk guard (statvfs)", "app/ocr_async/guards.py", "check_disk"),
    ("options schema", "app/ocr_async/uploads.py", "_options"),
    ("rate limit (Redis)", "app/ocr_async/guards.py", "charge_uploads"),
    ("create job (reuse lookup, move file, row, event)", "app/jobs/intake.py", "create_job"),
    ("  of which reuse lookup", "app/jobs/intake.py", "find_reusable"),
    ("  of which job row + event (seq, row, webhook fan-out)", "app/jobs/lifecycle.py", "_created"),
    ("  of which event (one statement)", "app/jobs/events.py", "write"),
    ("commit + publish after commit", "app/jobs/intake.py", "commit_or_discard"),
    ("  of which publish to the user's room", "app/jobs/publisher.py", "publish"),
    ("202 body (queue-position count, cached mean)", "app/ocr_async/uploads.py", "accepted_body"),
    ("mark published + dispatch, one transaction", "app/ocr_async/uploads.py", "settle"),
    ("  of which dispatch (mark within free slots, send)", "app/jobs/dispatch.py", "dispatch_new"),
    ("  of which send to the OCR queue", "app/jobs/dispatch.py", "send_ocr"),
)


def profile_uploads(stack, files: list[Path], count: int) -> dict:
    """Upload `count` receipts through the app in this process under cProfile; return ms per upload per step."""
    import cProfile
    import pstats

    os.environ.update(stack.env(OCR_MAX_INFLIGHT_PER_USER=HIGH_INFLIGHT))
    from app import create_app

    app = create_app("development", SOCKETIO_ASYNC_MODE="threading")
    client = app.test_client()
    creds = {"email": f"profile-{os.getpid()}@example.com", "password": "bench-password-1"}
    client.post("/api/auth/register", json=creds)
    token = client.post("/api/auth/login", json=creds).get_json()["access_token"]
    headers = {"Authorization": f"Bearer {token}", "Content-Type": f"multipart/form-data; boundary={BOUNDARY}"}
    bodies = [multipart_body(f) for f in files]
    for body in bodies[:3]:  # warm connections and caches
        assert client.post(UPLOAD, data=body, headers=headers).status_code == 202
    statements = count_statements(app)
    start, cpu_start = time.perf_counter(), time.process_time()
    for i in range(count):
        assert client.post(UPLOAD, data=bodies[i % len(bodies)], headers=headers).status_code == 202
    plain_ms = (time.perf_counter() - start) * 1000 / count
    plain_cpu_ms = (time.process_time() - cpu_start) * 1000 / count
    per_upload = {sql: round(n / count, 2) for sql, n in sorted(statements.items(), key=lambda kv: -kv[1])}
    statements.clear()
    profiler = cProfile.Profile(time.process_time)  # CPU time: waits on PostgreSQL and Redis are not counted
    profiler.enable()
    for i in range(count):
        client.post(UPLOAD, data=bodies[i % len(bodies)], headers=headers)
    profiler.disable()
    stats = pstats.Stats(profiler)
    steps = {label: round(_cumulative(stats, suffix, name) * 1000 / count, 2) for label, suffix, name in STEPS}
    top = sorted(stats.stats.items(), key=lambda kv: -kv[1][2])[:12]
    return {"uploads": count, "ms_per_upload_unprofiled": round(plain_ms, 2),
            "cpu_ms_per_upload_unprofiled": round(plain_cpu_ms, 2), "steps_ms_profiled": steps,
            "sql_per_upload": per_upload,
            "top_tottime_ms": {f"{Path(f).name}:{line}({func})": round(v[2] * 1000 / count, 3)
                               for (f, line, func), v in top}}


def _cumulative(stats, suffix: str, name: str) -> float:
    return sum(v[3] for (file, _line, func), v in stats.stats.items() if func == name and file.endswith(suffix))


def count_statements(app) -> dict[str, int]:
    """Count SQL statements by their first words while uploads run."""
    from sqlalchemy import event

    from app.extensions import db

    seen: dict[str, int] = {}

    def before(_conn, _cursor, statement, *_args):
        key = " ".join(statement.split())[:70]
        seen[key] = seen.get(key, 0) + 1

    with app.app_context():
        event.listen(db.engine, "before_cursor_execute", before)
    return seen


def seed_backlog(stack, jobs: int) -> None:
    """Add `jobs` queued, undispatched jobs of another user (a backlog the estimate counts through)."""
    import psycopg2

    conn = psycopg2.connect(stack.database_url)
    with conn, conn.cursor() as cur:
        cur.execute("INSERT INTO users (email, password_hash, role, event_seq, created_at) "
                    "VALUES (%s, 'x', 'user', 0, now()) RETURNING id", (f"backlog-{time.time()}@example.com",))
        user_id = cur.fetchone()[0]
        cur.execute("INSERT INTO ocr_results (user_id, task_id, status, stage, progress, priority, options, "
                    "attempts, cancel_requested, cache_hit, created_at, updated_at) "
                    "SELECT %s, gen_random_uuid(), 'queued', 'queued', 0, 'normal', '{}'::jsonb, 0, false, false, "
                    "now(), now() FROM generate_series(1, %s)", (user_id, jobs))
    conn.close()


# ---- the cases users meet: a busy machine, several API processes --------------------------------

BUSY_CLIENTS = 8
PROXY_RATES = (50, 100, 200)
PROXY_CLIENTS = 32


def _median_row(runs: list[dict]) -> dict:
    """Medians over repeated runs of the figures that matter here."""
    keys = ("p50_ms", "p90_ms", "p99_ms", "per_s", "server_cpu_ms_per_upload", "stores_cpu_ms_per_upload",
            "machine_cpu_busy", "server_runq_ms_per_upload", "stores_runq_ms_per_upload", "server_on_cpu_share",
            "server_runq_share")
    row = {k: round(statistics.median(r[k] for r in runs), 2) for k in keys}
    row["runs"] = len(runs)
    row["non_202"] = sum(sum(v for k, v in r["statuses"].items() if k != "202") for r in runs)
    return row


def feed_ocr(url: str, files: list[Path], copies: int) -> None:
    """Queue `copies` receipts of a user of its own (force: each is read), enough OCR to fill every core."""
    import requests
    from _stack import register

    token = register(url, "backlog")
    for start in range(0, copies, 25):
        parts = [("files", (f"b{n}.jpg", files[n % len(files)].read_bytes())) for n in range(start, min(copies, start + 25))]
        answer = requests.post(url + "/api/ocr-async/process-bulk", headers={"Authorization": f"Bearer {token}"},
                               data={"force": "true"}, files=parts, timeout=120)
        assert answer.status_code == 202, answer.text


def busy_case(stack, args, files: list[Path], stores: list) -> dict:
    """8 uploaders while two OCR processes read receipts, OCR at each `OCR_WORKER_NICE` in turn (fresh workers).

    With `--baseline`, the baseline checkout's API process is measured too, back to back with this one's
    under the same OCR workers (who goes first alternates): before/after in one run.
    """
    import psutil
    from _stack import register, stop

    apis = {"": stack.start_api("busy-api")}
    if args.baseline:
        apis["baseline, "] = stack.start_api("busy-api-baseline", cwd=Path(args.baseline).resolve())
    url = apis[""][1]
    other = stack.start_worker("busy-other", "ai_queue,notification_queue,default", concurrency=1)
    tokens = [register(url) for _ in range(BUSY_CLIENTS)]
    feed_ocr(url, files, args.busy_backlog)
    runs: dict[str, list] = {f"{label}{n}": [] for n in args.nice for label in apis}
    turn = 0
    for _ in range(args.repeat):
        for nice in args.nice:
            # `10/shared`: the OCR worker stays in the session's CPU group (OCR_WORKER_OWN_GROUP=0).
            value, shared = nice.removesuffix("/shared"), nice.endswith("/shared")
            ocr = stack.start_worker(f"busy-ocr-nice{value}{'-shared' if shared else ''}", "ocr_queue", concurrency=2,
                                     OCR_WORKER_NICE=value, OCR_WORKER_OWN_GROUP="0" if shared else "1")
            pool = psutil.Process(ocr.pid).children()
            _wait_busy(pool)
            order = list(apis.items())
            for label, (api, api_url) in order[::-1] if turn % 2 else order:
                r = run_load(api_url, UPLOAD, tokens, files, BUSY_CLIENTS, args.duration, args.warmup, api.pid,
                             stores, force=True, others={"ocr_workers": [psutil.Process(ocr.pid), *pool],
                                                         "api": [psutil.Process(api.pid)], "stores": stores})
                r["ocr_nice"] = sorted({p.nice() for p in pool})
                r["loadavg"] = [round(x, 2) for x in os.getloadavg()]
                runs[f"{label}{nice}"].append(r)
                share = r["cpu_share_of_machine"]
                print(f"  busy, {label}OCR_WORKER_NICE={nice}: 202 p50 {r['p50_ms']:6.1f} ms, "
                      f"p99 {r['p99_ms']:6.1f} ms, {r['per_s']:5.0f}/s; API CPU {r['server_cpu_ms_per_upload']:.2f} "
                      f"ms/upload, waiting for a core {r['server_runq_ms_per_upload']:.2f} ms/upload (API on a core "
                      f"{r['server_on_cpu_share']:.0%} of the time, runnable and waiting {r['server_runq_share']:.0%}); "
                      f"PG+Redis CPU {r['stores_cpu_ms_per_upload']:.2f}, waiting {r['stores_runq_ms_per_upload']:.2f} "
                      f"ms/upload; shares of the 2 cores: OCR {share['ocr_workers']:.2f}, API {share['api']:.2f}, "
                      f"PG+Redis {share['stores']:.2f}, machine busy {r['machine_cpu_busy']:.2f}; "
                      f"load {r['loadavg'][0]} {_errors(r)}", flush=True)
            turn += 1
            stop(ocr)
            stack.procs.remove(ocr)
    stop(other)
    for api, _ in apis.values():
        stop(api)
    return {"clients": BUSY_CLIENTS, "backlog": args.busy_backlog, "baseline": str(args.baseline or ""),
            "runs": runs, "median": {nice: _median_row(rows) for nice, rows in runs.items()}}


def _wait_busy(pool: list, timeout: float = 120) -> None:
    """Wait until the OCR pool processes have loaded their engine and read (a second of CPU each)."""
    from _stack import cpu_seconds

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if all(cpu_seconds(p) > 3.0 for p in pool):
            return
        time.sleep(0.5)
    raise TimeoutError("the OCR processes never got busy")


def proxy_case(stack, args, files: list[Path], stores: list) -> dict:
    """Open-loop uploads to one API process, one behind HAProxy and two behind HAProxy, interleaved per rate."""
    import psutil
    from _stack import register, stop

    from devserver.proxy import INSTALL_HINT, Proxy, find_haproxy

    if find_haproxy() is None:
        raise SystemExit(INSTALL_HINT)
    env = {"OCR_MAX_INFLIGHT_PER_USER": HIGH_INFLIGHT, "TRUSTED_PROXY_HOPS": "1"}
    single, single_url = stack.start_api("proxy-single", OCR_MAX_INFLIGHT_PER_USER=HIGH_INFLIGHT)
    apis = [stack.start_api(f"proxy-api{n}", **env) for n in range(3)]
    proxies = []
    for label, members in (("one behind HAProxy", apis[:1]), ("two behind HAProxy", apis[1:])):
        backends = [("127.0.0.1", int(url.rsplit(":", 1)[1])) for _, url in members]
        proxy = Proxy(stack.base / f"proxy-{len(members)}", ("127.0.0.1", _free_port()), backends).start()
        proxies.append((label, proxy, [p.pid for p, _ in members] + [proxy.proc.pid]))
    targets = [("one process", single_url, [single.pid])] + [
        (label, f"http://127.0.0.1:{proxy.listen[1]}", pids) for label, proxy, pids in proxies]
    tokens = [register(single_url) for _ in range(PROXY_CLIENTS)]
    runs: dict[str, dict[str, list]] = {label: {str(rate): [] for rate in args.rates} for label, _, _ in targets}
    for _ in range(args.repeat):
        for rate in args.rates:
            for label, url, pids in targets:
                r = run_load(url, UPLOAD, tokens, files, PROXY_CLIENTS, args.duration, args.warmup, pids, stores,
                             rate=rate, others={"servers": [psutil.Process(p) for p in pids]})
                runs[label][str(rate)].append(r)
                print(f"  {label:20s} @ {rate:3d}/s: p50 {r['p50_ms']:7.1f} ms, p99 {r['p99_ms']:7.1f} ms, "
                      f"{r['per_s']:5.0f}/s, CPU {r['server_cpu_ms_per_upload']:.1f} ms/upload {_errors(r)}", flush=True)
    for _, proxy, _ in proxies:
        proxy.stop()
    for proc in [single, *(p for p, _ in apis)]:
        stop(proc)
    median = {label: {rate: _median_row(rows) for rate, rows in by_rate.items()} for label, by_rate in runs.items()}
    best = {label: max(row["per_s"] for row in by_rate.values()) for label, by_rate in median.items()}
    return {"clients": PROXY_CLIENTS, "runs": runs, "median": median, "best_per_s": best,
            "two_over_one": round(best["two behind HAProxy"] / best["one process"], 2)}


def _free_port() -> int:
    from _stack import free_port

    return free_port()


def cpu_case(stack, args, files: list[Path], stores: list) -> dict:
    """API CPU per upload of this checkout and of `--baseline` (another checkout), interleaved, 8 clients."""
    from _stack import register, stop

    env = {"OCR_MAX_INFLIGHT_PER_USER": HIGH_INFLIGHT}
    apis = {"baseline": stack.start_api("cpu-baseline", cwd=Path(args.baseline).resolve(), **env),
            "this checkout": stack.start_api("cpu-current", **env)}
    tokens = [register(apis["this checkout"][1]) for _ in range(BUSY_CLIENTS)]
    runs: dict[str, list] = {label: [] for label in apis}
    for round_ in range(args.repeat):
        order = list(apis.items())
        for label, (proc, url) in order[::-1] if round_ % 2 else order:  # who goes first alternates
            r = run_load(url, UPLOAD, tokens, files, BUSY_CLIENTS, args.duration, args.warmup, proc.pid, stores)
            runs[label].append(r)
            print(f"  {label:14s}: API CPU {r['server_cpu_ms_per_upload']:5.2f} ms/upload, PG+Redis "
                  f"{r['stores_cpu_ms_per_upload']:5.2f} ms, p50 {r['p50_ms']:6.1f} ms, {r['per_s']:5.0f}/s "
                  f"{_errors(r)}", flush=True)
    for proc, _ in apis.values():
        stop(proc)
    # Each pair ran back to back: their ratio cancels the machine's slower drifts in load.
    ratios = [round(cur["server_cpu_ms_per_upload"] / base["server_cpu_ms_per_upload"], 3)
              for base, cur in zip(runs["baseline"], runs["this checkout"], strict=True)]
    return {"clients": BUSY_CLIENTS, "baseline": str(args.baseline), "runs": runs,
            "median": {label: _median_row(rows) for label, rows in runs.items()},
            "cpu_ratio_pairs": ratios, "cpu_ratio_median": round(statistics.median(ratios), 3)}


def report_cases(out: dict) -> None:
    """Print the busy, proxy and CPU cases' medians."""
    print(f"\nMachine load average at start: {out['loadavg_at_start']} (shared machine: other work ran alongside)")
    if "cpu" in out:
        print("\n| API | runs | API CPU ms/upload | PG+Redis CPU ms/upload | p50 ms | p99 ms | uploads/s |")
        print("|---|---|---|---|---|---|---|")
        for label, r in out["cpu"]["median"].items():
            print(f"| {label} | {r['runs']} | {r['server_cpu_ms_per_upload']:.2f} | {r['stores_cpu_ms_per_upload']:.2f} "
                  f"| {r['p50_ms']:.1f} | {r['p99_ms']:.1f} | {r['per_s']:.0f} |")
        cpu = out["cpu"]
        print(f"API CPU per upload, this checkout / baseline, per back-to-back pair: {cpu['cpu_ratio_pairs']}; "
              f"median {cpu['cpu_ratio_median']}")
    if "busy" in out:
        print(f"\n| busy: {BUSY_CLIENTS} uploaders, 2 OCR processes | runs | 202 p50 ms | p90 ms | p99 ms | uploads/s "
              "| API CPU ms/upload | API waiting for a core ms/upload | API on a core / waiting, share of time "
              "| PG+Redis CPU / waiting ms/upload | non-202 |")
        print("|---|---|---|---|---|---|---|---|---|---|---|")
        for nice, r in out["busy"]["median"].items():
            label = f"baseline, OCR_WORKER_NICE={nice.split(', ')[1]}" if nice.startswith("baseline") else \
                f"OCR_WORKER_NICE={nice}"
            print(f"| {label} | {r['runs']} | {r['p50_ms']:.1f} | {r['p90_ms']:.1f} | {r['p99_ms']:.1f} "
                  f"| {r['per_s']:.0f} | {r['server_cpu_ms_per_upload']:.2f} | {r['server_runq_ms_per_upload']:.2f} "
                  f"| {r['server_on_cpu_share']:.2f} / {r['server_runq_share']:.2f} "
                  f"| {r['stores_cpu_ms_per_upload']:.2f} / {r['stores_runq_ms_per_upload']:.2f} | {r['non_202']} |")
    if "proxy" in out:
        print(f"\n| open loop, {PROXY_CLIENTS} clients | offered/s | runs | p50 ms | p99 ms | answered/s "
              "| CPU ms/upload (APIs + proxy) | non-202 |")
        print("|---|---|---|---|---|---|---|---|")
        for label, by_rate in out["proxy"]["median"].items():
            for rate, r in by_rate.items():
                print(f"| {label} | {rate} | {r['runs']} | {r['p50_ms']:.1f} | {r['p99_ms']:.1f} | {r['per_s']:.0f} "
                      f"| {r['server_cpu_ms_per_upload']:.1f} | {r['non_202']} |")
        print(f"best answered/s: {out['proxy']['best_per_s']}; two behind HAProxy / one process: "
              f"{out['proxy']['two_over_one']}")


def run_cases(args, files: list[Path]) -> dict:
    """Run the `--cases` (busy, proxy, cpu) on one stack; write bench/results/upload-cases.json."""
    from _stack import Stack, store_processes

    out: dict[str, Any] = {"machine": machine(), "files": len(files), "duration_s": args.duration,
                           "warmup_s": args.warmup, "repeat": args.repeat,
                           "loadavg_at_start": [round(x, 2) for x in os.getloadavg()]}
    cases = args.cases.split(",")
    # A run of some of the cases does not overwrite the results of the others: upload-cases-cpu.json, ...
    name = "upload-cases" if set(cases) == {"busy", "proxy", "cpu"} else "upload-cases-" + "-".join(cases)
    with Stack("upload", redis_db=13) as stack:
        stores = store_processes(stack)
        for case in cases:
            print(f"{case}:", flush=True)
            out[case] = {"busy": busy_case, "proxy": proxy_case, "cpu": cpu_case}[case](stack, args, files, stores)
            write_result(name, out)  # what is measured so far survives an interrupted run
    out["results_name"] = name
    out["loadavg_at_end"] = [round(x, 2) for x in os.getloadavg()]
    report_cases(out)
    return out


# ---- main ------------------------------------------------------------------------------------------


def _row(name: str, r: dict) -> str:
    offered = f"{r['offered_per_s']:.0f}/s" if r.get("offered_per_s") else "closed"
    return (f"| {name} | {r['clients']} | {offered} | {r['p50_ms']:.1f} | {r['p90_ms']:.1f} | {r['p99_ms']:.1f} | "
            f"{r['per_s']:.0f} | {r['server_cpu_ms_per_upload']:.1f} | {r['stores_cpu_ms_per_upload']:.1f} | "
            f"{r['machine_cpu_busy']:.0%} | {r['loadgen_cpu_ms_per_upload']:.2f} | {_errors(r)} |")


def _errors(r: dict) -> str:
    bad = {k: v for k, v in r["statuses"].items() if k != "202"}
    return ", ".join(f"{k}×{v}" for k, v in bad.items()) or "-"


def scenarios(clients: list[int], backlog: int) -> list[dict]:
    """What is measured, in order: the floor, then the service as shipped and in two harder cases."""
    shipped = {"OCR_MAX_INFLIGHT_PER_USER": HIGH_INFLIGHT}
    top = [max(clients)]
    runs = [
        {"name": "floor", "kind": "floor", "levels": clients, "rates": [GOAL_RATE]},
        {"name": "service", "kind": "api", "env": shipped, "levels": clients, "rates": [25, 50, GOAL_RATE]},
        {"name": "service, inflight cap 8", "kind": "api", "env": {**shipped, "OCR_MAX_INFLIGHT_PER_USER": "8"},
         "levels": top},
    ]
    if backlog:
        runs.append({"name": f"service, {backlog} queued ahead", "kind": "api", "env": shipped, "levels": top,
                     "backlog": backlog})
    return runs


def ahead_query_ms(stack, cap: int | None, repeat: int = 15) -> float:
    """Median milliseconds of the 202's queue-position count for the newest job, counting at most `cap`."""
    import psycopg2

    from app.jobs.estimates import _AHEAD

    conn = psycopg2.connect(stack.database_url)
    sql = str(_AHEAD).replace(":id", "%(id)s").replace(":rank", "%(rank)s").replace(":cap", "%(cap)s")
    times = []
    with conn, conn.cursor() as cur:
        for _ in range(repeat):
            start = time.perf_counter()
            cur.execute(sql, {"id": 2**62, "rank": 1, "cap": cap})
            cur.fetchone()
            times.append((time.perf_counter() - start) * 1000)
    conn.close()
    return round(statistics.median(times), 2)


def start_target(stack, run: dict, index: int):
    """Start the floor or the API for one scenario; return (process, url, path)."""
    from _stack import free_port, wait_http

    if run["kind"] == "floor":
        port = free_port()
        proc = stack.spawn(f"floor-{index}", [sys.executable, __file__, "--serve-floor", str(port)])
        url = f"http://127.0.0.1:{port}"
        wait_http(url + "/health", proc)
        return proc, url, FLOOR
    if run.get("backlog"):
        from app.jobs.estimates import AHEAD_EXACT_UP_TO

        before = ahead_query_ms(stack, AHEAD_EXACT_UP_TO)
        seed_backlog(stack, run["backlog"])
        run["ahead_query_ms"] = {"before": before, "after": ahead_query_ms(stack, AHEAD_EXACT_UP_TO),
                                 "after_uncapped": ahead_query_ms(stack, None), "cap": AHEAD_EXACT_UP_TO}
        print(f"  queue-position count per upload: {before} ms → {run['ahead_query_ms']['after']} ms "
              f"with {run['backlog']} more queued (uncapped, shared for a few seconds: "
              f"{run['ahead_query_ms']['after_uncapped']} ms)", flush=True)
    proc, url = stack.start_api(f"api-{index}", **run["env"])
    return proc, url, UPLOAD


def measure(stack, args, files: list[Path], clients: list[int], notes: dict) -> dict:
    """Run every scenario against its own server process; side findings go into `notes`."""
    from _stack import register, stop, store_processes

    stores = store_processes(stack)
    results: dict[str, list] = {}
    runs = scenarios(clients, args.backlog)
    if args.only:
        runs = [run for run in runs if run["name"] in args.only.split(",")]
    for index, run in enumerate(runs):
        proc, url, path = start_target(stack, run, index)
        tokens = [register(url) for _ in range(max(clients))] if path == UPLOAD else []
        results[run["name"]] = []
        if "ahead_query_ms" in run:
            notes["ahead_query_ms"] = run["ahead_query_ms"]
        loads = [(c, None) for c in run["levels"]] + [(max(clients), rate) for rate in run.get("rates", [])]
        for c, rate in loads:
            r = run_load(url, path, tokens, files, c, args.duration, args.warmup, proc.pid, stores, rate)
            results[run["name"]].append(r)
            print(f"  {run['name']:40s} {c:3d} clients{f' @ {rate}/s' if rate else ''}: p50 {r['p50_ms']:6.1f} ms, "
                  f"p99 {r['p99_ms']:6.1f} ms, {r['per_s']:5.0f}/s {_errors(r)}", flush=True)
        stop(proc)
    return results


def report(out: dict) -> None:
    """Print the table and the profile."""
    print("\n| endpoint | clients | offered | p50 ms | p90 ms | p99 ms | uploads/s | API CPU ms/upload | PG+Redis CPU ms/upload "
          "| CPU busy (2 cores) | loadgen CPU ms/upload | non-202 |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for name, rows in out["runs"].items():
        for r in rows:
            print(_row(name, r))
    ahead = out.get("ahead_query_ms")
    if ahead:
        print(f"\nThe 202's queue-position count (exact up to {ahead['cap']}): {ahead['before']} ms per upload, "
              f"{ahead['after']} ms with the backlog queued; the uncapped count, shared for a few seconds: "
              f"{ahead['after_uncapped']} ms")
    profile = out.get("profile")
    if profile:
        print(f"\nOne upload through the Flask test client (no server, no gevent): "
              f"{profile['ms_per_upload_unprofiled']:.1f} ms, {profile['cpu_ms_per_upload_unprofiled']:.2f} ms of CPU; "
              "CPU ms per step under cProfile (inflated ~1.5-2x):")
        for label, ms in profile["steps_ms_profiled"].items():
            print(f"  {label:50s} {ms:6.2f} ms")
        print(f"SQL statements per upload: {sum(profile['sql_per_upload'].values()):.1f}")
        for sql, n in profile["sql_per_upload"].items():
            print(f"  {n:5.2f}  {sql}")


def main(argv: list[str] | None = None) -> int:
    """Run every scenario, print a table and write bench/results/upload.json."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=float, default=8.0, help="measured seconds per scenario")
    parser.add_argument("--warmup", type=float, default=1.5)
    parser.add_argument("--clients", default="1,8,32")
    parser.add_argument("--backlog", type=int, default=50000, help="queued jobs ahead in the last scenario (0: skip)")
    parser.add_argument("--profile-uploads", type=int, default=200, help="0 to skip the profile")
    parser.add_argument("--only", default="", help="comma-separated scenario names to run (default: all)")
    parser.add_argument("--cases", default="", help="instead: busy,proxy,cpu (see run_cases); writes upload-cases.json")
    parser.add_argument("--repeat", type=int, default=2, help="interleaved rounds of each case")
    parser.add_argument("--nice", default="0,10", help="busy case: OCR_WORKER_NICE values to alternate; `10/shared`: "
                        "OCR_WORKER_OWN_GROUP=0 (the OCR worker stays in the session's CPU group)")
    parser.add_argument("--busy-backlog", type=int, default=60, help="busy case: receipts queued for OCR first")
    parser.add_argument("--rates", default=",".join(map(str, PROXY_RATES)), help="proxy case: offered uploads/s")
    parser.add_argument("--baseline", default="", help="cpu case: another checkout (e.g. a worktree of main)")
    parser.add_argument("--loadgen", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--serve-floor", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.loadgen:
        print(json.dumps(loadgen(json.loads(sys.stdin.read()))))
        return 0
    if args.serve_floor:
        serve_floor(args.serve_floor)
        return 0

    from _stack import Stack

    clients = [int(c) for c in args.clients.split(",")]
    files = receipts_near()
    if args.cases:
        args.nice = [n.strip() for n in args.nice.split(",")]
        for n in args.nice:
            int(n.removesuffix("/shared"))  # a number, or a number with `/shared`
        args.rates = [int(r) for r in args.rates.split(",")]
        out = run_cases(args, files)
        path = write_result(out.pop("results_name"), out)
        print(f"wrote {path}")
        return 0
    sizes = [f.stat().st_size for f in files]
    out: dict[str, Any] = {"machine": machine(), "files": len(files), "mean_file_kb": round(statistics.mean(sizes) / 1024),
                           "duration_s": args.duration, "warmup_s": args.warmup}
    print(f"{len(files)} receipts, mean {out['mean_file_kb']} KB; {args.duration:.0f} s per scenario", flush=True)
    with Stack("upload", redis_db=13) as stack:
        if args.profile_uploads:  # first, on an empty queue
            out["profile"] = profile_uploads(stack, files, args.profile_uploads)
        out["runs"] = measure(stack, args, files, clients, out)
    report(out)
    path = write_result("upload", out)
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
