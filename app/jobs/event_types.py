"""The one registry of event types: each type defined once, every list derived from it.

Webhooks' allowed types, the inbox filter, the OpenAPI enums, the 202 answer's hint and the web app's
list (served at `/api/event-types`) all read this table; a test compares each with it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

# Every user event goes out on Socket.IO (and SSE) under this one name; its payload carries `type`.
SOCKET_EVENT = "notification"
# Control messages keep names of their own.
CONTROL_EVENTS = ("replay_done", "replay_truncated", "heartbeat", "error")

Builder = Callable[[Any], dict]


@dataclass(frozen=True)
class EventType:
    """One kind of user event: its name, its role and how its `data` is built."""

    name: str
    description: str
    terminal: bool = False
    inbox: bool = True
    webhook: bool = True
    job: bool = False  # about one job: its data is built from the job's row
    build: Builder | None = None  # extra `data` from the source row, merged over the job fields


_REGISTRY: dict[str, EventType] = {}


def register(event_type: EventType) -> EventType:
    """Add a type to the registry (a name may be defined once)."""
    if event_type.name in _REGISTRY:
        raise ValueError(f"event type {event_type.name!r} is already defined")
    _REGISTRY[event_type.name] = event_type
    return event_type


def unregister(name: str) -> None:
    """Remove a type (for tests that add a throw-away one)."""
    _REGISTRY.pop(name, None)


def get(name: str) -> EventType:
    """Return a registered type; an unknown name is a bug."""
    try:
        return _REGISTRY[name]
    except KeyError:
        raise KeyError(f"unknown event type {name!r}") from None


def names() -> tuple[str, ...]:
    """Every type, in definition order."""
    return tuple(_REGISTRY)


def inbox_types() -> tuple[str, ...]:
    """The types the inbox keeps."""
    return tuple(t.name for t in _REGISTRY.values() if t.inbox)


def webhook_types() -> tuple[str, ...]:
    """The types a webhook may subscribe to."""
    return tuple(t.name for t in _REGISTRY.values() if t.webhook)


def terminal_types() -> tuple[str, ...]:
    """The types that end a job."""
    return tuple(t.name for t in _REGISTRY.values() if t.terminal)


def job_types() -> tuple[str, ...]:
    """The types about one job (what a socket client of one upload listens for)."""
    return tuple(t.name for t in _REGISTRY.values() if t.job)


def describe() -> list[dict]:
    """The registry as JSON-ready rows (for the web app and the API docs)."""
    return [{"name": t.name, "description": t.description, "terminal": t.terminal, "inbox": t.inbox,
             "webhook": t.webhook, "job": t.job} for t in _REGISTRY.values()]


def job_data(event: str, row: Any) -> dict:
    """Return an event's `data` for a job (an ORM object or a returned row), per DESIGN §6."""
    data = {"ocr_result_id": row.id, "task_id": str(row.task_id),
            "batch_id": str(row.batch_id) if row.batch_id else None,
            "status": row.status, "stage": row.stage, "progress": row.progress}
    build = get(event).build
    return data | build(row) if build else data


def _result(row: Any) -> dict:
    return {"result": {"extracted_data": row.extracted_data, "confidence_score": row.confidence_score,
                       "processing_time": row.processing_time, "page_count": row.page_count}}


def _error(row: Any) -> dict:
    return {"error": {"code": row.error_code, "message": row.error_message}, "error_message": row.error_message}


def batch_data(counts: Any, statuses: tuple[str, ...]) -> dict:
    """Return a `batch_completed` event's data from a batch row's counts."""
    summary = {s: getattr(counts, s) for s in statuses} | {"total": counts.total}
    return {"batch_id": str(counts.id), "counts": summary}


OCR_PROGRESS = register(EventType(
    "ocr_progress", "A job moved to another stage or read another page.", inbox=False, job=True))
OCR_COMPLETED = register(EventType(
    "ocr_completed", "A job finished; `data.result` holds its fields.", terminal=True, job=True, build=_result))
OCR_FAILED = register(EventType(
    "ocr_failed", "A job failed; `data.error` holds the code and message.", terminal=True, job=True,
    build=_error))
OCR_CANCELLED = register(EventType("ocr_cancelled", "A job was cancelled.", terminal=True, job=True))
BATCH_COMPLETED = register(EventType(
    "batch_completed", "Every job of a bulk upload finished; `data.counts` by status."))
AI_TRAINING = register(EventType(
    "ai_training", "A template was learned from the user's corrections."))
SYSTEM = register(EventType("system", "A message from the operators."))
