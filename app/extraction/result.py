"""The result of an extraction and its JSON shape (`extracted_data`)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from app.extraction.rows import BoxList, union_box
from app.ocr.types import TextBlock

FIELD_NAMES = (
    "vendor",
    "address",
    "date",
    "time",
    "total_amount",
    "subtotal",
    "tax",
    "currency",
    "invoice_number",
    "line_items",
)
AMOUNT_FIELDS = ("total_amount", "subtotal", "tax")


@dataclass(frozen=True)
class LineItem:
    """One purchased line: description, quantity, unit price and amount."""

    description: str | None
    quantity: Decimal | None
    unit_price: Decimal | None
    amount: Decimal

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON object of the line."""
        return {
            "description": self.description,
            "quantity": _number(self.quantity, 3),
            "unit_price": _number(self.unit_price, 4),
            "amount": _number(self.amount, 2),
        }


@dataclass
class Field:
    """One extracted field with where it came from."""

    value: Any = None
    raw: str | None = None
    confidence: float = 0.0
    box: BoxList | None = None
    source: str = "rules"
    page: int | None = None

    @classmethod
    def found(
        cls,
        value: Any,
        raw: str | None,
        confidence: float,
        blocks: Sequence[TextBlock],
        source: str = "rules",
    ) -> Field:
        """Build a field from the blocks it was read from."""
        page = blocks[0].page if blocks else None
        return cls(value, raw, round(max(0.0, min(1.0, confidence)), 4), union_box(blocks), source, page)

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON detail of the field."""
        return {
            "value": to_json(self.value),
            "raw": self.raw,
            "confidence": self.confidence,
            "box": self.box,
            "source": self.source,
            "page": self.page,
        }


@dataclass(frozen=True)
class ReviewReason:
    """Why a result needs a human look."""

    field: str
    code: str
    message: str

    def to_dict(self) -> dict[str, str]:
        """Return the JSON object of the reason."""
        return {"field": self.field, "code": self.code, "message": self.message}


@dataclass
class ExtractionResult:
    """All fields of one document, the review verdict and the template used, if any."""

    fields: dict[str, Field] = field(default_factory=dict)
    review_reasons: list[ReviewReason] = field(default_factory=list)
    template_id: int | None = None
    language: dict[str, Any] | None = None

    def value(self, name: str) -> Any:
        """Return a field's value (None when not found)."""
        f = self.fields.get(name)
        return f.value if f else None

    @property
    def needs_review(self) -> bool:
        """Tell whether any check asked for a human look."""
        return bool(self.review_reasons)

    def to_dict(self) -> dict[str, Any]:
        """Return `extracted_data`: flat values, `fields` detail, review verdict and reasons."""
        out: dict[str, Any] = {name: to_json(self.value(name)) for name in FIELD_NAMES}
        out["fields"] = {name: self.fields.get(name, Field()).to_dict() for name in FIELD_NAMES}
        out["needs_review"] = self.needs_review
        out["review_reasons"] = [r.to_dict() for r in self.review_reasons]
        out["template_id"] = self.template_id
        out["language"] = self.language
        return out


def _number(value: Decimal | None, places: int) -> float | None:
    if value is None:
        return None
    return float(round(value, places))


def to_json(value: Any) -> Any:
    """Convert a field value to JSON: amounts as numbers with 2 decimals, dates as ISO 8601."""
    if isinstance(value, Decimal):
        return _number(value, 2)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list):
        return [v.to_dict() if isinstance(v, LineItem) else to_json(v) for v in value]
    return value
