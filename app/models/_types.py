"""Column helpers shared by the models."""

from datetime import UTC, datetime

from sqlalchemy import DateTime, func
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import mapped_column

JSON = JSONB


def utcnow() -> datetime:
    """Return the current time, timezone-aware UTC."""
    return datetime.now(UTC)


def created_ts():
    """A non-null creation timestamp set by the database."""
    return mapped_column(DateTime(timezone=True), nullable=False, server_default=func.now())


def ts(nullable: bool = True):
    """A timezone-aware timestamp column."""
    return mapped_column(DateTime(timezone=True), nullable=nullable)
