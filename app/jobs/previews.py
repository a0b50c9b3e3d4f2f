"""Page previews: PNGs written by the OCR worker as it reads each page, streamed as stored by the API.

They are kept per user and per content hash (`UPLOAD_DIR/previews/<user>/<sha256>/<n>.png`), so a
retry or a result reused from an identical upload shows the same pages; they go with the last stored
copy of their document (the cleaner). A document read before previews were stored gets them on
demand: the page route asks once (`request_backfill`) and an OCR worker renders them, bounded per
page; a page that cannot be rendered leaves `<n>.failed` holding its error code.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import uuid
from pathlib import Path

from flask import current_app
from redis.exceptions import RedisError

from app.redis_client import get_redis

log = logging.getLogger(__name__)
_SHA256 = re.compile(r"[0-9a-f]{64}")
BACKFILL_TASK = "ocrflow.ocr.previews"
BACKFILL_PENDING_S = 120  # one request per job in this window; asked again after it if still missing


def preview_dir(user_id: int, sha256: str) -> Path:
    """Return the directory of a document's page previews."""
    if not _SHA256.fullmatch(sha256 or ""):
        raise ValueError("a preview is keyed by the document's sha256")
    return Path(current_app.config["UPLOAD_DIR"]) / "previews" / str(int(user_id)) / sha256


def preview_path(user_id: int, sha256: str, page: int) -> Path:
    """Return where page `page` (1-based) of a document is stored."""
    return preview_dir(user_id, sha256) / f"{int(page)}.png"


def save(user_id: int, sha256: str, page: int, png: bytes) -> None:
    """Store one page's PNG atomically; a failure is logged and never fails the job."""
    target = preview_path(user_id, sha256, page)
    partial = target.with_name(f".{uuid.uuid4().hex}.part")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        partial.write_bytes(png)
        os.replace(partial, target)
    except OSError as exc:
        log.warning("page preview not stored: %s", exc.strerror)
        partial.unlink(missing_ok=True)


def remove(user_id: int, sha256: str) -> None:
    """Delete a document's previews."""
    shutil.rmtree(preview_dir(user_id, sha256), ignore_errors=True)


def failure_path(user_id: int, sha256: str, page: int) -> Path:
    """Return where the error code of a page that could not be rendered is kept."""
    return preview_dir(user_id, sha256) / f"{int(page)}.failed"


def save_failure(user_id: int, sha256: str, page: int, code: str) -> None:
    """Remember that a page has no preview, and why."""
    target = failure_path(user_id, sha256, page)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(code[:64])
    except OSError as exc:
        log.warning("page preview failure not stored: %s", exc.strerror)


def failure(user_id: int, sha256: str, page: int) -> str | None:
    """Return the error code of a page whose preview could not be rendered, or None."""
    try:
        return failure_path(user_id, sha256, page).read_text()[:64] or "page_unavailable"
    except OSError:
        return None


def request_backfill(job_id: int) -> bool:
    """Ask an OCR worker to render a job's missing previews, at most once per pending window."""
    from app.jobs.dispatch import BROKER_ERRORS

    try:
        if not get_redis().set(f"ocrflow:previews:pending:{int(job_id)}", 1, nx=True, ex=BACKFILL_PENDING_S):
            return True
    except RedisError:
        return False
    try:
        current_app.extensions["celery"].send_task(BACKFILL_TASK, args=[int(job_id)], queue="ocr_queue",
                                                   retry=False, ignore_result=True)
        return True
    except BROKER_ERRORS as exc:
        log.warning("page previews of %s not requested: %s", job_id, exc.__class__.__name__)
        get_redis().delete(f"ocrflow:previews:pending:{int(job_id)}")
        return False
