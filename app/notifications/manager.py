"""The API process's Socket.IO client manager on the Redis message queue.

python-socketio's own manager re-subscribes after a Redis outage with a doubling back-off (up to
60 s), and messages published meanwhile (the relay's, for example) are lost to this process. This
one retries every half second and, once subscribed again, asks the local sockets for a heartbeat so
their clients compare `last_seq` and `sync` what they missed.
"""

from __future__ import annotations

import logging
import time

import socketio
from redis.backoff import NoBackoff
from redis.retry import Retry

log = logging.getLogger(__name__)
CHANNEL = "flask-socketio"
RETRY_S = 0.5


class ServerRedisManager(socketio.RedisManager):
    """A RedisManager that re-subscribes quickly and announces its recovery."""

    def _redis_listen_with_retries(self):  # pragma: no cover - exercised by the Redis restart tests
        down = False
        while True:
            try:
                self._redis_connect()
                self.pubsub.subscribe(self.channel)
                if down:
                    log.info("Socket.IO message queue: Redis is back")
                    from app.notifications.sessions import request_heartbeat

                    request_heartbeat()
                down = False
                yield from self.pubsub.listen()
            except Exception as exc:  # noqa: BLE001 - any failure means: reconnect
                if not down:
                    log.warning("Socket.IO message queue lost Redis (%s); retrying", exc.__class__.__name__)
                down = True
                time.sleep(RETRY_S)


def server_manager(url: str) -> ServerRedisManager:
    """Return the manager for a server process (it also listens)."""
    return ServerRedisManager(url, channel=CHANNEL, redis_options={
        "socket_connect_timeout": 1, "socket_keepalive": True, "retry": Retry(NoBackoff(), 0)})
