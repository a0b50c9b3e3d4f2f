"""Amounts on invoices: read after their labels in any common number style, per tax rate, and checked."""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from .invoice_words import after_label, find_label
from .rows import Row

# An amount may follow its currency with no space (`Rp201.416.743`, `IDR7.780.000`, `-EUR91,00`).
_BEFORE = r"(?:(?<![\w.,])|(?<=\b(?:IDR|USD|EUR|GBP|VND|PLN|SGD|AUD|MYR|CHF|CAD|NZD|HKD))|(?<=\b(?:Rp|RM)))"
AMOUNT_RE = re.compile(rf"{_BEFORE}-?\d{{1,3}}(?:[ .,\u00a0\u202f']\d{{3}})+(?:[.,]\d{{1,2}})?(?![\d%])"
                       rf"|{_BEFORE}-?\d+(?:[.,]\d{{1,2}})?(?![\d%,.])")


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


def labelled_amount(rows: Sequence[Row], role: str, exclude: tuple[str, ...] = (),
                    within: tuple[str, ...] = ()) -> str | None:
    """Return the rightmost amount on the last row carrying a `role` label (and none of `exclude`).

    A label that is only a word of a `within` role's label does not count ('thuế' in 'Mã số thuế: 0100109106'
    names a tax id, not the tax)."""
    for i in range(len(rows) - 1, -1, -1):
        m = find_label(rows[i].text, role)
        if not m or any(find_label(rows[i].text, other) for other in exclude) or _inside(rows[i].text, m, within):
            continue
        # A long label pushes its amount onto the next row; a table's header row (`Ilość | Cena brutto |
        # Wartość brutto`) heads its first item's amounts, not the total.
        nexts = after_label(rows, i, m.end()) if len(rows[i].blocks) <= _LABEL_BLOCKS else [rows[i].text[m.end():]]
        for rest in nexts:
            found = [a for a in AMOUNT_RE.findall(rest) if any(c.isdigit() for c in a)]
            value = to_amount(found[-1].strip()) if found else None
            if value is not None:
                return str(value)
    return None


_LABEL_BLOCKS = 2  # blocks a label's row may have to take its amount from the row under it


def _inside(text: str, m: re.Match[str], roles: tuple[str, ...]) -> bool:
    """Whether the label found at `m` lies inside one of `roles`' labels on the same text."""
    for role in roles:
        other = find_label(text, role)
        if other and other.start() <= m.start() and m.end() <= other.end():
            return True
    return False


RATE = re.compile(r"(?<![\d.,])(\d{1,2}(?:[.,]\d{1,2})?)\s?%")


def tax_by_rate(rows: Sequence[Row]) -> list[dict[str, str]]:
    """Return `[{rate, amount}]` from tax rows that print a rate and an amount ('MwSt. 19% 1.023,20')."""
    out = []
    for row in rows:
        m = find_label(row.text, "tax")
        if not m or find_label(row.text, "gross") or find_label(row.text, "net"):
            continue
        rest = row.text[m.end():]
        rate = RATE.search(rest)
        amounts = [a for a in AMOUNT_RE.findall(rest[rate.end():] if rate else "") if any(c.isdigit() for c in a)]
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
