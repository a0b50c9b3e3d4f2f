"""Fan events out to webhooks durably: delivery rows in the event's transaction, messages after commit.

A delivery row is committed with its event, so an event that committed always has its deliveries even
when the process dies before the message is sent; `retry_due` sends what was left behind.
"""

from __future__ import annotations

import json
import logging

from flask import current_app
from kombu.exceptions import KombuError
from kombu.exceptions import OperationalError as BrokerError
from redis.exceptions import RedisError
from sqlalchemy import event as sa_event
from sqlalchemy import text
from sqlalchemy.orm import Session

from app.extensions import db

log = logging.getLogger(__name__)
BROKER_ERRORS = (BrokerError, KombuError, RedisError, OSError, TimeoutError)
DELIVER_TASK = "ocrflow.notify.deliver"
_KEY = "ocrflow_webhook_deliveries"

# One indexed statement (webhooks.user_id); it inserts nothing, cheaply, for a user without webhooks.
_FAN_OUT = text("""
INSERT INTO webhook_deliveries (webhook_id, event_seq, event_type, payload, next_attempt_at)
SELECT w.id, :seq, :type, CAST(:payload AS jsonb), now() FROM webhooks w
WHERE w.user_id = :uid AND w.active AND w.events @> CAST(:types AS jsonb)
ORDER BY w.id
RETURNING id
""")


def fan_out(user_id: int, seq: int, type_: str, payload_json: str) -> list[int]:
    """Insert one pending delivery per active webhook of the user subscribed to `type_`."""
    ids = db.session.execute(_FAN_OUT, {"uid": user_id, "seq": seq, "type": type_, "payload": payload_json,
                                        "types": json.dumps([type_])}).scalars().all()
    if ids:
        db.session.info.setdefault(_KEY, []).extend(ids)
    return ids


def send_delivery(delivery_id: int, attempt: int, countdown: float | None = None) -> bool:
    """Enqueue one delivery attempt; return False when the broker is unreachable."""
    try:
        current_app.extensions["celery"].send_task(DELIVER_TASK, args=[delivery_id, attempt],
                                                   countdown=countdown, retry=False)
        return True
    except BROKER_ERRORS as exc:
        log.warning("broker unavailable, delivery %s waits for retry_due: %s", delivery_id,
                    exc.__class__.__name__)
        return False


def _after_commit(session: Session) -> None:
    for delivery_id in session.info.pop(_KEY, None) or ():
        if not send_delivery(delivery_id, 0):
            break


def _after_rollback(session: Session) -> None:
    session.info.pop(_KEY, None)


def init_fanout() -> None:
    """Send the messages of committed deliveries after every commit (once per process)."""
    if getattr(init_fanout, "_done", False):
        return
    from flask_sqlalchemy.session import Session as FlaskSession

    sa_event.listen(FlaskSession, "after_commit", _after_commit)
    sa_event.listen(FlaskSession, "after_rollback", _after_rollback)
    init_fanout._done = True  # type: ignore[attr-defined]
