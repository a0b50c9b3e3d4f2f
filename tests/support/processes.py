"""Start and stop real worker, beat and API server processes for the tests."""

from __future__ import annotations

import ctypes
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import requests

from tests.support.services import env_for_children

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
ALL_QUEUES = "ocr_queue,ai_queue,notification_queue,default"


def _base() -> Path:
    return Path(os.environ.get("OCRFLOW_TEST_BASE", ROOT / "var" / "test"))


def _die_with_parent() -> None:
    ctypes.CDLL("libc.so.6").prctl(1, signal.SIGTERM)


def _spawn(name: str, args: list[str], **env: str) -> subprocess.Popen:
    logs = _base() / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    log = open(logs / f"{name}.log", "ab")  # noqa: SIM115 - the child owns it
    proc = subprocess.Popen(args, cwd=ROOT, env=env_for_children(**env), stdout=log,
                            stderr=subprocess.STDOUT, preexec_fn=_die_with_parent)
    proc.log_path = logs / f"{name}.log"  # type: ignore[attr-defined]
    return proc


def start_worker(name: str, queues: str = ALL_QUEUES, concurrency: int = 2, wait: bool = True,
                 flask_app=None, **env: str) -> subprocess.Popen:
    """Start `celery worker` consuming `queues`; wait until it answers a ping.

    `flask_app` names the app whose broker the worker uses (its CELERY_BROKER_URL is passed on).
    """
    if flask_app is not None:
        env = {"CELERY_BROKER_URL": flask_app.config["CELERY_BROKER_URL"],
               "CELERY_RESULT_BACKEND": flask_app.config["CELERY_RESULT_BACKEND"], **env}
    args = [str(BIN / "celery"), "-A", "app.worker", "worker", "-Q", queues, "-c", str(concurrency),
            "-n", f"{name}@%h", "--loglevel", "INFO", "--without-gossip", "--without-mingle"]
    proc = _spawn(f"worker-{name}", args, **env)
    if wait:
        wait_for_worker(f"{name}@{socket.gethostname()}", proc, flask_app)
    return proc


def hostname() -> str:
    """Return the host part of the worker node names (`name@host`)."""
    return socket.gethostname()


def wait_for_worker(hostname: str, proc: subprocess.Popen, flask_app=None, timeout: float = 60) -> None:
    """Block until the named worker answers `ping` on the given app's broker."""
    if flask_app is not None:
        celery_app = flask_app.extensions["celery"]
    else:
        from celery import current_app as celery_app

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"worker exited with {proc.returncode}; see {proc.log_path}")
        try:
            replies = celery_app.control.ping(destination=[hostname], timeout=0.5) or []
        except Exception:  # noqa: BLE001 - a pooled connection from before a Redis restart; ask again
            replies = []
            time.sleep(0.2)
        if replies:
            return
    raise TimeoutError(f"worker {hostname} did not answer within {timeout}s; see {proc.log_path}")


def run_flask(args: list[str], **env: str) -> subprocess.CompletedProcess:
    """Run a `flask` CLI command of the app (e.g. `db upgrade`) with the given environment."""
    return subprocess.run([str(BIN / "flask"), "--app", "app", *args], cwd=ROOT, env=env_for_children(**env),
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=120)


def start_beat(name: str = "beat", **env: str) -> subprocess.Popen:
    """Start `celery beat` with its schedule file under var/test."""
    schedule = _base() / f"{name}-schedule"
    args = [str(BIN / "celery"), "-A", "app.worker", "beat", "--loglevel", "INFO", "-s", str(schedule)]
    return _spawn(name, args, **env)


def free_port() -> int:
    """Return a free loopback port."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_api(name: str = "api", mode: str = "gevent", port: int | None = None,
              **env: str) -> tuple[subprocess.Popen, str]:
    """Start `python wsgi.py` in the given async mode; return the process and its base URL."""
    port = port or free_port()
    proc = _spawn(name, [sys.executable, "wsgi.py"], PORT=str(port), HOST="127.0.0.1",
                  SOCKETIO_ASYNC_MODE=mode, **env)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"API exited with {proc.returncode}; see {proc.log_path}")
        try:
            if requests.get(url + "/api/health", timeout=2).status_code in (200, 503):
                return proc, url
        except requests.RequestException:
            time.sleep(0.2)
    raise TimeoutError(f"API did not answer; see {proc.log_path}")


def stop(proc: subprocess.Popen, timeout: float = 20) -> None:
    """Stop a child with SIGTERM, then SIGKILL."""
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
