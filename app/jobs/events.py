"""Write event rows with the per-user gap-free `seq`, in the caller's transaction."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import text

from app.extensions import db
from app.webhooks.fanout import fan_out

_NEXT_SEQ = text("UPDATE users SET event_seq = event_seq + 1 WHERE id = :uid RETURNING event_seq")
_INSERT = text(
    "INSERT INTO events (user_id, seq, type, payload, ocr_result_id, batch_id, created_at) "
    "VALUES (:uid, :seq, :type, CAST(:payload AS jsonb), :job, :batch, :created)"
)


def write_event(user_id: int, type_: str, message: str, data: dict, *,
                ocr_result_id: int | None = None, batch_id: str | None = None) -> dict:
    """Number and insert one event; the seq update is the last statement before the insert.

    The caller must already hold any batch and job row locks (lock order: batch → job → user).
    The payload is published after the transaction commits; webhook deliveries are inserted in the
    same transaction, so a committed event always reaches its webhooks.
    """
    import json

    created = datetime.now(UTC)
    seq = db.session.execute(_NEXT_SEQ, {"uid": user_id}).scalar_one()
    payload = {"id": seq, "type": type_, "message": message, "data": data,
               "created_at": created.isoformat()}
    payload_json = json.dumps(payload)
    db.session.execute(_INSERT, {"uid": user_id, "seq": seq, "type": type_, "payload": payload_json,
                                 "job": ocr_result_id, "batch": batch_id, "created": created})
    fan_out(user_id, seq, type_, payload_json)
    db.session.info.setdefault("ocrflow_events", []).append((user_id, payload))
    return payload
