"""Row-level helpers of the lifecycle: conditional job updates, batch counts, event data."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Row, text

from app.extensions import db
from app.jobs.events import write_event
from app.models.job import STATUSES

JobRow = Row[Any]

_RETURNING = (
    "j.id, j.user_id, j.batch_id, j.task_id, j.status, j.stage, j.progress, j.message, j.attempts, "
    "j.cancel_requested, j.error_code, j.error_message, j.extracted_data, j.confidence_score, "
    "j.processing_time, j.page_count, old.old_status"
)


def update_job(job_id: int, sets: str, where: str, params: dict) -> JobRow | None:
    """Lock the job row, apply `sets` when `where` holds, and return the new row (or None)."""
    sql = (
        "WITH old AS (SELECT id, status AS old_status FROM ocr_results WHERE id = :job_id FOR UPDATE) "
        f"UPDATE ocr_results j SET {sets}, updated_at = now() FROM old "
        f"WHERE j.id = old.id AND {where} RETURNING {_RETURNING}"
    )
    return db.session.execute(text(sql), {**params, "job_id": job_id}).first()


def lock_batch_of(job_id: int) -> None:
    """Lock the job's batch row first (lock order: batch → job → user)."""
    db.session.execute(
        text("SELECT b.id FROM batches b JOIN ocr_results j ON j.batch_id = b.id "
             "WHERE j.id = :id FOR UPDATE OF b"), {"id": job_id})


def batch_moved(row: JobRow, old: str, new: str) -> None:
    """Move one job between the batch's status counts; announce the batch when it is done."""
    if row.batch_id is None or old == new:
        return
    if old not in STATUSES or new not in STATUSES:
        raise ValueError(f"bad status move {old} -> {new}")
    counts = db.session.execute(text(
        f"UPDATE batches SET {old} = {old} - 1, {new} = {new} + 1 WHERE id = :b "
        "RETURNING id, user_id, total, queued, processing, completed, failed, cancelled, completed_at"),
        {"b": row.batch_id}).first()
    if counts is None or counts.queued + counts.processing > 0 or counts.completed_at is not None:
        return
    db.session.execute(text("UPDATE batches SET completed_at = now() WHERE id = :b"), {"b": row.batch_id})
    summary = {s: getattr(counts, s) for s in STATUSES} | {"total": counts.total}
    write_event(counts.user_id, "batch_completed", "Batch finished",
                {"batch_id": str(counts.id), "counts": summary}, batch_id=str(counts.id))


def row_data(row: JobRow, event_type: str) -> dict:
    """Return an event's `data` for a job row, per DESIGN §6."""
    data = {"ocr_result_id": row.id, "task_id": str(row.task_id),
            "batch_id": str(row.batch_id) if row.batch_id else None,
            "status": row.status, "stage": row.stage, "progress": row.progress}
    if event_type == "ocr_completed":
        data["result"] = {"extracted_data": row.extracted_data, "confidence_score": row.confidence_score,
                          "processing_time": row.processing_time, "page_count": row.page_count}
    elif event_type == "ocr_failed":
        data["error"] = {"code": row.error_code, "message": row.error_message}
        data["error_message"] = row.error_message
    return data


def status_data(job) -> dict:
    """Return an `ocr_progress` event's data for an ORM job."""
    return {"ocr_result_id": job.id, "task_id": str(job.task_id),
            "batch_id": str(job.batch_id) if job.batch_id else None,
            "status": job.status, "stage": job.stage, "progress": job.progress}
