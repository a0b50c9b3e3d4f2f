"""Webhook delivery settings: the app's config first, then the environment, then a default."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

from app.webhooks.guard import Allowlist

# name: (default, default under the testing config)
_DEFAULTS: dict[str, tuple[float, float]] = {
    "WEBHOOK_CONNECT_TIMEOUT_S": (3.0, 3.0),
    "WEBHOOK_READ_TIMEOUT_S": (5.0, 5.0),
    "WEBHOOK_DEADLINE_S": (10.0, 10.0),  # one attempt, connect to last byte read
    "WEBHOOK_MAX_RESPONSE_BYTES": (65536, 65536),
    "WEBHOOK_MAX_ATTEMPTS": (5, 5),
    "WEBHOOK_RETRY_BASE_S": (10.0, 0.5),  # delays: base, 2·base, 4·base … (±20 % jitter)
    "WEBHOOK_RETRY_MAX_S": (3600.0, 30.0),
    "WEBHOOK_RESCUE_AFTER_S": (30.0, 2.0),  # a due delivery this late is re-sent by `retry_due`
    "WEBHOOK_MAX_PER_USER": (10, 10),
}


@dataclass(frozen=True)
class DeliverySettings:
    """How deliveries connect, time out, retry and which private targets they may reach."""

    connect_timeout: float
    read_timeout: float
    deadline: float
    max_response_bytes: int
    max_attempts: int
    retry_base: float
    retry_max: float
    rescue_after: float
    max_per_user: int
    allow: Allowlist

    @property
    def lease(self) -> float:
        """Seconds an attempt holds its delivery before `retry_due` may take it back."""
        return self.deadline + self.connect_timeout + 20.0


def _value(config: Mapping, name: str) -> float:
    if config.get(name) is not None:
        return float(config[name])
    raw = os.environ.get(name)
    if raw not in (None, ""):
        return float(raw)
    default, testing = _DEFAULTS[name]
    return float(testing if config.get("TESTING") else default)


def get_settings(config: Mapping) -> DeliverySettings:
    """Build the delivery settings from a Flask config mapping."""
    v = {name: _value(config, name) for name in _DEFAULTS}
    return DeliverySettings(
        connect_timeout=v["WEBHOOK_CONNECT_TIMEOUT_S"], read_timeout=v["WEBHOOK_READ_TIMEOUT_S"],
        deadline=v["WEBHOOK_DEADLINE_S"], max_response_bytes=int(v["WEBHOOK_MAX_RESPONSE_BYTES"]),
        max_attempts=max(1, int(v["WEBHOOK_MAX_ATTEMPTS"])), retry_base=v["WEBHOOK_RETRY_BASE_S"],
        retry_max=v["WEBHOOK_RETRY_MAX_S"], rescue_after=v["WEBHOOK_RESCUE_AFTER_S"],
        max_per_user=int(v["WEBHOOK_MAX_PER_USER"]),
        allow=Allowlist.parse(config.get("WEBHOOK_ALLOW_PRIVATE") or []),
    )
