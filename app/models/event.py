"""Stored, replayable events, numbered per user."""

from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, Index, String, text
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db
from app.models._types import JSON, created_ts, ts


class Event(db.Model):
    """One user event; (`user_id`, `seq`) is gap-free and in commit order."""

    __tablename__ = "events"
    __table_args__ = (
        Index("ix_events_unpublished", "published_at", postgresql_where=text("published_at IS NULL")),
        Index("ix_events_created", "created_at"),
        Index("ix_events_job", "user_id", "ocr_result_id"),
    )

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    seq: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    type: Mapped[str] = mapped_column(String(32), nullable=False)
    payload: Mapped[dict] = mapped_column(JSON, nullable=False)
    ocr_result_id: Mapped[int | None] = mapped_column(BigInteger)
    batch_id: Mapped[str | None] = mapped_column(String(36))
    created_at: Mapped[datetime] = created_ts()
    published_at: Mapped[datetime | None] = ts()
    read_at: Mapped[datetime | None] = ts()
