"""Schemas of the webhooks API."""

from __future__ import annotations

from marshmallow import EXCLUDE, Schema, ValidationError, fields, post_load, validate

from app.jobs.event_types import webhook_types


class _WebhookType(validate.Validator):
    """Accept a type a webhook may subscribe to, as the registry says at the time of the request."""

    def __call__(self, value: str) -> str:
        allowed = webhook_types()
        if value not in allowed:
            raise ValidationError(f"Must be one of: {', '.join(allowed)}.")
        return value


class WebhookCreateSchema(Schema):
    """`POST /api/webhooks`: where to send and which event types."""

    url = fields.String(required=True, validate=validate.Length(min=1, max=2048))
    events = fields.List(fields.String(validate=_WebhookType()), required=True,
                         validate=validate.Length(min=1, max=100))

    @post_load
    def _dedupe(self, data: dict, **_kwargs) -> dict:
        data["events"] = list(dict.fromkeys(data["events"]))
        return data


class WebhookSchema(Schema):
    """A webhook as listed (never with its secret)."""

    id = fields.Integer()
    url = fields.String()
    events = fields.List(fields.String())
    active = fields.Boolean()
    created_at = fields.DateTime()


class CreatedWebhookSchema(WebhookSchema):
    """A webhook just created: the only answer that shows the secret."""

    secret = fields.String()


class AttemptSchema(Schema):
    """One entry of a delivery's attempt log."""

    attempt = fields.Integer()
    at = fields.String()
    status = fields.String()
    response_code = fields.Integer(allow_none=True)
    error = fields.String(allow_none=True)
    duration_ms = fields.Float()
    address = fields.String(allow_none=True)
    response_excerpt = fields.String(allow_none=True)


class DeliverySchema(Schema):
    """One event sent to one webhook, with every attempt."""

    id = fields.Integer()
    webhook_id = fields.Integer()
    event_id = fields.Integer(attribute="event_seq")
    event_type = fields.String()
    status = fields.String()
    attempt = fields.Integer()
    response_code = fields.Integer(allow_none=True)
    error = fields.String(allow_none=True)
    created_at = fields.DateTime()
    updated_at = fields.DateTime()
    next_attempt_at = fields.DateTime(allow_none=True)
    delivered_at = fields.DateTime(allow_none=True)
    payload = fields.Dict()
    attempt_log = fields.List(fields.Nested(AttemptSchema))


class DeliveriesQuerySchema(Schema):
    """Filters and paging of `GET /api/webhooks/<id>/deliveries`."""

    class Meta:
        unknown = EXCLUDE

    status = fields.String(load_default=None, validate=validate.OneOf(["pending", "delivered", "failed"]))
    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=100000))
    per_page = fields.Integer(load_default=20, validate=validate.Range(min=1, max=100))
