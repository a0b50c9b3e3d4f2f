"""Token families: every token of one login shares a family id (`fam`).

Refresh rotates the family's current refresh token; presenting an older one (a stolen copy, or the
original after a thief used it) revokes the family. Logout revokes the family, which ends every
access token issued from it, their sockets and their event streams.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from flask import current_app
from sqlalchemy import text

from app.auth import verified
from app.errors import Unauthorized
from app.extensions import db
from app.models import TokenFamily


def new_family_id() -> str:
    """Return a fresh family id."""
    return str(uuid.uuid4())


def record(family_id: str, user_id: int, refresh_jti: str) -> None:
    """Store a new family with its first refresh token (the caller commits)."""
    days = current_app.config["JWT_REFRESH_DAYS"]
    db.session.add(TokenFamily(id=family_id, user_id=user_id, refresh_jti=refresh_jti,
                               expires_at=datetime.now(UTC) + timedelta(days=days)))


def rotate(payload: dict, new_jti: str) -> None:
    """Make `new_jti` the family's refresh token if `payload` is its current one; else revoke the family."""
    family_id = payload["fam"]
    family = db.session.get(TokenFamily, family_id, with_for_update=True)
    if family is None or family.revoked_at is not None:
        db.session.rollback()
        raise Unauthorized("Token has been revoked")
    if family.refresh_jti != payload["jti"]:
        family.revoked_at = datetime.now(UTC)
        verified.forget_family(family_id)
        db.session.commit()
        announce(family_id)
        raise Unauthorized("This refresh token was already used; the session is closed", code="refresh_reused")
    family.refresh_jti = new_jti
    # The family lives as long as its newest refresh token (the cleaner deletes it after that).
    family.expires_at = datetime.now(UTC) + timedelta(days=current_app.config["JWT_REFRESH_DAYS"])


def revoke(family_id: str | None) -> None:
    """Mark a family revoked (the caller commits)."""
    if family_id:
        verified.forget_family(family_id)
        db.session.execute(text("UPDATE token_families SET revoked_at = coalesce(revoked_at, now()) WHERE id = :f"),
                           {"f": family_id})


def announce(family_id: str) -> None:
    """Drop the family's live sockets here and in the other API processes."""
    from app.notifications.sessions import disconnect_family

    disconnect_family(family_id)
