"""A JWT manager that verifies each access token's signature once per process, not once per request.

flask-jwt-extended parses a token three times per check (its claims unverified, its header, then claims
with the signature) and the view decorator a fourth time (the header again); PyJWT checks every character
of every segment each time: ~1 ms of the API process's CPU per request. A client sends the same token for
its whole lifetime, so what a successful check found is kept per application, keyed by the token's exact
text: the same bytes were signed by the same key, so the same claims follow. What can change is only the
clock: a kept token past its `exp` (with the configured leeway) is decoded again, and fails as before.
Revocation is not part of this (it is checked per request, `app.auth.verified`). The view decorator's own
header parse is answered from the same memory (flask-jwt-extended looks that function up by name in its
`view_decorators` module, where `init_app` puts this one).
"""

from __future__ import annotations

import time
from typing import Any

import jwt as pyjwt
from flask import Flask, current_app
from flask_jwt_extended import JWTManager, view_decorators
from flask_jwt_extended.config import config

_MAX_ENTRIES = 50_000
_EXTENSION = "ocrflow_decoded_tokens"


def _kept() -> dict[str, tuple[float, dict, dict]]:
    """This application's decoded tokens: text → (expires at, epoch seconds; claims; header)."""
    return current_app.extensions.setdefault(_EXTENSION, {})


def _prune(kept: dict[str, tuple[float, dict, dict]], now: float) -> None:
    if len(kept) < _MAX_ENTRIES:
        return
    for token, (until, _claims, _header) in list(kept.items()):
        if until <= now:
            kept.pop(token, None)
    if len(kept) >= _MAX_ENTRIES:
        kept.clear()


def unverified_header(encoded_token: str) -> dict:
    """The token's header: a kept token's from memory, else parsed (what flask-jwt-extended's function does)."""
    hit = _kept().get(encoded_token)
    if hit is not None:
        return dict(hit[2])
    return pyjwt.get_unverified_header(encoded_token)


class DecodeOnceJWTManager(JWTManager):
    """`JWTManager` whose token decoding remembers valid tokens until they expire."""

    def init_app(self, app: Flask, add_context_processor: bool = False) -> None:
        """Bind to `app`; the view decorator's header parse goes through `unverified_header`."""
        super().init_app(app, add_context_processor)
        view_decorators.get_unverified_jwt_headers = unverified_header  # type: ignore[attr-defined]

    def _decode_jwt_from_config(self, encoded_token: str, csrf_value=None, allow_expired: bool = False) -> dict:
        if csrf_value is not None or allow_expired:  # not on the request path here: decode as the library does
            return super()._decode_jwt_from_config(encoded_token, csrf_value, allow_expired)
        kept = _kept()
        now = time.time()
        hit = kept.get(encoded_token)
        if hit is not None and hit[0] > now - config.leeway:
            return dict(hit[1])  # a copy: callers may add to it
        claims = super()._decode_jwt_from_config(encoded_token, csrf_value, allow_expired)
        expires: Any = claims.get("exp")
        if isinstance(expires, int | float):  # a token without `exp` is decoded each time
            _prune(kept, now)
            kept[encoded_token] = (float(expires), dict(claims), pyjwt.get_unverified_header(encoded_token))
        return claims
