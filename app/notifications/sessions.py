"""Tell every API process that a token was revoked, so its sockets are dropped."""

from __future__ import annotations

import logging

import redis

from app.redis_client import get_redis

log = logging.getLogger(__name__)
REVOKED_CHANNEL = "ocrflow:revoked-tokens"


def disconnect_token(jti: str) -> None:
    """Announce a revoked token id; sockets authenticated with it are disconnected."""
    try:
        get_redis().publish(REVOKED_CHANNEL, jti)
    except redis.RedisError as exc:
        # Sockets also re-check the blocklist on their heartbeat, so this is not fatal.
        log.warning("could not announce token revocation: %s", exc)
