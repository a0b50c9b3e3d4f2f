"""An admin's `system` message to every user, written in chunks and then published in one go.

Each chunk is one transaction of one statement: the next users' rows are locked in id order, each
user's `event_seq` is bumped and the event inserted with that number (the rule of `write_event`:
the seq comes from the user's locked row, last, just before the insert). Doing a chunk in one
statement instead of two per user keeps a 10,000-user broadcast well under a second; in the API
process every round trip also waits behind the sockets' writes of the chunks already published. Webhook
deliveries are fanned out (through the webhooks layer, as `write_event` does) only for the users of
the chunk who have a webhook subscribed to `system`.
"""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime

from flask import current_app
from sqlalchemy import text

from app.extensions import db
from app.jobs.fanout import fan_out, send_delivery
from app.jobs.publisher import mark_published, publish_serialized

CHUNK = 1000  # users per transaction: their rows stay locked for a few milliseconds
# One statement per chunk: the next users after :after, locked in id order, their seq bumped, the event
# inserted; each row says whether the user has a webhook subscribed to `system`.
_WRITE = text("""
WITH locked AS (
  SELECT id FROM users WHERE id > :after ORDER BY id LIMIT :limit FOR UPDATE
), bumped AS (
  UPDATE users u SET event_seq = u.event_seq + 1 FROM locked WHERE u.id = locked.id
  RETURNING u.id, u.event_seq
), inserted AS (
  INSERT INTO events (user_id, seq, type, payload, created_at)
  SELECT id, event_seq, 'system',
         jsonb_build_object('id', event_seq, 'type', 'system', 'message', CAST(:message AS text),
                            'data', CAST(:data AS jsonb), 'created_at', CAST(:created_iso AS text)),
         :created
  FROM bumped
  RETURNING user_id, seq, payload::text AS payload
)
SELECT user_id, seq, payload,
       EXISTS (SELECT 1 FROM webhooks w WHERE w.user_id = inserted.user_id AND w.active
               AND w.events @> CAST('["system"]' AS jsonb)) AS hooked
FROM inserted ORDER BY user_id
""")


def broadcast(message: str, data: dict | None = None) -> dict:
    """Write a `system` event for every user, chunk by chunk, publishing each chunk after its commit."""
    started = time.monotonic()
    created = datetime.now(UTC)
    params = {"message": message, "data": json.dumps(data or {}), "created": created,
              "created_iso": created.isoformat(), "limit": CHUNK}
    url = current_app.config["REDIS_URL"]
    after, written = 0, []
    while True:
        rows = db.session.execute(_WRITE, {**params, "after": after}).all()
        if not rows:
            break
        deliveries = _fan_out(rows)
        db.session.commit()
        _send(deliveries)
        written += [(row.user_id, row.seq, "system", row.payload) for row in rows]
        after = rows[-1].user_id
    db.session.commit()  # the last, empty chunk's
    # Published once every chunk is written: the API processes then send to their sockets in one run
    # instead of between this request's round trips (in the API process, each of them waited behind
    # the sockets' writes of the chunks already out).
    settled = publish_serialized(url, written)
    users = len(written)
    # One statement for all chunks: a crash before it only makes the relay publish them again.
    mark_published(settled)
    published = len(settled)
    return {"recipients": users, "published": published,
            "duration_ms": round((time.monotonic() - started) * 1000, 1)}


def _fan_out(rows) -> list[int]:
    return [delivery for row in rows if row.hooked
            for delivery in fan_out(row.user_id, row.seq, "system", row.payload)]


def _send(deliveries: list[int]) -> None:
    for delivery_id in deliveries:
        if not send_delivery(delivery_id, 0):
            break  # the broker is down: retry_due sends the rest
