"""Invoice fields on top of the receipt fields: number, due date, parties, tax ids, IBAN, terms, checks."""

from __future__ import annotations

import functools
import re
import unicodedata
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


def _fold(text: str) -> str:
    """Drop accents one character for one (positions stay valid): OCR often loses them ('Echeance')."""
    out = []
    for ch in text:
        base = "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c))
        out.append(_FOLD_EXTRA.get(ch, base if len(base) == 1 else ch))
    return "".join(out)


_FOLD_EXTRA = {"đ": "d", "Đ": "D", "ł": "l", "Ł": "L"}


@functools.cache
def _label_patterns(role: str) -> tuple[re.Pattern[str], ...]:
    """A role's words as patterns: whole words, any spacing ('N°de facture'), accents optional."""
    patterns = []
    for word in words(role):
        body = r"\s*".join(re.escape(part) for part in _fold(word).split())
        end = r"(?!\w)" if word[-1].isalnum() else ""  # 'facture n°562…': a label may touch its value
        patterns.append(re.compile(rf"(?<!\w){body}{end}", re.IGNORECASE))
    return tuple(patterns)


def _label(text: str, role: str) -> re.Match[str] | None:
    """Find the first of a role's words as a whole word in text (spans index `text` itself)."""
    folded = _fold(text)
    for pattern in _label_patterns(role):
        m = pattern.search(folded)
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
        same_row = _number_in(row.text[m.end():])
        if same_row:
            return same_row
        if len(row.blocks) > 1:  # a header among others: its value is in its column, not the row's start
            under = column_value(rows[i:i + 2], ("invoice_number",))
            if under:
                return under
        following = _number_in(rows[i + 1].text) if i + 1 < len(rows) else None
        if following:
            return following
    return column_value(rows, ("invoice_number", "title"))


def _number_in(text: str) -> str | None:
    """The invoice-number-like token that starts `text` (after 'No.', '#', ':'), if it holds a digit."""
    token = _NUMBER.match(_FILLER.sub("", text, count=1))
    value = token.group(0).rstrip(".") if token else ""
    return value if any(c.isdigit() for c in value) and not _is_date(value) else None


def column_value(rows: Sequence[Row], roles: tuple[str, ...]) -> str | None:
    """A value printed under a column header ('Invoice | Date' over 'VF100 | 8-9-2022'): the block below."""
    for row, below in zip(rows, rows[1:], strict=False):
        if below.page != row.page:
            continue
        for block in row.blocks:
            name = _fold(block.text).strip(" :#.").casefold()
            if not any(name == _fold(w).casefold() for role in roles for w in words(role)):
                continue
            left, right = min(x for x, _ in block.box), max(x for x, _ in block.box)
            under = max(below.blocks, key=lambda b: _overlap(b, left, right))
            value = under.text.strip()
            if _overlap(under, left, right) > 0 and any(c.isdigit() for c in value) and not _is_date(value) \
                    and _NUMBER.fullmatch(value):
                return value
    return None


def _overlap(block: TextBlock, left: float, right: float) -> float:
    xs = [x for x, _ in block.box]
    return min(right, max(xs)) - max(left, min(xs))


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


_AMOUNT = re.compile(r"(?<![\w.,])-?\d{1,3}(?:[ .,\u00a0\u202f']\d{3})+(?:[.,]\d{1,2})?(?![\d%])"
                     r"|(?<![\w.,])-?\d+(?:[.,]\d{1,2})?(?![\d%,.])")


def to_amount(raw: str) -> Decimal | None:
    """Read a printed amount in any common style: '1.234,56', '1 234,56', '1,234.56', '1.500.000'."""
    digits = re.sub(r"[ \u00a0\u202f']", "", raw)
    last = max(digits.rfind("."), digits.rfind(","))
    if last >= 0 and len(digits) - last - 1 in (1, 2):
        whole, frac = digits[:last], digits[last + 1:]
    else:
        whole, frac = digits, ""
    whole = whole.replace(".", "").replace(",", "")
    try:
        return Decimal(f"{whole}.{frac}" if frac else whole)
    except InvalidOperation:
        return None


def labelled_amount(rows: Sequence[Row], role: str, exclude: tuple[str, ...] = ()) -> str | None:
    """Return the rightmost amount on the last row carrying a `role` label (and none of `exclude`)."""
    for i in range(len(rows) - 1, -1, -1):
        m = _label(rows[i].text, role)
        if not m or any(_label(rows[i].text, other) for other in exclude):
            continue
        for rest in _after(rows, i, m.end()):  # a long label pushes its amount onto the next row
            found = [a for a in _AMOUNT.findall(rest) if any(c.isdigit() for c in a)]
            value = to_amount(found[-1].strip()) if found else None
            if value is not None:
                return str(value)
    return None


_RATE = re.compile(r"(?<![\d.,])(\d{1,2}(?:[.,]\d{1,2})?)\s?%")


def tax_by_rate(rows: Sequence[Row]) -> list[dict[str, str]]:
    """Return `[{rate, amount}]` from tax rows that print a rate and an amount ('MwSt. 19% 1.023,20')."""
    out = []
    for row in rows:
        m = _label(row.text, "tax")
        if not m or _label(row.text, "gross") or _label(row.text, "net"):
            continue
        rest = row.text[m.end():]
        rate = _RATE.search(rest)
        amounts = [a for a in _AMOUNT.findall(rest[rate.end():] if rate else "") if any(c.isdigit() for c in a)]
        value = to_amount(amounts[-1].strip()) if amounts else None
        if rate and value is not None:
            out.append({"rate": rate.group(1).replace(",", "."), "amount": str(value)})
    return out


def lines_match_net(items: Any, net: Any) -> bool | None:
    """Whether the line amounts add up to the net (to the cent); None without both."""
    total, amounts = _decimal(net), [_decimal(i.get("amount")) for i in items or [] if isinstance(i, dict)]
    if total is None or not amounts or any(a is None for a in amounts):
        return None
    return abs(sum(a for a in amounts if a is not None) - total) <= Decimal("0.01")


_DOMAIN = re.compile(r"(?:@|www\.|https?://)([\w.-]+)", re.IGNORECASE)


def _header_names(rows: Sequence[Row], buyer_lines: set[str]) -> list[Row]:
    """Rows in the top third of page 1 that could name a party: mostly letters, no label, not the buyer's."""
    first = [r for r in rows if r.page == 1]
    if not first:
        return []
    limit = min(r.top for r in first) + (max(r.bottom for r in first) - min(r.top for r in first)) / 3
    roles = ("title", "buyer", "invoice_number", "due_date", "tax_id", "iban")
    return [r for r in first if r.top <= limit and r.text not in buyer_lines
            and sum(c.isalpha() for c in r.text) > len(r.text) / 2
            and not any(_label(r.text, role) for role in roles)]


def seller_name(rows: Sequence[Row], buyer_lines: set[str]) -> str | None:
    """The tallest text in the top third of page 1 that is no label, no number and not the buyer's."""
    best = max(_header_names(rows, buyer_lines), key=lambda r: (round(r.height), -r.top), default=None)
    return best.text if best else None


def named_by_domain(rows: Sequence[Row], buyer_lines: set[str]) -> str | None:
    """A header name that a printed web site or e-mail domain spells ('Azure Interior', azure-interior.com)."""
    domains = {"".join(ch for ch in d.casefold() if ch.isalnum()) for r in rows for d in _DOMAIN.findall(r.text)}
    for row in _header_names(rows, buyer_lines):
        name = "".join(ch for ch in _fold(row.text).casefold() if ch.isalnum())
        if len(name) >= 4 and any(name in d for d in domains):
            return row.text
    return None


def is_invoice(rows: Sequence[Row]) -> bool:
    """Whether an invoice title or an invoice-number label is printed."""
    return any(_label(r.text, "title") or _label(r.text, "invoice_number") for r in rows[:40])


def _same(a: str | None, b: str | None) -> bool:
    return bool(a and b) and "".join(str(a).split()).casefold() == "".join(str(b).split()).casefold()


def _buyer_lines(rows: Sequence[Row], party: dict[str, Any]) -> set[str]:
    """The buyer's name row and the three rows below it."""
    for i, row in enumerate(rows):
        if party["name"] and _same(row.text, party["name"]):
            return {r.text for r in rows[i:i + 4]}
    return set()


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
    party = buyer(rows)
    vendor = data.get("vendor")
    lines = _buyer_lines(rows, party)
    if not vendor or _same(vendor, party["name"]):  # what the receipt rules took for the seller is the buyer
        vendor = seller_name(rows, lines)
    vendor = named_by_domain(rows, lines) or vendor
    seller = {"name": vendor, "address": data.get("address"), "tax_id": tax_ids[0] if tax_ids else None}
    if len(tax_ids) > 1:
        party["tax_id"] = tax_ids[1]
    ibans = find_ibans(text)
    net = labelled_amount(rows, "net") or data.get("subtotal")
    gross = labelled_amount(rows, "gross", exclude=("net",)) or data.get("total_amount")
    rates = tax_by_rate(rows)
    tax = (str(sum(Decimal(r["amount"]) for r in rates)) if len(rates) > 1 else None) \
        or labelled_amount(rows, "tax", exclude=("net", "gross")) or data.get("tax")
    out = data | {"document_type": "invoice", "invoice_number": invoice_number(rows) or data.get("invoice_number"),
                  "vendor": vendor,
                  "due_date": due_date(rows), "seller": seller, "buyer": party, "net": net, "tax": tax,
                  "gross": gross, "total_amount": gross, "subtotal": net, "iban": ibans[0] if ibans else None,
                  "payment_terms": payment_terms(rows), "tax_rates": rates}
    reasons = list(out.get("review_reasons") or [])
    if arithmetic_ok(out["net"], out.get("tax"), out["gross"]) is False:
        reasons.append({"code": "arithmetic", "field": "gross", "message": "net + tax does not equal the total"})
    if lines_match_net(out.get("line_items"), net) is False:
        reasons.append({"code": "arithmetic", "field": "line_items", "message": "the lines do not add up to the net"})
    if out["invoice_number"] is None:
        reasons.append({"code": "missing_field", "field": "invoice_number", "message": "No invoice number found"})
    out["review_reasons"] = reasons
    out["needs_review"] = bool(reasons)
    return out
