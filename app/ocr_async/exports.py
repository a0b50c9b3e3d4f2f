"""`GET /results/export`: the caller's jobs as CSV, XLSX or JSON Lines, streamed."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import Response, request, stream_with_context
from flask_jwt_extended import jwt_required
from marshmallow import EXCLUDE, Schema, ValidationError, fields, validate, validates_schema

from app.auth.tokens import current_user_id
from app.jobs import exports
from app.models.job import STATUSES
from app.ocr_async import bp


class ExportQuerySchema(Schema):
    """Format and filters of `GET /results/export`."""

    class Meta:
        unknown = EXCLUDE

    format = fields.String(load_default="csv", validate=validate.OneOf(sorted(exports.FORMATS)))
    status = fields.String(load_default=None, validate=validate.OneOf(STATUSES))
    batch_id = fields.UUID(load_default=None)
    from_ = fields.DateTime(load_default=None, data_key="from",
                            metadata={"description": "Jobs created at or after this ISO 8601 time (UTC if naive)."})
    to = fields.DateTime(load_default=None, metadata={"description": "Jobs created before this ISO 8601 time."})

    @validates_schema
    def _range(self, data: dict, **_kwargs) -> None:
        start, end = _utc(data.get("from_")), _utc(data.get("to"))
        if start and end and end <= start:
            raise ValidationError("`to` must be after `from`", "to")


def _utc(value: datetime | None) -> datetime | None:
    """Naive times are UTC; others are converted to UTC here (PostgreSQL refuses offsets beyond ±15:59)."""
    if value is None:
        return None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


@bp.get("/results/export")
@jwt_required()
def export_results():
    """Stream the caller's jobs, one row each, with their main fields."""
    query = ExportQuerySchema().load(request.args.to_dict())
    filters = {"status": query["status"], "batch_id": query["batch_id"], "from": _utc(query["from_"]),
               "to": _utc(query["to"])}
    kind = query["format"]
    rows = exports.job_rows(current_user_id(), filters)
    body = {"csv": exports.csv_stream, "jsonl": exports.jsonl_stream, "xlsx": exports.xlsx_stream}[kind](rows)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    response = Response(stream_with_context(body), mimetype=exports.FORMATS[kind])
    response.headers["Content-Disposition"] = f'attachment; filename="ocrflow-export-{stamp}.{kind}"'
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, no-store"
    return response
