"""A real service for the benchmarks: the servers, a fresh database, the API process, workers and beat.

PostgreSQL and Redis are the ones named by DATABASE_URL / REDIS_URL (as under `make bench`), else embedded
ones under `var/bench`. Each benchmark gets a database and a Redis database index of its own, so one
benchmark's queued jobs never reach another's workers.
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
from urllib.parse import urlsplit, urlunsplit

import psycopg2
import requests
from _common import ROOT
from psycopg2 import sql

from devserver import EmbeddedServices

BIN = Path(sys.executable).parent


def free_port() -> int:
    """Return a free loopback port."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _die_with_parent() -> None:
    ctypes.CDLL("libc.so.6").prctl(1, signal.SIGTERM)


def stop(proc: subprocess.Popen, timeout: float = 20) -> None:
    """Stop a child with SIGTERM, then SIGKILL."""
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


class Stack:
    """Servers, a fresh database `ocrflow_bench_<name>` and Redis DB `redis_db`, and the processes started on them."""

    def __init__(self, name: str, redis_db: int, base_dir: str = "var/bench", durable: bool = True) -> None:
        self.name, self.redis_db = name, redis_db
        self.base = ROOT / base_dir
        self.services = EmbeddedServices(base_dir=self.base, durable=durable)
        self.logs = self.base / "logs"
        self.procs: list[subprocess.Popen] = []
        self.database_url = self.redis_url = ""
        # One signing key for every API process of the stack: a token from one is valid at the others.
        self.jwt_secret = secrets.token_urlsafe(48)

    def start(self) -> Stack:
        """Start (or find) the servers, create the database and migrate it."""
        self.services.start()
        self.database_url = _fresh_database(str(self.services.database_url), f"ocrflow_bench_{self.name}")
        parts = urlsplit(str(self.services.redis_url))
        self.redis_url = urlunsplit(parts._replace(path=f"/{self.redis_db}"))
        import redis

        redis.Redis.from_url(self.redis_url).flushdb()
        self.logs.mkdir(parents=True, exist_ok=True)
        env = self.env(FLASK_APP="app:create_app")
        subprocess.run([str(BIN / "flask"), "db", "upgrade"], cwd=ROOT, env=env, check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        return self

    def env(self, **extra: str) -> dict:
        """The environment of a service process of this stack."""
        env = {**os.environ, "OCRFLOW_ENV": "development", "DATABASE_URL": self.database_url,
               "REDIS_URL": self.redis_url, "CELERY_BROKER_URL": self.redis_url,
               "CELERY_RESULT_BACKEND": self.redis_url, "UPLOAD_DIR": str(self.base / f"uploads-{self.name}"),
               "PYTHONUNBUFFERED": "1", "JWT_SECRET_KEY": self.jwt_secret,
               "RATE_LIMIT_UPLOADS": "1000000/minute", "RATE_LIMIT_LOGIN": "1000000/minute",
               "RATE_LIMIT_REGISTER": "1000000/minute",
               "USE_GPU_OCR": "false"}
        env.update({k: str(v) for k, v in extra.items()})
        return env

    def spawn(self, label: str, args: list[str], cwd: Path = ROOT, **env: str) -> subprocess.Popen:
        """Start a child of this stack (in `cwd`, this checkout by default), its output in `var/bench/logs/`."""
        log = open(self.logs / f"{self.name}-{label}.log", "ab")  # noqa: SIM115 - the child owns it
        proc = subprocess.Popen(args, cwd=cwd, env=self.env(**env), stdout=log, stderr=subprocess.STDOUT,
                                preexec_fn=_die_with_parent)
        self.procs.append(proc)
        return proc

    def start_api(self, label: str = "api", cwd: Path = ROOT, **env: str) -> tuple[subprocess.Popen, str]:
        """Start `python wsgi.py` (gevent) of the checkout `cwd`; return it and its URL once /api/health answers."""
        port = free_port()
        proc = self.spawn(label, [sys.executable, "wsgi.py"], cwd=cwd, PORT=str(port), HOST="127.0.0.1",
                          SOCKETIO_ASYNC_MODE="gevent", **env)
        url = f"http://127.0.0.1:{port}"
        wait_http(url + "/api/health", proc)
        return proc, url

    def start_worker(self, label: str, queues: str, concurrency: int = 1, cwd: Path = ROOT,
                     **env: str) -> subprocess.Popen:
        """Start a Celery worker of the checkout `cwd` and wait until it answers a ping."""
        hostname = f"{self.name}-{label}@{socket.gethostname()}"
        args = [str(BIN / "celery"), "-A", "app.worker", "worker", "-Q", queues, "-c", str(concurrency),
                "-n", hostname, "--loglevel", "WARNING", "--without-gossip", "--without-mingle"]
        proc = self.spawn(label, args, cwd=cwd, **env)
        from celery import Celery

        probe = Celery(broker=self.redis_url)
        probe.config_from_object("celery_config")  # the same key separator as the workers
        probe.conf.broker_url = self.redis_url
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                raise RuntimeError(f"worker {label} exited; see {self.logs}")
            if probe.control.ping(destination=[hostname], timeout=0.5):
                return proc
        raise TimeoutError(f"worker {label} did not answer")

    def start_beat(self, cwd: Path = ROOT, **env: str) -> subprocess.Popen:
        """Start Celery beat (the dispatcher, reaper and relay) of the checkout `cwd`."""
        return self.spawn("beat", [str(BIN / "celery"), "-A", "app.worker", "beat", "--loglevel", "WARNING",
                                   "-s", str(self.base / f"beat-{self.name}")], cwd=cwd, **env)

    def stop_procs(self) -> None:
        """Stop every process this stack started."""
        for proc in reversed(self.procs):
            stop(proc)
        self.procs = []

    def stop(self) -> None:
        """Stop the processes, empty the Redis database and stop embedded servers."""
        self.stop_procs()
        try:
            import redis

            redis.Redis.from_url(self.redis_url).flushdb()
        except Exception:  # noqa: BLE001 - best effort on the way out
            pass
        self.services.stop()

    def __enter__(self) -> Stack:
        return self.start()

    def __exit__(self, *_exc) -> None:
        self.stop()


def _fresh_database(url: str, name: str) -> str:
    conn = psycopg2.connect(url)
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        cur.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    conn.close()
    return urlunsplit(urlsplit(url)._replace(path=f"/{name}"))


def wait_http(url: str, proc: subprocess.Popen | None = None, timeout: float = 60) -> None:
    """Wait until `url` answers."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"{proc.args} exited with {proc.returncode}")
        try:
            requests.get(url, timeout=2)
            return
        except requests.RequestException:
            time.sleep(0.2)
    raise TimeoutError(f"{url} did not answer")


def cpu_seconds(proc) -> float:
    """CPU seconds of a process, its live children and the children it reaped (PostgreSQL's backends)."""
    import psutil

    try:
        t = proc.cpu_times()
        total = t.user + t.system + t.children_user + t.children_system
        children = proc.children(recursive=True)
    except psutil.NoSuchProcess:
        return 0.0
    for child in children:
        try:
            c = child.cpu_times()
            total += c.user + c.system
        except psutil.NoSuchProcess:
            pass
    return total


def store_processes(stack) -> list:
    """The PostgreSQL postmaster and the Redis server listening on the stack's ports (root needed for others')."""
    import psutil

    ports = {urlsplit(stack.database_url).port, urlsplit(stack.redis_url).port}
    pids = {c.pid for c in psutil.net_connections("tcp") if c.status == "LISTEN" and c.laddr.port in ports and c.pid}
    return [psutil.Process(pid) for pid in sorted(pids)]


def register(url: str, prefix: str = "bench") -> str:
    """Register and log in a fresh user; return its access token."""
    import uuid

    creds = {"email": f"{prefix}-{uuid.uuid4().hex[:12]}@example.com", "password": "bench-password-1"}
    assert requests.post(url + "/api/auth/register", json=creds, timeout=30).status_code == 201
    return requests.post(url + "/api/auth/login", json=creds, timeout=30).json()["access_token"]
