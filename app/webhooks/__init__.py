"""Webhooks blueprint (`/api/webhooks`), signed delivery and the SSRF guard."""

from flask import Blueprint

bp = Blueprint("webhooks", __name__)

__all__ = ["bp"]

from app.webhooks import routes  # noqa: E402,F401
