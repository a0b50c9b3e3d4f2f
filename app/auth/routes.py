"""Auth routes."""

from __future__ import annotations

from flask import current_app, jsonify, request
from flask_jwt_extended import create_access_token, create_refresh_token, current_user, get_jwt, jwt_required
from flask_jwt_extended.utils import decode_token
from sqlalchemy.exc import IntegrityError
from werkzeug.security import generate_password_hash

from app.auth import bp, families, registration, throttle
from app.auth.hashing import hash_password, password_matches
from app.auth.schemas import LoginSchema, RegisterSchema
from app.auth.tokens import revoke
from app.errors import Conflict, Unauthorized
from app.extensions import db, limiter
from app.models import User

# Checked against when the email is unknown so both failures cost the same time.
_DUMMY_HASH = generate_password_hash("not-a-real-password-0000")


def _json_body() -> dict:
    body = request.get_json(silent=True)
    return body if isinstance(body, dict) else {}


def _address_key() -> str:
    """Rate-limit key of the caller's address; it never reads the body."""
    return f"auth-address:{request.remote_addr}"


def _login_limit() -> str:
    return current_app.config["RATE_LIMIT_LOGIN"]


def _tokens_for(user: User, family: str) -> tuple[dict, str]:
    """Return a login's token pair of `family` and the refresh token's id."""
    identity = str(user.id)
    claims = {"role": user.role, "fam": family}
    refresh_token = create_refresh_token(identity=identity, additional_claims=claims)
    tokens = {
        "access_token": create_access_token(identity=identity, additional_claims=claims),
        "refresh_token": refresh_token,
        "token_type": "Bearer",
        "expires_in": current_app.config["JWT_ACCESS_MINUTES"] * 60,
    }
    return tokens, decode_token(refresh_token)["jti"]


def _register_limit() -> str:
    return current_app.config["RATE_LIMIT_REGISTER"]


@bp.post("/register")
@limiter.limit(_register_limit, key_func=_address_key)
def register():
    """Create an account (open, closed or by invitation, per `REGISTRATION_MODE`)."""
    data = RegisterSchema().load(_json_body())
    registration.check_allowed(data["email"], data.get("invite"))
    user = User(email=data["email"], password_hash=hash_password(data["password"]), role="user")
    db.session.add(user)
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise Conflict("An account with this email already exists", code="email_taken") from None
    return jsonify(user.to_dict()), 201


@bp.post("/login")
@limiter.limit(_login_limit, key_func=_address_key)
def login():
    """Exchange email and password for tokens; failures slow this account from this address only."""
    data = LoginSchema().load(_json_body())
    address = request.remote_addr or "unknown"
    throttle.check(data["email"], address)
    user = db.session.execute(db.select(User).filter_by(email=data["email"])).scalar_one_or_none()
    hashed = user.password_hash if user else _DUMMY_HASH
    if not password_matches(hashed, data["password"]) or user is None:
        throttle.failed(data["email"], address)
        raise Unauthorized("Invalid email or password", code="invalid_credentials")
    throttle.succeeded(data["email"], address)
    family = families.new_family_id()
    tokens, refresh_jti = _tokens_for(user, family)
    families.record(family, user.id, refresh_jti)
    db.session.commit()
    return jsonify(tokens)


@bp.post("/refresh")
@jwt_required(refresh=True)
def refresh():
    """Exchange a refresh token for a new pair; the old refresh token is spent."""
    payload = get_jwt()
    family = payload.get("fam") or families.new_family_id()
    tokens, refresh_jti = _tokens_for(current_user, family)
    if payload.get("fam"):
        families.rotate(payload, refresh_jti)  # a spent refresh token presented again ends the family
    else:
        families.record(family, current_user.id, refresh_jti)
        revoke(payload)  # a token from before families: spent once, like the rest
    db.session.commit()
    return jsonify(tokens)


@bp.post("/logout")
@jwt_required(verify_type=False)
def logout():
    """End the login: revoke this token, its family (every token refreshed from it) and their sockets."""
    payload = get_jwt()
    families.revoke(payload.get("fam"))
    revoke(payload)
    from app.notifications.sessions import disconnect_token

    disconnect_token(payload["jti"])
    if payload.get("fam"):
        families.announce(payload["fam"])
    return jsonify({"message": "Token revoked"})


@bp.get("/me")
@jwt_required()
def me():
    """Return the caller's account."""
    return jsonify(current_user.to_dict())
