"""Auth blueprint: register, login, refresh, logout, me."""

from flask import Blueprint

bp = Blueprint("auth", __name__)

from app.auth import routes  # noqa: E402,F401
