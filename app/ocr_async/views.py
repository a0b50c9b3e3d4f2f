"""JSON views of jobs and batches, read from PostgreSQL."""

from __future__ import annotations

from app.models import Batch, OcrResult

TASK_STATUS = {"queued": "QUEUED", "processing": "PROCESSING", "completed": "SUCCESS",
               "failed": "FAILURE", "cancelled": "CANCELLED"}


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def job_summary(job: OcrResult) -> dict:
    """Return the fields every view of a job has."""
    return {
        "ocr_result_id": job.id,
        "task_id": str(job.task_id),
        "batch_id": str(job.batch_id) if job.batch_id else None,
        "retry_of": job.retry_of,
        "status": job.status,
        "task_status": TASK_STATUS[job.status],
        "task_info": {"stage": job.stage, "progress": job.progress, "message": job.message},
        "original_filename": job.original_filename,
        "priority": job.priority,
        "created_at": _iso(job.created_at),
        "updated_at": _iso(job.updated_at),
    }


def job_status(job: OcrResult, *, full: bool = True) -> dict:
    """Return the `GET /status/<id>` view: summary, polling hints, and results or the error."""
    view = job_summary(job)
    view["polling_instructions"] = {"recommended_interval_seconds": 2 if job.status == "processing" else 5,
                                    "timeout_minutes": 30}
    if job.status == "completed":
        view |= {"confidence_score": job.confidence_score, "processing_time": job.processing_time,
                 "page_count": job.page_count, "extracted_data": job.extracted_data, "engine": job.engine,
                 "cache_hit": job.cache_hit, "corrections": job.corrections or {}}
        if full:
            view |= {"extracted_text": job.extracted_text, "text_blocks": job.text_blocks or []}
    elif job.status == "failed":
        view |= {"error": {"code": job.error_code, "message": job.error_message},
                 "error_message": job.error_message}
    return view


def batch_view(batch: Batch, jobs: list[OcrResult]) -> dict:
    """Return a batch with its counts and jobs."""
    return {"batch_id": str(batch.id), "created_at": _iso(batch.created_at),
            "completed_at": _iso(batch.completed_at), "counts": batch.counts(),
            "jobs": [job_summary(j) for j in jobs]}
