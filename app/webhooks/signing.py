"""Webhook secrets, bodies and signatures: `sha256=HMAC_SHA256(secret, timestamp + "." + body)`."""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
import time

TOLERANCE_S = 300


def new_secret() -> str:
    """Return a fresh signing secret (shown to its owner once)."""
    return "whsec_" + secrets.token_urlsafe(32)


def body_of(payload: dict) -> bytes:
    """Serialise an event payload as the request body."""
    return json.dumps(payload, separators=(",", ":"), ensure_ascii=True).encode("ascii")


def sign(secret: str, timestamp: str, body: bytes) -> str:
    """Return the `X-Ocrflow-Signature` value for a body sent at `timestamp`."""
    mac = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return "sha256=" + mac.hexdigest()


def headers(secret: str, event_type: str, delivery_id: int, body: bytes) -> dict[str, str]:
    """Return the headers of one delivery attempt, signed now."""
    timestamp = str(int(time.time()))
    return {
        "Content-Type": "application/json",
        "User-Agent": "ocrflow-webhooks/1",
        "X-Ocrflow-Event": event_type,
        "X-Ocrflow-Delivery": str(delivery_id),
        "X-Ocrflow-Timestamp": timestamp,
        "X-Ocrflow-Signature": sign(secret, timestamp, body),
    }
