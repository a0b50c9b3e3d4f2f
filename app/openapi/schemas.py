"""Shapes of answers that have no marshmallow schema beside their view; used only to document them."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from app.extraction.templates import (
    MAX_KEYWORD_LENGTH,
    MAX_KEYWORDS,
    MAX_PATTERNS_PER_FIELD,
    OPTION_KEYS,
    TEMPLATE_FIELDS,
)
from app.ocr_async.jobs import CORRECTABLE
from app.ocr_async.schemas import SUPPORTED_LANGUAGES, StatusSchema, UploadOptionsSchema

BINARY = {"type": "string", "format": "binary"}


class MessageSchema(Schema):
    """A one-line answer."""

    message = fields.String()


def _language() -> fields.String:
    return fields.String(metadata={"enum": list(SUPPORTED_LANGUAGES), "default": "auto",
                                   "description": "`auto` (detected from the text) or a language code (any letter "
                                                  "case); a language whose recogniser is not installed is a 422 "
                                                  "naming what to install."})


class ProcessAsyncFormSchema(UploadOptionsSchema):
    """The multipart form of `POST /process-async`: one `file` and the upload options."""

    file = fields.Raw(required=True, metadata={**BINARY, "description": "The document (image or PDF)."})
    language = _language()


class ProcessBulkFormSchema(UploadOptionsSchema):
    """The multipart form of `POST /process-bulk`: `files` and the upload options."""

    files = fields.List(fields.Raw(metadata=BINARY), required=True,
                        metadata={"minItems": 1, "description": "1 to OCR_MAX_BULK_FILES documents."})
    language = _language()


class BulkAcceptedItemSchema(Schema):
    """A file of a bulk upload that became a job."""

    filename = fields.String(allow_none=True)
    ocr_result_id = fields.Integer()
    task_id = fields.String()
    status = fields.String()
    cache_hit = fields.Boolean()


class FileErrorSchema(Schema):
    """Why one file was refused."""

    code = fields.String()
    message = fields.String()


class BulkRejectedItemSchema(Schema):
    """A file of a bulk upload that was refused, alone."""

    filename = fields.String(allow_none=True)
    error = fields.Nested(FileErrorSchema)


class BulkAcceptedSchema(Schema):
    """The 202 answer to a bulk upload."""

    batch_id = fields.String()
    accepted = fields.List(fields.Nested(BulkAcceptedItemSchema))
    rejected = fields.List(fields.Nested(BulkRejectedItemSchema))


class CancelSchema(Schema):
    """The answer to a cancel request."""

    status = fields.String()
    ocr_result_id = fields.Integer()
    task_id = fields.String()
    cancel_requested = fields.Boolean()


class ResultsPageSchema(Schema):
    """One page of the caller's jobs, newest first."""

    items = fields.List(fields.Nested(StatusSchema))
    page = fields.Integer()
    per_page = fields.Integer()
    total = fields.Integer()
    pages = fields.Integer()


class BatchSchema(Schema):
    """A batch: counts by status and its jobs."""

    batch_id = fields.String()
    created_at = fields.String(allow_none=True)
    completed_at = fields.String(allow_none=True)
    counts = fields.Dict(keys=fields.String(), values=fields.Integer())
    jobs = fields.List(fields.Nested(StatusSchema))


class LinksSchema(Schema):
    """Short-lived signed URLs of a job's file and pages."""

    file_url = fields.String()
    searchable_pdf_url = fields.String()
    page_urls = fields.List(fields.String())
    expires_at = fields.String()
    expires_in = fields.Integer()


CORRECTIONS_BODY = {
    "type": "object",
    "description": "Corrected values by field name; at least one.",
    "minProperties": 1,
    "additionalProperties": False,
    "properties": {name: {"description": f"The corrected `{name}`."} for name in CORRECTABLE},
}


class CorrectionsSchema(Schema):
    """The stored corrections of a job beside its extracted values."""

    ocr_result_id = fields.Integer()
    corrections = fields.Dict()
    extracted_data = fields.Dict()


class QueueSchema(Schema):
    """One queue's depth and consumers."""

    pending = fields.Integer(allow_none=True)
    consumers = fields.Integer()
    active = fields.Integer()
    reserved = fields.Integer()


class QueueStatsSchema(Schema):
    """Queue depths, consumers, job counts and times (partial with `degraded` on broker trouble)."""

    scope = fields.String(metadata={"enum": ["all", "user"]})
    queues = fields.Dict(keys=fields.String(), values=fields.Nested(QueueSchema))
    workers = fields.Dict()
    generated_at = fields.String()
    jobs_by_status = fields.Dict(keys=fields.String(), values=fields.Integer())
    mean_wait_seconds = fields.Float(allow_none=True)
    mean_processing_seconds = fields.Float(allow_none=True)
    throughput_per_minute = fields.Float()
    history = fields.List(fields.Dict())
    degraded = fields.Boolean()
    degraded_reasons = fields.List(fields.String())
    queues_without_consumers = fields.List(fields.String())


class HealthSchema(Schema):
    """Each component's state; `down` names what is down (then the status is 503)."""

    status = fields.String(metadata={"enum": ["ok", "degraded"]})
    components = fields.Dict()
    down = fields.List(fields.String())


class EventsQuerySchema(Schema):
    """Filters of the event stream."""

    ocr_result_id = fields.Integer(validate=validate.Range(min=0), metadata={"description": "Only this job's events."})
    batch_id = fields.UUID(metadata={"description": "Only this batch's events."})
    last_event_id = fields.Integer(validate=validate.Range(min=0),
                                   metadata={"description": "As the `Last-Event-ID` header, for clients that cannot "
                                                            "set it."})


class EventSchema(Schema):
    """An event as every channel carries it (DESIGN §6); inbox items add their read state."""

    id = fields.Integer(metadata={"description": "The user's event `seq`."})
    type = fields.String()
    message = fields.String(allow_none=True)
    data = fields.Dict()
    created_at = fields.String(allow_none=True)
    read = fields.Boolean()
    read_at = fields.String(allow_none=True)


class EventTypeSchema(Schema):
    """One event type of the registry."""

    name = fields.String()
    description = fields.String()
    terminal = fields.Boolean()
    inbox = fields.Boolean()
    webhook = fields.Boolean()
    job = fields.Boolean()


class EventTypesSchema(Schema):
    """The event registry: the Socket.IO event name, the control messages and the types."""

    socket_event = fields.String(metadata={"enum": ["notification"]})
    control_events = fields.List(fields.String())
    types = fields.List(fields.Nested(EventTypeSchema))


class InboxSchema(Schema):
    """A page of the inbox."""

    items = fields.List(fields.Nested(EventSchema))
    unread_count = fields.Integer()
    last_seq = fields.Integer()


class ReadResultSchema(Schema):
    """How many inbox events were marked read."""

    updated = fields.Integer()
    unread_count = fields.Integer()


class BroadcastResultSchema(Schema):
    """Who a broadcast reached."""

    recipients = fields.Integer()
    published = fields.Integer()
    duration_ms = fields.Float()


class TicketSchema(Schema):
    """A single-use ticket for one `EventSource` connection."""

    ticket = fields.String()
    expires_in = fields.Integer()


def _strings(min_items: int = 0) -> dict:
    return {"type": "array", "minItems": min_items, "maxItems": MAX_KEYWORDS,
            "items": {"type": "string", "minLength": 1, "maxLength": MAX_KEYWORD_LENGTH}}


_PATTERNS = {"oneOf": [{"type": "string"}, {"type": "array", "minItems": 1, "maxItems": MAX_PATTERNS_PER_FIELD,
                                            "items": {"type": "string"}}]}
TEMPLATE_BODY = {
    "type": "object",
    "description": "A template: all its keywords (and none of the excluded ones) select it for a document.",
    "required": ["name", "keywords"],
    "properties": {
        "name": {"type": "string", "minLength": 1, "maxLength": 200},
        "keywords": _strings(min_items=1),
        "exclude_keywords": _strings(),
        "fields": {"type": "object", "description": "A regex, or a list of regexes, by field.",
                   "properties": {name: _PATTERNS for name in TEMPLATE_FIELDS}, "additionalProperties": False},
        "options": {"type": "object", "properties": {name: {} for name in OPTION_KEYS},
                    "additionalProperties": False},
        "priority": {"type": "integer", "minimum": -1000, "maximum": 1000, "default": 0},
    },
}


class TemplateSchema(Schema):
    """A template as stored."""

    id = fields.Integer()
    name = fields.String()
    keywords = fields.List(fields.String())
    exclude_keywords = fields.List(fields.String())
    fields_ = fields.Dict(data_key="fields")
    options = fields.Dict()
    priority = fields.Integer()
    created_at = fields.String(allow_none=True)
    updated_at = fields.String(allow_none=True)


class TemplateListSchema(Schema):
    """The caller's templates, highest priority first."""

    items = fields.List(fields.Nested(TemplateSchema))
