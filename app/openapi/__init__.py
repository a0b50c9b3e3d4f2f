"""The API's own documentation: `GET /api/openapi.json` and the browsable page `GET /api/docs`."""

from __future__ import annotations

import json

from flask import Blueprint, Response, current_app, render_template

from app.openapi.spec import get_spec

bp = Blueprint("openapi", __name__, template_folder="templates", static_folder="assets",
               static_url_path="/api/docs/assets")

# The page's own script and style only; it reads the document from this origin.
_CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; "
        "frame-ancestors 'none'; base-uri 'none'; form-action 'none'")


@bp.get("/api/openapi.json")
def spec():
    """Return the OpenAPI document of every route (keys in declaration order, not sorted)."""
    body = json.dumps(get_spec(current_app._get_current_object()), ensure_ascii=False)
    return Response(body, mimetype="application/json", headers={"Cache-Control": "no-cache"})


@bp.get("/api/docs")
def docs():
    """Serve the browsable documentation page."""
    response = current_app.make_response(render_template("openapi/docs.html"))
    response.headers["Content-Security-Policy"] = _CSP
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["Cache-Control"] = "no-cache"
    return response
