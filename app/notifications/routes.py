"""`/api/notifications` (the inbox) and `/api/admin/broadcast`."""

from __future__ import annotations

from flask import jsonify, request
from flask_jwt_extended import current_user, jwt_required
from marshmallow import EXCLUDE, Schema, ValidationError, fields, validate, validates_schema

from app.auth.tokens import current_user_id
from app.errors import Forbidden
from app.jobs import event_types
from app.notifications import bp, inbox
from app.notifications.broadcast import broadcast as broadcast_all


class InboxQuerySchema(Schema):
    """Query of `GET /api/notifications`."""

    class Meta:
        unknown = EXCLUDE

    after = fields.Integer(load_default=None, validate=validate.Range(min=0))
    limit = fields.Integer(load_default=50, validate=validate.Range(min=1, max=500))
    unread = fields.Boolean(load_default=False)


class ReadSchema(Schema):
    """Body of `POST /api/notifications/read`: `seqs` or `all`."""

    seqs = fields.List(fields.Integer(validate=validate.Range(min=1)), validate=validate.Length(max=5000))
    all = fields.Boolean(load_default=False)

    @validates_schema
    def _one_of(self, data: dict, **_kwargs) -> None:
        if not data.get("all") and not data.get("seqs"):
            raise ValidationError("Give `seqs` (a non-empty list) or `all: true`")


class BroadcastSchema(Schema):
    """Body of `POST /api/admin/broadcast`."""

    message = fields.String(required=True, validate=validate.Length(min=1, max=2000))
    data = fields.Dict(load_default=dict)


@bp.get("/api/notifications")
@jwt_required()
def list_notifications():
    """The caller's inbox: terminal, batch, ai_training and system events, with read flags."""
    query = InboxQuerySchema().load(request.args)
    return jsonify(inbox.list_items(current_user_id(), after=query["after"], limit=query["limit"],
                                    unread=query["unread"]))


@bp.get("/api/notifications/types")
@jwt_required()
def list_event_types():
    """The event types: name, description, and whether terminal, kept in the inbox, webhook-able."""
    return jsonify({"socket_event": event_types.SOCKET_EVENT, "control_events": list(event_types.CONTROL_EVENTS),
                    "types": event_types.describe()})


@bp.post("/api/notifications/read")
@jwt_required()
def mark_read():
    """Mark inbox events read, by seq or all of them."""
    body = ReadSchema().load(request.get_json(silent=True) or {})
    user_id = current_user_id()
    changed = inbox.mark_read(user_id, None if body.get("all") else body["seqs"])
    return jsonify({"updated": changed, "unread_count": inbox.unread_count(user_id)})


@bp.post("/api/admin/broadcast")
@jwt_required()
def broadcast():
    """Send a `system` event to every user (admins only)."""
    if not current_user.is_admin:
        raise Forbidden("Only an admin can broadcast", code="admin_required")
    body = BroadcastSchema().load(request.get_json(silent=True) or {})
    return jsonify(broadcast_all(body["message"], body["data"]))
