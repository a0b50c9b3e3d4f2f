"""Server-Sent Events of the caller's events (`GET /events`)."""

from flask_jwt_extended import jwt_required

from app.errors import ServiceUnavailable
from app.ocr_async import bp


@bp.get("/events")
@jwt_required()
def events():
    """Stream the caller's events (built in the notifications layer)."""
    raise ServiceUnavailable("The event stream is not available yet", code="not_implemented")
