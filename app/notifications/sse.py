"""Server-Sent Events: single-use tickets for `EventSource`, and the event stream itself.

The stream polls the user's events after its cursor every `POLL_S` on a short connection of its
own: `seq` is gap-free in commit order, so "seq > cursor" never skips an event, and the stream needs
neither Redis nor a pooled connection between polls (it survives a Redis restart untouched).
"""

from __future__ import annotations

import json
import logging
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass

import redis
from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError

from app.auth.tokens import is_revoked
from app.errors import Unauthorized
from app.jobs.event_types import SOCKET_EVENT
from app.notifications import store
from app.redis_client import get_redis

log = logging.getLogger(__name__)
TICKET_TTL_S = 60
TICKET_SALT = "ocrflow-sse-ticket"
POLL_S = 0.5
KEEPALIVE_S = 15.0
RETRY_MS = 3000


@dataclass(frozen=True)
class Viewer:
    """Who a stream is for, and until when its credentials hold."""

    user_id: int
    jti: str
    exp: float
    family: str | None = None


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=TICKET_SALT)


def issue_ticket(claims: dict) -> str:
    """Sign a ticket for one SSE connection of the token's user, valid `TICKET_TTL_S`."""
    return _serializer().dumps({"purpose": "sse", "uid": int(claims["sub"]), "jti": claims["jti"],
                                "fam": claims.get("fam"), "exp": claims["exp"], "tid": uuid.uuid4().hex})


def redeem_ticket(ticket: str) -> Viewer:
    """Check a ticket's signature, age and purpose, and use it up; raise 401 otherwise."""
    try:
        data = _serializer().loads(ticket, max_age=TICKET_TTL_S)
    except SignatureExpired:
        raise Unauthorized("The event stream ticket has expired", code="ticket_expired") from None
    except BadSignature:
        raise Unauthorized("Invalid event stream ticket", code="invalid_ticket") from None
    if not isinstance(data, dict) or data.get("purpose") != "sse":
        raise Unauthorized("Invalid event stream ticket", code="invalid_ticket")
    viewer = Viewer(int(data["uid"]), data["jti"], float(data["exp"]), data.get("fam"))
    if is_revoked({"jti": viewer.jti, "fam": viewer.family}):
        raise Unauthorized("The token this ticket was issued for has been revoked", code="token_revoked")
    if not _first_use(data["tid"]):
        raise Unauthorized("The event stream ticket was already used", code="ticket_used")
    return viewer


def _first_use(ticket_id: str) -> bool:
    try:
        return bool(get_redis().set(f"ocrflow:sse-ticket:{ticket_id}", 1, nx=True, ex=TICKET_TTL_S + 10))
    except redis.RedisError as exc:
        # Signed, short-lived and for one user: while Redis is down it is accepted rather than
        # cutting every browser off its events.
        log.warning("SSE ticket single-use check unavailable: %s", exc.__class__.__name__)
        return True


def frame(seq: int, payload: dict) -> str:
    """Format one event as an SSE message."""
    return f"event: {SOCKET_EVENT}\nid: {seq}\ndata: {json.dumps(payload, separators=(',', ':'))}\n\n"


def stream(engine: Engine, viewer: Viewer, cursor: int, filters: dict) -> Iterator[str]:
    """Yield the events after `cursor`, then live ones, with keep-alives, until the token ends."""
    yield f"retry: {RETRY_MS}\n\n"
    try:
        yield from _events(engine, viewer, cursor, filters)
    except GeneratorExit:
        raise
    except Exception:  # noqa: BLE001 - the stream ends with a reason, never with a broken response
        log.exception("event stream failed")
        yield f"event: error\ndata: {json.dumps({'code': 'stream_error'})}\n\n"


def _events(engine: Engine, viewer: Viewer, cursor: int, filters: dict) -> Iterator[str]:
    """Poll and yield events until the credentials end (checked before each replay round)."""
    last_write = next_check = time.monotonic()
    while True:
        now = time.monotonic()
        ended = _ended(engine, viewer, check_blocklist=now >= next_check)
        if ended:
            yield f"event: error\ndata: {json.dumps({'code': ended})}\n\n"
            return
        if now >= next_check:
            next_check = now + KEEPALIVE_S
        try:
            for seq, payload in store.iter_replay(engine, viewer.user_id, cursor, **filters):
                yield frame(seq, payload)
                cursor, last_write = seq, time.monotonic()
        except SQLAlchemyError as exc:
            log.warning("event stream poll failed: %s", exc.__class__.__name__)
        if now - last_write >= KEEPALIVE_S:
            yield ": keep-alive\n\n"
            last_write = now
        time.sleep(POLL_S)


def _ended(engine: Engine, viewer: Viewer, *, check_blocklist: bool) -> str | None:
    if time.time() >= viewer.exp:
        return "token_expired"
    if not check_blocklist:
        return None
    try:
        if store.revoked_among(engine, [viewer.jti]) or \
                (viewer.family and store.revoked_families(engine, [viewer.family])):
            return "token_revoked"
    except SQLAlchemyError:
        pass
    return None


def start_cursor(engine: Engine, user_id: int, last_event_id: int | None, filtered: bool) -> int:
    """Where a stream starts: after `Last-Event-ID`; else a filtered stream from the start, else now."""
    if last_event_id is not None:
        return last_event_id
    return 0 if filtered else store.window(engine, user_id).last_seq
