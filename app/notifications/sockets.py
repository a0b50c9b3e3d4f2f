"""Socket.IO handlers of the default namespace: authenticate, join the user's room, replay, sync.

The socket joins `user:<id>` *before* the replay reads the table: an event committed after that
read is published after the join and so reaches the socket live; one committed before is in the
replay. Some may come both ways; the client dedupes by `id` (DESIGN §6).
"""

from __future__ import annotations

import logging

from flask import current_app, request
from flask_socketio import ConnectionRefusedError, join_room
from jwt import ExpiredSignatureError
from sqlalchemy.exc import SQLAlchemyError

from app.auth.tokens import verify_access_token
from app.extensions import db, socketio
from app.jobs.event_types import SOCKET_EVENT
from app.jobs.publisher import room_of
from app.notifications import sessions, store

log = logging.getLogger(__name__)


def _refuse(code: str, message: str) -> ConnectionRefusedError:
    return ConnectionRefusedError(message, {"code": code, "message": message})


def _claims(auth) -> dict:
    """Verify the access token of the handshake's `auth`; refuse the connection otherwise."""
    token = auth.get("token") if isinstance(auth, dict) else None
    if not token or not isinstance(token, str):
        raise _refuse("unauthorized", "Missing token in auth")
    try:
        return verify_access_token(token)
    except SQLAlchemyError:
        raise _refuse("service_unavailable", "The database is unavailable; retry shortly") from None
    except ExpiredSignatureError:
        raise _refuse("token_expired", "Token has expired") from None
    except Exception:  # noqa: BLE001 - every other token problem is a plain refusal
        raise _refuse("unauthorized", "Invalid or revoked token") from None
    finally:
        # Give the session's connection back now: the replay takes its own, and holding one while
        # waiting for another starves the pool when many sockets connect at once.
        db.session.close()


def _cursor(value) -> int | None:
    """Parse `last_event_id` / `after`: None (no replay) or a non-negative int."""
    if value is None or value == "":
        return None
    try:
        cursor = int(value)
    except (TypeError, ValueError):
        raise ValueError("cursor must be a non-negative integer") from None
    if cursor < 0:
        raise ValueError("cursor must be a non-negative integer")
    return cursor


@socketio.on("connect")
def on_connect(auth=None):
    """Authenticate from `auth`, join the user's room, then replay after `last_event_id`."""
    claims = _claims(auth)
    try:
        after = _cursor(auth.get("last_event_id"))
    except ValueError as exc:
        raise _refuse("bad_request", str(exc)) from None
    user_id = int(claims["sub"])
    session = sessions.Session(user_id, claims["jti"], float(claims["exp"]), claims.get("fam"))
    sessions.registry.add(request.sid, session)
    join_room(room_of(user_id))
    sessions.ensure_started(current_app._get_current_object())
    try:
        replay(request.sid, user_id, after, check_retention=True)
    except SQLAlchemyError:
        sessions.registry.remove(request.sid)
        raise _refuse("service_unavailable", "The database is unavailable; retry shortly") from None


@socketio.on("disconnect")
def on_disconnect(*_args):
    """Forget the socket."""
    sessions.registry.remove(request.sid)


@socketio.on("join_notifications")
def on_join(data=None):
    """Older clients' explicit join: allowed for the caller's own id only."""
    session = sessions.registry.get(request.sid)
    wanted = data.get("user_id") if isinstance(data, dict) else None
    if session is None or str(wanted) != str(session.user_id):
        log.warning("socket %s (user %s) refused join_notifications for user %r", request.sid,
                    session.user_id if session else None, wanted)
        _emit_self("error", {"code": "forbidden", "message": "You can only join your own notifications"})
        return {"status": "refused"}
    join_room(room_of(session.user_id))
    return {"status": "joined", "room": room_of(session.user_id)}


@socketio.on("sync")
def on_sync(data=None):
    """Replay every event after `after`, then `replay_done`."""
    session = sessions.registry.get(request.sid)
    if session is None:
        return {"status": "refused"}
    try:
        after = _cursor(data.get("after") if isinstance(data, dict) else None) or 0
    except ValueError as exc:
        _emit_self("error", {"code": "bad_request", "message": str(exc)})
        return {"status": "refused"}
    replay(request.sid, session.user_id, after, check_retention=True)
    return {"status": "ok"}


def replay(sid: str, user_id: int, after: int | None, *, check_retention: bool) -> int:
    """Send the stored events after `after` (the room is already joined), then `replay_done`."""
    engine = db.engine
    bounds = store.window(engine, user_id)
    if after is None:
        # No cursor: nothing to catch up on; tell the client where "now" is.
        _emit_to(sid, "replay_done", {"last_seq": bounds.last_seq})
        return 0
    if check_retention and bounds.truncated_after(after):
        _emit_to(sid, "replay_truncated", {"oldest_available": bounds.oldest_available, "after": after})
    last, sent = after, 0
    for seq, payload in store.iter_replay(engine, user_id, after):
        _emit_to(sid, SOCKET_EVENT, payload)
        last, sent = seq, sent + 1
        if sent % sessions.EMIT_BATCH == 0:
            socketio.sleep(0)
    _emit_to(sid, "replay_done", {"last_seq": last if sent else bounds.last_seq})
    return sent


def _emit_to(sid: str, event: str, data: dict) -> None:
    socketio.emit(event, data, to=sid, namespace="/", ignore_queue=True)


def _emit_self(event: str, data: dict) -> None:
    _emit_to(request.sid, event, data)
