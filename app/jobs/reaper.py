"""The reaper: jobs whose lease expired go back to their queue, or fail `worker_lost` past the cap."""

from __future__ import annotations

from flask import current_app
from sqlalchemy import text

from app.extensions import db
from app.jobs import lifecycle
from app.jobs.stages import WAITING_EXTRACTION

_EXPIRED = text(f"""
SELECT id FROM ocr_results
WHERE status = 'processing' AND NOT {WAITING_EXTRACTION} AND lease_expires_at < now()
ORDER BY lease_expires_at LIMIT 500
""")


def reap_expired() -> dict:
    """Reap every expired lease once; return counts by outcome."""
    max_attempts = current_app.config["OCR_MAX_ATTEMPTS"]
    ids = [row.id for row in db.session.execute(_EXPIRED)]
    db.session.rollback()
    outcomes: dict[str, int] = {}
    for job_id in ids:
        if lifecycle.settle_cancelled(job_id):
            outcome = "cancelled"
        else:
            outcome = lifecycle.requeue_expired(job_id, max_attempts) or "skipped"
        outcomes[outcome] = outcomes.get(outcome, 0) + 1
    return outcomes
