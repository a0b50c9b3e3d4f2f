"""The inbox: a user's lasting notifications (no progress) and their read marks."""

from __future__ import annotations

from sqlalchemy import text

from app.extensions import db
from app.jobs.event_types import inbox_types

_TYPES = "e.type = ANY(CAST(:types AS text[]))"
_NEWEST = """
SELECT * FROM (
  SELECT e.seq, e.payload, e.read_at FROM events e
  WHERE e.user_id = :uid AND {types} {unread}
  ORDER BY e.seq DESC LIMIT :limit) newest
ORDER BY seq
"""
_AFTER = """
SELECT e.seq, e.payload, e.read_at FROM events e
WHERE e.user_id = :uid AND e.seq > :after AND {types} {unread}
ORDER BY e.seq LIMIT :limit
"""
_UNREAD_COUNT = text(f"SELECT count(*) FROM events e WHERE e.user_id = :uid AND {_TYPES} AND e.read_at IS NULL")


def _item(payload: dict, read_at) -> dict:
    return {**payload, "read": read_at is not None, "read_at": read_at.isoformat() if read_at else None}


def list_items(user_id: int, *, after: int | None, limit: int, unread: bool) -> dict:
    """Return inbox items in seq order: after a cursor, or else the newest `limit`."""
    unread_sql = "AND e.read_at IS NULL" if unread else ""
    params = {"uid": user_id, "types": list(inbox_types()), "limit": limit}
    if after is not None:
        params["after"] = after
    sql = (_NEWEST if after is None else _AFTER).format(types=_TYPES, unread=unread_sql)
    rows = db.session.execute(text(sql), params).all()
    last_seq = db.session.execute(text("SELECT event_seq FROM users WHERE id = :uid"), {"uid": user_id}).scalar()
    return {"items": [_item(row.payload, row.read_at) for row in rows],
            "unread_count": unread_count(user_id), "last_seq": last_seq or 0}


def unread_count(user_id: int) -> int:
    """Count the user's unread inbox events."""
    return db.session.execute(_UNREAD_COUNT, {"uid": user_id, "types": list(inbox_types())}).scalar_one()


def mark_read(user_id: int, seqs: list[int] | None) -> int:
    """Set `read_at` on the given inbox events (all of them when `seqs` is None); return how many changed."""
    params = {"uid": user_id, "types": list(inbox_types())}
    sql = f"UPDATE events e SET read_at = now() WHERE e.user_id = :uid AND {_TYPES} AND e.read_at IS NULL"
    if seqs is not None:
        sql += " AND e.seq = ANY(CAST(:seqs AS bigint[]))"
        params["seqs"] = seqs
    changed = db.session.execute(text(sql), params).rowcount
    db.session.commit()
    return changed
