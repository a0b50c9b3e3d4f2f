"""Schemas of the jobs API: upload options and the shapes it answers with."""

from __future__ import annotations

from marshmallow import EXCLUDE, Schema, ValidationError, fields, validate, validates

from app.extraction.languages import AUTO, CODES
from app.ocr.errors import EngineUnavailable
from app.ocr.recognisers import CJK_CODES, require

# `auto` (detected from the text), the language packs' codes, the CJK codes PP-OCRv6 reads, and regional
# English variants (they change how dates are read: en-US is month-first).
ENGLISH_REGIONS = ("en-us", "en-gb", "en-au", "en-ca", "en-ie", "en-in", "en-nz", "en-sg", "en-my", "en-ph", "en-za")
SUPPORTED_LANGUAGES = (AUTO, *CODES, *CJK_CODES, *ENGLISH_REGIONS)


class UploadOptionsSchema(Schema):
    """Options of `process-async` and `process-bulk` (form fields)."""

    class Meta:
        unknown = EXCLUDE

    template_id = fields.Integer(load_default=None, allow_none=True, validate=validate.Range(min=1),
                                 metadata={"description": "One of the caller's templates; any other id is a "
                                                          "422 `template_not_found`."})
    confidence_threshold = fields.Float(load_default=None, allow_none=True,
                                        validate=validate.Range(min=0.0, max=1.0))
    priority = fields.String(load_default="normal", validate=validate.OneOf(["low", "normal", "high"]))
    language = fields.String(load_default=AUTO, validate=validate.Length(max=16))
    extract_format = fields.String(load_default="json", validate=validate.OneOf(["text", "json"]))
    force = fields.Boolean(load_default=False)

    @validates("language")
    def _language(self, value: str, **_kwargs) -> None:
        if value.lower() not in SUPPORTED_LANGUAGES:
            raise ValidationError(f"Unsupported language {value!r}; the codes are: {', '.join(SUPPORTED_LANGUAGES)}")
        try:
            require(value.lower())
        except EngineUnavailable as exc:
            raise ValidationError(str(exc)) from exc


class ResultsQuerySchema(Schema):
    """Filters and paging of `GET /results`."""

    class Meta:
        unknown = EXCLUDE

    status = fields.String(load_default=None, validate=validate.OneOf(
        ["queued", "processing", "completed", "failed", "cancelled"]))
    batch_id = fields.UUID(load_default=None)
    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=100000))
    per_page = fields.Integer(load_default=20, validate=validate.Range(min=1, max=100))


class ErrorSchema(Schema):
    """The error envelope's body."""

    code = fields.String()
    message = fields.String()
    details = fields.Raw(allow_none=True)


class ErrorEnvelopeSchema(Schema):
    """`{"error": {code, message, details}}`."""

    error = fields.Nested(ErrorSchema)


class AcceptedSchema(Schema):
    """The 202 answer to an upload."""

    message = fields.String()
    ocr_result_id = fields.Integer()
    task_id = fields.String()
    status = fields.String()
    estimated_time = fields.Float()
    check_status_url = fields.String()
    events_url = fields.String()
    notification = fields.Dict()
    cache_hit = fields.Boolean()


class TaskInfoSchema(Schema):
    """Stage, progress and message of a job."""

    stage = fields.String()
    progress = fields.Integer()
    message = fields.String(allow_none=True)


class StatusSchema(Schema):
    """`GET /status/<id>`."""

    ocr_result_id = fields.Integer()
    task_id = fields.String()
    batch_id = fields.String(allow_none=True)
    retry_of = fields.Integer(allow_none=True)
    status = fields.String()
    task_status = fields.String()
    task_info = fields.Nested(TaskInfoSchema)
    created_at = fields.String()
    updated_at = fields.String()
    original_filename = fields.String(allow_none=True)
    priority = fields.String()
    polling_instructions = fields.Dict()
    confidence_score = fields.Float(allow_none=True)
    processing_time = fields.Float(allow_none=True)
    page_count = fields.Integer(allow_none=True)
    extracted_text = fields.String(allow_none=True)
    extracted_data = fields.Dict(allow_none=True)
    text_blocks = fields.List(fields.Dict())
    engine = fields.Dict(allow_none=True)
    cache_hit = fields.Boolean()
    corrections = fields.Dict(allow_none=True)
    error = fields.Dict()
    error_message = fields.String(allow_none=True)
