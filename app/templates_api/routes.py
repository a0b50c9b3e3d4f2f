"""`POST/GET/PUT/DELETE /api/templates`: per-user extraction templates."""

from __future__ import annotations

from flask import current_app, jsonify, request
from flask_jwt_extended import jwt_required
from sqlalchemy import func

from app.auth.tokens import current_user_id
from app.errors import Conflict, InvalidInput, NotFound
from app.extensions import db
from app.models import Template
from app.templates_api import bp

FIELDS = ("name", "keywords", "exclude_keywords", "fields", "options", "priority")
DEFAULTS = {"exclude_keywords": [], "fields": {}, "options": {}, "priority": 0}


def _validated(body) -> dict:
    from app.extraction import validate_template

    if not isinstance(body, dict):
        raise InvalidInput("Send a JSON object", code="bad_template")
    data = {**DEFAULTS, **{k: body[k] for k in FIELDS if k in body}}
    errors = validate_template(data)
    if errors:
        details: dict[str, list[str]] = {}
        for error in errors:
            field, _, message = error.partition(":")
            details.setdefault(field.strip(), []).append(message.strip() or error)
        raise InvalidInput("Invalid template", details=details)
    return data


def _check_room(user_id: int) -> None:
    """Refuse a template beyond `MAX_TEMPLATES_PER_USER` (409)."""
    limit = current_app.config["MAX_TEMPLATES_PER_USER"]
    count = db.session.execute(db.select(func.count()).select_from(Template).filter_by(user_id=user_id)).scalar_one()
    if count >= limit:
        raise Conflict(f"At most {limit} templates per user; delete one first", code="too_many_templates",
                       details={"limit": limit})


def _owned(template_id: int) -> Template:
    template = db.session.get(Template, template_id)
    if template is None or template.user_id != current_user_id():
        raise NotFound("No such template", code="template_not_found")
    return template


@bp.post("")
@jwt_required()
def create():
    """Save a new template."""
    data = _validated(request.get_json(silent=True))
    _check_room(current_user_id())
    template = Template(user_id=current_user_id(), **data)
    db.session.add(template)
    db.session.commit()
    return jsonify(template.to_dict()), 201


@bp.get("")
@jwt_required()
def list_templates():
    """List the caller's templates, highest priority first."""
    rows = db.session.execute(db.select(Template).filter_by(user_id=current_user_id())
                              .order_by(Template.priority.desc(), Template.id)).scalars().all()
    return jsonify({"items": [t.to_dict() for t in rows]})


@bp.get("/<int:template_id>")
@jwt_required()
def get_template(template_id: int):
    """Return one template."""
    return jsonify(_owned(template_id).to_dict())


@bp.put("/<int:template_id>")
@jwt_required()
def update(template_id: int):
    """Replace a template (validated like a new one)."""
    template = _owned(template_id)
    data = _validated(request.get_json(silent=True))
    for key, value in data.items():
        setattr(template, key, value)
    template.updated_at = func.now()
    db.session.commit()
    return jsonify(template.to_dict())


@bp.delete("/<int:template_id>")
@jwt_required()
def delete(template_id: int):
    """Delete a template."""
    db.session.delete(_owned(template_id))
    db.session.commit()
    return "", 204
