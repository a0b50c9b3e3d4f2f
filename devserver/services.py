"""EmbeddedServices: PostgreSQL and Redis under one base directory, unless the environment names servers."""

from __future__ import annotations

import atexit
import fcntl
import logging
import os
from pathlib import Path
from types import TracebackType

from devserver.base import ChildServer
from devserver.postgres_server import PostgresServer
from devserver.process import ServerError
from devserver.redis_server import RedisServer

log = logging.getLogger(__name__)


class EmbeddedServices:
    """Start real PostgreSQL and Redis servers under `base_dir` for what DATABASE_URL / REDIS_URL lack."""

    def __init__(self, base_dir: str | os.PathLike[str] = "var", durable: bool = True) -> None:
        self.base_dir = Path(os.path.abspath(base_dir))
        self.postgres = PostgresServer(self.base_dir / "postgres", durable=durable)
        self.redis = RedisServer(self.base_dir / "redis")
        self.database_url: str | None = None
        self.redis_url: str | None = None
        self._managed: list[ChildServer] = []
        self._lock_fd: int | None = None

    def start(self) -> EmbeddedServices:
        """Start the servers the environment does not provide; calling it again is harmless."""
        if not self._managed:
            managed = self._servers_to_manage()
            if managed:
                self._lock_fd = _lock(self.base_dir)
                self._managed = managed
                atexit.register(self.stop)
        try:
            for server in self._managed:
                server.start()
        except BaseException:
            self.stop()
            raise
        self.database_url = self._url(self.postgres, "DATABASE_URL")
        self.redis_url = self._url(self.redis, "REDIS_URL")
        return self

    def stop(self) -> None:
        """Stop the servers this instance started; calling it again is harmless."""
        try:
            for server in reversed(self._managed):
                server.stop()
        finally:
            self._managed = []
            if self._lock_fd is not None:
                os.close(self._lock_fd)  # closing the file releases the lock
                self._lock_fd = None
            atexit.unregister(self.stop)

    def stop_redis(self) -> None:
        """Stop Redis gracefully; start_redis() brings it back on the same port and data."""
        self._own(self.redis).stop()

    def start_redis(self) -> None:
        """Start Redis again on its earlier port and data directory."""
        self._own(self.redis).start()

    def kill_redis(self) -> None:
        """Kill Redis with SIGKILL, as a crash would."""
        self._own(self.redis).kill()

    def stop_postgres(self) -> None:
        """Stop PostgreSQL (fast shutdown); start_postgres() brings it back on the same port and data."""
        self._own(self.postgres).stop()

    def start_postgres(self) -> None:
        """Start PostgreSQL again on its earlier port and data directory."""
        self._own(self.postgres).start()

    def kill_postgres(self) -> None:
        """Kill the postmaster with SIGKILL, as a crash would; the next start runs crash recovery."""
        self._own(self.postgres).kill()

    def __enter__(self) -> EmbeddedServices:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    def _servers_to_manage(self) -> list[ChildServer]:
        servers: list[ChildServer] = []
        if not os.environ.get("DATABASE_URL"):
            servers.append(self.postgres)
        if not os.environ.get("REDIS_URL"):
            servers.append(self.redis)
        return servers

    def _url(self, server: PostgresServer | RedisServer, variable: str) -> str:
        return server.url if server in self._managed else os.environ[variable]

    def _own(self, server: ChildServer) -> ChildServer:
        if server not in self._managed:
            raise RuntimeError(
                f"{server.name} is not managed here (not started, or given by the environment)"
            )
        return server


def _lock(base_dir: Path) -> int:
    """Hold an exclusive lock on `base_dir` so two processes never run servers on one data directory."""
    base_dir.mkdir(parents=True, exist_ok=True)
    fd = os.open(base_dir / "devserver.lock", os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        holder = os.read(fd, 32).decode(errors="replace").strip() or "?"
        os.close(fd)
        raise ServerError(
            f"{base_dir} is in use by process {holder}; stop it or use another base_dir"
        ) from None
    os.ftruncate(fd, 0)
    os.write(fd, f"{os.getpid()}\n".encode())
    return fd
