"""Serve the single-page app's build: `/`, its client routes and `/assets/…` (never `/api/*`)."""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, current_app, send_from_directory
from werkzeug.routing import PathConverter

from app.errors import ServiceUnavailable

bp = Blueprint("web", __name__)


class ClientPathConverter(PathConverter):
    """A path that is never under `/api/` or `/socket.io/`, so those keep their JSON 404s and 405s."""

    regex = r"(?!api(?:/|$))(?!socket\.io(?:/|$))[^/].*?"


@bp.record_once
def _register_converter(state) -> None:
    state.app.url_map.converters["client_path"] = ClientPathConverter

_CSP = ("default-src 'self'; img-src 'self' blob: data:; style-src 'self' 'unsafe-inline'; "
        "script-src 'self'; connect-src 'self' ws: wss:; frame-ancestors 'none'; base-uri 'self'")


def _dist() -> Path:
    return Path(current_app.config["WEB_DIST"])


def _secure(response):
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers.setdefault("Content-Security-Policy", _CSP)
    return response


@bp.get("/assets/<path:name>")
def assets(name: str):
    """Serve a hashed build asset (cached for a long time)."""
    response = send_from_directory(_dist() / "assets", name, max_age=31536000)
    return _secure(response)


@bp.get("/")
@bp.get("/<client_path:path>")
def index(path: str = ""):
    """Serve the app shell for any client route; `/api/*` keeps its JSON 404."""
    candidate = _dist() / path
    if path and candidate.is_file() and _dist() in candidate.resolve().parents:
        return _secure(send_from_directory(_dist(), path, max_age=3600))
    if not (_dist() / "index.html").exists():
        raise ServiceUnavailable("The web app is not built; run `make web`", code="web_not_built")
    response = send_from_directory(_dist(), "index.html", max_age=0)
    response.headers["Cache-Control"] = "no-cache"
    return _secure(response)
