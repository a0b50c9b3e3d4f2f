"""Accept uploads: validate by content, store, and create jobs (idempotency and result reuse)."""

from __future__ import annotations

import json
import logging
import os
import shutil
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import text

from app.errors import Conflict, FileTooLarge, InvalidInput, UnsupportedFile
from app.extensions import db
from app.jobs import lifecycle
from app.jobs.events import Outbox
from app.jobs.storage import UploadSink, final_path, searchable_path
from app.models import OcrResult, Template
from app.ocr.formats import sniff

MAX_FILENAME = 255
log = logging.getLogger(__name__)


@dataclass
class Upload:
    """One received file part."""

    sink: UploadSink
    filename: str


def clean_filename(name: str | None) -> str:
    """Keep the client's filename as data only: no path, no control characters, bounded length."""
    name = (name or "upload").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if ch.isprintable()).strip() or "upload"
    return name[:MAX_FILENAME]


def check_upload(upload: Upload, limit: int) -> str:
    """Return the sniffed content type, or raise the reason the file is refused."""
    if upload.sink.oversized:
        raise FileTooLarge(f"File is larger than the limit of {limit} bytes",
                           details={"limit_bytes": limit, "filename": upload.filename})
    if upload.sink.size == 0:
        raise InvalidInput("The file is empty", code="empty_file", details={"filename": upload.filename})
    content_type = sniff(bytes(upload.sink.head))
    if content_type is None:
        raise UnsupportedFile("Unsupported file type: send a JPEG, PNG, TIFF, WebP, BMP or PDF file",
                              details={"filename": upload.filename})
    return content_type


def job_options(options: dict, default_threshold: float) -> dict:
    """Return the options stored on a job (and compared for result reuse)."""
    threshold = options.get("confidence_threshold")
    return {"language": options["language"].lower(), "extract_format": options["extract_format"],
            "confidence_threshold": default_threshold if threshold is None else threshold,
            "template_id": options.get("template_id")}


def check_template(user_id: int, template_id: int) -> None:
    """Refuse a template the user does not own (templates are per user) with 422."""
    owned = db.session.execute(db.select(Template.id).filter(
        Template.id == template_id, Template.user_id == user_id)).first()
    if owned is None:
        raise InvalidInput(f"Template {template_id} does not exist or is not yours", code="template_not_found",
                           details={"template_id": ["No such template."]})


def find_by_idempotency_key(user_id: int, key: str) -> OcrResult | None:
    """Return the user's job made with this key in the last 24 hours."""
    since = datetime.now(UTC) - timedelta(hours=24)
    return db.session.execute(db.select(OcrResult).filter(
        OcrResult.user_id == user_id, OcrResult.idempotency_key == key, OcrResult.created_at >= since)
    ).scalar_one_or_none()


# Only the id: nearly every upload finds none, and the row is loaded only when one is found.
_REUSABLE = text("""
SELECT id FROM ocr_results
WHERE user_id = :u AND sha256 = :h AND status = 'completed' AND options = CAST(:o AS jsonb)
ORDER BY id DESC LIMIT 1
""")


def find_reusable(user_id: int, sha256: str, options: dict) -> OcrResult | None:
    """Return the user's latest completed job with the same bytes and options."""
    found = db.session.execute(_REUSABLE, {"u": user_id, "h": sha256, "o": json.dumps(options)}).scalar()
    return None if found is None else db.session.get(OcrResult, found)


def replay_idempotent(user_id: int, key: str | None, sha256: str) -> OcrResult | None:
    """Return the job an earlier request with this key made; 409 if it was for another file."""
    if not key:
        return None
    job = find_by_idempotency_key(user_id, key)
    if job is not None and job.sha256 != sha256:
        raise Conflict("This Idempotency-Key was used for another file", code="idempotency_conflict")
    return job


def create_job(user_id: int, upload: Upload, content_type: str, options: dict, *, priority: str,
               force: bool, batch_id: uuid.UUID | None = None, idempotency_key: str | None = None,
               retry_of: OcrResult | None = None, outbox: Outbox) -> OcrResult:
    """Store the file and add the job (queued, or completed from an identical earlier result)."""
    job = OcrResult(user_id=user_id, task_id=uuid.uuid4(), batch_id=batch_id, priority=priority,
                    options=options, original_filename=upload.filename, content_type=content_type,
                    size_bytes=upload.sink.size, sha256=upload.sink.sha256, idempotency_key=idempotency_key)
    source = None if force else find_reusable(user_id, job.sha256, options)
    destination = final_path(user_id)
    job.storage_path = str(destination)
    if source is not None:
        lifecycle.create_cached(job, source, outbox)
    else:
        lifecycle.create_job(job, outbox)
    # Last: a database error above leaves the bytes in the request's temporary file, deleted at its end.
    upload.sink.keep(destination)
    if source is not None:
        _share_searchable(source, destination)
    return job


def commit_or_discard(outbox: Outbox, stored: list[str]) -> None:
    """Commit new jobs; when the commit fails, delete their stored files (no job refers to them)."""
    try:
        outbox.commit()
    except BaseException:
        discard(stored)
        raise


def discard(stored: list[str]) -> None:
    """Delete stored uploads whose jobs were not committed."""
    for path in stored:
        Path(path).unlink(missing_ok=True)
        searchable_path(path).unlink(missing_ok=True)


def _share_searchable(source: OcrResult, destination: Path) -> None:
    """Give a cached job the searchable PDF of the job it copies (a link, or a copy across devices)."""
    built = searchable_path(source.storage_path) if source.storage_path else None
    if built is None or not built.is_file():
        return
    target = searchable_path(destination)
    try:
        os.link(built, target)
    except OSError:
        try:
            shutil.copyfile(built, target)
        except OSError as exc:  # an extra output never fails an upload; the route then says it is unavailable
            log.warning("searchable PDF not shared with a cached job: %s", exc.__class__.__name__)


def create_retry(old: OcrResult, outbox: Outbox) -> OcrResult:
    """Add a new queued job for the same stored file, linked by `retry_of`."""
    job = OcrResult(user_id=old.user_id, task_id=uuid.uuid4(), batch_id=None, retry_of=old.id,
                    priority=old.priority, options=old.options, original_filename=old.original_filename,
                    content_type=old.content_type, size_bytes=old.size_bytes, sha256=old.sha256,
                    storage_path=old.storage_path)
    lifecycle.create_job(job, outbox)
    return job
