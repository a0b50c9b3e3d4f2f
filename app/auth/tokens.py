"""JWT setup: the blocklist in PostgreSQL and 401 envelopes for every token problem."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import Flask
from flask_jwt_extended import decode_token, get_jwt_identity
from sqlalchemy import text

from app.auth import verified
from app.errors import error_response
from app.extensions import db, jwt


def init_jwt(app: Flask) -> None:
    """Bind flask-jwt-extended and make every token error a 401 in the envelope."""
    jwt.init_app(app)


def _unauthorized(message: str):
    return error_response("unauthorized", message, 401, headers={"WWW-Authenticate": "Bearer"})


@jwt.unauthorized_loader
def _missing(reason: str):
    return _unauthorized("Missing or malformed Authorization header")


@jwt.invalid_token_loader
def _invalid(reason: str):
    return _unauthorized("Invalid token")


@jwt.expired_token_loader
def _expired(_header: dict, _payload: dict):
    return _unauthorized("Token has expired")


@jwt.revoked_token_loader
def _revoked(_header: dict, _payload: dict):
    return _unauthorized("Token has been revoked")


@jwt.needs_fresh_token_loader
def _not_fresh(_header: dict, _payload: dict):
    return _unauthorized("Fresh token required")


@jwt.user_lookup_error_loader
def _no_user(_header: dict, _payload: dict):
    return _unauthorized("Unknown user")


@jwt.token_verification_failed_loader
def _verification_failed(_header: dict, _payload: dict):
    return _unauthorized("Token verification failed")


@jwt.token_in_blocklist_loader
def _is_revoked(_header: dict, payload: dict) -> bool:
    return _revoked_cached(payload)


@jwt.user_lookup_loader
def _load_user(_header: dict, payload: dict):
    from app.models import User

    user_id = int(payload["sub"])
    if not verified.user_exists(user_id, lambda: _user_row_exists(user_id)):
        return None
    return verified.LazyUser(user_id, lambda uid: db.session.get(User, uid))


def _user_row_exists(user_id: int) -> bool:
    from app.models import User

    return db.session.execute(db.select(User.id).filter_by(id=user_id)).first() is not None


_REVOKED = text(
    "SELECT EXISTS (SELECT 1 FROM revoked_tokens WHERE jti = :jti) "
    "OR EXISTS (SELECT 1 FROM token_families WHERE id = :fam AND revoked_at IS NOT NULL)")


def is_revoked(payload: dict) -> bool:
    """Whether a token is on the blocklist, or its family (its login) was revoked: one query."""
    return bool(db.session.execute(_REVOKED, {"jti": payload["jti"], "fam": payload.get("fam") or ""}).scalar())


def _revoked_cached(payload: dict) -> bool:
    """`is_revoked` through this process's short-lived memory of the answers."""
    return verified.token_revoked(payload["jti"], lambda: is_revoked(payload), family=payload.get("fam"))


def revoke(payload: dict) -> None:
    """Put a token on the blocklist until it would have expired."""
    from app.models import RevokedToken

    verified.forget_token(payload["jti"])
    expires = datetime.fromtimestamp(payload["exp"], tz=UTC)
    if db.session.get(RevokedToken, payload["jti"]) is None:
        db.session.add(RevokedToken(jti=payload["jti"], expires_at=expires))
    db.session.commit()


def current_user_id() -> int:
    """Return the caller's user id from the verified token."""
    return int(get_jwt_identity())


def verify_access_token(token: str) -> dict:
    """Decode an access token and check it is not revoked; raise on any problem."""
    payload = decode_token(token)
    if payload.get("type") != "access":
        raise PermissionError("not an access token")
    if _revoked_cached(payload):
        raise PermissionError("revoked")
    return payload
