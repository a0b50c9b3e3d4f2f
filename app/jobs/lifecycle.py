"""The job state machine: the only module that changes `ocr_results.status`.

queued ──claim──▶ processing ──▶ completed | failed | cancelled, and back to queued when a lease expires.
Every transition writes its event in the same transaction; every write after a claim is conditional
on the claim's `lease_id`, so a worker that lost its lease can change nothing.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import text

from app.errors import Conflict, NotFound
from app.extensions import db
from app.jobs.events import write_event
from app.jobs.stages import EXTRACTION_STAGES, MESSAGES, PROGRESS, Stage
from app.jobs.transitions import JobRow, batch_moved, lock_batch_of, row_data, status_data, update_job
from app.models import OcrResult


class LeaseLost(Exception):
    """The claim's lease is no longer ours: stop without writing."""


class Cancelled(Exception):
    """The user asked to cancel the job."""


@dataclass(frozen=True)
class Claim:
    """A worker's hold on a job for one lease."""

    job_id: int
    lease_id: uuid.UUID
    user_id: int
    attempts: int


def create_job(job: OcrResult) -> dict:
    """Add a new queued job to the session and write its `queued` event (the caller commits)."""
    job.status, job.stage, job.progress, job.cache_hit = "queued", Stage.QUEUED.value, 0, False
    job.message = MESSAGES[Stage.QUEUED]
    return _created(job, "ocr_progress")


_RESULT_FIELDS = ("extracted_text", "text_blocks", "extracted_data", "confidence_score", "processing_time",
                  "engine", "page_count", "pages")


def create_cached(job: OcrResult, source: OcrResult) -> dict:
    """Add a job completed at once from an earlier identical job's result (the caller commits)."""
    for name in _RESULT_FIELDS:
        setattr(job, name, getattr(source, name))
    job.status, job.stage, job.progress, job.cache_hit = "completed", Stage.DONE.value, 100, True
    job.message = "Done (same file and options as an earlier job)"
    job.started_at = job.finished_at = db.func.now()
    return _created(job, "ocr_completed")


def _created(job: OcrResult, event_type: str) -> dict:
    db.session.add(job)
    db.session.flush()
    if job.batch_id is not None:
        db.session.execute(text(f"UPDATE batches SET total = total + 1, {job.status} = {job.status} + 1 "
                                "WHERE id = :b"), {"b": job.batch_id})
    data = status_data(job)
    if event_type == "ocr_completed":
        data["result"] = {"extracted_data": job.extracted_data, "confidence_score": job.confidence_score,
                          "processing_time": job.processing_time, "page_count": job.page_count}
    return write_event(job.user_id, event_type, job.message, data,
                       ocr_result_id=job.id, batch_id=str(job.batch_id) if job.batch_id else None)


def close_batch_if_done(batch_id: uuid.UUID) -> None:
    """Announce a batch whose jobs all finished at creation (every file was a cache hit)."""
    counts = db.session.execute(text(
        "UPDATE batches SET completed_at = now() WHERE id = :b AND queued + processing = 0 AND total > 0 "
        "AND completed_at IS NULL RETURNING id, user_id, total, queued, processing, completed, failed, cancelled"),
        {"b": batch_id}).first()
    if counts is not None:
        summary = {s: getattr(counts, s) for s in ("queued", "processing", "completed", "failed", "cancelled")}
        write_event(counts.user_id, "batch_completed", "Batch finished",
                    {"batch_id": str(counts.id), "counts": summary | {"total": counts.total}},
                    batch_id=str(counts.id))


_CLAIMABLE = {
    "ocr": "(status = 'queued' OR (status = 'processing' AND stage IN ('preprocessing', 'ocr') "
           "AND lease_expires_at < now() AND attempts < :max_attempts))",
    "extraction": "(status = 'processing' AND (stage = 'waiting_extraction' OR (stage IN "
                  "('extraction', 'validation', 'saving') AND lease_expires_at < now())))",
}


def claim(job_id: int, lease_seconds: int, *, phase: str = "ocr", max_attempts: int = 3) -> Claim | None:
    """Take a job for one lease, or return None when it is not ours to run."""
    lease = uuid.uuid4()
    stage = Stage.PREPROCESSING if phase == "ocr" else Stage.EXTRACTION
    attempts_sql = "attempts + 1" if phase == "ocr" else "attempts"
    lock_batch_of(job_id)
    row = update_job(
        job_id,
        f"status = 'processing', attempts = {attempts_sql}, lease_id = :lease, "
        "lease_expires_at = now() + make_interval(secs => :secs), heartbeat_at = now(), "
        "started_at = coalesce(started_at, now()), stage = :stage, progress = :progress, message = :msg",
        f"cancel_requested = false AND {_CLAIMABLE[phase]}",
        {"lease": lease, "secs": lease_seconds, "stage": stage.value, "progress": PROGRESS[stage],
         "msg": MESSAGES[stage], "max_attempts": max_attempts},
    )
    if row is None:
        db.session.rollback()
        return None
    batch_moved(row, row.old_status, "processing")
    _event(row, "ocr_progress")
    db.session.commit()
    return Claim(row.id, lease, row.user_id, row.attempts)


def advance(c: Claim, stage: Stage, progress: int | None = None, **fields: Any) -> bool:
    """Move a claimed job to a stage; return whether the user asked to cancel."""
    row = _update_leased(c, stage, progress, fields)
    _event(row, "ocr_progress")
    db.session.commit()
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


def _update_leased(c: Claim, stage: Stage, progress: int | None, fields: dict) -> JobRow:
    extra, params = assignments(fields)
    params |= {"stage": stage.value, "progress": PROGRESS[stage] if progress is None else progress,
               "msg": MESSAGES[stage], "lease": c.lease_id}
    sets = "stage = :stage, progress = :progress, message = :msg" + extra
    row = update_job(c.job_id, sets, "status = 'processing' AND lease_id = :lease", params)
    if row is None:
        db.session.rollback()
        raise LeaseLost(c.job_id)
    return row


def hand_to_extraction(c: Claim, **fields: Any) -> None:
    """Store the OCR output and park the job in the durable `waiting_extraction` stage."""
    fields |= {"lease_id": None, "lease_expires_at": None, "dispatched_at": None}
    advance(c, Stage.WAITING_EXTRACTION, **fields)


def complete(c: Claim, **fields: Any) -> None:
    """Finish a claimed job as completed with its results."""
    _finish(c, "completed", "ocr_completed", MESSAGES[Stage.DONE], stage=Stage.DONE, fields=fields)


def fail(c: Claim, code: str, message: str) -> None:
    """Finish a claimed job as failed with an error code."""
    _finish(c, "failed", "ocr_failed", f"Failed: {message}", fields={"error_code": code, "error_message": message})


def cancel(c: Claim) -> None:
    """Finish a claimed job as cancelled (the user asked)."""
    _finish(c, "cancelled", "ocr_cancelled", "Cancelled", fields={})


def _finish(c: Claim, status: str, event_type: str, message: str, *, fields: dict,
            stage: Stage | None = None) -> None:
    lock_batch_of(c.job_id)
    sets = ("status = :status, message = :msg, finished_at = now(), lease_id = NULL, "
            "lease_expires_at = NULL" + (", stage = :stage, progress = 100" if stage else ""))
    extra, field_params = assignments(fields)
    sets += extra
    if status == "completed":
        sets += ", processing_time = round(CAST(extract(epoch FROM now() - started_at) AS numeric), 3)"
    params = {"status": status, "msg": message, "lease": c.lease_id, "stage": stage.value if stage else None}
    params |= field_params
    row = update_job(c.job_id, sets, "status = 'processing' AND lease_id = :lease", params)
    if row is None:
        db.session.rollback()
        raise LeaseLost(c.job_id)
    batch_moved(row, row.old_status, status)
    _event(row, event_type)
    db.session.commit()


def _event(row: JobRow, event_type: str) -> dict:
    return write_event(row.user_id, event_type, row.message or "", row_data(row, event_type),
                       ocr_result_id=row.id, batch_id=str(row.batch_id) if row.batch_id else None)


def request_cancel(job: OcrResult) -> str:
    """Cancel a job: at once when nothing runs it, else cooperatively; 409 once terminal."""
    lock_batch_of(job.id)
    row = update_job(job.id, "status = 'cancelled', cancel_requested = true, message = 'Cancelled', "
                     "finished_at = now(), lease_id = NULL, lease_expires_at = NULL",
                     "(status = 'queued' OR (status = 'processing' AND stage = 'waiting_extraction'))", {})
    if row is not None:
        batch_moved(row, row.old_status, "cancelled")
        _event(row, "ocr_cancelled")
        db.session.commit()
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
    lock_batch_of(job_id)
    row = update_job(job_id, "status = 'cancelled', message = 'Cancelled', finished_at = now(), "
                     "lease_id = NULL, lease_expires_at = NULL",
                     "cancel_requested AND (status = 'queued' OR (status = 'processing' AND "
                     "(stage = 'waiting_extraction' OR lease_expires_at < now())))", {})
    if row is None:
        db.session.rollback()
        return False
    batch_moved(row, row.old_status, "cancelled")
    _event(row, "ocr_cancelled")
    db.session.commit()
    return True


def fail_unclaimed(job_id: int, code: str, message: str, *, require_expired: bool = True) -> bool:
    """Fail a job no worker holds (lease expired past the attempt cap, or an unreadable file)."""
    lock_batch_of(job_id)
    cond = "(status = 'queued' OR (status = 'processing' AND lease_expires_at < now()))" if require_expired \
        else "status IN ('queued', 'processing')"
    row = update_job(job_id, "status = 'failed', message = :msg, finished_at = now(), lease_id = NULL, "
                     "lease_expires_at = NULL, error_code = :code, error_message = :err",
                     cond, {"msg": f"Failed: {message}", "code": code, "err": message})
    if row is None:
        db.session.rollback()
        return False
    batch_moved(row, row.old_status, "failed")
    _event(row, "ocr_failed")
    db.session.commit()
    return True


def requeue_expired(job_id: int, max_attempts: int) -> str | None:
    """Reap one expired lease: back to its queue, or `worker_lost` past the attempt cap."""
    lock_batch_of(job_id)
    back_to_extraction = update_job(
        job_id, "stage = 'waiting_extraction', progress = 72, message = :msg, lease_id = NULL, "
        "lease_expires_at = NULL, dispatched_at = NULL",
        "status = 'processing' AND stage IN ('extraction', 'validation', 'saving') "
        "AND lease_expires_at < now()", {"msg": MESSAGES[Stage.WAITING_EXTRACTION]})
    if back_to_extraction is not None:
        _event(back_to_extraction, "ocr_progress")
        db.session.commit()
        return "waiting_extraction"
    row = update_job(job_id, "status = 'queued', stage = 'queued', progress = 0, message = :msg, "
                     "lease_id = NULL, lease_expires_at = NULL, dispatched_at = NULL",
                     "status = 'processing' AND stage IN ('preprocessing', 'ocr') AND "
                     "lease_expires_at < now() AND attempts < :max",
                     {"msg": MESSAGES[Stage.QUEUED], "max": max_attempts})
    if row is not None:
        batch_moved(row, row.old_status, "queued")
        _event(row, "ocr_progress")
        db.session.commit()
        return "queued"
    db.session.rollback()
    if fail_unclaimed(job_id, "worker_lost", "The worker processing this job was lost too many times"):
        return "worker_lost"
    return None


EXTRACTION_STAGE_NAMES = tuple(s.value for s in EXTRACTION_STAGES)
