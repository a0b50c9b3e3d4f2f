"""Run the whole service in the foreground: migrations, API, Celery worker and beat.

Started by `make run` inside `python -m devserver exec`, which provides DATABASE_URL and REDIS_URL.
Ctrl-C (or SIGTERM) stops every child; if one child dies the others are stopped too.
"""

from __future__ import annotations

import ctypes
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
QUEUES = "ocr_queue,ai_queue,notification_queue,default"


def _die_with_parent() -> None:
    libc = ctypes.CDLL("libc.so.6", use_errno=True)
    libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def _spawn(name: str, args: list[str]) -> subprocess.Popen:
    print(f"[run] starting {name}: {' '.join(args)}", flush=True)
    return subprocess.Popen(args, cwd=ROOT, preexec_fn=_die_with_parent)


def _migrate() -> None:
    env = {**os.environ, "FLASK_APP": "app:create_app"}
    subprocess.run([str(BIN / "flask"), "db", "upgrade"], cwd=ROOT, env=env, check=True)


def _commands() -> dict[str, list[str]]:
    concurrency = os.environ.get("WORKER_CONCURRENCY", str(os.cpu_count() or 2))
    (ROOT / "var").mkdir(exist_ok=True)
    return {
        "api": [sys.executable, "wsgi.py"],
        "worker": [str(BIN / "celery"), "-A", "app.worker", "worker", "-Q", QUEUES,
                   "-c", concurrency, "--loglevel", "INFO", "-n", "worker@%h"],
        "beat": [str(BIN / "celery"), "-A", "app.worker", "beat", "--loglevel", "INFO",
                 "-s", str(ROOT / "var" / "celerybeat-schedule")],
    }


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
    _migrate()
    children = {name: _spawn(name, args) for name, args in _commands().items()}
    _banner()
    stopping = False

    def _stop(_signum, _frame):
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, _stop)
    signal.signal(signal.SIGTERM, _stop)
    code = 0
    while not stopping:
        for name, proc in children.items():
            if proc.poll() is not None:
                print(f"[run] {name} exited with {proc.returncode}; stopping", flush=True)
                code, stopping = proc.returncode or 1, True
        time.sleep(0.5)
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
