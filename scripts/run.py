"""Run the whole service in the foreground: migrations, API, Celery workers and beat.

Started by `make run` inside `python -m devserver exec`, which provides DATABASE_URL and REDIS_URL.
One API process by default; `API_PROCESSES=N` starts N of them on free loopback ports behind HAProxy on
HOST:PORT. The OCR worker (lower CPU priority) and the worker of the other queues are separate processes.
Ctrl-C (or SIGTERM) stops every child. A Celery worker or beat that dies is started again (after 1 s,
doubling while it keeps dying, at most 30 s): its jobs' leases lapse and the reaper and dispatcher send
them again, so nothing waits on a dead worker. If an API process dies the others are stopped too.
"""

from __future__ import annotations

import ctypes
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from devserver.process import free_port  # noqa: E402
from devserver.proxy import INSTALL_HINT, Proxy, find_haproxy  # noqa: E402

BIN = Path(sys.executable).parent
OCR_QUEUE = "ocr_queue"
OTHER_QUEUES = "ai_queue,notification_queue,default"


def _die_with_parent() -> None:
    libc = ctypes.CDLL("libc.so.6", use_errno=True)
    libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def _spawn(name: str, args: list[str], env: dict[str, str] | None = None) -> subprocess.Popen:
    print(f"[run] starting {name}: {' '.join(args)}", flush=True)
    return subprocess.Popen(args, cwd=ROOT, preexec_fn=_die_with_parent, env={**os.environ, **(env or {})})


def _migrate() -> None:
    env = {**os.environ, "FLASK_APP": "app:create_app"}
    subprocess.run([str(BIN / "flask"), "db", "upgrade"], cwd=ROOT, env=env, check=True)


def _workers() -> dict[str, list[str]]:
    concurrency = os.environ.get("WORKER_CONCURRENCY", str(os.cpu_count() or 2))
    (ROOT / "var").mkdir(exist_ok=True)
    celery = [str(BIN / "celery"), "-A", "app.worker"]
    return {
        "ocr-worker": [*celery, "worker", "-Q", OCR_QUEUE, "-c", concurrency, "--loglevel", "INFO", "-n", "ocr@%h"],
        "worker": [*celery, "worker", "-Q", OTHER_QUEUES, "-c", "2", "--loglevel", "INFO", "-n", "cpu@%h"],
        "beat": [*celery, "beat", "--loglevel", "INFO", "-s", str(ROOT / "var" / "celerybeat-schedule")],
    }


def _restart_delay(deaths: list[float], now: float) -> float:
    """Seconds before a dead worker starts again: 1 s, doubling for each death in the last minute, at most 30 s."""
    recent = sum(1 for t in deaths if now - t < 60)
    return min(30.0, 2.0 ** max(0, recent - 1))


def _revive(children: dict[str, subprocess.Popen], commands: dict[str, list[str]],
            deaths: dict[str, list[float]], due: dict[str, float], now: float) -> list[str]:
    """Start again the workers in `commands` that died and whose delay is over; return their names."""
    started = []
    for name, args in commands.items():
        proc = children.get(name)
        if proc is not None and proc.poll() is None:
            continue
        if name not in due:
            deaths.setdefault(name, []).append(now)
            due[name] = now + _restart_delay(deaths[name], now)
            code = proc.returncode if proc is not None else None
            print(f"[run] {name} exited with {code}; starting it again in {due[name] - now:.0f}s", flush=True)
        if now >= due[name]:
            del due[name]
            children[name] = _spawn(name, args)
            started.append(name)
    return started


def _api_processes() -> int:
    try:
        count = int(os.environ.get("API_PROCESSES", "1") or 1)
    except ValueError:
        raise SystemExit("[run] API_PROCESSES must be a whole number") from None
    return max(1, count)


def _start_api(children: dict[str, subprocess.Popen]) -> Proxy | None:
    """Start one API process on HOST:PORT, or API_PROCESSES of them behind HAProxy there."""
    count = _api_processes()
    if count == 1:
        children["api"] = _spawn("api", [sys.executable, "wsgi.py"])
        return None
    if find_haproxy(os.environ.get("HAPROXY")) is None:
        raise SystemExit(f"[run] API_PROCESSES={count} needs a proxy in front. {INSTALL_HINT}; "
                         "or leave API_PROCESSES unset for one API process.")
    host, port = os.environ.get("HOST", "127.0.0.1"), int(os.environ.get("PORT", "5000"))
    ports = [free_port() for _ in range(count)]
    for n, api_port in enumerate(ports, 1):
        # Behind the proxy: the client's address comes from its X-Forwarded-For (one trusted hop).
        children[f"api{n}"] = _spawn(f"api{n}", [sys.executable, "wsgi.py"],
                                     {"HOST": "127.0.0.1", "PORT": str(api_port), "TRUSTED_PROXY_HOPS": "1"})
    for api_port in ports:
        _wait_listening(("127.0.0.1", api_port), children)
    proxy = Proxy(ROOT / "var" / "proxy", (host, port), [("127.0.0.1", p) for p in ports],
                  os.environ.get("HAPROXY")).start()
    print(f"[run] HAProxy on {host}:{port} in front of {count} API processes "
          f"(ports {', '.join(map(str, ports))}; config {proxy.config_file})", flush=True)
    return proxy


def _wait_listening(address: tuple[str, int], children: dict[str, subprocess.Popen], timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if any(proc.poll() is not None for proc in children.values()):
            return  # the supervisor reports it
        try:
            socket.create_connection(address, timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.2)


def _banner() -> None:
    host, port = os.environ.get("HOST", "127.0.0.1"), os.environ.get("PORT", "5000")
    url = f"http://{host}:{port}"
    print(f"""
[run] ocrflow is starting on {url}  (web app: {url}/, dashboard: {url}/dashboard, API docs: {url}/api/docs)
[run] get a token:
  curl -s -X POST {url}/api/auth/register -H 'Content-Type: application/json' -d '{{"email":"me@example.com","password":"change-me-please"}}'
  curl -s -X POST {url}/api/auth/login -H 'Content-Type: application/json' -d '{{"email":"me@example.com","password":"change-me-please"}}'
[run] Ctrl-C stops everything.
""", flush=True)


def main() -> int:
    """Start the children and supervise them until one exits or we are told to stop."""
    # One signing key for every API process: a token one of them issued is valid at the others.
    if not os.environ.get("JWT_SECRET_KEY"):
        os.environ["JWT_SECRET_KEY"] = secrets.token_urlsafe(48)
    _migrate()
    children: dict[str, subprocess.Popen] = {}
    proxy = _start_api(children)
    workers = _workers()
    children |= {name: _spawn(name, args) for name, args in workers.items()}
    _banner()
    deaths: dict[str, list[float]] = {}
    due: dict[str, float] = {}
    stopping = False

    def _stop(_signum, _frame):
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, _stop)
    signal.signal(signal.SIGTERM, _stop)
    code = 0
    while not stopping:
        _revive(children, workers, deaths, due, time.monotonic())
        for name, proc in children.items():
            if name not in workers and proc.poll() is not None:
                print(f"[run] {name} exited with {proc.returncode}; stopping", flush=True)
                code, stopping = proc.returncode or 1, True
        if proxy is not None and proxy.proc is not None and proxy.proc.poll() is not None:
            print(f"[run] HAProxy exited with {proxy.proc.returncode}; stopping", flush=True)
            code, stopping = proxy.proc.returncode or 1, True
        time.sleep(0.5)
    if proxy is not None:
        proxy.stop()
    for proc in children.values():
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
    deadline = time.monotonic() + 20
    for proc in children.values():
        try:
            proc.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            proc.kill()
    return code


if __name__ == "__main__":
    sys.exit(main())
