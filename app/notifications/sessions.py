"""Live sockets of this process: who they are, their heartbeat, and dropping them when their token ends.

Each API process keeps `sid → (user_id, jti, exp)` for its own sockets and runs two background
tasks, started on the first connection: a ticker (token expiry every second, `heartbeat {last_seq}`
every `SOCKET_HEARTBEAT_S`) and a listener on `ocrflow:revoked-tokens`. The heartbeat also checks
the blocklist, so a revocation announced while Redis was down still takes effect.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass

import redis
from flask import Flask
from redis.backoff import NoBackoff
from redis.retry import Retry

from app.extensions import db, socketio
from app.notifications import store
from app.redis_client import get_redis

log = logging.getLogger(__name__)
REVOKED_CHANNEL = "ocrflow:revoked-tokens"
FAMILY_PREFIX = "family:"
TICK_S = 1.0
LISTEN_TIMEOUT_S = 5.0
EMIT_BATCH = 500  # yield to other greenlets after this many emits


@dataclass(frozen=True)
class Session:
    """The identity a socket authenticated with."""

    user_id: int
    jti: str
    exp: float
    family: str | None = None


class Registry:
    """This process's live sockets by sid."""

    def __init__(self) -> None:
        self._sessions: dict[str, Session] = {}
        self._lock = threading.Lock()

    def add(self, sid: str, session: Session) -> None:
        """Remember a socket that passed authentication."""
        with self._lock:
            self._sessions[sid] = session

    def remove(self, sid: str) -> Session | None:
        """Forget a socket; return what it was."""
        with self._lock:
            return self._sessions.pop(sid, None)

    def get(self, sid: str) -> Session | None:
        """Return a socket's session."""
        return self._sessions.get(sid)

    def snapshot(self) -> list[tuple[str, Session]]:
        """Return a copy of every (sid, session)."""
        with self._lock:
            return list(self._sessions.items())

    def __len__(self) -> int:
        return len(self._sessions)


registry = Registry()
_started = False
_start_lock = threading.Lock()
_beat_requested = threading.Event()


def disconnect_token(jti: str) -> None:
    """Drop this process's sockets of a revoked token and announce it to the other API processes."""
    drop_token(jti)
    try:
        get_redis().publish(REVOKED_CHANNEL, jti)
    except redis.RedisError as exc:
        # Every process re-checks the blocklist on its heartbeat, so this is not fatal.
        log.warning("could not announce token revocation: %s", exc)


def disconnect_family(family: str) -> None:
    """Drop this process's sockets of a revoked login and announce it to the other API processes."""
    drop_family(family)
    try:
        get_redis().publish(REVOKED_CHANNEL, FAMILY_PREFIX + family)
    except redis.RedisError as exc:
        log.warning("could not announce a session's revocation: %s", exc)


def drop_family(family: str) -> int:
    """Disconnect the local sockets of every token of a login; return how many."""
    sids = [sid for sid, s in registry.snapshot() if s.family == family]
    for sid in sids:
        drop(sid, "token_revoked", "Token has been revoked")
    return len(sids)


def _drop_announced(message: str) -> None:
    if message.startswith(FAMILY_PREFIX):
        drop_family(message[len(FAMILY_PREFIX):])
    else:
        drop_token(message)


def drop_token(jti: str) -> int:
    """Disconnect the local sockets authenticated with `jti`; return how many."""
    sids = [sid for sid, s in registry.snapshot() if s.jti == jti]
    for sid in sids:
        drop(sid, "token_revoked", "Token has been revoked")
    return len(sids)


def drop(sid: str, code: str, message: str) -> None:
    """Tell a socket why, then disconnect it."""
    registry.remove(sid)
    try:
        socketio.emit("error", {"code": code, "message": message}, to=sid, namespace="/", ignore_queue=True)
        socketio.server.disconnect(sid, namespace="/", ignore_queue=True)
    except Exception as exc:  # noqa: BLE001 - the socket may be gone already
        log.info("dropping socket %s: %s", sid, exc.__class__.__name__)


def request_heartbeat() -> None:
    """Send the next heartbeat at the next tick (e.g. after Redis came back)."""
    _beat_requested.set()


def ensure_started(app: Flask) -> None:
    """Start this process's ticker and revocation listener, once."""
    global _started
    if _started:
        return
    with _start_lock:
        if _started:
            return
        _started = True
        socketio.start_background_task(_tick_loop, app)
        socketio.start_background_task(_revocation_loop, app)


def _tick_loop(app: Flask) -> None:
    interval = float(app.config["SOCKET_HEARTBEAT_S"])
    next_beat = time.monotonic() + interval
    while True:
        socketio.sleep(TICK_S)
        try:
            _drop_expired(time.time())
            if time.monotonic() >= next_beat or _beat_requested.is_set():
                _beat_requested.clear()
                next_beat = time.monotonic() + interval
                with app.app_context():
                    heartbeat(db.engine)
        except Exception:  # noqa: BLE001 - the ticker must outlive a database outage
            log.warning("socket heartbeat failed", exc_info=True)


def _drop_expired(now: float) -> None:
    for sid, session in registry.snapshot():
        if session.exp <= now:
            drop(sid, "token_expired", "Token has expired")


def heartbeat(engine) -> int:
    """Send `heartbeat {last_seq}` to every local socket and drop revoked ones; return how many got one."""
    sessions = registry.snapshot()
    if not sessions:
        return 0
    users = sorted({s.user_id for _, s in sessions})
    seqs: dict[int, int] = {}
    for i in range(0, len(users), 1000):
        seqs.update(store.last_seqs(engine, users[i:i + 1000]))
    revoked = store.revoked_among(engine, sorted({s.jti for _, s in sessions}))
    ended = store.revoked_families(engine, sorted({s.family for _, s in sessions if s.family}))
    sent = 0
    for n, (sid, session) in enumerate(sessions, 1):
        if session.jti in revoked or session.family in ended:
            drop(sid, "token_revoked", "Token has been revoked")
            continue
        socketio.emit("heartbeat", {"last_seq": seqs.get(session.user_id, 0)}, to=sid, namespace="/",
                      ignore_queue=True)
        sent += 1
        if n % EMIT_BATCH == 0:
            socketio.sleep(0)
    return sent


def _revocation_loop(app: Flask) -> None:
    url = app.config["REDIS_URL"]
    down = False
    while True:
        pubsub = None
        try:
            client = redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=LISTEN_TIMEOUT_S + 5,
                                          socket_keepalive=True, retry=Retry(NoBackoff(), 0))
            pubsub = client.pubsub(ignore_subscribe_messages=True)
            pubsub.subscribe(REVOKED_CHANNEL)
            if down:
                log.info("revocation listener: Redis is back")
                request_heartbeat()  # re-checks the blocklist and lets clients notice missed events
            down = False
            while True:
                message = pubsub.get_message(timeout=LISTEN_TIMEOUT_S)
                if message and message.get("type") == "message":
                    _drop_announced(message["data"].decode())
        except redis.RedisError as exc:
            if not down:
                log.warning("revocation listener lost Redis (%s); retrying", exc.__class__.__name__)
            down = True
            socketio.sleep(0.5)
        except Exception:  # noqa: BLE001 - the listener must outlive any single failure
            log.exception("revocation listener failed; restarting it")
            socketio.sleep(1.0)
        finally:
            if pubsub is not None:
                _close_quietly(pubsub)


def _close_quietly(pubsub) -> None:
    try:
        pubsub.close()
    except (redis.RedisError, OSError):
        pass
