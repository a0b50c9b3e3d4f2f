"""Notifications: the inbox and broadcast routes, Socket.IO handlers, SSE, the publisher and relay."""

from flask import Blueprint

bp = Blueprint("notifications", __name__)

from app.notifications import routes  # noqa: E402,F401
