"""Server-Sent Events of the caller's events (`GET /events`) and their tickets (`POST /events/ticket`)."""

from __future__ import annotations

import re

from flask import Response, jsonify, request
from flask_jwt_extended import get_jwt, jwt_required, verify_jwt_in_request

from app.errors import InvalidInput, Unauthorized
from app.extensions import db
from app.notifications import sse
from app.ocr_async import bp


def _viewer() -> sse.Viewer:
    """Authenticate by the Authorization header or, for `EventSource`, by `?ticket=`."""
    if request.headers.get("Authorization"):
        verify_jwt_in_request()
        claims = get_jwt()
        return sse.Viewer(int(claims["sub"]), claims["jti"], float(claims["exp"]), claims.get("fam"))
    ticket = request.args.get("ticket")
    if not ticket:
        raise Unauthorized("Send a bearer token or a ticket from POST /api/ocr-async/events/ticket")
    return sse.redeem_ticket(ticket)


_BATCH_ID = re.compile(r"[0-9A-Za-z-]+")


def _int_arg(value: str | None, name: str) -> int | None:
    if value in (None, ""):
        return None
    try:
        number = int(value)
    except ValueError:
        number = -1
    if not 0 <= number < 2**63:
        raise InvalidInput(f"{name} must be a non-negative integer", details={name: value[:40]})
    return number


def _filters() -> dict:
    filters = {}
    job = _int_arg(request.args.get("ocr_result_id"), "ocr_result_id")
    if job is not None:
        filters["ocr_result_id"] = job
    batch = request.args.get("batch_id")
    if batch:
        if len(batch) > 36 or not _BATCH_ID.fullmatch(batch):
            raise InvalidInput("batch_id must be a batch's id (a UUID)", details={"batch_id": ["Not a valid id."]})
        filters["batch_id"] = batch
    return filters


@bp.get("/events")
def events():
    """Stream the caller's events as SSE; `Last-Event-ID` (or `?last_event_id=`) replays after it."""
    # Parameters first: a bad request neither spends its ticket nor opens a stream.
    filters = _filters()
    last_id = _int_arg(request.headers.get("Last-Event-ID") or request.args.get("last_event_id"),
                       "Last-Event-ID")
    viewer = _viewer()
    engine = db.engine
    cursor = sse.start_cursor(engine, viewer.user_id, last_id, bool(filters))
    db.session.remove()  # the stream reads on its own short connections
    headers = {"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}
    return Response(sse.stream(engine, viewer, cursor, filters), mimetype="text/event-stream",
                    headers=headers)


@bp.post("/events/ticket")
@jwt_required()
def events_ticket():
    """Issue a single-use ticket for one `EventSource` connection, valid 60 s."""
    return jsonify({"ticket": sse.issue_ticket(get_jwt()), "expires_in": sse.TICKET_TTL_S})
