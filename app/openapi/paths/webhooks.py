"""Documentation of the webhooks API (`/api/webhooks`)."""

from marshmallow import Schema, fields

from app.openapi.doc import Doc
from app.webhooks.schemas import (
    CreatedWebhookSchema,
    DeliveriesQuerySchema,
    DeliverySchema,
    WebhookCreateSchema,
    WebhookSchema,
)

TAG = "webhooks"
_ID = {"webhook_id": "The webhook's id."}


class WebhookListSchema(Schema):
    """The caller's webhooks, newest first, without secrets."""

    items = fields.List(fields.Nested(WebhookSchema))


class DeliveryPageSchema(Schema):
    """One page of a webhook's deliveries, newest first."""

    items = fields.List(fields.Nested(DeliverySchema))
    page = fields.Integer()
    per_page = fields.Integer()
    total = fields.Integer()
    pages = fields.Integer()


DOCS = {
    "webhooks.create": Doc(
        "Register a webhook", TAG, status=201, body=WebhookCreateSchema, response=CreatedWebhookSchema,
        response_headers={"Location": "The webhook's URL."}, errors=(409,),
        description="The answer shows the signing `secret`, once. A target in a refused address range is a "
                    "422; 409 `webhook_limit` past the per-user limit. Deliveries are signed: "
                    "`X-Ocrflow-Signature: sha256=HMAC(secret, timestamp + \".\" + body)`."),
    "webhooks.list_webhooks": Doc("List the caller's webhooks", TAG, response=WebhookListSchema),
    "webhooks.delete": Doc("Delete a webhook and its delivery log", TAG, status=204, media_types=(),
                           path_params=_ID),
    "webhooks.deliveries": Doc("List a webhook's deliveries with their attempt logs", TAG,
                               query=DeliveriesQuerySchema, response=DeliveryPageSchema, path_params=_ID),
    "webhooks.resend": Doc(
        "Send a delivery's event again as a new delivery", TAG, status=202, response=DeliverySchema,
        errors=(409,), path_params={**_ID, "delivery_id": "The delivery's id."},
        description="409 `delivery_pending` while the original is still being attempted."),
}
