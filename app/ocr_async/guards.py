"""Checks shared by the upload routes: ownership, the upload rate limit and the disk guard."""

from __future__ import annotations

import logging
import math
import time

from flask import current_app
from limits import parse

from app.errors import AppError, NotFound, ServiceUnavailable
from app.extensions import db, limiter
from app.jobs.storage import free_bytes
from app.models import OcrResult

log = logging.getLogger(__name__)


def owned_job(job_id: int, user_id: int) -> OcrResult:
    """Return the caller's job, or 404 — another user's job does not exist for them."""
    job = db.session.get(OcrResult, job_id)
    if job is None or job.user_id != user_id:
        raise NotFound("No such job", code="job_not_found")
    return job


def charge_uploads(user_id: int, files: int) -> None:
    """Count `files` uploads against the user's limit; the whole request is refused if it would pass it."""
    item = parse(current_app.config["RATE_LIMIT_UPLOADS"])
    try:
        strategy = limiter.limiter
        if strategy.hit(item, "uploads", str(user_id), cost=files):
            return
        reset = strategy.get_window_stats(item, "uploads", str(user_id)).reset_time
    except Exception as exc:  # noqa: BLE001 - the limiter's store being down must not block uploads
        log.warning("upload rate limit unavailable: %s", exc.__class__.__name__)
        return
    retry_after = max(1, math.ceil(reset - time.time()))
    raise AppError(f"Upload limit of {item} reached ({files} file(s) requested)", code="rate_limited",
                   http_status=429, headers={"Retry-After": str(retry_after)},
                   details={"limit": str(item), "requested": files})


def check_disk() -> None:
    """Refuse uploads before the disk is full."""
    minimum = current_app.config["MIN_FREE_DISK_BYTES"]
    if free_bytes() < minimum:
        raise ServiceUnavailable("Storage is nearly full; uploads are paused", code="low_disk",
                                 headers={"Retry-After": "60"})
