"""Webhooks routes: register, list, delete, the delivery log, and resend."""

from __future__ import annotations

from flask import current_app, jsonify, request
from flask_jwt_extended import jwt_required
from sqlalchemy import func

from app.auth.tokens import current_user_id
from app.errors import Conflict, InvalidInput, NotFound
from app.extensions import db
from app.jobs.fanout import send_delivery
from app.models import Webhook, WebhookDelivery
from app.webhooks import bp, delivery, guard, signing
from app.webhooks.schemas import (
    CreatedWebhookSchema,
    DeliveriesQuerySchema,
    DeliverySchema,
    WebhookCreateSchema,
    WebhookSchema,
)
from app.webhooks.settings import get_settings


def owned_webhook(webhook_id: int, user_id: int) -> Webhook:
    """Return the caller's webhook, or 404 (another user's id too)."""
    hook = db.session.get(Webhook, webhook_id)
    if hook is None or hook.user_id != user_id:
        raise NotFound("No such webhook", code="webhook_not_found")
    return hook


def _owned_delivery(hook: Webhook, delivery_id: int) -> WebhookDelivery:
    found = db.session.get(WebhookDelivery, delivery_id)
    if found is None or found.webhook_id != hook.id:
        raise NotFound("No such delivery", code="delivery_not_found")
    return found


def _checked_url(url: str) -> str:
    try:
        guard.check_registration(url, get_settings(current_app.config).allow)
    except (guard.InvalidTarget, guard.Refused) as exc:
        raise InvalidInput("Invalid webhook URL", details={"url": [str(exc)]}) from None
    return url.strip()


@bp.post("")
@jwt_required()
def create():
    """Register a webhook; the answer shows its signing secret, once."""
    data = WebhookCreateSchema().load(request.get_json(silent=True) or {})
    user_id = current_user_id()
    url = _checked_url(data["url"])
    limit = get_settings(current_app.config).max_per_user
    count = db.session.execute(db.select(func.count()).select_from(Webhook)
                               .filter_by(user_id=user_id)).scalar_one()
    if count >= limit:
        raise Conflict(f"At most {limit} webhooks per user", code="webhook_limit")
    hook = Webhook(user_id=user_id, url=url, secret=signing.new_secret(), events=data["events"])
    db.session.add(hook)
    db.session.commit()
    response = jsonify(CreatedWebhookSchema().dump(hook))
    response.status_code = 201
    response.headers["Location"] = f"/api/webhooks/{hook.id}"
    return response


@bp.get("")
@jwt_required()
def list_webhooks():
    """List the caller's webhooks, newest first, without their secrets."""
    hooks = db.session.execute(db.select(Webhook).filter_by(user_id=current_user_id())
                               .order_by(Webhook.id.desc())).scalars().all()
    return jsonify({"items": WebhookSchema(many=True).dump(hooks)})


@bp.delete("/<int:webhook_id>")
@jwt_required()
def delete(webhook_id: int):
    """Delete a webhook and its delivery log; attempts not yet made are dropped."""
    db.session.delete(owned_webhook(webhook_id, current_user_id()))
    db.session.commit()
    return "", 204


@bp.get("/<int:webhook_id>/deliveries")
@jwt_required()
def deliveries(webhook_id: int):
    """List a webhook's deliveries, newest first, each with its attempt log."""
    hook = owned_webhook(webhook_id, current_user_id())
    query = DeliveriesQuerySchema().load(request.args.to_dict())
    filters = [WebhookDelivery.webhook_id == hook.id]
    if query["status"]:
        filters.append(WebhookDelivery.status == query["status"])
    total = db.session.execute(db.select(func.count()).select_from(WebhookDelivery)
                               .filter(*filters)).scalar_one()
    page, per_page = query["page"], query["per_page"]
    rows = db.session.execute(db.select(WebhookDelivery).filter(*filters).order_by(WebhookDelivery.id.desc())
                              .limit(per_page).offset((page - 1) * per_page)).scalars().all()
    return jsonify({"items": DeliverySchema(many=True).dump(rows), "page": page, "per_page": per_page,
                    "total": total, "pages": (total + per_page - 1) // per_page})


@bp.post("/<int:webhook_id>/deliveries/<int:delivery_id>/resend")
@jwt_required()
def resend(webhook_id: int, delivery_id: int):
    """Send a delivery's event again as a new delivery (its own id and attempt log)."""
    hook = owned_webhook(webhook_id, current_user_id())
    original = _owned_delivery(hook, delivery_id)
    if original.status == "pending":
        raise Conflict("The delivery is still being attempted", code="delivery_pending")
    new_id = delivery.copy_for_resend(original.id)
    # The answer is the accepted, pending delivery: read before it is sent, which a worker may finish first.
    response = jsonify(DeliverySchema().dump(db.session.get(WebhookDelivery, new_id)))
    send_delivery(new_id, 0)
    response.status_code = 202
    return response
