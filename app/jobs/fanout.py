"""Fan events out to webhooks durably: delivery rows in the event's transaction, messages after commit.

`fan_out` returns the delivery ids it inserted; the `Outbox` that wrote the event sends them after commit.

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
from sqlalchemy import text

from app.extensions import db

log = logging.getLogger(__name__)
BROKER_ERRORS = (BrokerError, KombuError, RedisError, OSError, TimeoutError)
DELIVER_TASK = "ocrflow.notify.deliver"

# The webhooks `w` of user :uid subscribed to the event type in :types (a JSON list of one type).
SUBSCRIBED = "w.user_id = :uid AND w.active AND w.events @> CAST(:types AS jsonb)"

# One indexed statement (webhooks.user_id); it inserts nothing, cheaply, for a user without webhooks.
_FAN_OUT = text(f"""
INSERT INTO webhook_deliveries (webhook_id, event_seq, event_type, payload, next_attempt_at)
SELECT w.id, :seq, :type, CAST(:payload AS jsonb), now() FROM webhooks w
WHERE {SUBSCRIBED}
ORDER BY w.id
RETURNING id
""")


def fan_out(user_id: int, seq: int, type_: str, payload_json: str) -> list[int]:
    """Insert one pending delivery per active webhook of the user subscribed to `type_`."""
    ids = db.session.execute(_FAN_OUT, {"uid": user_id, "seq": seq, "type": type_, "payload": payload_json,
                                        "types": json.dumps([type_])}).scalars().all()
    return list(ids)


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
