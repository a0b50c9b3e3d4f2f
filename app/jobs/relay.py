"""The relay: republish events whose publication after commit did not happen."""

from __future__ import annotations

from flask import current_app
from sqlalchemy import text

from app.extensions import db
from app.jobs.publisher import mark_published, publish

# Older than a few seconds, so events being published right now by their writer are left alone.
_UNPUBLISHED = text("""
SELECT user_id, payload FROM events
WHERE published_at IS NULL AND created_at < now() - make_interval(secs => :grace)
ORDER BY user_id, seq LIMIT :limit
""")


def relay_unpublished(grace_seconds: float = 2.0, limit: int = 2000) -> dict:
    """Publish unpublished events in order; return how many were settled."""
    rows = db.session.execute(_UNPUBLISHED, {"grace": grace_seconds, "limit": limit}).all()
    db.session.rollback()
    events = [(row.user_id, row.payload) for row in rows]
    settled = publish(current_app.config["REDIS_URL"], events, throttle=False, force=True)
    mark_published(settled)
    return {"pending": len(events), "published": len(settled)}
