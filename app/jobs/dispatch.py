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
_LONG = fairness.LONG_JOB

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


# A user's slots held now, and how many more jobs (`free.n`) and long documents (`free.long_n`) fit.
_HELD = f"""
held AS (
    SELECT count(*) AS n, count(*) FILTER (WHERE {_LONG}) AS long_n
    FROM ocr_results j WHERE j.user_id = :u AND {_INFLIGHT}
), free AS (
    SELECT GREATEST(0, :limit - n) AS n, GREATEST(0, LEAST(:limit - n, :long_limit - long_n)) AS long_n FROM held
)"""

# Fresh jobs marked sent in one round trip, as many as the user's free slots allow (in the given order;
# a long document beyond the free long slots is skipped, a later single image still fits); the ones the
# broker then refuses are unmarked for the dispatcher.
_CLAIM_SLOTS = text(f"""
SET LOCAL synchronous_commit = off;
WITH {_HELD}, fresh AS (
    SELECT t.id, t.pos, {_LONG} AS long FROM unnest(CAST(:ids AS bigint[])) WITH ORDINALITY AS t(id, pos)
    JOIN ocr_results j ON j.id = t.id
), picked AS (
    SELECT c.id FROM (
        (SELECT id, pos FROM fresh WHERE NOT long ORDER BY pos LIMIT (SELECT n FROM free))
        UNION ALL
        (SELECT id, pos FROM fresh WHERE long ORDER BY pos LIMIT (SELECT long_n FROM free))
    ) c ORDER BY c.pos LIMIT (SELECT n FROM free)
)
UPDATE ocr_results SET dispatched_at = now() WHERE id IN (SELECT id FROM picked) RETURNING id
""")


def dispatch_new(jobs: list[tuple[int, str]], user_id: int) -> list[int]:
    """Dispatch freshly committed jobs up to the user's free slots (`fairness.user_slots`); the rest wait."""
    if not jobs:
        return []
    slots = fairness.user_slots(user_id)
    marked = set(db.session.execute(_CLAIM_SLOTS, {"u": user_id, "limit": slots.total, "long_limit": slots.long,
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

_WAITING_OF_USER = ("j.user_id = :u AND j.status = 'queued' AND j.dispatched_at IS NULL "
                    "AND NOT j.cancel_requested")
# Marked before sending, under a per-user lock, so that two workers refilling the same user's slots
# at once neither pick the same job nor exceed the limits together. The first waiting single images and
# long documents that fit are picked separately, then the free slots are filled from both in order.
_TOP_UP = text(f"""
SET LOCAL synchronous_commit = off;
SELECT pg_advisory_xact_lock(hashtextextended('ocrflow-dispatch:' || CAST(:u AS text), 0));
WITH {_HELD}, single AS (
    SELECT j.id, j.priority FROM ocr_results j WHERE {_WAITING_OF_USER} AND NOT {_LONG}
    ORDER BY {_PRIORITY_ORDER}, j.id LIMIT (SELECT n FROM free) FOR UPDATE SKIP LOCKED
), long AS (
    SELECT j.id, j.priority FROM ocr_results j WHERE {_WAITING_OF_USER} AND {_LONG}
    ORDER BY {_PRIORITY_ORDER}, j.id LIMIT (SELECT long_n FROM free) FOR UPDATE SKIP LOCKED
), picked AS (
    SELECT j.id FROM (SELECT * FROM single UNION ALL SELECT * FROM long) j
    ORDER BY {_PRIORITY_ORDER}, j.id LIMIT (SELECT n FROM free)
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
    slots = fairness.user_slots(user_id)
    rows = db.session.execute(_TOP_UP, {"u": user_id, "limit": slots.total, "long_limit": slots.long}).all()
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


# Per user: waiting long documents beyond the free long slots are skipped, then the rest fill the free
# slots in order. Users take turns (every user's first job, then every user's second, ...).
_DUE = text(f"""
WITH inflight AS (
    SELECT j.user_id, count(*) AS n, count(*) FILTER (WHERE {_LONG}) AS long_n
    FROM ocr_results j WHERE {_INFLIGHT} GROUP BY j.user_id
), waiting AS (
    SELECT j.id, j.user_id, j.priority, {_PRIORITY_ORDER} AS prio, {_LONG} AS long,
           row_number() OVER (PARTITION BY j.user_id, {_LONG} ORDER BY {_PRIORITY_ORDER}, j.id) AS kind_rank
    FROM ocr_results j
    WHERE j.status = 'queued' AND j.dispatched_at IS NULL AND NOT j.cancel_requested
), limits AS (
    SELECT DISTINCT w.user_id, w.user_id = ANY(CAST(:slowed AS bigint[])) AS slowed FROM waiting w
), free AS (
    SELECT l.user_id,
           (CASE WHEN l.slowed THEN LEAST(1, :limit) ELSE :limit END) - coalesce(i.n, 0) AS n,
           (CASE WHEN l.slowed THEN LEAST(1, :long_limit) ELSE :long_limit END) - coalesce(i.long_n, 0) AS long_n
    FROM limits l LEFT JOIN inflight i ON i.user_id = l.user_id
), eligible AS (
    SELECT w.id, w.user_id, w.priority,
           row_number() OVER (PARTITION BY w.user_id ORDER BY w.prio, w.id) AS rank
    FROM waiting w JOIN free f ON f.user_id = w.user_id
    WHERE NOT w.long OR w.kind_rank <= f.long_n
)
SELECT e.id, e.priority FROM eligible e JOIN free f ON f.user_id = e.user_id
WHERE e.rank <= f.n
ORDER BY e.rank, e.id
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
    slots = fairness.pool_slots()
    limits = {"limit": slots.total, "long_limit": slots.long, "slowed": sorted(fairness.slowed_users())}
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
