"""The job state machine: the only module that changes `ocr_results.status`.

queued ──claim──▶ processing ──▶ completed | failed | cancelled, and back to queued when a lease expires.
Every change goes through `_transition`: lock (batch → job), check, update, write the event in the same
transaction, commit, then flush the outbox (publish, webhooks). Every write after a claim is
conditional on the claim's `lease_id`, so a worker that lost its lease can change nothing.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import inspect, text

from app.errors import Conflict, NotFound
from app.extensions import db
from app.jobs import estimates, fairness
from app.jobs.event_types import (
    BATCH_COMPLETED,
    OCR_CANCELLED,
    OCR_COMPLETED,
    OCR_FAILED,
    OCR_PROGRESS,
    batch_data,
)
from app.jobs.events import Outbox
from app.jobs.stages import (
    IN_EXTRACTION,
    IN_OCR,
    MESSAGES,
    PROGRESS,
    WAITING_EXTRACTION,
    Stage,
)
from app.jobs.transitions import JobRow, batch_moved, lock_batch_of, update_job
from app.models import OcrResult
from app.models.job import STATUSES
from app.ocr.errors import Cancelled

__all__ = ["Cancelled", "Claim", "LeaseLost"]  # Cancelled: the one cancellation type, pages and stages alike


class LeaseLost(Exception):
    """The claim's lease is no longer ours: stop without writing."""


@dataclass(frozen=True)
class Claim:
    """A worker's hold on a job for one lease."""

    job_id: int
    lease_id: uuid.UUID
    user_id: int
    attempts: int
    phase: str = "ocr"


# Leaving a lease behind: every transition out of a worker's hands clears it.
_RELEASE = "lease_id = NULL, lease_expires_at = NULL"


def _transition(job_id: int, sets: str, where: str, params: dict, *, event: str,
                status: str | None = None) -> JobRow | None:
    """Lock, check `where`, update, write `event`, commit and flush; None (rolled back) when it did not hold.

    With `status`, the job changes status: its batch row is locked first (lock order: batch → job →
    user) and the batch's counts move with it.
    """
    outbox = Outbox()
    if status is not None:
        lock_batch_of(job_id)
    row = update_job(job_id, sets, where, params)
    if row is None:
        outbox.rollback()
        return None
    if status is not None:
        _batch_moved(outbox, row, status)
    outbox.write_job(row, event)
    outbox.commit()
    return row


def _batch_moved(outbox: Outbox, row: JobRow, status: str) -> None:
    counts = batch_moved(row, row.old_status, status)
    if counts is not None:
        outbox.write(counts.user_id, BATCH_COMPLETED.name, "Batch finished", batch_data(counts, STATUSES),
                     batch_id=str(counts.id))


def create_job(job: OcrResult, outbox: Outbox) -> dict:
    """Add a new queued job to the session and write its `queued` event (the caller commits the outbox)."""
    job.status, job.stage, job.progress, job.cache_hit = "queued", Stage.QUEUED.value, 0, False
    job.message = MESSAGES[Stage.QUEUED]
    return _created(job, OCR_PROGRESS.name, outbox)


_RESULT_FIELDS = ("extracted_text", "text_blocks", "extracted_data", "confidence_score", "processing_time",
                  "engine", "page_count", "pages")


def create_cached(job: OcrResult, source: OcrResult, outbox: Outbox) -> dict:
    """Add a job completed at once from an earlier identical job's result (the caller commits the outbox)."""
    for name in _RESULT_FIELDS:
        setattr(job, name, getattr(source, name))
    job.status, job.stage, job.progress, job.cache_hit = "completed", Stage.DONE.value, 100, True
    job.message = "Done (same file and options as an earlier job)"
    job.started_at = job.finished_at = datetime.now(UTC)
    return _created(job, OCR_COMPLETED.name, outbox)


_JOBS = OcrResult.__table__
_INSERT_JOB = _JOBS.insert().returning(_JOBS.c.id)  # compiled once per set of columns given
# A queued job also counts the jobs ahead of it for the 202's estimate, in the same round trip.
_INSERT_QUEUED = _JOBS.insert().returning(_JOBS.c.id, estimates.AHEAD_OF_INSERTED)


def _created(job: OcrResult, event_type: str, outbox: Outbox) -> dict:
    # One prepared Core INSERT instead of the unit of work's flush: the object stays out of the session,
    # with its id set (the callers only read what they set).
    values = {key: value for key, value in inspect(job).dict.items() if key in _JOBS.c}
    if job.status == "queued":
        job.id, job.jobs_ahead = db.session.execute(_INSERT_QUEUED, values).one()
    else:
        job.id = db.session.execute(_INSERT_JOB, values).scalar_one()
    if job.batch_id is not None:
        db.session.execute(text(f"UPDATE batches SET total = total + 1, {job.status} = {job.status} + 1 "
                                "WHERE id = :b"), {"b": job.batch_id})
    return outbox.write_job(job, event_type)


def close_batch_if_done(batch_id: uuid.UUID, outbox: Outbox) -> None:
    """Announce a batch whose jobs all finished at creation (every file was a cache hit)."""
    counts = db.session.execute(text(
        "UPDATE batches SET completed_at = now() WHERE id = :b AND queued + processing = 0 AND total > 0 "
        "AND completed_at IS NULL RETURNING id, user_id, total, queued, processing, completed, failed, cancelled"),
        {"b": batch_id}).first()
    if counts is not None:
        outbox.write(counts.user_id, BATCH_COMPLETED.name, "Batch finished", batch_data(counts, STATUSES),
                     batch_id=str(counts.id))


_CLAIMABLE = {
    "ocr": f"(status = 'queued' OR (status = 'processing' AND {IN_OCR} "
           "AND lease_expires_at < now() AND attempts < :max_attempts))",
    "extraction": f"(status = 'processing' AND ({WAITING_EXTRACTION} OR ({IN_EXTRACTION} "
                  "AND lease_expires_at < now())))",
}


def claim(job_id: int, lease_seconds: int, *, phase: str = "ocr", max_attempts: int = 3) -> Claim | None:
    """Take a job for one lease, or return None when it is not ours to run."""
    lease = uuid.uuid4()
    stage = Stage.PREPROCESSING if phase == "ocr" else Stage.EXTRACTION
    attempts_sql = "attempts + 1" if phase == "ocr" else "attempts"
    row = _transition(
        job_id,
        f"status = 'processing', attempts = {attempts_sql}, lease_id = :lease, "
        "lease_expires_at = now() + make_interval(secs => :secs), heartbeat_at = now(), "
        "started_at = coalesce(started_at, now()), stage = :stage, progress = :progress, message = :msg",
        f"cancel_requested = false AND {_CLAIMABLE[phase]}",
        {"lease": lease, "secs": lease_seconds, "stage": stage.value, "progress": PROGRESS[stage],
         "msg": MESSAGES[stage], "max_attempts": max_attempts},
        event=OCR_PROGRESS.name, status="processing")
    return None if row is None else Claim(row.id, lease, row.user_id, row.attempts, phase)


def advance(c: Claim, stage: Stage, progress: int | None = None, **fields: Any) -> bool:
    """Move a claimed job to a stage; return whether the user asked to cancel."""
    extra, params = assignments(fields)
    params |= {"stage": stage.value, "progress": PROGRESS[stage] if progress is None else progress,
               "msg": MESSAGES[stage], "lease": c.lease_id}
    row = _transition(c.job_id, "stage = :stage, progress = :progress, message = :msg" + extra,
                      "status = 'processing' AND lease_id = :lease", params, event=OCR_PROGRESS.name)
    if row is None:
        raise LeaseLost(c.job_id)
    return row.cancel_requested


def assignments(fields: dict) -> tuple[str, dict]:
    """Return `, col = :f_col …` and its parameters; dicts and lists are stored as JSONB."""
    parts, params = [], {}
    for name, value in fields.items():
        if isinstance(value, dict | list):
            parts.append(f", {name} = CAST(:f_{name} AS jsonb)")
            value = json.dumps(value)
        else:
            parts.append(f", {name} = :f_{name}")
        params[f"f_{name}"] = value
    return "".join(parts), params


def hand_to_extraction(c: Claim, **fields: Any) -> None:
    """Store the OCR output and park the job in the durable `waiting_extraction` stage."""
    fields |= {"lease_id": None, "lease_expires_at": None, "dispatched_at": None}
    advance(c, Stage.WAITING_EXTRACTION, **fields)


def complete(c: Claim, **fields: Any) -> None:
    """Finish a claimed job as completed with its results."""
    _finish(c, "completed", OCR_COMPLETED.name, MESSAGES[Stage.DONE], stage=Stage.DONE, fields=fields)


def fail(c: Claim, code: str, message: str) -> None:
    """Finish a claimed job as failed with an error code; OCR past its time budget is a strike."""
    _finish(c, "failed", OCR_FAILED.name, f"Failed: {message}",
            fields={"error_code": code, "error_message": message})
    if c.phase == "ocr" and code in fairness.BUDGET_CODES:
        fairness.record_strike(c.user_id)


def cancel(c: Claim) -> None:
    """Finish a claimed job as cancelled (the user asked)."""
    _finish(c, "cancelled", OCR_CANCELLED.name, "Cancelled", fields={})


def _finish(c: Claim, status: str, event_type: str, message: str, *, fields: dict,
            stage: Stage | None = None) -> None:
    sets = f"status = :status, message = :msg, finished_at = now(), {_RELEASE}"
    if stage is not None:
        sets += ", stage = :stage, progress = :progress"
    extra, field_params = assignments(fields)
    sets += extra
    if status == "completed":
        sets += ", processing_time = round(CAST(extract(epoch FROM now() - started_at) AS numeric), 3)"
    params = {"status": status, "msg": message, "lease": c.lease_id, "stage": stage.value if stage else None,
              "progress": PROGRESS[stage] if stage else None} | field_params
    if _transition(c.job_id, sets, "status = 'processing' AND lease_id = :lease", params,
                   event=event_type, status=status) is None:
        raise LeaseLost(c.job_id)


def request_cancel(job: OcrResult) -> str:
    """Cancel a job: at once when nothing runs it, else cooperatively; 409 once terminal."""
    row = _transition(job.id, f"status = 'cancelled', cancel_requested = true, message = 'Cancelled', "
                      f"finished_at = now(), {_RELEASE}",
                      f"(status = 'queued' OR (status = 'processing' AND {WAITING_EXTRACTION}))", {},
                      event=OCR_CANCELLED.name, status="cancelled")
    if row is not None:
        return "cancelled"
    row = update_job(job.id, "cancel_requested = true", "status = 'processing'", {})
    if row is None:
        db.session.rollback()
        raise Conflict("The job has already finished", code="job_terminal",
                       details={"status": _status_of(job.id)})
    db.session.commit()
    return "processing"


def _status_of(job_id: int) -> str:
    status = db.session.execute(text("SELECT status FROM ocr_results WHERE id = :id"), {"id": job_id}).scalar()
    if status is None:
        raise NotFound("No such job")
    return status


def settle_cancelled(job_id: int) -> bool:
    """Cancel a job that asked to be cancelled while no worker held it; return whether it did."""
    return _transition(job_id, f"status = 'cancelled', message = 'Cancelled', finished_at = now(), {_RELEASE}",
                       "cancel_requested AND (status = 'queued' OR (status = 'processing' AND "
                       f"({WAITING_EXTRACTION} OR lease_expires_at < now())))", {},
                       event=OCR_CANCELLED.name, status="cancelled") is not None


def fail_unclaimed(job_id: int, code: str, message: str, *, require_expired: bool = True) -> bool:
    """Fail a job no worker holds (lease expired past the attempt cap, or an unreadable file)."""
    cond = "(status = 'queued' OR (status = 'processing' AND lease_expires_at < now()))" if require_expired \
        else "status IN ('queued', 'processing')"
    return _transition(job_id, f"status = 'failed', message = :msg, finished_at = now(), {_RELEASE}, "
                       "error_code = :code, error_message = :err",
                       cond, {"msg": f"Failed: {message}", "code": code, "err": message},
                       event=OCR_FAILED.name, status="failed") is not None


def requeue_expired(job_id: int, max_attempts: int) -> str | None:
    """Reap one expired lease: back to its queue, or `worker_lost` past the attempt cap."""
    waiting = Stage.WAITING_EXTRACTION
    if _transition(job_id, f"stage = :stage, progress = :progress, message = :msg, {_RELEASE}, "
                   "dispatched_at = NULL",
                   f"status = 'processing' AND {IN_EXTRACTION} AND lease_expires_at < now()",
                   {"stage": waiting.value, "progress": PROGRESS[waiting], "msg": MESSAGES[waiting]},
                   event=OCR_PROGRESS.name) is not None:
        return waiting.value
    queued = Stage.QUEUED
    if _transition(job_id, f"status = 'queued', stage = :stage, progress = :progress, message = :msg, "
                   f"{_RELEASE}, dispatched_at = NULL",
                   f"status = 'processing' AND {IN_OCR} AND lease_expires_at < now() AND attempts < :max",
                   {"stage": queued.value, "progress": PROGRESS[queued], "msg": MESSAGES[queued],
                    "max": max_attempts}, event=OCR_PROGRESS.name, status="queued") is not None:
        return "queued"
    if fail_unclaimed(job_id, "worker_lost", "The worker processing this job was lost too many times"):
        return "worker_lost"
    return None
