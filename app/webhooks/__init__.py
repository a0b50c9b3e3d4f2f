"""Webhooks blueprint (`/api/webhooks`), durable fan-out of events, signed delivery and the SSRF guard."""

from flask import Blueprint

from app.webhooks.fanout import init_fanout

bp = Blueprint("webhooks", __name__)

__all__ = ["bp", "init_fanout"]

from app.webhooks import routes  # noqa: E402,F401
