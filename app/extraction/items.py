"""Read line items: rows between the header and the totals with `qty × price = amount`."""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from decimal import Decimal

from app.extraction.amounts import find_amounts, to_decimal
from app.extraction.dates import find_dates, find_times
from app.extraction.result import LineItem
from app.extraction.rows import Row
from app.extraction.totals import Segment

_END_KINDS = {"total", "subtotal", "tax", "payment", "change", "qty", "rounding", "tip", "service"}
_NUMBER = re.compile(
    # A price may follow its multiplication mark with no space: `1 x3,49`.
    r"(?<![0-9A-WYZa-wyz_.,])(\d{1,4}(?:[.,]\d{1,4})?)(?![0-9A-WYZa-wyz_,]|\.\d)(?P<x>\s?(?:[xX*@]|UNITS?\b|PCS\b|EA\b))?"
)
_GROUPED = re.compile(r"(?<![\w.,])\d{1,3}(?:([.,])\d{3})(?:\1\d{3})*(?![\w.,])")
_TABLE_HEADER = re.compile(
    r"\b(?:DESCRIPTION|DESC|QTY|QUANTITY|PRICE|AMOUNT|AMT|ITEM|U/P|UNIT|TOTAL|TAX|CODE|DISC|RM)\b"
)
_CODE_TAIL = re.compile(r"(?:\s*\*[A-Z]{0,3})+$")
# Numbers, prices and `qty x price` however glued (`2x`, `x3,49`, `1*6,99=`).
_NUMERIC_TOKEN = re.compile(r"[-+]?(?:[A-Z]{0,2}[$€£¥₹]|RM)?[\d.,]+(?:[xX*@][\d.,]*)?[%=]?|[xX*@][\d.,]+=?")
_NOISE_WORDS = re.compile(r"^(?:UNITS?|PCS|EA|NOS|PKT|ROLL|X|@|\*|-)$")
_NOT_DESCRIPTION = re.compile(
    r"\b(?:THANK|CASHIER|SERVER|TABLE|TERMINAL|MEMBER|INVOICE|RECEIPT|BILL|HOURS|HRS|TEL|FAX|GST|VAT|TAX)\b"
)


def _letters(text: str) -> int:
    return sum(c.isalpha() for c in text)


def _description(text: str) -> str:
    """Drop numeric tokens (codes, quantities, prices), multiplication marks and `*S` tax tails; a share
    inside the name stays (`Mleko 3,2% 1L`)."""
    tokens = text.split()
    words = [
        w
        for i, w in enumerate(tokens)
        if (not _NUMERIC_TOKEN.fullmatch(w) or _share_in_name(w, tokens[i + 1 :]))
        and not _NOISE_WORDS.match(w.upper().strip("*.,:;"))
    ]
    return _CODE_TAIL.sub("", " ".join(words)).strip(" -*@:$€£¥₹")


def _share_in_name(token: str, after: list[str]) -> bool:
    """Whether a numeric token is a share printed in the name: a percentage with a word of letters after it."""
    return token.endswith("%") and token[:-1].replace(",", "").replace(".", "").isdigit() \
        and any(_letters(w) >= 1 and not _NUMERIC_TOKEN.fullmatch(w) for w in after)


def _is_description_row(row: Row, language: str = "en") -> bool:
    text = row.text.upper()
    if ":" in text or _NOT_DESCRIPTION.search(text) or find_dates(text, language=language) or find_times(text):
        return False
    return _letters(_description(row.text)) >= 3 and len(_TABLE_HEADER.findall(text)) < 2


def _qty_price(text: str, amount: Decimal) -> tuple[Decimal | None, Decimal | None]:
    """Find numbers q and p printed on the row with q × p = amount (q marked by x/@/* first)."""
    nums = [(to_decimal(m.group(1)), bool(m.group("x"))) for m in _NUMBER.finditer(text)]
    # A price in thousands groups with no decimals (`85.000` dong) reads as a whole number too.
    nums += [(Decimal(re.sub(r"[.,]", "", m.group(0))), False) for m in _GROUPED.finditer(text)]
    values = [(v, marked) for v, marked in nums if v is not None and v != 0]
    pairs = []
    for i, (q, marked) in enumerate(values):
        for j, (p, _) in enumerate(values):
            if i != j and q <= 10000 and abs(q * p - amount) <= max(Decimal("0.011"), abs(amount) / 200):
                pairs.append((q != q.to_integral_value(), not marked, i, q, p))
    if pairs:
        _, _, _, q, p = min(pairs)
        return q, p
    marked_q = [v for v, marked in values if marked]
    return (marked_q[0], None) if marked_q else (None, None)


def _region(segs: Sequence[Segment], start: int, count: int) -> tuple[int, int]:
    ends = [s.row.index for s in segs if s.kind in _END_KINDS and s.row.index >= start]
    return start, min(ends) if ends else count


def _unit_price_note(row: Row, seg: Segment) -> bool:
    """Tell whether the row's amount is an `@ price` note under a description, not a line."""
    before = row.text[: seg.amount.start].rstrip()
    leading_qty = re.match(r"^\d+(?:[.,]\d+)?\s?[xX*]?\s", before)
    return before.endswith("@") and len(find_amounts(row.text)) == 1 and leading_qty is None


# A row of the till's record, not a purchase: `Cashier USER Time 11.58` (a time read as an amount).
_RECORD_WORDS = re.compile(r"\b(?:CASHIER|TIME|TERMINAL|RECEIPT|INVOICE|TEL|FAX)\b")


def _record_row(seg: Segment) -> bool:
    return bool(_RECORD_WORDS.search(seg.row.text[: seg.amount.start].upper()))


@dataclass
class _Draft:
    index: int
    description: str | None
    quantity: Decimal | None
    unit_price: Decimal | None
    amount: Decimal


# A unit word after a quantity (`2 Stk x 0,89`, `3 szt. x 2,49`, `0,456 kg x 12,99`): the quantity's, not the
# description's. A weight is one only before its price's `x` (`Ser 0,5kg` names a pack).
_UNIT = re.compile(r"(?<=\d)\s*(?:(?:STK|STÜCK|ST|SZT|PCS?|PCE|UDS?|UND|PZ|STUKS?|EA)\b\.?|KG\b\.?(?=\s*[xX*×]))",
                   re.IGNORECASE)


def _draft(seg: Segment) -> _Draft:
    text = _UNIT.sub("", seg.row.text[: seg.amount.start])
    desc = _description(text if seg.kind == "other" else seg.label)
    qty, price = _qty_price(text, seg.amount.value) if seg.kind == "other" else (None, None)
    return _Draft(seg.row.index, desc if _letters(desc) >= 3 else None, qty, price, seg.amount.value)


def _times_note(prev: _Draft, d: _Draft) -> bool:
    """Tell whether a row under a priced line prints its quantity and unit price (`02 X RM 1.75` under
    `MAGGI HOT CUP RM3.50`): quantity times the row's amount is the line's amount."""
    return d.quantity is not None and d.unit_price is None and abs(d.quantity * d.amount - prev.amount) <= Decimal("0.011")


def _merge(drafts: list[_Draft]) -> list[_Draft]:
    """Fold a description row that printed a number (`SUSHI 1.30`) into the priced row under it, and a
    quantity and unit price row into the priced line above it."""
    out: list[_Draft] = []
    for d in drafts:
        prev = out[-1] if out else None
        if (
            prev is not None
            and d.description is None
            and prev.description
            and prev.quantity is None
            and prev.index == d.index - 1
        ):
            if _times_note(prev, d):
                prev.quantity, prev.unit_price = d.quantity, d.amount
                continue
            if d.quantity is not None or d.amount == prev.amount:
                d.description = prev.description
                out.pop()
        out.append(d)
    return out


def _direction(drafts: list[_Draft], desc_rows: set[int]) -> int:
    """Return -1 when descriptions sit above their priced rows, +1 when below."""
    missing = [d for d in drafts if d.description is None]
    if not missing:
        return -1
    above = missing[0].index - 1 in desc_rows
    below = missing[-1].index + 1 in desc_rows
    return 1 if below and not above else -1


def _nearest_description(index: int, step: int, desc_rows: set[int], priced: set[int]) -> int | None:
    """Return the description row for a priced row: up to two rows in `step`'s direction, else one back."""
    for j in (index + step, index + 2 * step, index - step):
        if j in desc_rows and not (j == index + 2 * step and index + step in priced):
            return j
    return None


MAX_GROUPS = 4  # groups of lines a document may print, each closed by its own total row
_CENT = Decimal("0.011")


def find_line_items(
    rows: Sequence[Row], segs: Sequence[Segment], start: int, targets: Collection[Decimal] = (), language: str = "en"
) -> list[LineItem]:
    """Return the purchased lines between row `start` and the first totals row; and the lines of
    the groups after it, each closed by its own total row (`TOTAL 0% SUPPLIES: 7.61`, then the 6 %
    lines), when with them the lines add up to one of `targets` (the subtotal, the total, the total
    less tax) and without them they do not."""
    lo, hi = _region(segs, start, len(rows))
    found = _items_in(rows, segs, lo, hi, language)
    more = list(found)
    for _ in range(MAX_GROUPS - 1):
        if _adds_up(found, targets) or hi >= len(rows):
            break
        lo, hi = _region(segs, hi + 1, len(rows))
        group = _items_in(rows, segs, lo, hi, language)
        if not group:
            break
        more += group
        if _adds_up(more, targets):
            return more
    return found


def _adds_up(items: Sequence[LineItem], targets: Collection[Decimal]) -> bool:
    summed = sum((i.amount for i in items), Decimal(0))
    return bool(items) and any(abs(summed - t) <= _CENT for t in targets)


def _items_in(rows: Sequence[Row], segs: Sequence[Segment], lo: int, hi: int, language: str) -> list[LineItem]:
    last_by_row: dict[int, Segment] = {}
    for s in segs:
        if lo <= s.row.index < hi and s.kind in ("other", "discount"):
            last_by_row[s.row.index] = s
    priced = {i: s for i, s in last_by_row.items() if not _unit_price_note(s.row, s) and not _record_row(s)}
    drafts = _merge([_draft(s) for _, s in sorted(priced.items())])
    desc_rows = {i for i in range(lo, hi) if i not in priced and _is_description_row(rows[i], language)}
    step = _direction(drafts, desc_rows)
    priced_rows = {d.index for d in drafts}
    for d in drafts:
        if d.description is None:
            j = _nearest_description(d.index, step, desc_rows, priced_rows)
            if j is not None:
                desc_rows.discard(j)
                d.description = _description(rows[j].text)
    return [LineItem(d.description, d.quantity, d.unit_price, d.amount) for d in drafts]
