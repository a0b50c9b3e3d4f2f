"""The embedded PostgreSQL/Redis manager against the real servers: start, restart, stale pids, CLI, death."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import psycopg2
import pytest
import redis

from devserver import EmbeddedServices, ServerError
from devserver import base as devserver_base
from devserver.postgres_server import PostgresServer
from devserver.process import child_pids, is_alive
from devserver.redis_server import RedisServer

ROOT = Path(__file__).resolve().parent.parent

# A child that reports the URLs it was given and the pids of the servers behind them.
REPORT = """
import json, os, sys
base = sys.argv[1]
pids = {n: int(open(os.path.join(base, n, n + ".pid")).read()) for n in ("postgres", "redis")}
urls = {"db": os.environ["DATABASE_URL"], "redis": os.environ["REDIS_URL"]}
print(json.dumps({**urls, "pids": pids}), flush=True)
"""


@pytest.fixture
def base() -> Iterator[Path]:
    """Yield a fresh base directory for one test's servers."""
    # Not pytest's tmp_path: every pytest session resets /tmp/pytest-of-<user> to 0700, which would
    # cut the unprivileged postgres user (we may be root) off from its data while another session runs.
    path = Path(tempfile.mkdtemp(prefix="ocrflow-devserver-"))
    yield path
    shutil.rmtree(path)


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """Unset DATABASE_URL / REDIS_URL so the servers are embedded; return that environment."""
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.delenv("REDIS_URL", raising=False)
    return dict(os.environ)  # children run with cwd=ROOT, which puts devserver on their path


@pytest.fixture
def services(base: Path, clean_env: dict[str, str]) -> Iterator[EmbeddedServices]:
    """Yield started, non-durable services under `base`."""
    with EmbeddedServices(base_dir=base, durable=False) as svc:
        yield svc


def select_one(url: str) -> int:
    with closing(psycopg2.connect(url, connect_timeout=3)) as conn, conn.cursor() as cur:
        cur.execute("SELECT 1")
        return cur.fetchone()[0]


def server_pids(svc: EmbeddedServices) -> list[int]:
    """Return the pids of the postmaster, its backends and redis."""
    postmaster = svc.postgres.proc.pid
    return [postmaster, *child_pids(postmaster), svc.redis.proc.pid]


def all_gone(pids: list[int], timeout: float = 10.0) -> bool:
    deadline = time.monotonic() + timeout
    while any(is_alive(pid) for pid in pids) and time.monotonic() < deadline:
        time.sleep(0.05)
    return not any(is_alive(pid) for pid in pids)


def devserver_cli(base: Path, code: str, env: dict[str, str], **popen) -> subprocess.Popen[str]:
    args = [
        sys.executable,
        "-m",
        "devserver",
        "exec",
        "--base-dir",
        str(base),
        "--fast",
        "--",
        sys.executable,
        "-c",
        REPORT + code,
        str(base),
    ]
    return subprocess.Popen(args, cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True, **popen)


@pytest.mark.timeout(120)
def test_start_answers_and_stop_leaves_no_process(base: Path, clean_env: dict[str, str]) -> None:
    svc = EmbeddedServices(base_dir=base, durable=False)
    svc.start()
    svc.start()  # idempotent
    assert svc.database_url.startswith("postgresql://ocrflow@127.0.0.1:")
    assert svc.database_url.endswith("/ocrflow")
    assert svc.redis_url.startswith("redis://127.0.0.1:")
    assert select_one(svc.database_url) == 1
    assert redis.Redis.from_url(svc.redis_url).ping()
    pids = server_pids(svc)
    with pytest.raises(ServerError, match="in use by process"):
        EmbeddedServices(base_dir=base, durable=False).start()

    svc.stop()
    svc.stop()  # safe twice

    assert all_gone(pids, timeout=1.0)
    assert not (base / "redis" / "redis.pid").exists()
    assert not (base / "postgres" / "postgres.pid").exists()


@pytest.mark.timeout(120)
def test_durable_by_default(base: Path, clean_env: dict[str, str]) -> None:
    with EmbeddedServices(base_dir=base) as svc, closing(psycopg2.connect(svc.database_url)) as conn:
        with conn.cursor() as cur:
            cur.execute("SELECT current_setting('fsync'), current_setting('synchronous_commit')")
            assert cur.fetchone() == ("on", "on")


@pytest.mark.timeout(120)
def test_redis_restart_keeps_port_and_data(services: EmbeddedServices) -> None:
    url = services.redis_url
    redis.Redis.from_url(url).set("graceful", "1")
    services.stop_redis()
    services.start_redis()
    assert services.redis_url == url

    client = redis.Redis.from_url(url)
    assert client.get("graceful") == b"1"
    client.set("crashed", "2")
    time.sleep(1.5)  # appendfsync everysec: give the AOF its fsync before the crash
    services.kill_redis()
    services.start_redis()
    assert redis.Redis.from_url(services.redis_url).get("crashed") == b"2"
    assert services.redis_url == url


@pytest.mark.timeout(120)
def test_postgres_restart_keeps_port_and_data(services: EmbeddedServices) -> None:
    url = services.database_url
    with closing(psycopg2.connect(url)) as conn, conn, conn.cursor() as cur:
        cur.execute("CREATE TABLE kept (n int); INSERT INTO kept VALUES (7)")
    services.stop_postgres()
    services.start_postgres()
    services.kill_postgres()
    services.start_postgres()  # crash recovery
    assert services.database_url == url
    with closing(psycopg2.connect(url)) as conn, conn.cursor() as cur:
        cur.execute("SELECT n FROM kept")
        assert cur.fetchone() == (7,)


@pytest.mark.timeout(120)
def test_pid_files_of_unrelated_process_are_left_alone(base: Path, clean_env: dict[str, str]) -> None:
    sleeper = subprocess.Popen(["sleep", "60"])
    try:
        for name in ("postgres", "redis"):
            (base / name).mkdir()
            (base / name / f"{name}.pid").write_text(f"{sleeper.pid}\n")
        with EmbeddedServices(base_dir=base, durable=False):
            pass
        # A postmaster.pid whose pid was reused by another process must not block the next start.
        (base / "postgres" / "data" / "postmaster.pid").write_text(f"{sleeper.pid}\n{base}\n")
        with EmbeddedServices(base_dir=base, durable=False) as svc:
            assert select_one(svc.database_url) == 1
        assert sleeper.poll() is None
    finally:
        sleeper.kill()
        sleeper.wait()


@pytest.mark.timeout(120)
@pytest.mark.parametrize("name", ["postgres", "redis"])
def test_stale_server_of_ours_is_stopped(base: Path, clean_env: dict[str, str], name: str) -> None:
    server = getattr(EmbeddedServices(base_dir=base, durable=False), name)
    server.start()  # outside EmbeddedServices, so no lock: as if its owner had died
    stale = server.proc
    try:
        with EmbeddedServices(base_dir=base, durable=False) as svc:
            assert stale.wait(timeout=10) is not None
            assert getattr(svc, name).proc.pid != stale.pid
            assert select_one(svc.database_url) == 1
            assert redis.Redis.from_url(svc.redis_url).ping()
    finally:
        stale.kill()
        stale.wait()


@pytest.mark.timeout(120)
@pytest.mark.parametrize("server_class", [RedisServer, PostgresServer])
def test_taken_port_is_retried(base: Path, monkeypatch: pytest.MonkeyPatch, server_class: type) -> None:
    with socket.socket() as squatter:
        squatter.bind(("127.0.0.1", 0))
        squatter.listen()
        taken = squatter.getsockname()[1]
        ports = iter([taken, devserver_base.free_port()])
        monkeypatch.setattr(devserver_base, "free_port", lambda: next(ports))
        server = server_class(base / server_class.name)
        server.start()
        try:
            assert server.port not in (None, taken)
            assert server.answers(server.port, server.proc.pid)
        finally:
            server.stop()


@pytest.mark.timeout(120)
def test_failed_start_reports_log_tail(base: Path) -> None:
    class Broken(RedisServer):
        def command(self, port: int) -> list[str]:
            return [*super().command(port), "--no-such-directive", "x"]

    with pytest.raises(ServerError, match="no-such-directive"):
        Broken(base / "redis").start()


@pytest.mark.timeout(120)
def test_urls_from_environment_are_used_as_given(base: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgresql://elsewhere/db")
    monkeypatch.setenv("REDIS_URL", "redis://elsewhere:6379/0")
    with EmbeddedServices(base_dir=base / "var") as svc:
        assert (svc.database_url, svc.redis_url) == ("postgresql://elsewhere/db", "redis://elsewhere:6379/0")
        with pytest.raises(RuntimeError):
            svc.stop_redis()
    assert not (base / "var").exists()


@pytest.mark.timeout(120)
def test_exec_passes_urls_and_exit_code(base: Path, clean_env: dict[str, str]) -> None:
    code = (
        "import psycopg2, redis\npsycopg2.connect(os.environ['DATABASE_URL']).close()\n"
        "assert redis.Redis.from_url(os.environ['REDIS_URL']).ping()\nsys.exit(3)\n"
    )
    cli = devserver_cli(base, code, clean_env)
    out, _ = cli.communicate(timeout=60)
    report = json.loads(out)
    assert cli.returncode == 3
    assert report["db"].startswith("postgresql://ocrflow@127.0.0.1:")
    assert report["redis"].startswith("redis://127.0.0.1:")
    assert all_gone(list(report["pids"].values()), timeout=1.0)


@pytest.mark.timeout(120)
def test_exec_forwards_sigint_and_cleans_up(base: Path, clean_env: dict[str, str]) -> None:
    cli = devserver_cli(base, "import time\ntime.sleep(60)\n", clean_env)
    report = json.loads(cli.stdout.readline())
    cli.send_signal(signal.SIGINT)
    assert cli.wait(timeout=30) == 128 + signal.SIGINT
    assert all_gone(list(report["pids"].values()), timeout=1.0)


@pytest.mark.timeout(120)
def test_servers_die_with_their_parent(base: Path, clean_env: dict[str, str]) -> None:
    code = (
        "import json, sys, time\nfrom devserver import EmbeddedServices\n"
        "svc = EmbeddedServices(base_dir=sys.argv[1], durable=False).start()\n"
        "print(json.dumps([svc.postgres.proc.pid, svc.redis.proc.pid]), flush=True)\ntime.sleep(60)\n"
    )
    parent = subprocess.Popen(
        [sys.executable, "-c", code, str(base)],
        cwd=ROOT,
        env=clean_env,
        stdout=subprocess.PIPE,
        text=True,
    )
    postmaster, redis_pid = json.loads(parent.stdout.readline())
    pids = [postmaster, *child_pids(postmaster), redis_pid]
    parent.kill()
    parent.wait()
    assert all_gone(pids, timeout=10.0)
