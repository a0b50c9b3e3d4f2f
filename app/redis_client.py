"""A process-wide Redis client with short timeouts."""

from __future__ import annotations

import redis
from flask import current_app

_clients: dict[str, redis.Redis] = {}


def get_redis(url: str | None = None) -> redis.Redis:
    """Return a shared Redis client for the app's `REDIS_URL` (or the given URL)."""
    url = url or current_app.config["REDIS_URL"]
    client = _clients.get(url)
    if client is None:
        client = redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=2,
                                      health_check_interval=30)
        _clients[url] = client
    return client
