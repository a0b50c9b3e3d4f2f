"""Send jobs to their queues: at upload, and from the dispatcher with per-user fairness."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from flask import current_app
from kombu.exceptions import KombuError
from kombu.exceptions import OperationalError as BrokerError
from redis.exceptions import RedisError
from sqlalchemy import text

import celery_config
from app.extensions import db
from app.jobs import fairness
from app.jobs.stages import OCR_STAGES, Stage, stage_in, stage_is

log = logging.getLogger(__name__)
BROKER_ERRORS = (BrokerError, KombuError, RedisError, OSError, TimeoutError)

# Without waiting for the WAL flush: a mark lost to a database crash only makes the dispatcher send
# the job again, which its lease makes harmless (a durable commit cost ~1.5 ms here).
_MARK = text("SET LOCAL synchronous_commit = off; "
             "UPDATE ocr_results SET dispatched_at = now() WHERE id = ANY(:ids)")

_WAITING = stage_is(Stage.WAITING_EXTRACTION, "j.stage")

# Jobs of a user that hold an OCR slot: sent to `ocr_queue` and not yet claimed, or being read. A job
# handed to extraction has left the OCR queue: its slot is free (and `top_up` refills it at once).
_INFLIGHT = (
    "((j.status = 'queued' AND j.dispatched_at IS NOT NULL) "
    f"OR (j.status = 'processing' AND {stage_in(OCR_STAGES, 'j.stage')}))"
)


def _send(task_name: str, job_id: int, priority: str, queue: str) -> None:
    celery_app = current_app.extensions["celery"]
    celery_app.send_task(
        task_name, args=[job_id], queue=queue, priority=celery_config.PRIORITY.get(priority, 5),
        retry=False, ignore_result=True,  # state lives in PostgreSQL; no result-store subscription
    )


def send_ocr(job_id: int, priority: str) -> bool:
    """Enqueue one job's OCR task; return False when the broker is unreachable."""
    try:
        _send("ocrflow.ocr.process", job_id, priority, "ocr_queue")
        return True
    except BROKER_ERRORS as exc:
        log.warning("broker unavailable, job %s waits for the dispatcher: %s", job_id, exc.__class__.__name__)
        return False


def send_extraction(job_id: int, priority: str) -> bool:
    """Enqueue one job's extraction task; return False when the broker is unreachable."""
    try:
        _send("ocrflow.extraction.process", job_id, priority, "ai_queue")
        return True
    except BROKER_ERRORS as exc:
        log.warning("broker unavailable, extraction of %s waits: %s", job_id, exc.__class__.__name__)
        return False


def mark_dispatched(job_ids: Iterable[int]) -> None:
    """Record that the jobs were handed to the broker."""
    ids = list(job_ids)
    if ids:
        db.session.execute(_MARK, {"ids": ids})
        db.session.commit()


# Fresh jobs marked sent in one round trip, as many as the user's free slots allow (in the given order);
# the ones the broker then refuses are unmarked for the dispatcher.
_CLAIM_SLOTS = text(f"""
SET LOCAL synchronous_commit = off;
WITH free AS (
    SELECT GREATEST(0, :limit - (SELECT count(*) FROM ocr_results j WHERE j.user_id = :u AND {_INFLIGHT})) AS n
), picked AS (
    SELECT id FROM unnest(CAST(:ids AS bigint[])) WITH ORDINALITY AS t(id, pos)
    ORDER BY pos LIMIT (SELECT n FROM free)
)
UPDATE ocr_results SET dispatched_at = now() WHERE id IN (SELECT id FROM picked) RETURNING id
""")


def dispatch_new(jobs: list[tuple[int, str]], user_id: int) -> list[int]:
    """Dispatch freshly committed jobs up to the user's free slots (`fairness.slot_limit`); the rest wait."""
    if not jobs:
        return []
    limit = fairness.slot_limit(user_id)
    marked = set(db.session.execute(_CLAIM_SLOTS, {"u": user_id, "limit": limit,
                                                   "ids": [job_id for job_id, _ in jobs]}).scalars())
    db.session.commit()
    sent = []
    for job_id, priority in jobs:
        if job_id not in marked:
            continue
        if not send_ocr(job_id, priority):
            db.session.execute(_UNMARK, {"ids": sorted(marked - set(sent))})
            db.session.commit()
            break
        sent.append(job_id)
    return sent


_PRIORITY_ORDER = "CASE j.priority WHEN 'high' THEN 0 WHEN 'normal' THEN 1 ELSE 2 END"

# Marked before sending, under a per-user lock, so that two workers refilling the same user's slots
# at once neither pick the same job nor exceed the limit together.
_TOP_UP = text(f"""
SET LOCAL synchronous_commit = off;
SELECT pg_advisory_xact_lock(hashtextextended('ocrflow-dispatch:' || CAST(:u AS text), 0));
WITH picked AS (
    SELECT j.id FROM ocr_results j
    WHERE j.user_id = :u AND j.status = 'queued' AND j.dispatched_at IS NULL AND NOT j.cancel_requested
    ORDER BY {_PRIORITY_ORDER}, j.id
    LIMIT GREATEST(0, :limit - (SELECT count(*) FROM ocr_results j WHERE j.user_id = :u AND {_INFLIGHT}))
    FOR UPDATE SKIP LOCKED
), sent AS (
    UPDATE ocr_results j SET dispatched_at = now() FROM picked WHERE j.id = picked.id RETURNING j.id, j.priority
)
SELECT j.id, j.priority FROM sent j ORDER BY {_PRIORITY_ORDER}, j.id
""")
_UNMARK = text("UPDATE ocr_results SET dispatched_at = NULL WHERE id = ANY(:ids) AND status = 'queued'")


def top_up(user_id: int) -> int:
    """Dispatch the user's waiting jobs into the OCR slots free now; return how many were sent.

    Called as soon as a job leaves its slot, so a user's backlog keeps the workers busy instead of
    waiting for the dispatcher's next round. Jobs the broker refused are unmarked for the dispatcher.
    """
    rows = db.session.execute(_TOP_UP, {"u": user_id, "limit": fairness.slot_limit(user_id)}).all()
    db.session.commit()
    for n, row in enumerate(rows):
        if not send_ocr(row.id, row.priority):
            db.session.execute(_UNMARK, {"ids": [r.id for r in rows[n:]]})
            db.session.commit()
            return n
    return len(rows)


def refill(user_id: int) -> int:
    """`top_up`, best effort: on any failure the dispatcher's next round sends what is left."""
    try:
        return top_up(user_id)
    except Exception as exc:  # noqa: BLE001 - never fail the job or the request for a refill
        db.session.rollback()
        log.warning("could not refill the OCR slots of user %s: %s", user_id, exc.__class__.__name__)
        return 0

_DUE = text(f"""
WITH inflight AS (
    SELECT j.user_id, count(*) AS n FROM ocr_results j WHERE {_INFLIGHT} GROUP BY j.user_id
), waiting AS (
    SELECT j.id, j.user_id, j.priority,
           row_number() OVER (PARTITION BY j.user_id ORDER BY {_PRIORITY_ORDER}, j.id) AS rank
    FROM ocr_results j
    WHERE j.status = 'queued' AND j.dispatched_at IS NULL AND NOT j.cancel_requested
)
SELECT w.id, w.priority FROM waiting w LEFT JOIN inflight i ON i.user_id = w.user_id
WHERE w.rank <= (CASE WHEN w.user_id = ANY(CAST(:slowed AS bigint[])) THEN LEAST(1, :limit) ELSE :limit END)
                 - coalesce(i.n, 0)
ORDER BY w.rank, w.id
""")

_STALE = text(f"""
SELECT j.id, j.priority, j.status FROM ocr_results j
WHERE ((j.status = 'queued') OR (j.status = 'processing' AND {_WAITING}))
  AND j.dispatched_at IS NOT NULL AND j.dispatched_at < now() - make_interval(secs => :after)
ORDER BY j.id LIMIT 1000
""")

_EXTRACTION_DUE = text(f"""
SELECT j.id, j.priority FROM ocr_results j
WHERE j.status = 'processing' AND {_WAITING} AND j.dispatched_at IS NULL
ORDER BY j.id LIMIT 1000
""")


def dispatch_pending() -> dict:
    """Dispatch waiting jobs within each user's slots, and re-send messages that may have been lost."""
    cfg = current_app.config
    limits = {"limit": fairness.pool_limit(), "slowed": sorted(fairness.slowed_users())}
    due = db.session.execute(_DUE, limits).all()
    extraction = db.session.execute(_EXTRACTION_DUE).all()
    stale = db.session.execute(_STALE, {"after": cfg["OCR_REDISPATCH_AFTER"]}).all()
    db.session.rollback()
    sent = {"ocr": 0, "extraction": 0, "redispatched": 0}
    for rows, key in ((due, "ocr"), (extraction, "extraction"), (stale, "redispatched")):
        ids = []
        for row in rows:
            is_extraction = key == "extraction" or getattr(row, "status", "queued") == "processing"
            ok = (send_extraction if is_extraction else send_ocr)(row.id, row.priority)
            if not ok:
                mark_dispatched(ids)
                return sent | {key: len(ids), "broker_down": True}
            ids.append(row.id)
        mark_dispatched(ids)
        sent[key] = len(ids)
    return sent
