"""Row-level helpers of the lifecycle: conditional job updates and batch counts."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Row, text

from app.extensions import db
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


def batch_moved(row: JobRow, old: str, new: str) -> Row[Any] | None:
    """Move one job between the batch's status counts; return the counts when the batch just finished."""
    if row.batch_id is None or old == new:
        return None
    if old not in STATUSES or new not in STATUSES:
        raise ValueError(f"bad status move {old} -> {new}")
    counts = db.session.execute(text(
        f"UPDATE batches SET {old} = {old} - 1, {new} = {new} + 1 WHERE id = :b "
        "RETURNING id, user_id, total, queued, processing, completed, failed, cancelled, completed_at"),
        {"b": row.batch_id}).first()
    if counts is None or counts.queued + counts.processing > 0 or counts.completed_at is not None:
        return None
    db.session.execute(text("UPDATE batches SET completed_at = now() WHERE id = :b"), {"b": row.batch_id})
    return counts
