"""Reading and steering jobs: status, results, batches, cancel, retry, corrections."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from flask import jsonify, request
from flask_jwt_extended import jwt_required
from sqlalchemy import func

from app.auth.tokens import current_user_id
from app.errors import Conflict, InvalidInput, NotFound
from app.extensions import db
from app.extraction.corrections import validate_corrections
from app.extraction.result import FIELD_NAMES
from app.jobs import dispatch, intake, lifecycle
from app.jobs.events import Outbox
from app.models import Batch, OcrResult
from app.ocr_async import bp
from app.ocr_async.guards import charge_uploads, owned_job
from app.ocr_async.schemas import ResultsQuerySchema
from app.ocr_async.uploads import Accepted, accepted_response
from app.ocr_async.views import batch_view, job_status

CORRECTABLE = FIELD_NAMES


@bp.get("/status/<int:ocr_result_id>")
@jwt_required()
def status(ocr_result_id: int):
    """Return a job's state, and its result or error once finished."""
    return jsonify(job_status(owned_job(ocr_result_id, current_user_id())))


@bp.post("/cancel/<task_id>")
@jwt_required()
def cancel(task_id: str):
    """Cancel a job by its task id: at once when queued, at the next page or stage when running."""
    try:
        task_uuid = uuid.UUID(task_id)
    except ValueError:
        raise NotFound("No such job", code="job_not_found") from None
    job = db.session.execute(db.select(OcrResult).filter_by(task_id=task_uuid)).scalar_one_or_none()
    if job is None or job.user_id != current_user_id():
        raise NotFound("No such job", code="job_not_found")
    state = lifecycle.request_cancel(job)
    if state == "cancelled":  # a queued job may have held one of the user's OCR slots
        dispatch.refill(current_user_id())
    return jsonify({"status": state, "ocr_result_id": job.id, "task_id": task_id,
                    "cancel_requested": True})


@bp.post("/retry/<int:ocr_result_id>")
@jwt_required()
def retry(ocr_result_id: int):
    """Run a finished job again as a new job on the same stored file."""
    old = owned_job(ocr_result_id, current_user_id())
    if not old.is_terminal:
        raise Conflict("Only a finished job can be retried", code="job_not_terminal")
    if not old.storage_path:
        raise Conflict("The stored file has expired", code="file_expired")
    charge_uploads(old.user_id, 1)
    outbox = Outbox()
    job = Accepted.of(intake.create_retry(old, outbox))
    outbox.commit()
    return accepted_response(job, dispatch_now=True)


@bp.get("/results")
@jwt_required()
def results():
    """List the caller's jobs, newest first, with paging."""
    query = ResultsQuerySchema().load(request.args.to_dict())
    filters = [OcrResult.user_id == current_user_id()]
    if query["status"]:
        filters.append(OcrResult.status == query["status"])
    if query["batch_id"]:
        filters.append(OcrResult.batch_id == query["batch_id"])
    total = db.session.execute(db.select(func.count()).select_from(OcrResult).filter(*filters)).scalar_one()
    page, per_page = query["page"], query["per_page"]
    jobs = db.session.execute(db.select(OcrResult).filter(*filters).order_by(OcrResult.id.desc())
                              .limit(per_page).offset((page - 1) * per_page)).scalars().all()
    return jsonify({"items": [job_status(j, full=False) for j in jobs], "page": page, "per_page": per_page,
                    "total": total, "pages": (total + per_page - 1) // per_page})


@bp.get("/batches/<batch_id>")
@jwt_required()
def batch(batch_id: str):
    """Return a batch's counts by status and its jobs."""
    try:
        batch_uuid = uuid.UUID(batch_id)
    except ValueError:
        raise NotFound("No such batch", code="batch_not_found") from None
    found = db.session.get(Batch, batch_uuid)
    if found is None or found.user_id != current_user_id():
        raise NotFound("No such batch", code="batch_not_found")
    jobs = db.session.execute(db.select(OcrResult).filter_by(batch_id=found.id).order_by(OcrResult.id)
                              ).scalars().all()
    return jsonify(batch_view(found, jobs))


@bp.patch("/results/<int:ocr_result_id>/fields")
@jwt_required()
def correct_fields(ocr_result_id: int):
    """Store corrected field values beside the extracted ones."""
    job = owned_job(ocr_result_id, current_user_id())
    body = request.get_json(silent=True)
    if not isinstance(body, dict) or not body:
        raise InvalidInput("Send a JSON object of {field: value}", code="bad_corrections")
    values, errors = validate_corrections(body)
    if errors:
        raise InvalidInput("Invalid corrections", details=errors)
    if job.status != "completed":
        raise Conflict("Only a completed job can be corrected", code="job_not_completed")
    extracted = job.extracted_data or {}
    now = datetime.now(UTC).isoformat()
    corrections = dict(job.corrections or {})
    for name, value in values.items():
        corrections[name] = {"value": value, "extracted": extracted.get(name), "corrected_at": now}
    job.corrections = corrections
    db.session.commit()
    from app.jobs.training import after_correction

    after_correction(job)
    return jsonify({"ocr_result_id": job.id, "corrections": corrections,
                    "extracted_data": extracted})
