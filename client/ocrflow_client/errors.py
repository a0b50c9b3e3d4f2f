"""Typed errors: each carries the server's error envelope (`code`, `message`, `details`)."""

from __future__ import annotations


class OcrflowError(Exception):
    """An error answered by the server, or met on the way to it."""

    def __init__(self, code: str, message: str, status: int | None = None, details: dict | None = None):
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message
        self.status = status
        self.details = details or {}

    @classmethod
    def from_response(cls, response) -> OcrflowError:
        """Build the right error from a non-2xx `requests.Response`."""
        try:
            body = response.json().get("error") or {}
        except (ValueError, AttributeError):
            body = {}
        code = body.get("code") or f"http_{response.status_code}"
        message = body.get("message") or response.reason or "request failed"
        kind = AuthError if response.status_code == 401 else NotFound if response.status_code == 404 else cls
        return kind(code, message, response.status_code, body.get("details"))


class AuthError(OcrflowError):
    """No usable credentials: missing, expired without a way to refresh, or revoked."""


class NotFound(OcrflowError):
    """The job (or other thing) does not exist for this user."""


class ServiceUnavailable(OcrflowError):
    """The server could not be reached, or kept answering 429/503, within the retry budget."""


class WaitTimeout(OcrflowError):
    """A job did not finish within the time given to `wait`."""
