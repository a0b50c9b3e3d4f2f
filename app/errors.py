"""The application's exception family and the one JSON error envelope."""

from __future__ import annotations

import logging
from typing import Any

from flask import Flask, jsonify
from marshmallow import ValidationError
from sqlalchemy.exc import DataError, DBAPIError, OperationalError
from werkzeug.exceptions import HTTPException

log = logging.getLogger(__name__)


class AppError(Exception):
    """An error with a stable code, an HTTP status and a message for the client."""

    code = "error"
    http_status = 400
    message = "Bad request"

    def __init__(self, message: str | None = None, *, code: str | None = None,
                 http_status: int | None = None, details: Any = None,
                 headers: dict[str, str] | None = None) -> None:
        super().__init__(message or self.message)
        self.message = message or self.message
        self.code = code or self.code
        self.http_status = http_status or self.http_status
        self.details = details
        self.headers = headers or {}


class Unauthorized(AppError):
    """No valid credentials."""

    code, http_status, message = "unauthorized", 401, "Authentication required"


class Forbidden(AppError):
    """Authenticated but not allowed."""

    code, http_status, message = "forbidden", 403, "Not allowed"


class NotFound(AppError):
    """The resource does not exist for this caller."""

    code, http_status, message = "not_found", 404, "Not found"


class Conflict(AppError):
    """The request conflicts with the resource's state."""

    code, http_status, message = "conflict", 409, "Conflict"


class FileTooLarge(AppError):
    """An uploaded file is above the size limit."""

    code, http_status, message = "file_too_large", 413, "File too large"


class UnsupportedFile(AppError):
    """An uploaded file is not of a supported type."""

    code, http_status, message = "unsupported_media_type", 415, "Unsupported file type"


class InvalidInput(AppError):
    """The request's fields are invalid."""

    code, http_status, message = "validation_error", 422, "Invalid input"


class ServiceUnavailable(AppError):
    """A dependency is down; try again later."""

    code, http_status, message = "service_unavailable", 503, "Service temporarily unavailable"


def error_response(code: str, message: str, status: int, details: Any = None,
                   headers: dict[str, str] | None = None):
    """Build the `{"error": {code, message, details}}` response."""
    response = jsonify({"error": {"code": code, "message": message, "details": details}})
    response.status_code = status
    for key, value in (headers or {}).items():
        response.headers[key] = value
    return response


_HTTP_CODES = {
    400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found",
    405: "method_not_allowed", 409: "conflict", 413: "payload_too_large",
    415: "unsupported_media_type", 422: "validation_error", 429: "rate_limited",
}


def register_error_handlers(app: Flask) -> None:
    """Turn every error into the one JSON envelope."""

    @app.errorhandler(AppError)
    def _app_error(exc: AppError):
        return error_response(exc.code, exc.message, exc.http_status, exc.details, exc.headers)

    @app.errorhandler(ValidationError)
    def _validation(exc: ValidationError):
        return error_response("validation_error", "Invalid input", 422, exc.messages)

    @app.errorhandler(HTTPException)
    def _http(exc: HTTPException):
        status = exc.code or 500
        headers = {}
        if status == 429:
            headers["Retry-After"] = str(_retry_after(exc))
            message = "Too many requests: " + str(exc.description)
        else:
            message = exc.description or exc.name
        if status == 405 and exc.valid_methods:
            headers["Allow"] = ", ".join(exc.valid_methods)
        return error_response(_HTTP_CODES.get(status, "http_error"), message, status, None, headers)

    @app.errorhandler(OperationalError)
    def _db_down(exc: DBAPIError):
        log.warning("database unavailable: %s", exc.__class__.__name__)
        return error_response("database_unavailable", "The database is unavailable; retry shortly",
                              503, None, {"Retry-After": "5"})

    @app.errorhandler(DataError)
    def _bad_value(exc: DataError):
        _rollback()
        return error_response("invalid_value", "A value cannot be stored (out of range or invalid characters)",
                              422)

    @app.errorhandler(Exception)
    def _unexpected(exc: Exception):
        if _is_nul_refusal(exc):
            _rollback()
            return error_response("invalid_value", "Text values cannot contain NUL characters", 422)
        log.exception("unhandled error")
        return error_response("internal_error", "Internal server error", 500)


def _is_nul_refusal(exc: Exception) -> bool:
    """psycopg2 refuses NUL in string parameters with a plain ValueError (not a DBAPI error)."""
    cause = getattr(exc, "orig", exc)
    return isinstance(cause, ValueError) and "NUL (0x00)" in str(cause)


def _rollback() -> None:
    from app.extensions import db

    db.session.rollback()


def _retry_after(exc: HTTPException) -> int:
    limit = getattr(exc, "limit", None)
    try:
        return max(1, int(limit.limit.get_expiry())) if limit else 60
    except (AttributeError, TypeError):
        return 60
