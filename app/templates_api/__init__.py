"""Templates blueprint: `/api/templates` CRUD, validated on save."""

from flask import Blueprint

bp = Blueprint("templates", __name__)

from app.templates_api import routes  # noqa: E402,F401
