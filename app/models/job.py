"""OCR jobs (`ocr_results`) and the batches that group them."""

import uuid
from datetime import datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.dialects.postgresql import UUID
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db
from app.models._types import JSON, created_ts, ts

STATUSES = ("queued", "processing", "completed", "failed", "cancelled")
TERMINAL = ("completed", "failed", "cancelled")


class Batch(db.Model):
    """A bulk upload; its counts are updated atomically as its jobs move."""

    __tablename__ = "batches"

    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True, default=uuid.uuid4)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True)
    created_at: Mapped[datetime] = created_ts()
    completed_at: Mapped[datetime | None] = ts()
    total: Mapped[int] = mapped_column(Integer, nullable=False, server_default=text("0"))
    queued: Mapped[int] = mapped_column(Integer, nullable=False, server_default=text("0"))
    processing: Mapped[int] = mapped_column(Integer, nullable=False, server_default=text("0"))
    completed: Mapped[int] = mapped_column(Integer, nullable=False, server_default=text("0"))
    failed: Mapped[int] = mapped_column(Integer, nullable=False, server_default=text("0"))
    cancelled: Mapped[int] = mapped_column(Integer, nullable=False, server_default=text("0"))

    def counts(self) -> dict:
        """Return the counts by status."""
        return {s: getattr(self, s) for s in STATUSES} | {"total": self.total}


class OcrResult(db.Model):
    """One document job; `id` is the public `ocr_result_id`."""

    __tablename__ = "ocr_results"
    # Not a column: the jobs ahead of a new queued job, counted as it was inserted (for the 202's estimate).
    jobs_ahead = None
    __table_args__ = (
        CheckConstraint("status IN ('queued','processing','completed','failed','cancelled')",
                        name="ck_ocr_results_status"),
        UniqueConstraint("user_id", "idempotency_key", name="uq_ocr_results_user_idempotency"),
        Index("ix_ocr_results_user_created", "user_id", "created_at"),
        Index("ix_ocr_results_dispatch", "status", "dispatched_at"),
        Index("ix_ocr_results_user_sha", "user_id", "sha256"),
        Index("ix_ocr_results_lease", "status", "lease_expires_at"),
    )

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    task_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), unique=True, nullable=False,
                                               default=uuid.uuid4)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), nullable=False)
    batch_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("batches.id", ondelete="SET NULL"),
                                                       index=True)
    retry_of: Mapped[int | None] = mapped_column(ForeignKey("ocr_results.id", ondelete="SET NULL"))
    status: Mapped[str] = mapped_column(String(16), nullable=False, server_default=text("'queued'"))
    stage: Mapped[str] = mapped_column(String(32), nullable=False, server_default=text("'queued'"))
    progress: Mapped[int] = mapped_column(Integer, nullable=False, server_default=text("0"))
    message: Mapped[str | None] = mapped_column(String(255))
    priority: Mapped[str] = mapped_column(String(8), nullable=False, server_default=text("'normal'"))
    options: Mapped[dict] = mapped_column(JSON, nullable=False, server_default=text("'{}'::jsonb"))
    original_filename: Mapped[str | None] = mapped_column(String(512))
    content_type: Mapped[str | None] = mapped_column(String(64))
    size_bytes: Mapped[int | None] = mapped_column(BigInteger)
    sha256: Mapped[str | None] = mapped_column(String(64))
    storage_path: Mapped[str | None] = mapped_column(String(512))
    page_count: Mapped[int | None] = mapped_column(Integer)
    pages: Mapped[list | None] = mapped_column(JSON)
    idempotency_key: Mapped[str | None] = mapped_column(String(255))
    attempts: Mapped[int] = mapped_column(Integer, nullable=False, server_default=text("0"))
    lease_id: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))
    lease_expires_at: Mapped[datetime | None] = ts()
    heartbeat_at: Mapped[datetime | None] = ts()
    dispatched_at: Mapped[datetime | None] = ts()
    started_at: Mapped[datetime | None] = ts()
    finished_at: Mapped[datetime | None] = ts()
    cancel_requested: Mapped[bool] = mapped_column(Boolean, nullable=False, server_default=text("false"))
    cache_hit: Mapped[bool] = mapped_column(Boolean, nullable=False, server_default=text("false"))
    extracted_text: Mapped[str | None] = mapped_column(Text)
    text_blocks: Mapped[list | None] = mapped_column(JSON)
    extracted_data: Mapped[dict | None] = mapped_column(JSON)
    corrections: Mapped[dict | None] = mapped_column(JSON)
    confidence_score: Mapped[float | None] = mapped_column(Float)
    processing_time: Mapped[float | None] = mapped_column(Float)
    engine: Mapped[dict | None] = mapped_column(JSON)
    error_code: Mapped[str | None] = mapped_column(String(64))
    error_message: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = created_ts()
    updated_at: Mapped[datetime] = created_ts()

    @property
    def is_terminal(self) -> bool:
        """Whether the job reached a final state."""
        return self.status in TERMINAL
