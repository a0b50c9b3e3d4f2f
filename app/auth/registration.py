"""Who may register: everyone, no one, or the holder of an invite for that email."""

from __future__ import annotations

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from app.errors import Forbidden

INVITE_SALT = "ocrflow-invite"


def _signer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=INVITE_SALT)


def make_invite(email: str) -> str:
    """Sign an invite for one email address."""
    return _signer().dumps({"email": email.strip().lower()})


def check_allowed(email: str, invite: str | None) -> None:
    """Refuse a registration the configured `REGISTRATION_MODE` does not allow (403)."""
    mode = current_app.config["REGISTRATION_MODE"]
    if mode == "open":
        return
    if mode == "closed":
        raise Forbidden("Registration is closed", code="registration_closed")
    try:
        data = _signer().loads(invite or "", max_age=current_app.config["INVITE_DAYS"] * 86400)
    except (BadSignature, SignatureExpired):
        raise Forbidden("Registration needs a valid invite for this email", code="invite_required") from None
    if not isinstance(data, dict) or data.get("email") != email:
        raise Forbidden("Registration needs a valid invite for this email", code="invite_required")
