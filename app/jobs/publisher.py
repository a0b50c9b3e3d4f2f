"""Publish committed events to the user's Socket.IO room through the Redis message queue.

An `Outbox` calls `publish` after its transaction has committed and given its connection back to the
pool; `published_at` is then set with one pooled connection. A failed publish leaves the row for the
relay: it never fails a job.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from typing import Any

import socketio
from redis.backoff import NoBackoff
from redis.retry import Retry
from sqlalchemy import text

from app.extensions import db
from app.jobs.event_types import SOCKET_EVENT

log = logging.getLogger(__name__)
CHANNEL = "flask-socketio"
PROGRESS_INTERVAL_S = 0.25  # at most four progress events per second per job
BREAKER_S = 1.0  # after a failed publish, leave events to the relay for this long
# The pub/sub method of many events in one message (publish_serialized); python-socketio's own
# listener ignores methods it does not know.
BATCH_METHOD = "emit_batch"
BATCH_ITEMS = 1000

_managers: dict[str, socketio.RedisManager] = {}
_last_progress: dict[int, float] = {}
_lock = threading.Lock()
_down_until = 0.0


class StrictRedisManager(socketio.RedisManager):
    """A write-only manager whose publish raises on failure instead of logging and giving up."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._local = threading.local()

    def _publish(self, data):
        batch = getattr(self._local, "batch", None)
        if batch is not None:
            batch.append(data)
            return None
        if not self.connected:
            self._redis_connect()
        try:
            return self.redis.publish(self.channel, self.json.dumps(data))
        except Exception:
            self.connected = False
            raise

    def emit_many(self, items: list[tuple[str, dict, str]]) -> None:
        """Publish (event, data, room) items in order through one pipeline round trip."""
        self._local.batch = []
        try:
            for event, data, room in items:
                self.emit(event, data, room=room, namespace="/")
            messages = self._local.batch
        finally:
            self._local.batch = None
        if not self.connected:
            self._redis_connect()
        try:
            pipe = self.redis.pipeline(transaction=False)
            for message in messages:
                pipe.publish(self.channel, self.json.dumps(message))
            pipe.execute()
        except Exception:
            self.connected = False
            raise


def get_emitter(url: str) -> StrictRedisManager:
    """Return this process's write-only emitter for `url`."""
    with _lock:
        manager = _managers.get(url)
        if manager is None:
            # One immediate retry (a pooled connection may be stale after a Redis restart), no back-off:
            # while Redis is down the relay publishes later, and a job's commit must not wait.
            manager = StrictRedisManager(url, channel=CHANNEL, write_only=True, redis_options={
                "socket_timeout": 2, "socket_connect_timeout": 1, "retry": Retry(NoBackoff(), 1)})
            _managers[url] = manager
        return manager


def room_of(user_id: int) -> str:
    """Return the Socket.IO room of a user."""
    return f"user:{user_id}"


def _throttled(payload: dict) -> bool:
    if payload["type"] != "ocr_progress" or payload["data"].get("status") != "processing":
        return False
    job = payload["data"].get("ocr_result_id")
    now = time.monotonic()
    with _lock:
        if now - _last_progress.get(job, 0.0) < PROGRESS_INTERVAL_S:
            return True
        _last_progress[job] = now
        if len(_last_progress) > 10000:
            _last_progress.clear()
    return False


def publish(url: str, events: list[tuple[int, dict]], *, throttle: bool = True,
            force: bool = False) -> list[tuple[int, int]]:
    """Emit each event to its user's room; return the (user_id, seq) pairs that are settled.

    After a failure, publishing is skipped for `BREAKER_S` (the relay will do it) unless `force`.
    """
    global _down_until
    if not force and time.monotonic() < _down_until:
        return []
    items, settled = [], []
    for user_id, payload in events:
        # A throttled progress event is settled too: replay sends the latest progress anyway.
        if not (throttle and _throttled(payload)):
            items.append((SOCKET_EVENT, payload, room_of(user_id)))
        settled.append((user_id, payload["id"]))
    try:
        _emit(get_emitter(url), items)
    except Exception as exc:  # noqa: BLE001 - any broker failure leaves it to the relay
        _down_until = time.monotonic() + BREAKER_S
        log.warning("event publish failed, left for the relay: %s", exc.__class__.__name__)
        return []
    _down_until = 0.0  # the broker took these: the events after them need not wait for the relay
    return settled


def _emit(emitter: StrictRedisManager, items: list[tuple[str, dict, str]]) -> None:
    """Publish items; once more on a new connection when the first try failed on a connection made
    before (after a Redis restart every pooled connection may be stale). A client drops an event id it
    has seen, so a message sent twice is harmless; a broker known to be down is not tried twice."""
    was_connected = emitter.connected
    try:
        emitter.emit_many(items)
    except Exception:  # noqa: BLE001 - emit_many marked the emitter disconnected: this try reconnects
        if not was_connected:
            raise
        emitter.emit_many(items)


def publish_serialized(url: str, events: list[tuple[int, int, str, str]]) -> list[tuple[int, int]]:
    """Publish already-serialized payloads `(user_id, seq, type, payload_json)`; return the settled keys.

    For bulk writers (the broadcast): up to `BATCH_ITEMS` events go out as one `emit_batch` pub/sub
    message of `[room, payload_json]` pairs, the payload text from PostgreSQL carried as is. Each API
    process's manager (app/notifications/manager.py) skips the rooms it has no socket in and writes the
    others' packets around the payload text, without decoding it. A failure settles none.
    """
    emitter = get_emitter(url)
    messages = [json.dumps({"method": BATCH_METHOD, "event": SOCKET_EVENT, "namespace": "/",
                            "host_id": emitter.host_id,
                            "items": [[room_of(user_id), payload]
                                      for user_id, _seq, _type, payload in events[start:start + BATCH_ITEMS]]})
                for start in range(0, len(events), BATCH_ITEMS)]
    try:
        if not emitter.connected:
            emitter._redis_connect()
        pipe = emitter.redis.pipeline(transaction=False)
        for message in messages:
            pipe.publish(emitter.channel, message)
        pipe.execute()
    except Exception as exc:  # noqa: BLE001 - any broker failure leaves it to the relay
        emitter.connected = False
        log.warning("bulk publish failed, left for the relay: %s", exc.__class__.__name__)
        return []
    return [(user_id, seq) for user_id, seq, _type, _payload in events]


# Without waiting for the WAL flush: a mark lost to a database crash only makes the relay publish the
# event again, as after a crash between publishing and marking.
_MARK = text(
    "SET LOCAL synchronous_commit = off; "
    "UPDATE events SET published_at = now() FROM unnest(CAST(:users AS bigint[]), CAST(:seqs AS bigint[])) "
    "AS k(user_id, seq) WHERE events.user_id = k.user_id AND events.seq = k.seq")


def mark_published(keys: list[tuple[int, int]], session: Any = None) -> None:
    """Set `published_at` on the given events: in a transaction of its own, or in `session`'s (not committed)."""
    if not keys:
        return
    params = {"users": [k[0] for k in keys], "seqs": [k[1] for k in keys]}
    if session is not None:
        session.execute(_MARK, params)
        return
    with db.engine.begin() as conn:
        conn.execute(_MARK, params)
