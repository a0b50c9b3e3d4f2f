"""Errors of the engine layer, each with a stable code that a failed job reports."""

from __future__ import annotations

UNSUPPORTED_FORMAT = "unsupported_format"
CORRUPT_FILE = "corrupt_file"
TOO_MANY_PAGES = "too_many_pages"
IMAGE_TOO_LARGE = "image_too_large"
ENCRYPTED_PDF = "encrypted_pdf"
EMPTY_DOCUMENT = "empty_document"
ENGINE_ERROR = "engine_error"
ENGINE_UNAVAILABLE = "engine_unavailable"
CANCELLED = "cancelled"
PAGE_TIMEOUT = "page_timeout"
TIMEOUT = "timeout"


class OcrError(Exception):
    """Base of every error raised by `app.ocr`; `code` is stable, `message` is for people."""

    code = ENGINE_ERROR

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message

    def __str__(self) -> str:
        return f"{self.code}: {self.message}"


class OcrInputError(OcrError):
    """The uploaded file cannot be read: bad format, corrupt, encrypted, empty or too big.

    Retrying never helps; the job fails with `code`.
    """


class EngineError(OcrError):
    """The engine failed on a page that looked valid."""

    def __init__(self, message: str, code: str = ENGINE_ERROR) -> None:
        super().__init__(code, message)


class EngineUnavailable(EngineError):
    """The configured engine cannot be built here (missing models or packages); a start-up error."""

    def __init__(self, message: str) -> None:
        super().__init__(message, ENGINE_UNAVAILABLE)


class Cancelled(OcrError):
    """The user asked to cancel: raised between pages (`should_stop()`) and at stage boundaries."""

    def __init__(self, pages_done: int = 0) -> None:
        super().__init__(CANCELLED, f"cancelled after {pages_done} page(s)")
        self.pages_done = pages_done


class PageTimeout(OcrError):
    """One page took longer than its time budget to render; the document goes on without its image."""

    def __init__(self, page: int, seconds: float) -> None:
        super().__init__(PAGE_TIMEOUT, f"page {page} took longer than {seconds:g} s to render")
        self.page = page


class DocumentTimeout(OcrError):
    """The document used up its time budget (scaled by its page count) before its last page."""

    def __init__(self, pages_done: int, seconds: float) -> None:
        super().__init__(TIMEOUT, f"the document took longer than its budget of {seconds:g} s "
                                  f"({pages_done} page(s) read)")
        self.pages_done = pages_done
