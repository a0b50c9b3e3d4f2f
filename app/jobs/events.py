"""The outbox: events numbered and stored in the writer's transaction, sent out after its commit.

A writer opens an `Outbox`, writes its events in the transaction, and commits through it; the outbox
then publishes the events to the users' rooms and sends their webhook deliveries, in that order. A
failed publish never fails the writer: the relay republishes what was left unpublished, and
`retry_due` sends deliveries whose message was lost.
"""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime
from typing import Any

from flask import current_app
from sqlalchemy import text
from sqlalchemy.exc import NoResultFound

from app.extensions import db
from app.jobs import event_types, fanout
from app.jobs.publisher import mark_published, publish

log = logging.getLogger(__name__)

# One round trip: take the user's next seq (locking the user row), insert the event with it as the
# payload's `id`, and insert one pending delivery per subscribed webhook (`fanout`).
_WRITE = text(f"""
WITH s AS (
    UPDATE users SET event_seq = event_seq + 1 WHERE id = :uid RETURNING event_seq
), e AS (
    INSERT INTO events (user_id, seq, type, payload, ocr_result_id, batch_id, created_at)
    SELECT :uid, s.event_seq, :type, CAST(:payload AS jsonb) || jsonb_build_object('id', s.event_seq),
           :job, :batch, :created
    FROM s RETURNING seq, payload
), d AS (
    INSERT INTO webhook_deliveries (webhook_id, event_seq, event_type, payload, next_attempt_at)
    SELECT w.id, e.seq, :type, e.payload, now() FROM webhooks w CROSS JOIN e
    WHERE {fanout.SUBSCRIBED}
    ORDER BY w.id
    RETURNING id
)
SELECT (SELECT seq FROM e) AS seq, ARRAY(SELECT id FROM d ORDER BY id) AS deliveries
""")


class Outbox:
    """The events and webhook deliveries of one transaction, flushed after it commits."""

    def __init__(self, *, mark_later: bool = False) -> None:
        self.events: list[tuple[int, dict]] = []
        self.deliveries: list[int] = []
        # With `mark_later`, the published events are marked by `mark_in_session` in the writer's next
        # transaction (one connection checkout and commit less) instead of a transaction of their own.
        self.mark_later = mark_later
        self.published: list[tuple[int, int]] = []

    def write(self, user_id: int, type_: str, message: str, data: dict, *,
              ocr_result_id: int | None = None, batch_id: str | None = None) -> dict:
        """Number and insert one event and its webhook deliveries in one statement.

        The caller must already hold any batch and job row locks (lock order: batch → job → user).
        """
        event_types.get(type_)  # an unregistered type is a bug, refused before anything is written
        created = datetime.now(UTC)
        body = {"type": type_, "message": message, "data": data, "created_at": created.isoformat()}
        row = db.session.execute(_WRITE, {"uid": user_id, "type": type_, "payload": json.dumps(body),
                                          "job": ocr_result_id, "batch": batch_id, "created": created,
                                          "types": json.dumps([type_])}).one()
        if row.seq is None:
            raise NoResultFound(f"No user {user_id} to number an event for")
        payload = {"id": row.seq, **body}
        self.deliveries += row.deliveries
        self.events.append((user_id, payload))
        return payload

    def write_job(self, job: Any, type_: str) -> dict:
        """Write a job's event with the data the registry builds from its row."""
        return self.write(job.user_id, type_, job.message or "", event_types.job_data(type_, job),
                          ocr_result_id=job.id, batch_id=str(job.batch_id) if job.batch_id else None)

    def commit(self) -> list[dict]:
        """Commit the session's transaction, then flush; return the payloads written."""
        db.session.commit()
        payloads = [payload for _user, payload in self.events]
        self.flush()
        return payloads

    def rollback(self) -> None:
        """Roll the transaction back and forget what it wrote."""
        db.session.rollback()
        self.events, self.deliveries = [], []

    def flush(self) -> None:
        """After commit: publish the events to their rooms, then send the webhook deliveries."""
        events, self.events = self.events, []
        deliveries, self.deliveries = self.deliveries, []
        if events:
            try:
                settled = publish(current_app.config["REDIS_URL"], events)
                if self.mark_later:
                    self.published += settled
                else:
                    mark_published(settled)
            except Exception as exc:  # noqa: BLE001 - a failed publish never fails the writer
                log.warning("publishing after commit failed, left for the relay: %s", exc)
        for delivery_id in deliveries:
            if not fanout.send_delivery(delivery_id, 0):
                break  # the broker is down: retry_due sends the rest

    def mark_in_session(self) -> bool:
        """Mark the events `flush` published, in the session's transaction; the caller commits it.

        Return whether anything was marked. A failure is rolled back and logged: the relay publishes
        unmarked events again (a duplicate the clients drop by id), it never fails the writer.
        """
        keys, self.published = self.published, []
        if not keys:
            return False
        try:
            mark_published(keys, db.session)
        except Exception as exc:  # noqa: BLE001 - see above
            db.session.rollback()
            log.warning("marking published events failed, left for the relay: %s", exc)
            return False
        return True


def write_event(user_id: int, type_: str, message: str, data: dict, **refs: Any) -> dict:
    """Write one event and commit it through a fresh outbox (for one-off writers and tests)."""
    outbox = Outbox()
    payload = outbox.write(user_id, type_, message, data, **refs)
    outbox.commit()
    return payload
