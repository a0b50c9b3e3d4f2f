"""Per-user extraction templates."""

from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, Integer, String, text
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db
from app.models._types import JSON, created_ts


class Template(db.Model):
    """Keywords that select a template and a regex per field."""

    __tablename__ = "templates"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True)
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    keywords: Mapped[list] = mapped_column(JSON, nullable=False, server_default=text("'[]'::jsonb"))
    exclude_keywords: Mapped[list] = mapped_column(JSON, nullable=False, server_default=text("'[]'::jsonb"))
    fields: Mapped[dict] = mapped_column(JSON, nullable=False, server_default=text("'{}'::jsonb"))
    options: Mapped[dict] = mapped_column(JSON, nullable=False, server_default=text("'{}'::jsonb"))
    priority: Mapped[int] = mapped_column(Integer, nullable=False, server_default=text("0"))
    created_at: Mapped[datetime] = created_ts()
    updated_at: Mapped[datetime] = created_ts()

    def to_dict(self) -> dict:
        """Return the API view of the template."""
        return {"id": self.id, "name": self.name, "keywords": self.keywords,
                "exclude_keywords": self.exclude_keywords, "fields": self.fields,
                "options": self.options, "priority": self.priority,
                "created_at": self.created_at.isoformat() if self.created_at else None,
                "updated_at": self.updated_at.isoformat() if self.updated_at else None}
