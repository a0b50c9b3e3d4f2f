"""Invoice fields on top of the receipt fields: number, due date, parties, tax ids, IBAN, terms, checks."""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from app.ocr.types import TextBlock

from .dates import find_dates
from .invoice_words import words
from .rows import Row, group_rows
from .taxids import find_ibans, find_tax_ids

_NUMBER = re.compile(r"[A-Z0-9][A-Z0-9/\-_.]{2,29}", re.IGNORECASE)
_FILLER = re.compile(r"^[\s:#.№°nNoO]*?(?:no\.?|nr\.?|n°|#|number|:)?[\s:#.]*", re.IGNORECASE)


def _label(text: str, role: str) -> re.Match[str] | None:
    """Find the first of a role's words as a whole word in text."""
    for word in words(role):
        end = r"(?!\w)" if word[-1].isalnum() else ""  # 'facture n°562…': a label may touch its value
        m = re.search(rf"(?<!\w){re.escape(word)}{end}", text, re.IGNORECASE)
        if m:
            return m
    return None


def _after(rows: Sequence[Row], index: int, end: int) -> list[str]:
    """The text right of a label on its row, then the next row's text."""
    out = [rows[index].text[end:]]
    if index + 1 < len(rows):
        out.append(rows[index + 1].text)
    return out


def invoice_number(rows: Sequence[Row]) -> str | None:
    """Return the value printed after an invoice-number label: a token holding a digit."""
    for i, row in enumerate(rows):
        m = _label(row.text, "invoice_number")
        if not m:
            continue
        for rest in _after(rows, i, m.end()):
            rest = _FILLER.sub("", rest, count=1)
            token = _NUMBER.match(rest)
            value = token.group(0).rstrip(".") if token else ""
            if any(c.isdigit() for c in value) and not _is_date(value):
                return value
    return None


def _is_date(token: str) -> bool:
    """Whether the whole token is a date (a date is not an invoice number; 'INV/2023/03/08' may be)."""
    return any(d.start == 0 and d.end == len(token) for d in find_dates(token))


def due_date(rows: Sequence[Row], order: str = "DMY") -> str | None:
    """Return the date printed after a due-date label (ISO), if any."""
    for i, row in enumerate(rows):
        m = _label(row.text, "due_date")
        if m:
            for rest in _after(rows, i, m.end()):
                found = find_dates(rest, order)
                if found:
                    return found[0].value.isoformat()
    return None


def payment_terms(rows: Sequence[Row]) -> str | None:
    """Return the text of the row that carries a payment-terms label."""
    for i, row in enumerate(rows):
        m = _label(row.text, "payment_terms")
        if m:
            rest = row.text[m.end():].strip(" :") or (rows[i + 1].text if i + 1 < len(rows) else "")
            return rest or None
    return None


def buyer(rows: Sequence[Row]) -> dict[str, Any]:
    """Return the party named after a buyer label: its name and the rows below as its address."""
    for i, row in enumerate(rows):
        m = _label(row.text, "buyer")
        if m and m.start() == 0:
            rest = row.text[m.end():].strip(" :")
            lines = ([rest] if rest else []) + [r.text for r in rows[i + 1:i + 4]]
            if lines:
                return {"name": lines[0], "address": ", ".join(lines[1:3]) or None, "tax_id": None}
    return {"name": None, "address": None, "tax_id": None}


def is_invoice(rows: Sequence[Row]) -> bool:
    """Whether an invoice title or an invoice-number label is printed."""
    return any(_label(r.text, "title") or _label(r.text, "invoice_number") for r in rows[:40])


def _decimal(value: Any) -> Decimal | None:
    try:
        return Decimal(str(value)) if value is not None else None
    except InvalidOperation:
        return None


def arithmetic_ok(net: Any, tax: Any, gross: Any) -> bool | None:
    """Whether net + tax = gross (to the cent); None when a part is missing."""
    n, t, g = _decimal(net), _decimal(tax), _decimal(gross)
    if n is None or t is None or g is None:
        return None
    return abs(n + t - g) <= Decimal("0.01")


def add_invoice_fields(blocks: Sequence[TextBlock], data: dict[str, Any]) -> dict[str, Any]:
    """Return `extracted_data` with `document_type` and, for an invoice, its invoice fields and checks."""
    rows = group_rows(blocks)
    if not is_invoice(rows):
        return data | {"document_type": data.get("document_type") or "receipt"}
    text = "\n".join(r.text for r in rows)
    tax_ids = find_tax_ids(text)
    seller = {"name": data.get("vendor"), "address": data.get("address"), "tax_id": tax_ids[0] if tax_ids else None}
    party = buyer(rows)
    if len(tax_ids) > 1:
        party["tax_id"] = tax_ids[1]
    ibans = find_ibans(text)
    out = data | {"document_type": "invoice", "invoice_number": data.get("invoice_number") or invoice_number(rows),
                  "due_date": due_date(rows), "seller": seller, "buyer": party, "net": data.get("subtotal"),
                  "gross": data.get("total_amount"), "iban": ibans[0] if ibans else None,
                  "payment_terms": payment_terms(rows)}
    reasons = list(out.get("review_reasons") or [])
    if arithmetic_ok(out["net"], out.get("tax"), out["gross"]) is False:
        reasons.append({"code": "arithmetic", "field": "gross", "message": "net + tax does not equal the total"})
    if out["invoice_number"] is None:
        reasons.append({"code": "missing_field", "field": "invoice_number", "message": "No invoice number found"})
    out["review_reasons"] = reasons
    out["needs_review"] = bool(reasons)
    return out
