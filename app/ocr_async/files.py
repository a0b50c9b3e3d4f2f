"""The original file, page images, and short-lived signed links for both."""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta
from typing import NoReturn
from urllib.parse import quote

from flask import current_app, jsonify, request, send_file, url_for
from flask_jwt_extended import verify_jwt_in_request
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from app.auth.tokens import current_user_id
from app.errors import AppError, Conflict, NotFound, Unauthorized
from app.extensions import db
from app.jobs import previews
from app.models import OcrResult
from app.ocr.formats import sniff
from app.ocr_async import bp
from app.ocr_async.guards import owned_job

LINK_SECONDS = 300
PAGE_RETRY_S = 2  # Retry-After of a page not read yet: about one page's reading


def _signer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="ocrflow-result-link")


def _job_for_request(ocr_result_id: int, kind: str, page: int = 0) -> OcrResult:
    """Authorise by bearer token (owner) or by a signed link made for exactly this resource."""
    token = request.args.get("sig")
    if token is None:
        verify_jwt_in_request()
        return owned_job(ocr_result_id, current_user_id())
    try:
        claims = _signer().loads(token, max_age=LINK_SECONDS)
    except SignatureExpired:
        raise Unauthorized("The link has expired", code="link_expired") from None
    except BadSignature:
        raise Unauthorized("Invalid link", code="invalid_link") from None
    if claims != {"job": ocr_result_id, "kind": kind, "page": page, "user": claims.get("user")}:
        raise Unauthorized("Invalid link", code="invalid_link")
    job = db.session.get(OcrResult, ocr_result_id)
    if job is None or job.user_id != claims["user"]:
        raise NotFound("No such job", code="job_not_found")
    return job


def _stored(job: OcrResult) -> str:
    if not job.storage_path:
        raise NotFound("The stored file has expired", code="file_expired")
    return job.storage_path


def _disposition(name: str) -> str:
    ascii_name = "".join(c if c.isascii() and c.isprintable() and c not in '"\\' else "_" for c in name)
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name, safe='')}"


@bp.get("/results/<int:ocr_result_id>/file")
def result_file(ocr_result_id: int):
    """Download the original upload (owner only), typed from its bytes."""
    job = _job_for_request(ocr_result_id, "file")
    path = _stored(job)
    try:
        with open(path, "rb") as fh:
            content_type = sniff(fh.read(2048)) or "application/octet-stream"
    except FileNotFoundError:
        raise NotFound("The stored file has expired", code="file_expired") from None
    response = send_file(path, mimetype=content_type, conditional=True, max_age=0)
    response.headers["Content-Disposition"] = _disposition(job.original_filename or "upload")
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.get("/results/<int:ocr_result_id>/pages/<int:page>.png")
def page_png(ocr_result_id: int, page: int):
    """Stream one page's preview PNG (1-based), as the OCR worker stored it when it read the page.

    Nothing is decoded or rendered here: a page not read yet answers 409 `page_not_ready` with
    `Retry-After`; a page past the end 404 `page_not_found`; a page that will never have an image
    (its rendering failed, or the job ended first) 404 `page_unavailable`.
    """
    job = _job_for_request(ocr_result_id, "page", page)
    if page < 1 or (job.page_count is not None and page > job.page_count):
        raise NotFound(f"Page {page} does not exist (the document has {job.page_count})", code="page_not_found")
    path = previews.preview_path(job.user_id, job.sha256, page) if job.sha256 else None
    if path is None or not path.is_file():
        _page_missing(job, page)
    try:
        response = send_file(path, mimetype="image/png", max_age=0, conditional=True)
    except FileNotFoundError:  # removed by the cleaner between the check and the open
        _page_missing(job, page)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, max-age=300"
    return response


def _page_missing(job: OcrResult, page: int) -> NoReturn:
    """Say why a page has no image: not read yet (409, retry), or never will be (404)."""
    pages = job.pages or []
    entry = pages[page - 1] if page <= len(pages) and isinstance(pages[page - 1], dict) else {}
    failed = entry.get("error") or (previews.failure(job.user_id, job.sha256, page) if job.sha256 else None)
    if not failed and (job.status in ("queued", "processing") or _backfilled(job)):
        raise AppError(f"Page {page} has not been read yet", code="page_not_ready", http_status=409,
                       details={"status": job.status, "retry_after": PAGE_RETRY_S},
                       headers={"Retry-After": str(PAGE_RETRY_S)})
    reason = failed or (job.error_code if job.status == "failed" else None)
    raise NotFound(f"Page {page} has no image" + (f" ({reason})" if reason else ""), code="page_unavailable",
                   details={"status": job.status, "page_error": reason})


def _backfilled(job: OcrResult) -> bool:
    """Ask a worker for the previews of a result read before they were stored; True when they will come."""
    if job.status != "completed" or not job.sha256 or not job.storage_path or not os.path.isfile(job.storage_path):
        return False
    return previews.request_backfill(job.id)


@bp.get("/results/<int:ocr_result_id>/searchable.pdf")
def searchable_pdf(ocr_result_id: int):
    """Download the document as a PDF with an invisible text layer at the recognised boxes (owner only)."""
    from app.jobs.storage import searchable_path

    job = _job_for_request(ocr_result_id, "searchable")
    if job.status != "completed":
        raise Conflict("The job has not completed", code="job_not_completed", details={"status": job.status})
    path = _stored(job)
    built = searchable_path(path)
    if built.is_file():
        path = str(built)
    elif not _read_from_text_layer(job):
        raise NotFound("No searchable PDF was built for this job", code="searchable_pdf_unavailable")
    try:
        response = send_file(path, mimetype="application/pdf", conditional=True, max_age=0)
    except FileNotFoundError:
        raise NotFound("The stored file has expired", code="file_expired") from None
    stem = (job.original_filename or "document").rsplit(".", 1)[0] or "document"
    response.headers["Content-Disposition"] = _disposition(f"{stem}.pdf")
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, no-store"
    return response


def _read_from_text_layer(job: OcrResult) -> bool:
    """Whether the upload is a PDF whose every page was read from its own text (it is its own searchable PDF)."""
    pages = job.pages or []
    return job.content_type == "application/pdf" and bool(pages) and all(
        isinstance(p, dict) and p.get("source") == "text_layer" for p in pages)


@bp.post("/results/<int:ocr_result_id>/links")
def result_links(ocr_result_id: int):
    """Return short-lived signed URLs for the file and every page (an <img> cannot send a token)."""
    verify_jwt_in_request()
    job = owned_job(ocr_result_id, current_user_id())
    signer = _signer()

    def sign(kind: str, page: int = 0) -> str:
        return signer.dumps({"job": job.id, "kind": kind, "page": page, "user": job.user_id})

    pages = job.page_count or 1
    expires = datetime.now(UTC) + timedelta(seconds=LINK_SECONDS)
    return jsonify({
        "file_url": url_for("ocr_async.result_file", ocr_result_id=job.id, sig=sign("file")),
        "searchable_pdf_url": url_for("ocr_async.searchable_pdf", ocr_result_id=job.id, sig=sign("searchable")),
        "page_urls": [url_for("ocr_async.page_png", ocr_result_id=job.id, page=n, sig=sign("page", n))
                      for n in range(1, pages + 1)],
        "expires_at": expires.isoformat(), "expires_in": LINK_SECONDS,
    })
