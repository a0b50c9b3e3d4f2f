"""`GET /queue-stats`."""

from flask import jsonify
from flask_jwt_extended import current_user, jwt_required

from app.jobs.stats import queue_stats
from app.ocr_async import bp


@bp.get("/queue-stats")
@jwt_required()
def stats():
    """Queue depths, consumers, job counts and times; admins see every user's jobs."""
    return jsonify(queue_stats(current_user.id, current_user.is_admin))
