"""Deliver one attempt of a webhook delivery, log it, and decide whether and when to try again.

An attempt is claimed by its number: `attempt = :n` → `n + 1`, so a message delivered twice (a lost
ack, a rescue by `retry_due`) makes one attempt, not two. The claim also pushes `next_attempt_at` past
the attempt's worst case, so `retry_due` leaves an attempt in flight alone and takes back one whose
worker died.
"""

from __future__ import annotations

import http.client
import json
import logging
import random
import socket
import ssl
import time
from dataclasses import dataclass
from datetime import UTC, datetime

from flask import current_app
from sqlalchemy import text

from app.extensions import db
from app.jobs.fanout import send_delivery
from app.webhooks import client, guard, signing
from app.webhooks.settings import DeliverySettings, get_settings

log = logging.getLogger(__name__)
MAX_ADDRESSES = 3  # addresses of one host tried in turn when connecting fails

_CLAIM = text("""
UPDATE webhook_deliveries d
SET attempt = d.attempt + 1, updated_at = now(), next_attempt_at = now() + make_interval(secs => :lease)
FROM webhooks w
WHERE d.id = :id AND d.status = 'pending' AND d.attempt = :attempt AND w.id = d.webhook_id AND w.active
RETURNING d.attempt, d.event_type, d.payload, w.url, w.secret
""")

_RECORD = text("""
UPDATE webhook_deliveries
SET status = :status, response_code = :code, error = :error, updated_at = now(),
    attempt_log = attempt_log || CAST(:entry AS jsonb),
    next_attempt_at = now() + make_interval(secs => :delay),
    delivered_at = CASE WHEN :status = 'delivered' THEN now() END
WHERE id = :id AND attempt = :attempt
""")

_DUE = text("""
WITH due AS (
    SELECT id FROM webhook_deliveries
    WHERE status = 'pending' AND next_attempt_at <= now() - make_interval(secs => :late)
    ORDER BY next_attempt_at LIMIT :limit FOR UPDATE SKIP LOCKED
)
UPDATE webhook_deliveries d SET next_attempt_at = now() + make_interval(secs => :lease)
FROM due WHERE d.id = due.id
RETURNING d.id, d.attempt
""")

_RESEND = text("""
INSERT INTO webhook_deliveries (webhook_id, event_seq, event_type, payload, next_attempt_at)
SELECT webhook_id, event_seq, event_type, payload, now() FROM webhook_deliveries WHERE id = :id
RETURNING id
""")


@dataclass(frozen=True)
class Outcome:
    """The result of one attempt: what happened and when to try again (None: never)."""

    delivery_id: int
    attempt: int
    status: str  # delivered | retrying | failed | skipped
    retry_in: float | None = None

    def as_dict(self) -> dict:
        """A small summary for the task's result."""
        return {"delivery": self.delivery_id, "attempt": self.attempt, "status": self.status,
                "retry_in": self.retry_in}


@dataclass(frozen=True)
class _Try:
    ok: bool
    permanent: bool
    code: int | None
    error: str | None
    address: str | None = None
    excerpt: str | None = None


def backoff(attempt: int, settings: DeliverySettings, rand: random.Random | None = None) -> float:
    """Seconds before the attempt after `attempt`: base·2^(attempt-1), capped, with ±20 % jitter."""
    delay = min(settings.retry_max, settings.retry_base * 2 ** (attempt - 1))
    return round(delay * (rand or random).uniform(0.8, 1.2), 3)


def attempt_delivery(delivery_id: int, attempt: int, context: ssl.SSLContext | None = None) -> Outcome:
    """Claim attempt `attempt + 1` of a delivery, POST it, and log the result."""
    settings = get_settings(current_app.config)
    row = db.session.execute(_CLAIM, {"id": delivery_id, "attempt": attempt, "lease": settings.lease}).first()
    db.session.commit()
    if row is None:
        return Outcome(delivery_id, attempt, "skipped")
    started, at = time.monotonic(), datetime.now(UTC)
    try:
        result = _post(delivery_id, row, settings, context)
    except Exception as exc:  # noqa: BLE001 - a bug here is logged and recorded, and the attempt retried
        log.exception("webhook delivery %s attempt %s failed unexpectedly", delivery_id, row.attempt)
        result = _Try(False, False, None, f"internal error: {exc.__class__.__name__}")
    duration_ms = round((time.monotonic() - started) * 1000, 1)
    return _record(delivery_id, row.attempt, result, settings, at, duration_ms)


def _post(delivery_id: int, row, settings: DeliverySettings, context: ssl.SSLContext | None) -> _Try:
    limits = client.Limits(settings.connect_timeout, settings.read_timeout, settings.deadline,
                           settings.max_response_bytes)
    try:
        target = guard.parse_url(row.url)
        addresses = guard.resolve_checked(target, settings.allow)
    except (guard.Refused, guard.InvalidTarget) as exc:
        return _Try(False, True, None, f"refused: {exc}")
    except (socket.gaierror, UnicodeError) as exc:
        return _Try(False, False, None, f"name resolution failed: {exc}")
    body = signing.body_of(row.payload)
    headers = signing.headers(row.secret, row.event_type, delivery_id, body)
    error = "no address"
    for address in [a for _family, a in addresses][:MAX_ADDRESSES]:
        try:
            return _judge(client.post(target, address, body, headers, limits, context), address)
        except client.ConnectFailed as exc:
            error = f"connect to {address} failed: {_describe(exc.__cause__ or exc)}"
        except (OSError, http.client.HTTPException) as exc:
            return _Try(False, False, None, _describe(exc), address)
    return _Try(False, False, None, error)


def _judge(resp: client.Response, address: str) -> _Try:
    if 200 <= resp.status < 300:
        return _Try(True, False, resp.status, None, address, resp.excerpt or None)
    if 300 <= resp.status < 400:
        where = f" to {resp.location}" if resp.location else ""
        return _Try(False, False, resp.status, f"redirect{where} not followed", address, resp.excerpt or None)
    return _Try(False, False, resp.status, f"HTTP {resp.status} {resp.reason}".strip(), address,
                resp.excerpt or None)


def _describe(exc: BaseException) -> str:
    if isinstance(exc, client.DeadlineExceeded):
        return str(exc)
    if isinstance(exc, TimeoutError | socket.timeout):
        return "timed out"
    if isinstance(exc, ssl.SSLCertVerificationError):
        return f"TLS certificate not valid: {exc.verify_message}"
    return f"{exc.__class__.__name__}: {exc}".rstrip(": ")


def _record(delivery_id: int, attempt: int, result: _Try, settings: DeliverySettings, at: datetime,
            duration_ms: float) -> Outcome:
    if result.ok:
        status, delay = "delivered", None
    elif result.permanent or attempt >= settings.max_attempts:
        status, delay = "failed", None
    else:
        status, delay = "pending", backoff(attempt, settings)
    entry = {"attempt": attempt, "at": at.isoformat(), "status": "delivered" if result.ok else "failed",
             "response_code": result.code, "error": result.error, "duration_ms": duration_ms,
             "address": result.address, "response_excerpt": result.excerpt}
    db.session.execute(_RECORD, {"id": delivery_id, "attempt": attempt, "status": status,
                                 "code": result.code, "error": result.error, "delay": delay,
                                 "entry": json.dumps([entry])})
    db.session.commit()
    log.info("webhook delivery %s attempt %s: %s %s", delivery_id, attempt, entry["status"],
             result.code or result.error)
    return Outcome(delivery_id, attempt, "retrying" if status == "pending" else status, delay)


def retry_due(limit: int = 500) -> dict:
    """Send the deliveries whose next attempt is overdue (lost messages, long backoffs, dead workers)."""
    settings = get_settings(current_app.config)
    rows = db.session.execute(_DUE, {"late": settings.rescue_after, "limit": limit,
                                     "lease": settings.lease}).all()
    db.session.commit()
    sent = 0
    for row in rows:
        if not send_delivery(row.id, row.attempt):
            break
        sent += 1
    return {"due": len(rows), "sent": sent}


def copy_for_resend(delivery_id: int) -> int:
    """Copy a delivery into a new pending one and commit it; return the new id (`fanout.send_delivery` sends it)."""
    new_id = db.session.execute(_RESEND, {"id": delivery_id}).scalar_one()
    db.session.commit()
    return new_id
