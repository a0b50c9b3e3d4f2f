"""After a correction: ask the `ai_queue` to propose a template from the user's corrections."""

from __future__ import annotations

import logging

from flask import current_app

from app.jobs.dispatch import BROKER_ERRORS
from app.models import OcrResult

log = logging.getLogger(__name__)


def after_correction(job: OcrResult) -> None:
    """Queue a template proposal for the job's vendor (best effort: a later correction retries)."""
    try:
        current_app.extensions["celery"].send_task(
            "ocrflow.extraction.propose_template", args=[job.user_id, job.id], queue="ai_queue", retry=False,
            ignore_result=True)
    except BROKER_ERRORS as exc:
        log.warning("template proposal not queued: %s", exc.__class__.__name__)
