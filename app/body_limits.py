"""Request body limits per route, applied before anything reads or parses a body.

Uploads keep `MAX_CONTENT_LENGTH` (each file is also bounded while it streams); the public routes
(register, login, refresh) take `MAX_PUBLIC_BODY_BYTES`; every other route `MAX_JSON_BYTES`.
A declared `Content-Length` above the limit is refused at once; a body without one is read through
Werkzeug's bounded stream, which stops at the limit.
"""

from __future__ import annotations

from flask import Flask, current_app, request

from app.errors import AppError

UPLOAD_ENDPOINTS = frozenset({"ocr_async.process_async", "ocr_async.process_bulk"})
PUBLIC_ENDPOINTS = frozenset({"auth.register", "auth.login", "auth.refresh"})


def body_limit(endpoint: str | None) -> int:
    """Return the largest body the route `endpoint` reads."""
    cfg = current_app.config
    if endpoint in UPLOAD_ENDPOINTS:
        return cfg["MAX_CONTENT_LENGTH"]
    if endpoint in PUBLIC_ENDPOINTS:
        return cfg["MAX_PUBLIC_BODY_BYTES"]
    return cfg["MAX_JSON_BYTES"]


def _limit_body() -> None:
    limit = body_limit(request.endpoint)
    request.max_content_length = limit
    if request.content_length is not None and request.content_length > limit:
        raise AppError(f"The request body is larger than this route's limit of {limit} bytes",
                       code="payload_too_large", http_status=413, details={"limit_bytes": limit})


def init_body_limits(app: Flask) -> None:
    """Check every request's body size first, before any other handler reads it."""
    app.before_request_funcs.setdefault(None, []).insert(0, _limit_body)
