"""Typed results: events, jobs and their errors, as the server's JSON describes them (DESIGN §5–6)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ocrflow_client.client import Client

TERMINAL = frozenset({"completed", "failed", "cancelled"})
TERMINAL_EVENTS = {"ocr_completed": "completed", "ocr_failed": "failed", "ocr_cancelled": "cancelled"}


@dataclass(frozen=True)
class ErrorInfo:
    """Why a job failed or an upload was refused."""

    code: str
    message: str

    @classmethod
    def of(cls, raw: dict | None) -> ErrorInfo | None:
        """Read `{code, message}`; None stays None."""
        if not raw:
            return None
        return cls(str(raw.get("code") or "unknown"), str(raw.get("message") or ""))


@dataclass(frozen=True)
class Event:
    """One user event: `{id, type, message, data, created_at}`; `id` is the user's event seq."""

    id: int
    type: str
    message: str
    data: dict
    created_at: str | None

    @classmethod
    def of(cls, payload: dict) -> Event:
        """Read a `notification` payload."""
        return cls(int(payload["id"]), str(payload["type"]), payload.get("message") or "",
                   payload.get("data") or {}, payload.get("created_at"))

    @property
    def ocr_result_id(self) -> int | None:
        """The job the event is about, if any."""
        value = self.data.get("ocr_result_id")
        return int(value) if value is not None else None


@dataclass
class Job:
    """A document job; fields fill in as events or status reads arrive."""

    ocr_result_id: int | None
    task_id: str | None = None
    status: str = "queued"
    file: str | None = None
    batch_id: str | None = None
    stage: str | None = None
    progress: int = 0
    message: str | None = None
    cache_hit: bool = False
    error: ErrorInfo | None = None
    extracted_data: dict | None = None
    extracted_text: str | None = None
    text_blocks: list = field(default_factory=list)
    confidence_score: float | None = None
    processing_time: float | None = None
    page_count: int | None = None
    has_result: bool = False
    resumed: bool = False  # taken up from an earlier run's journal instead of uploaded
    _client: Client | None = field(default=None, repr=False, compare=False)

    @property
    def done(self) -> bool:
        """Whether the job is final (or its upload was rejected)."""
        return self.status in TERMINAL or self.status == "rejected"

    def wait(self, timeout: float | None = None) -> Job:
        """Block until the job is final, driven by live events with a polling fallback; return self."""
        if self._client is None:
            raise RuntimeError("this job is not bound to a client")
        self._client.wait([self], timeout=timeout)
        return self

    def update_from_status(self, body: dict) -> None:
        """Take a `GET /status/<id>` (or 202) body."""
        self.task_id = body.get("task_id") or self.task_id
        self.status = body.get("status") or self.status
        self.batch_id = body.get("batch_id") or self.batch_id
        info = body.get("task_info") or {}
        self.stage = info.get("stage", self.stage)
        self.progress = info.get("progress", self.progress) or 0
        self.message = info.get("message", self.message)
        self.cache_hit = bool(body.get("cache_hit", self.cache_hit))
        if self.status == "completed" and "extracted_data" in body:
            self._take_result(body)
            self.extracted_text = body.get("extracted_text", self.extracted_text)
            self.text_blocks = body.get("text_blocks") or self.text_blocks
        elif self.status == "failed":
            self.error = ErrorInfo.of(body.get("error")) or ErrorInfo("failed", body.get("error_message") or "")
            self.has_result = True
        elif self.status == "cancelled":
            self.has_result = True

    def update_from_event(self, event: Event) -> None:
        """Take an `ocr_*` event about this job."""
        data = event.data
        self.task_id = data.get("task_id") or self.task_id
        if self.done and event.type == "ocr_progress":
            return  # a late progress event never moves a final job back
        self.status = TERMINAL_EVENTS.get(event.type, data.get("status") or self.status)
        self.stage = data.get("stage", self.stage)
        self.progress = data.get("progress", self.progress) or 0
        self.message = event.message or self.message
        if event.type == "ocr_completed":
            self._take_result(data.get("result") or {})
        elif event.type == "ocr_failed":
            self.error = ErrorInfo.of(data.get("error")) or ErrorInfo("failed", data.get("error_message") or "")
            self.has_result = True
        elif event.type == "ocr_cancelled":
            self.has_result = True

    def _take_result(self, result: dict) -> None:
        self.extracted_data = result.get("extracted_data")
        self.confidence_score = result.get("confidence_score")
        self.processing_time = result.get("processing_time")
        self.page_count = result.get("page_count")
        self.has_result = True

    def to_line(self) -> dict[str, Any]:
        """The `--out FILE.jsonl` line: `{file, ocr_result_id, status, error, extracted_data}`."""
        error = {"code": self.error.code, "message": self.error.message} if self.error else None
        return {"file": self.file, "ocr_result_id": self.ocr_result_id, "status": self.status, "error": error,
                "extracted_data": self.extracted_data}
