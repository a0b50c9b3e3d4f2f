"""Tasks of the `ai_queue`: field extraction and template proposals."""

from __future__ import annotations

import logging

from celery import shared_task
from flask import current_app
from sqlalchemy.exc import OperationalError

import celery_config
from app.jobs import lifecycle
from app.jobs.extraction_runner import run_extraction
from app.tasks.claimed import run_claimed

log = logging.getLogger(__name__)


@shared_task(name="ocrflow.extraction.process", bind=True, autoretry_for=(OperationalError,),
             max_retries=celery_config.RETRY_MAX, retry_backoff=celery_config.RETRY_BACKOFF,
             retry_backoff_max=celery_config.RETRY_BACKOFF_MAX, retry_jitter=True)
def process(self, job_id: int) -> dict:
    """Claim the job's extraction, run it and complete the job."""
    claim = lifecycle.claim(job_id, current_app.config["OCR_LEASE_SECONDS"] * 2, phase="extraction")
    if claim is None:
        lifecycle.settle_cancelled(job_id)
        return {"job": job_id, "ran": False}
    outcome = run_claimed(claim, lambda: run_extraction(claim), what="Field extraction",
                          unexpected_code="extraction_error")
    return {"job": job_id, "ran": True, "outcome": "completed" if outcome == "done" else outcome}


@shared_task(name="ocrflow.extraction.propose_template", autoretry_for=(OperationalError,),
             max_retries=celery_config.RETRY_MAX, retry_backoff=celery_config.RETRY_BACKOFF, retry_jitter=True)
def propose_template(user_id: int, job_id: int) -> dict:
    """Learn a vendor template from the user's corrections and announce it with `ai_training`."""
    from app.jobs.training import propose_from_corrections

    return propose_from_corrections(user_id, job_id)
