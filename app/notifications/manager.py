"""The API process's Socket.IO client manager on the Redis message queue.

python-socketio's own manager re-subscribes after a Redis outage with a doubling back-off (up to
60 s), and messages published meanwhile (the relay's, for example) are lost to this process. This
one retries every half second and, once subscribed again, asks the local sockets for a heartbeat so
their clients compare `last_seq` and `sync` what they missed.

It also understands the `emit_batch` message of `publish_serialized` (an admin broadcast): one
message carries `[room, payload_json]` pairs for up to a thousand users. Every API process receives
every message, so the pairs of rooms without a socket here are skipped before anything is decoded or
encoded, and a local room's packet is the payload text wrapped as is (`2["notification",<payload>]`).
A process of an earlier version ignores the method: its sockets get those events at their next
heartbeat's `sync`.
"""

from __future__ import annotations

import json
import logging
import time

import socketio
from engineio import packet as eio_packet
from redis.backoff import NoBackoff
from redis.retry import Retry

from app.jobs.publisher import BATCH_METHOD

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

    def _listen(self):
        # Every other message is handed to python-socketio's listener decoded (it takes dicts as they are).
        for message in super()._listen():
            try:
                data = self.json.loads(message)
            except ValueError:
                yield message  # python-socketio's listener ignores what it cannot decode, as before
                continue
            if isinstance(data, dict) and data.get("method") == BATCH_METHOD:
                if data.get("host_id") != self.host_id:
                    try:
                        self.emit_batch(data)
                    except Exception:  # noqa: BLE001 - a bad message must not end the listener
                        log.exception("Socket.IO message queue: bad %s message", BATCH_METHOD)
                continue
            yield data

    def emit_batch(self, message: dict) -> int:
        """Send each `[room, payload_json]` item to the room's sockets in this process; return the packets sent."""
        namespace = message.get("namespace") or "/"
        rooms = self.rooms.get(namespace)
        if not rooms:
            return 0
        # What socketio.Packet(EVENT, data=[event, payload], namespace).encode() writes, around the text.
        head = "2" + ("" if namespace == "/" else namespace + ",") + "[" + json.dumps(message["event"]) + ","
        sent = 0
        for room, payload in message["items"]:
            if room not in rooms:
                continue
            pkt = eio_packet.Packet(eio_packet.MESSAGE, head + payload + "]")
            for _sid, eio_sid in self.get_participants(namespace, room):
                self.server._send_eio_packet(eio_sid, pkt)
                sent += 1
        return sent


def server_manager(url: str) -> ServerRedisManager:
    """Return the manager for a server process (it also listens)."""
    return ServerRedisManager(url, channel=CHANNEL, redis_options={
        "socket_connect_timeout": 1, "socket_keepalive": True, "retry": Retry(NoBackoff(), 0)})
