"""Webhook delivery settings, read from the app's config (`app/config.py` holds their defaults)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from app.webhooks.guard import Allowlist


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


def get_settings(config: Mapping) -> DeliverySettings:
    """Build the delivery settings from a Flask config mapping."""
    return DeliverySettings(
        connect_timeout=float(config["WEBHOOK_CONNECT_TIMEOUT_S"]), read_timeout=float(config["WEBHOOK_READ_TIMEOUT_S"]),
        deadline=float(config["WEBHOOK_DEADLINE_S"]), max_response_bytes=int(config["WEBHOOK_MAX_RESPONSE_BYTES"]),
        max_attempts=max(1, int(config["WEBHOOK_MAX_ATTEMPTS"])), retry_base=float(config["WEBHOOK_RETRY_BASE_S"]),
        retry_max=float(config["WEBHOOK_RETRY_MAX_S"]), rescue_after=float(config["WEBHOOK_RESCUE_AFTER_S"]),
        max_per_user=int(config["WEBHOOK_MAX_PER_USER"]),
        allow=Allowlist.parse(config.get("WEBHOOK_ALLOW_PRIVATE") or []),
    )
