"""`POST /process-async` and `POST /process-bulk`."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from flask import current_app, jsonify, request, url_for
from flask_jwt_extended import jwt_required
from sqlalchemy.exc import IntegrityError

from app.auth.tokens import current_user_id
from app.errors import AppError, Conflict, InvalidInput
from app.extensions import db
from app.jobs import dispatch, intake, lifecycle
from app.jobs.estimates import estimated_seconds
from app.jobs.event_types import SOCKET_EVENT, job_types
from app.jobs.events import Outbox
from app.models import Batch, OcrResult
from app.ocr_async import bp
from app.ocr_async.guards import charge_uploads, check_disk
from app.ocr_async.schemas import UploadOptionsSchema


@dataclass(frozen=True)
class Accepted:
    """What the 202 answer needs of a new job, read before the commit expires the ORM object.

    Reading them after it would cost a SELECT per job per commit (two commits: the job, the dispatch).
    """

    id: int
    task_id: uuid.UUID
    user_id: int
    status: str
    priority: str
    cache_hit: bool
    filename: str | None
    jobs_ahead: int | None = None  # counted as the job was inserted; None: count at the answer

    @classmethod
    def of(cls, job: OcrResult) -> Accepted:
        """Take the answer's fields of a job."""
        return cls(job.id, job.task_id, job.user_id, job.status, job.priority, bool(job.cache_hit),
                   job.original_filename, job.jobs_ahead)


# One instance for every request: building a schema copies its fields (~0.1 ms per upload); `load` keeps
# no state on the instance.
_OPTIONS = UploadOptionsSchema()


def _options(user_id: int) -> tuple[dict, dict]:
    raw = _OPTIONS.load(request.form.to_dict())
    if raw["template_id"] is not None:
        intake.check_template(user_id, raw["template_id"])
    return raw, intake.job_options(raw, current_app.config["OCR_CONFIDENCE_THRESHOLD"])


def _uploads(field: str) -> list[intake.Upload]:
    return [intake.Upload(storage.stream, intake.clean_filename(storage.filename))
            for storage in request.files.getlist(field)]


def _idempotency_key() -> str | None:
    key = request.headers.get("Idempotency-Key")
    if key is not None and not 1 <= len(key) <= 255:
        raise InvalidInput("Idempotency-Key must be 1 to 255 characters", code="bad_idempotency_key")
    return key


def accepted_body(job: Accepted) -> dict:
    """Return the 202 body of an accepted job."""
    status_url = url_for("ocr_async.status", ocr_result_id=job.id)
    estimate = 0.0 if job.status == "completed" else estimated_seconds(job.id, job.priority, job.jobs_ahead)
    return {
        "message": "Completed from an identical earlier upload" if job.cache_hit else "File accepted for processing",
        "ocr_result_id": job.id, "task_id": str(job.task_id), "status": job.status, "cache_hit": job.cache_hit,
        "estimated_time": estimate,
        "check_status_url": status_url,
        "events_url": url_for("ocr_async.events", ocr_result_id=job.id),
        "notification": {"socketio": {"event": SOCKET_EVENT, "events": list(job_types()),
                                      "room": f"user:{job.user_id}"},
                         "sse": url_for("ocr_async.events")},
    }


def settle(outbox: Outbox | None, queued: list[tuple[int, str]], user_id: int) -> None:
    """After the jobs' commit: mark their published events and dispatch `queued`, in one transaction."""
    marked = outbox is not None and outbox.mark_in_session()
    if queued:
        dispatch.dispatch_new(queued, user_id)  # commits the marks with the dispatch
    elif marked:
        db.session.commit()


def accepted_response(job: Accepted, *, dispatch_now: bool, outbox: Outbox | None = None):
    """Answer 202 for a committed job, sending it to its queue first when `dispatch_now` and it is queued."""
    # The estimate's count first: it then shares one transaction with the events' mark and the dispatch.
    body = accepted_body(job)
    settle(outbox, [(job.id, job.priority)] if dispatch_now and job.status == "queued" else [], job.user_id)
    response = jsonify(body)
    response.status_code = 202
    response.headers["Location"] = body["check_status_url"]
    response.headers["Retry-After"] = str(max(1, round(body["estimated_time"] or 1)))
    return response


@bp.post("/process-async")
@jwt_required()
def process_async():
    """Accept one document; answer 202 with the job id at once."""
    user_id = current_user_id()
    check_disk()
    uploads = _uploads("file")
    if len(uploads) != 1:
        raise InvalidInput("Send exactly one file in the multipart field 'file'", code="file_required",
                           details={"file": ["Missing data for required field."]})
    raw, options = _options(user_id)
    charge_uploads(user_id, 1)
    upload = uploads[0]
    content_type = intake.check_upload(upload, current_app.config["OCR_MAX_FILE_SIZE"])
    key = _idempotency_key()
    earlier = intake.replay_idempotent(user_id, key, upload.sink.sha256)
    if earlier is not None:
        return accepted_response(Accepted.of(earlier), dispatch_now=False)
    outbox = Outbox(mark_later=True)
    try:
        created = intake.create_job(user_id, upload, content_type, options, priority=raw["priority"],
                                    force=raw["force"], idempotency_key=key, outbox=outbox)
        job = Accepted.of(created)
        intake.commit_or_discard(outbox, [created.storage_path])  # a failed commit deletes the stored file
    except IntegrityError:
        if key is None:
            raise
        outbox.rollback()
        return _lost_key_race(user_id, key, upload)
    return accepted_response(job, dispatch_now=True, outbox=outbox)


def _lost_key_race(user_id: int, key: str, upload: intake.Upload):
    """Another request with this Idempotency-Key committed first: answer with its job (our file is gone)."""
    winner = intake.replay_idempotent(user_id, key, upload.sink.sha256)
    if winner is None:  # the winner's row is gone again (cleaned): a conflict the client can retry
        raise Conflict("A concurrent request with this Idempotency-Key did not finish", code="idempotency_conflict")
    return accepted_response(Accepted.of(winner), dispatch_now=False)


@bp.post("/process-bulk")
@jwt_required()
def process_bulk():
    """Accept many documents; each file is validated alone and a bad one is rejected alone."""
    user_id = current_user_id()
    check_disk()
    uploads = _uploads("files")
    limit = current_app.config["OCR_MAX_BULK_FILES"]
    if not 1 <= len(uploads) <= limit:
        raise InvalidInput(f"Send 1 to {limit} files in the multipart field 'files'", code="files_required",
                           details={"files": [f"Between 1 and {limit} files."]})
    raw, options = _options(user_id)
    charge_uploads(user_id, len(uploads))
    batch_id = uuid.uuid4()
    outbox = Outbox(mark_later=True)
    db.session.add(Batch(id=batch_id, user_id=user_id))
    db.session.flush()
    accepted: list[Accepted] = []
    stored: list[str] = []
    rejected = []
    try:
        for upload in uploads:
            try:
                content_type = intake.check_upload(upload, current_app.config["OCR_MAX_FILE_SIZE"])
                created = intake.create_job(user_id, upload, content_type, options, priority=raw["priority"],
                                            force=raw["force"], batch_id=batch_id, outbox=outbox)
            except AppError as exc:
                rejected.append({"filename": upload.filename, "error": {"code": exc.code, "message": exc.message}})
                continue
            accepted.append(Accepted.of(created))
            stored.append(created.storage_path)
        if accepted:
            lifecycle.close_batch_if_done(batch_id, outbox)
    except BaseException:
        intake.discard(stored)
        raise
    if not accepted:
        outbox.rollback()
        raise InvalidInput("No file was accepted", code="no_file_accepted", details={"rejected": rejected})
    intake.commit_or_discard(outbox, stored)
    settle(outbox, [(j.id, j.priority) for j in accepted if j.status == "queued"], user_id)
    body = {"batch_id": str(batch_id),
            "accepted": [{"filename": j.filename, "ocr_result_id": j.id, "task_id": str(j.task_id),
                          "status": j.status, "cache_hit": j.cache_hit} for j in accepted],
            "rejected": rejected}
    return jsonify(body), 202
