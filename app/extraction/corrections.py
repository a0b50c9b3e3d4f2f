"""Check corrected field values by the field's type before they are stored (amounts, ISO dates, bounded text)."""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

from .result import AMOUNT_FIELDS, FIELD_NAMES

MAX_TEXT = 500
MAX_LINE_ITEMS = 200
MAX_AMOUNT = 1e12
_TIME = re.compile(r"([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?")
_CURRENCY = re.compile(r"[A-Z]{3}")

Check = Callable[[Any], Any]


class CorrectionError(ValueError):
    """A corrected value does not fit its field."""


def _amount(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise CorrectionError("must be a number")
    try:
        number = float(value)
    except ValueError:
        raise CorrectionError("must be a number") from None
    if not math.isfinite(number) or abs(number) >= MAX_AMOUNT:
        raise CorrectionError(f"must be a finite number below {MAX_AMOUNT:g}")
    return number


def _text(value: Any) -> str:
    if not isinstance(value, str) or len(value) > MAX_TEXT or "\x00" in value:
        raise CorrectionError(f"must be text of at most {MAX_TEXT} characters")
    return value


def _date(value: Any) -> str:
    try:
        if not isinstance(value, str) or len(value) != 10:
            raise ValueError
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise CorrectionError("must be an ISO 8601 date (YYYY-MM-DD)") from None


def _time(value: Any) -> str:
    if not isinstance(value, str) or not _TIME.fullmatch(value):
        raise CorrectionError("must be a time HH:MM or HH:MM:SS")
    return value


def _currency(value: Any) -> str:
    if not isinstance(value, str) or not _CURRENCY.fullmatch(value.upper()):
        raise CorrectionError("must be an ISO 4217 code such as EUR")
    return value.upper()


def _line_items(value: Any) -> list[dict]:
    if not isinstance(value, list) or len(value) > MAX_LINE_ITEMS:
        raise CorrectionError(f"must be a list of at most {MAX_LINE_ITEMS} items")
    items = []
    for item in value:
        if not isinstance(item, Mapping) or set(item) - {"description", "quantity", "unit_price", "amount"}:
            raise CorrectionError("each item is {description, quantity, unit_price, amount}")
        items.append({key: (None if v is None else _text(v) if key == "description" else _amount(v))
                      for key, v in item.items()})
    return items


CHECKS: dict[str, Check] = {
    **dict.fromkeys(AMOUNT_FIELDS, _amount),
    "date": _date, "time": _time, "currency": _currency, "line_items": _line_items,
    **{name: _text for name in ("vendor", "address", "invoice_number")},
}


def validate_corrections(body: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, list[str]]]:
    """Return the cleaned values and the errors per field (`null` clears a field)."""
    cleaned: dict[str, Any] = {}
    errors: dict[str, list[str]] = {}
    for name, value in body.items():
        if name not in FIELD_NAMES:
            errors[name] = ["Not a correctable field."]
            continue
        try:
            cleaned[name] = None if value is None else CHECKS[name](value)
        except CorrectionError as exc:
            errors[name] = [str(exc)]
    return cleaned, errors
