"""Pick total, subtotal and tax from labelled amounts on rows."""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from app.extraction import languages
from app.extraction.amounts import Amount, find_amounts
from app.extraction.labels import classify, is_summary_header, is_tax_total, normalise
from app.extraction.languages.numbers import find_money
from app.extraction.misread import LABEL_ROLES, mend_digits, mend_label
from app.extraction.result import Field
from app.extraction.rows import Row

_RANK_CONFIDENCE = {3: 0.95, 2: 0.9, 1: 0.7, 0: 0.6}
_PURE_NUMBER = re.compile(r"^[#(]?\d+(?:[.,]\d+)?[):]?$")
# OCR sometimes drops the decimal point at the end of a labelled row: `GRAND TOTAL 10 00`.
_LOOSE_TAIL = re.compile(r"(?<![\d.,])(\d{1,6})[ -](\d{2})\s*$")


@dataclass(frozen=True)
class Segment:
    """An amount on a row with the label printed before it and that label's class."""

    row: Row
    label: str
    amount: Amount
    kind: str
    rank: int
    in_summary: bool = False
    from_label_row: bool = False

    def to_field(self, confidence: float) -> Field:
        """Return the amount as a field read from its blocks."""
        blocks = self.row.blocks_in(self.amount.start, self.amount.end)
        conf = confidence * self.row.confidence(self.amount.start, self.amount.end)
        return Field.found(self.amount.value, self.amount.raw, conf, blocks)


@dataclass
class Amounts:
    """Money fields of a document and the adjustments printed between subtotal and total."""

    total: Field | None = None
    subtotal: Field | None = None
    tax: Field | None = None
    adjustments: list[Decimal] = field(default_factory=list)
    total_row: Row | None = None


def amounts_in(text: str, decimal_separator: str | None = None, language: str = "en") -> list[Amount]:
    """Return the amounts of a row: the English reader, or the language pack's number formats."""
    if languages.base_code(language) == "en" or not languages.has_pack(language) or decimal_separator:
        return find_amounts(text, decimal_separator)
    return [Amount(m.value, m.raw, m.start, m.end, m.currency) for m in find_money(text, languages.get(language))]


def _classify_label(text: str, language: str = "en") -> tuple[str, int, str]:
    """Classify the words after the last value printed in a label, else the whole label
    (its misread role words spelt right first: `Grand Tota1`)."""
    text = mend_label(text, language, LABEL_ROLES)
    words = text.split()
    last = max(
        (
            i
            for i, w in enumerate(words[:-1])
            if _PURE_NUMBER.match(w) and any(c.isalpha() for c in "".join(words[i + 1 :]))
        ),
        default=-1,
    )
    short = " ".join(words[last + 1 :])
    kind, rank = classify(short, language)
    if kind == "other" and last >= 0:
        kind, rank = classify(text, language)
        return kind, rank, text
    return kind, rank, short


def _has_letters(text: str) -> bool:
    return any(c.isalpha() for c in normalise(text).replace("RM", ""))


def _adjacent(upper: Row, lower: Row) -> bool:
    return upper.page == lower.page and lower.top - upper.bottom < 1.5 * max(upper.height, lower.height)


def _loose_tail(text: str, after: int) -> Amount | None:
    """Return `41 50` printed at the end of a row as 41.50 (the decimal point lost by OCR)."""
    m = _LOOSE_TAIL.search(text, after)
    if m is None or not _has_letters(text[after : m.start()]):
        return None
    value = Decimal(f"{m.group(1)}.{m.group(2)}")
    return Amount(value, m.group(0).strip(), m.start(), m.end())


def row_segments(rows: Sequence[Row], decimal_separator: str | None = None, language: str = "en") -> list[Segment]:
    """Split every row into labelled amounts, in document order."""
    out: list[Segment] = []
    in_summary = False
    prev: Row | None = None
    prev_amounts = True
    for row in rows:
        amounts = amounts_in(mend_digits(row.text), decimal_separator, language)
        loose = _loose_tail(row.text, amounts[-1].end if amounts else 0)
        if is_summary_header(row.text):
            in_summary = True
        label_row = prev if prev is not None and not prev_amounts and _adjacent(prev, row) else None
        last_label, pos = "", 0
        for i, amount in enumerate(amounts + ([loose] if loose else [])):
            label, from_row = row.text[pos : amount.start], False
            if not _has_letters(label):
                if i == 0 and label_row is not None and classify(label_row.text, language)[0] not in ("other", "qty"):
                    label, from_row = label_row.text, True
                else:
                    label = last_label
            kind, rank, label = _classify_label(label, language)
            if amount is loose and kind == "other":
                continue
            if kind in ("payment", "change"):
                in_summary = False
            out.append(Segment(row, label, amount, kind, rank, in_summary, from_row))
            last_label, pos = label, amount.end
        prev, prev_amounts = row, bool(amounts)
    return out


def _payment_cut(segs: list[Segment]) -> int:
    first_total = next((i for i, s in enumerate(segs) if s.kind == "total"), None)
    if first_total is None:
        return len(segs)
    return next(
        (i for i, s in enumerate(segs) if i > first_total and s.kind in ("payment", "change")), len(segs)
    )


def pick_total(segs: list[Segment]) -> tuple[Segment | None, float]:
    """Return the document's total segment and a confidence; never the largest number."""
    usable = [s for s in segs if not s.in_summary]
    head = usable[: _payment_cut(usable)]
    cands = [(i, s) for i, s in enumerate(head) if s.kind == "total"]
    rounding = [i for i, s in enumerate(head) if s.kind == "rounding"]
    if rounding and any(i > rounding[-1] for i, _ in cands):
        cands = [(i, s) for i, s in cands if i > rounding[-1]]
    strong = [s for _, s in cands if s.rank >= 2] or [s for _, s in cands]
    if not strong:
        return None, 0.0
    best = strong[-1]
    return best, _RANK_CONFIDENCE[best.rank] * (0.9 if best.from_label_row else 1.0)


def paid_in_full(rows: Sequence[Row], segs: list[Segment], language: str = "en") -> Segment | None:
    """Return the amount paid when no change was given back and no total could be read.

    First a payment printed under a bare total label, else the first payment when a zero change
    is printed (`CASH 599.45`, `CHANGE 0.00`): the amount tendered is then the total."""
    changes = [s for s in segs if s.kind == "change"]
    if any(s.amount.value != 0 for s in changes):
        return None
    for upper, lower in zip(rows, rows[1:], strict=False):
        if classify(upper.text, language)[0] != "total" or amounts_in(upper.text, None, language) \
                or not _adjacent(upper, lower):
            continue
        pay = [s for s in segs if s.row is lower and s.kind == "payment"]
        if pay:
            return pay[-1]
    payments = [s for s in segs if s.kind == "payment" and s.amount.value > 0]
    return payments[0] if changes and payments else None


def net_after_tax(segs: list[Segment]) -> Segment | None:
    """Return a net amount printed under the tax when no total could be read: a sum printed after the tax
    is the amount due (`Gross Amt 47.80`, `GST 2.86`, `Net Amt 53.55`); one printed before it is not."""
    usable = [s for s in segs if not s.in_summary]
    taxes = [s for s in usable if s.kind == "tax" and s.amount.value > 0]
    if not taxes:
        return None
    after = [s for s in usable if s.kind == "subtotal" and _before(taxes[0], s) and s.amount.value > taxes[-1].amount.value]
    if not after or any(s.kind in ("payment", "change") and _before(s, after[-1]) for s in usable):
        return None
    return after[-1]


def rounded_total(segs: list[Segment], total: Segment, tol: Decimal) -> Segment:
    """Return the rounded total printed under a total and its rounding adjustment (`TOTAL 19.99`,
    `Rounding Adj 0.01`, `Rounding 20.00`): a rounding row whose amount is the total plus the adjustments
    printed between them; else `total`."""
    between: list[Decimal] = []
    for s in segs:
        if s.in_summary or not _before(total, s) or s.kind in ("payment", "change"):
            if _before(total, s) and s.kind in ("payment", "change"):
                break
            continue
        if s.kind != "rounding":
            continue
        if between and abs(s.amount.value) > 1 and abs(total.amount.value + sum(between) - s.amount.value) <= tol / 2:
            return s
        between.append(s.amount.value)
    return total


def _adds_up(total: Segment, net: Segment, segs: list[Segment], tol: Decimal) -> bool:
    """Tell whether `net` is `total` plus the taxes printed between them: then `total` was the gross sum
    before tax (`Gross Amt 29.57`, `Svr Tax 2.96`, `GST 1.95`, `Net Amt 34.48`)."""
    taxes = [s.amount.value for s in segs if s.kind == "tax" and not s.in_summary and _before(total, s) and _before(s, net)]
    return bool(taxes) and abs(total.amount.value + sum(taxes) - net.amount.value) <= tol


def _before(a: Segment, b: Segment) -> bool:
    return (a.row.index, a.amount.start) < (b.row.index, b.amount.start)


def pick_subtotal(segs: list[Segment], total: Segment | None) -> Segment | None:
    """Return the last subtotal printed before the total (or anywhere when there is no total)."""
    subs = [
        s for s in segs if s.kind == "subtotal" and not s.in_summary and (total is None or _before(s, total))
    ]
    return subs[-1] if subs else None


def pick_tax(
    segs: list[Segment], total: Segment | None, subtotal: Segment | None, tol: Decimal
) -> Segment | None:
    """Return the tax amount: plausible, preferring one that adds up and a `TOTAL TAX` label."""
    taxes = [s for s in segs if s.kind == "tax" and not s.in_summary and s is not total]
    if total is not None:
        cap = abs(total.amount.value) / 2
        taxes = [s for s in taxes if 0 <= s.amount.value <= cap]
    if not taxes:
        return None
    if total is not None and subtotal is not None:
        for s in taxes:
            if abs(subtotal.amount.value + s.amount.value - total.amount.value) <= tol:
                return s
    return max(taxes, key=lambda s: (is_tax_total(s.label), _sum_of_others(s, taxes, tol), s.amount.value != 0))


MAX_TAX_ROWS = 8  # tax rows searched for the ones a tax total adds up


def _sum_of_others(tax: Segment, taxes: list[Segment], tol: Decimal) -> bool:
    """Tell whether a tax is the sum of two or more smaller taxes printed before it: the tax total under the
    taxes of each rate (`PTU A 2,12`, `PTU C 1,02`, `SUMA PTU 3,14`), not the taxed sales of a rate."""
    parts = [s.amount.value for s in taxes[:MAX_TAX_ROWS] if _before(s, tax) and 0 < s.amount.value < tax.amount.value]
    return any(abs(sum(c) - tax.amount.value) <= tol
               for n in range(2, len(parts) + 1) for c in itertools.combinations(parts, n))


def adjustments(segs: list[Segment], subtotal: Segment | None, total: Segment | None) -> list[Decimal]:
    """Return signed amounts printed between subtotal and total: rounding, service, tip, discount."""
    out = []
    for s in segs:
        if s.in_summary or s.kind not in ("rounding", "service", "tip", "discount"):
            continue
        if (subtotal and not _before(subtotal, s)) or (total and not _before(s, total)):
            continue
        value = s.amount.value
        out.append(-abs(value) if s.kind == "discount" else value)
    return out


def extract_amounts(rows: Sequence[Row], segs: list[Segment], tol: Decimal, language: str = "en") -> Amounts:
    """Find total, subtotal and tax among the rows' labelled amounts (labels read in `language`)."""
    total, conf = pick_total(segs)
    net = net_after_tax(segs)
    if total is None:
        total, conf = net or paid_in_full(rows, segs, language), 0.5
    elif net is not None and _before(total, net) and _adds_up(total, net, segs, tol):
        total = net
    if total is not None:
        total = rounded_total(segs, total, tol)
    subtotal = pick_subtotal(segs, total)
    tax = pick_tax(segs, total, subtotal, tol)
    return Amounts(
        total=total.to_field(conf) if total else None,
        subtotal=subtotal.to_field(0.85) if subtotal else None,
        tax=tax.to_field(0.8) if tax else None,
        adjustments=adjustments(segs, subtotal, total),
        total_row=total.row if total else None,
    )
