"""Candidates for the learned fields and their features: amounts, dates, name and address lines.

Every candidate carries a value, the blocks it was read from and a feature vector in the
order of `FEATURES[field]`. Features are plain numbers from the rows: the label words on the
row and the rows above (`lexicon`), position on the page, text height, neighbours, format and
agreement with the arithmetic (items + tax = total, cash - change = total).
"""

from __future__ import annotations

import math
import re
import statistics
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from functools import lru_cache
from typing import Any

from app.extraction import languages, places
from app.extraction.amounts import CODES, Amount, find_amounts, only_currency
from app.extraction.dates import find_dates, find_times
from app.extraction.header import (
    MIN_SPELT_ELSEWHERE,
    clean_address,
    clean_name,
    find_address,
    find_vendor,
    spelt_elsewhere,
)
from app.extraction.invoice_words import find_label
from app.extraction.labels import classify
from app.extraction.lexicon import DEFAULT_LANGUAGE, has, opens_with
from app.extraction.misread import loose_amount, mend_digits, mend_label
from app.extraction.rows import Row
from app.extraction.totals import amounts_in, extract_amounts, row_segments
from app.extraction.when import Dated, pick_date, resolve
from app.ocr.types import TextBlock

LEARNED = ("total_amount", "date", "vendor", "address")
HEADER_ROWS = 14
MAX_NAME_ROWS = 3
MAX_ADDRESS_ROWS = 6
MAX_ROWS = 400
AMOUNT_ROLES = ("total", "due", "subtotal", "tax", "payment", "change", "rounding", "discount", "service", "qty")
_POSTCODE = re.compile(r"(?<![\d-])\d{5}(?![\d-])|(?<![\d-])\d{4}\W*$")
_REG_NUMBER = re.compile(r"\(?\b\d{4,}-?[A-Z]\b\)?|\(\s*[A-Z]{0,3}\d{5,}[-A-Z\d]*\s*\)|\d{9,}")
_PHONE = re.compile(r"\d{2,4}[-\s]?\d{3,4}[-\s]?\d{3,4}")
_CENT = Decimal("0.01")


@dataclass
class Candidate:
    """One possible value of a field, where it was read and its features."""

    field: str
    value: Any
    raw: str
    blocks: list[TextBlock]
    features: list[float]
    confidence: float = 1.0
    rows: tuple[int, int] = (0, 0)  # header rows [first, last) a name or address was read from


@dataclass
class Page:
    """What the features need to know about the rows: page size, heights, the language."""

    rows: Sequence[Row]
    language: str
    width: float
    height: float
    row_height: float


def page_of(rows: Sequence[Row], language: str) -> Page:
    """Measure the rows' page: extent of the boxes and the median row height."""
    pts = [p for r in rows for b in r.blocks for p in b.box]
    width = max((x for x, _ in pts), default=1.0) or 1.0
    height = max((y for _, y in pts), default=1.0) or 1.0
    heights = [r.height for r in rows]
    return Page(rows, language, max(width, 1.0), max(height, 1.0), statistics.median(heights) if heights else 1.0)


def _letters(text: str) -> int:
    return sum(c.isalpha() for c in text)


def _digits(text: str) -> int:
    return sum(c.isdigit() for c in text)


def _clip(x: float, lo: float = -5.0, hi: float = 5.0) -> float:
    return max(lo, min(hi, x)) if math.isfinite(x) else 0.0


def _flags(text: str, roles: Sequence[str], language: str) -> list[float]:
    return [float(has(text, role, language)) for role in roles]


def _row_shape(row: Row, page: Page) -> list[float]:
    """Return where a row sits and how it looks: position, height, centring, letters and digits."""
    text = row.text
    x0 = min(x for b in row.blocks for x, _ in b.box)
    x1 = max(x for b in row.blocks for x, _ in b.box)
    n = max(1, len(text))
    return [
        _clip(row.top / page.height, 0, 1),
        _clip(row.height / page.row_height, 0, 4),
        _clip(abs((x0 + x1) / 2 - page.width / 2) / page.width, 0, 1),
        _clip((x1 - x0) / page.width, 0, 1),
        _letters(text) / n,
        _digits(text) / n,
        _clip(len(text) / 40, 0, 3),
        float(":" in text),
    ]


ROW_SHAPE = ("top", "height", "off_centre", "width", "letter_share", "digit_share", "length", "colon")


# ---------------------------------------------------------------- amounts (total)


@dataclass(frozen=True)
class _Spot:
    row: Row
    amount: Amount
    label: str
    above: str
    order: int


def _amount_spots(rows: Sequence[Row], language: str) -> list[_Spot]:
    out: list[_Spot] = []
    # OCR damage (`misread`): letters read for digits, an amount whose decimal point was lost, label words misread.
    texts = [mend_digits(row.text) for row in rows]
    # Read in the language's number formats, as the rules read them (`1.270.500` dong, `24,23` euro).
    printed = [amounts_in(text, None, language) for text in texts]
    values = {a.value for found in printed for a in found}
    for i, row in enumerate(rows):
        text, amounts = texts[i], printed[i]
        loose = loose_amount(text, amounts[-1].end if amounts else 0, language, values)
        amounts = [*amounts, loose] if loose is not None else amounts
        prev = rows[i - 1] if i > 0 and rows[i - 1].page == row.page else None
        above = _mend(prev.text, language) if prev is not None and not printed[i - 1] else ""
        pos = 0
        for a in amounts:
            label = text[pos : a.start]
            if _letters(label) < 2 and pos > 0:
                label = text[: a.start]
            out.append(_Spot(row, a, _mend(label, language), above, len(out)))
            pos = a.end
    return out


def _mend(label: str, language: str) -> str:
    return mend_label(label, language, (*AMOUNT_ROLES, "summary"))


def _sums(spots: Sequence[_Spot], roles: dict[int, set[str]]) -> dict[str, set[Decimal]]:
    """Return the values that arithmetic of labelled amounts gives: sub + tax, cash - change."""
    of = {k: [s.amount.value for s in spots if k in roles[s.order]] for k in ("subtotal", "tax", "payment", "change")}
    out: dict[str, set[Decimal]] = {"sub_tax": set(), "cash_change": set(), "sub": set(of["subtotal"])}
    for sub in of["subtotal"]:
        out["sub_tax"].update(sub + t for t in of["tax"] if t > 0)
    for pay in of["payment"]:
        out["cash_change"].update(pay - c for c in of["change"] if 0 < c < pay)
    return out


def _items_sum(spots: Sequence[_Spot], upto: int, roles: dict[int, set[str]]) -> Decimal:
    """Return the sum of the last unlabelled amount of each row above a spot (the items)."""
    last: dict[int, Decimal] = {}
    for s in spots[:upto]:
        if not roles[s.order]:
            last[s.row.index] = s.amount.value
    return sum(last.values(), Decimal(0))


TOTAL_FEATURES = (
    *(f"label_{r}" for r in AMOUNT_ROLES),
    *(f"above_{r}" for r in AMOUNT_ROLES),
    "label_empty", "last_on_row", "amounts_on_row", "rel_row", "right_edge", "row_height", "log_value",
    "is_max", "value_rank", "same_value_count", "nonpositive", "round_05", "sub_tax", "cash_change",
    "equals_sub", "items_sum", "totals_below", "after_first_total", "before_change", "payment_below_equal",
    "currency_sign", "summary_row", "rank_from_bottom", "last_due", "last_total", "max_labelled",
    "bigger_total_below", "share_of_max", "rounded_from", "rounding_below", "rounds_total_above",
    "rounded_below", "paid_exactly", "count_from_bottom_total",
    # the amount handed over (see `_tendered`)
    "tendered",
)


def _roles(label: str, language: str) -> set[str]:
    """The amount roles whose words a label holds. In another language than English, the longest phrase of
    its pack settles total against subtotal: `Tổng tiền hàng` (the goods before the discount and the
    service) holds the total's `Tổng tiền` but is a subtotal; `Tổng cộng` holds the subtotal's `cộng` but
    is the total."""
    found = {r for r in AMOUNT_ROLES if has(label, r, language)}
    if languages.base_code(language) == DEFAULT_LANGUAGE or not languages.has_pack(language) \
            or not (found & {"total", "due"} and "subtotal" in found):
        return found
    kind = classify(label, language)[0]
    if kind == "subtotal":
        return found - {"total", "due"}
    return found - {"subtotal"} if kind == "total" else found


def total_candidates(page: Page) -> list[Candidate]:
    """Return every printed amount with the features that tell the total apart."""
    rows, lang = page.rows, page.language
    spots = _amount_spots(rows, lang)
    if not spots:
        return []
    roles = {s.order: _roles(s.label, lang) for s in spots}
    arith = _sums(spots, roles)
    values = sorted(s.amount.value for s in spots)
    top = values[-1]
    total_rows = [s.row.index for s in spots if roles[s.order] & {"total", "due"}]
    due = [s for s in spots if "due" in roles[s.order]]
    totals = [s for s in spots if roles[s.order] & {"total", "due"} and not roles[s.order] & {"subtotal", "qty"}]
    labelled_max = max((s.amount.value for s in totals), default=None)
    adjust = [s for s in spots if "rounding" in roles[s.order] and abs(s.amount.value) < 1]
    change_rows = [s.row.index for s in spots if roles[s.order] & {"change"}]
    payments = [s for s in spots if "payment" in roles[s.order]]
    zero_change = any(s.amount.value == 0 for s in spots if "change" in roles[s.order])
    n_rows = max(1, len(rows))
    out = []
    for s in spots:
        v, row = s.amount.value, s.row
        on_row = [t for t in spots if t.row is row]
        x1 = max(x for b in row.blocks_in(s.amount.start, s.amount.end) for x, _ in b.box)
        below = [t for t in spots if t.order > s.order]
        feats = [
            *(float(r in roles[s.order]) for r in AMOUNT_ROLES),
            *_flags(s.above, AMOUNT_ROLES, lang),
            float(_letters(s.label) < 2),
            float(on_row[-1] is s),
            float(min(len(on_row), 4)),
            row.index / n_rows,
            _clip(x1 / page.width, 0, 1.5),
            _clip(row.height / page.row_height, 0, 4),
            math.log1p(float(abs(v))),
            float(v == top),
            sum(1 for x in values if x <= v) / len(values),
            float(min(sum(1 for x in values if x == v), 5)),
            float(v <= 0),
            float((v * 20) % 1 == 0),
            float(any(abs(v - x) <= _CENT for x in arith["sub_tax"])),
            float(any(abs(v - x) <= _CENT for x in arith["cash_change"])),
            float(any(abs(v - x) <= _CENT for x in arith["sub"] if "subtotal" not in roles[s.order])),
            float(v > 0 and abs(_items_sum(spots, s.order, roles) - v) <= _CENT),
            float(min(sum(1 for r in total_rows if r > row.index), 3)),
            float(bool(total_rows) and row.index >= total_rows[0]),
            float(not change_rows or row.index < change_rows[0]),
            float(any("payment" in roles[t.order] and t.amount.value >= v for t in below[:4])),
            float(s.amount.currency is not None),
            float(has(row.text, "summary", lang)),
            float(min(len(below), 10)) / 10,
            float(bool(due) and due[-1] is s),
            float(bool(totals) and totals[-1] is s),
            float(labelled_max is not None and v == labelled_max),
            float(any(t.amount.value > v for t in totals if t.order > s.order)),
            _clip(float(v / top), -1, 1) if top > 0 else 0.0,
            float(any(abs(u.amount.value + a.amount.value - v) <= Decimal("0.001") and a.amount.value != 0
                      for a in adjust for u in spots if u.order < a.order)),
            float(any(a.order > s.order and a.amount.value != 0 for a in adjust)),
            float(_rounds(v) and any(t.order < s.order and _near_round(t.amount.value, v) for t in totals)),
            float(not _rounds(v) and any(t.order > s.order and _rounds(t.amount.value)
                                         and _near_round(v, t.amount.value) for t in spots)),
            float(any(p.order > s.order and p.amount.value == v for p in payments)
                  and (zero_change or not change_rows)),
            float(min(sum(1 for t in totals if t.order > s.order), 3)),
            float(_tendered(s, spots, roles)),
        ]
        blocks = row.blocks_in(s.amount.start, s.amount.end)
        out.append(Candidate("total_amount", v, s.amount.raw, blocks, feats, row.confidence(s.amount.start, s.amount.end)))
    return out


def _tendered(spot: _Spot, spots: Sequence[_Spot], roles: Mapping[int, set[str]]) -> bool:
    """Tell whether an amount is what was handed over: less the change printed next after it, it gives
    an amount printed above it (`ACCEPTED TOTAL 10.00` / `CHANGE 5.00` under `5.00`)."""
    v = spot.amount.value
    changes = [t.amount.value for t in spots[spot.order + 1 : spot.order + 2] if "change" in roles[t.order]]
    above = {t.amount.value for t in spots[: spot.order] if t.row is not spot.row}
    return any(0 < c < v and v - c in above for c in changes)


def arithmetic_agrees(cand: Candidate) -> bool:
    """Tell whether a total candidate is what the printed arithmetic gives (subtotal + tax, cash - change):
    such a total is read however unsure the model is of it (it still goes to review below its bar)."""
    if cand.field != "total_amount" or len(cand.features) != len(FEATURES["total_amount"]):
        return False
    named = dict(zip(FEATURES["total_amount"], cand.features, strict=True))
    return bool(named["sub_tax"] or named["cash_change"])


def _rounds(v: Decimal) -> bool:
    """Tell whether an amount is a multiple of 5 cents (what cash rounding gives)."""
    return (v * 20) % 1 == 0


def _near_round(raw: Decimal, rounded: Decimal) -> bool:
    """Tell whether `rounded` is `raw` rounded to 5 cents (and they differ)."""
    return raw != rounded and abs(raw - rounded) < Decimal("0.03")


# ---------------------------------------------------------------- dates

DATE_FEATURES = (
    "label_date", "above_date", "not_date", "printed", "time_after", "time_word", "rel_row", "first_date",
    "date_count", "textual", "four_digit_year", "ambiguous", "future", "same_value_count", "year_gap",
    "compact", "alone_on_row", "colon_before",
)


_TORN_FIRST = re.compile(r"(?<![-/\d.,])(\d{2})[~_ ](\d{2})([-/])(\d{2}|\d{4})(?![-/\d.,])")
_TORN_LAST = re.compile(r"(?<![-/\d.,])(\d{2})([-/])(\d{2})[~_](\d{2}|\d{4})(?![-/\d.,])")


def mend_separators(text: str) -> str:
    """Mend a date separator OCR misread on a row that prints a time (`05~05-17`, `05 02-18` ->
    `05-05-17`, `05-02-18`); the text keeps its length, so spans stay those of the row."""
    if not find_times(text):
        return text
    text = _TORN_FIRST.sub(lambda m: f"{m[1]}{m[3]}{m[2]}{m[3]}{m[4]}", text)
    return _TORN_LAST.sub(lambda m: f"{m[1]}{m[2]}{m[3]}{m[2]}{m[4]}", text)


def date_candidates(page: Page, order: str, today: date) -> list[Candidate]:
    """Return every printed date read in `order`, with the features that tell the document's apart."""
    rows, lang = page.rows, page.language
    found = []
    for i, row in enumerate(rows):
        compact = has(row.text, "date", lang)
        for m in find_dates(mend_separators(row.text), order, compact=compact, language=lang):
            found.append((i, row, replace(m, raw=row.text[m.start : m.end])))
    if not found:
        return []
    dated = [Dated(m, row, 0.0) for _, row, m in found]
    found = [(i, row, resolve(m, dated, order, today)[0]) for i, row, m in found]
    years = statistics.median(m.value.year for _, _, m in found)
    n_rows = max(1, len(rows))
    out = []
    for k, (i, row, m) in enumerate(found):
        before = row.text[: m.start]
        above = rows[i - 1].text if i > 0 else ""
        feats = [
            float(has(before, "date", lang)),
            float(not before.strip(" [(:") and has(above, "date", lang)),
            float(has(before, "not_date", lang)),
            float(has(before, "printed", lang)),
            float(bool(find_times(row.text[m.end :]))),
            float(has(row.text, "time", lang)),
            i / n_rows,
            float(k == 0),
            float(min(len(found), 6)),
            float(m.textual),
            float(m.layout == "Y" or len(m.raw) >= 10),
            float(m.alternative is not None),
            float(m.value > today),
            float(min(sum(1 for _, _, o in found if o.value == m.value), 4)),
            _clip(abs(m.value.year - years), 0, 5),
            float(m.layout == "compact"),
            float(_letters(row.text.replace(m.raw, "")) < 2),
            float(before.rstrip().endswith(":")),
        ]
        blocks = row.blocks_in(m.start, m.end)
        out.append(Candidate("date", m.value, m.raw, blocks, feats, row.confidence(m.start, m.end)))
    return out


# ---------------------------------------------------------------- header lines (vendor, address)

LINE_ROLES = ("company", "registration", "contact", "title", "noise", "street", "region", "date", "total")


def _line_kind(text: str, lang: str) -> list[float]:
    """Return role flags and format flags of one header row (or of rows joined)."""
    return list(_line_kind_cached(text, lang))


@lru_cache(maxsize=4096)
def _line_kind_cached(text: str, lang: str) -> tuple[float, ...]:
    t = text.upper()
    return (
        *_flags(t, LINE_ROLES, lang),
        float(bool(_POSTCODE.search(t))),
        float(bool(_REG_NUMBER.search(t))),
        float(bool(_PHONE.search(t)) and _digits(t) >= 7),
        float(bool(find_dates(t, language=lang)) or bool(find_times(t))),
        float(bool(find_amounts(t))),
        float(bool(re.match(r"^\W*(?:NO\W*)?\d", t))),
        float(_letters(t) < 3),
    )


JOINS = ("unbalanced", "opens_joined", "prev_open", "prev_ends_joiner", "next_opens_joined", "ends_open",
         "ends_comma", "prev_ends_comma", "prev_plain", "next_plain")
_JOINER_START = re.compile(r"^\W*(?:&|AND\b|CO\b|COMPANY\b|\)|\(?(?:M|MALAYSIA)\)|SDN\b|BHD\b|S/B\b)", re.IGNORECASE)
_JOINER_END = re.compile(r"(?:&|\bAND|\(|,|-)\s*$", re.IGNORECASE)


def _open(text: str) -> int:
    """Return how many brackets a text opens and leaves open (negative: closes more than it opens)."""
    return text.count("(") - text.count(")")


def _plain(kind: Sequence[float]) -> bool:
    """Tell whether a row kind is wordy text with no contact, number, date, amount or title marks."""
    return not any(kind[LINE_KIND.index(k)] for k in _MARKS)


def _joins(rows: Sequence[Row], i: int, n: int, kinds: Sequence[Sequence[float]]) -> list[float]:
    """Return whether a span of rows i..i+n starts or ends inside a longer text (a name or an address
    printed over several rows): brackets left open, a row ending in `&`/`,` or starting with `)`/`CO`."""
    text = _span_text(rows[i : i + n])
    prev = rows[i - 1].text if i > 0 else ""
    nxt = rows[i + n].text if i + n < len(rows) else ""
    return [
        float(_open(text) != 0),
        float(bool(_JOINER_START.match(text))),
        float(_open(prev) > 0),
        float(bool(_JOINER_END.search(prev))),
        float(bool(_JOINER_START.match(nxt))),
        float(bool(_JOINER_END.search(text)) or _open(text) > 0),
        float(text.rstrip().endswith(",")),
        float(prev.rstrip().endswith(",")),
        float(i > 0 and _plain(kinds[i - 1]) and _letters(prev) >= 3),
        float(i + n < len(rows) and _plain(kinds[i + n]) and _letters(nxt) >= 3),
    ]


LINE_KIND = (*LINE_ROLES, "postcode", "reg_number", "phone", "date_time", "amount", "starts_number", "few_letters")
_EMPTY_KIND = [0.0] * len(LINE_KIND)
_MARKS = ("registration", "contact", "title", "noise", "date", "total", "postcode", "reg_number", "phone",
          "date_time", "amount", "few_letters")


def _header(page: Page) -> list[Row]:
    first = page.rows[0].page if page.rows else 1
    return [r for r in page.rows if r.page == first][:HEADER_ROWS]


def _span_text(rows: Sequence[Row]) -> str:
    return " ".join(r.text for r in rows)


def _gap(upper: Row, lower: Row, page: Page) -> float:
    return _clip((lower.top - upper.bottom) / page.row_height, -2, 6)


_BRACKET_REG = re.compile(r"\(\s*[A-Z.]{0,8}\s*[A-Z]{0,3}\d[\d\s-]{3,}-?\s*[A-Z]?\s*\)?", re.IGNORECASE)
_TAIL_REG = re.compile(r"\b\d{4,}\s?-?\s?[A-Z]\b.*$|\(\s*(?:CO|COMPANY|GST|REG)\b.*$", re.IGNORECASE)
_LEAD_NUMBER = re.compile(r"^\W*[#]?\d[\d-]*\s+(?=[A-Z])", re.IGNORECASE)
# One word of at most three letters before the only colon is the name's own (`THE: TOAST F&B`, a mark
# OCR added), not a label the name follows (`DIMILIKI OLEH:`, `OWN BY:`).
_SHORT_PREFIX = re.compile(r"^\W*[^\W\d_]{1,3}\s*:(?=[^:]*$)")
VARIANTS = ("whole", "after_colon", "no_lead_number", "one_block", "no_title", "no_lead_scrap")
# Title and stamp words printed on the name's row (`CASH SALE KT WONG TRADING`, `ACCOUNT'S COPY GARDENIA …`,
# `... ENTERPRISE POSTED`).
_TITLE_EDGE = re.compile(
    r"^\W*(?:(?:CASH|TAX|SALES?|SIMPLIFIED|OFFICIAL)\s+)*(?:SALES?|INVOICE|RECEIPT|BILL|POSTED|PAID)\b\W*"
    r"|^\W*[A-Z]+'?S?\s+COPY\b\W*"
    r"|\W*\b(?:POSTED|PAID|COPY|DUPLICATE|REPRINT)\W*$",
    re.IGNORECASE,
)


# A title printed before the name on its row (`Cash Sale KT WONG TRADING`): no name starts so, so every
# reading of the row leaves it out.
_TITLE_LEAD = re.compile(
    r"^\W*(?:(?:CASH|TAX|SIMPLIFIED|OFFICIAL)\s+(?:SALES?|INVOICE|RECEIPT|BILL)|INVOICE|RECEIPT)\b\W*(?=[^\W\d_]{2})",
    re.IGNORECASE,
)


def _mostly_lower(word: str) -> bool:
    letters = [c for c in word if c.isalpha()]
    return not letters or sum(c.islower() for c in letters) * 2 > len(letters)


def drop_lead_scrap(text: str) -> str:
    """Drop the words before a name printed in capitals that are mostly small letters or no letters at
    all (`signat GARDENIA BAKERIES`, `Sad B & BEST RESTAURANT`: a neighbour's scrap or a logo read as
    text); a name with small letters of its own, or of one word after the scrap, is left whole."""
    words = text.split()
    for k in range(1, len(words) - 1):
        rest = words[k:]
        if not all(_mostly_lower(w) for w in words[:k]):
            break
        if not any(c.islower() for w in rest for c in w) and sum(_letters(w) >= 2 for w in rest) >= 2:
            return " ".join(rest)
    return text


def name_variants(rows: Sequence[Row], language: str = DEFAULT_LANGUAGE) -> list[tuple[int, str]]:
    """Return ways to read a seller's name from rows: whole, after a `WORD:` prefix, without a
    leading number, one block alone; registration numbers dropped, duplicates once."""
    raw = _TITLE_LEAD.sub("", _span_text(rows))
    texts = [(0, raw)]
    if ":" in raw and not _SHORT_PREFIX.match(raw):
        texts.append((1, raw.rsplit(":", 1)[1]))
    texts.append((2, _LEAD_NUMBER.sub("", raw)))
    if len(rows) == 1 and len(rows[0].blocks) > 1:
        texts += [(3, b.text) for b in rows[0].blocks]
    texts.append((4, _TITLE_EDGE.sub(" ", raw)))
    texts.append((5, drop_lead_scrap(raw)))
    out, seen = [], set()
    for kind, text in texts:
        name = clean_name(_TAIL_REG.sub(" ", _BRACKET_REG.sub(" ", text)), language)
        key = re.sub(r"[^A-Z0-9]", "", name.upper())
        if _letters(name) >= 2 and key not in seen:
            seen.add(key)
            out.append((kind, name))
    return out


VENDOR_FEATURES = (
    *(f"variant_{v}" for v in VARIANTS), "index", "is_first", "letter_index", "rows", "cleaned_share", "cleaned_length",
    *(f"first_{k}" for k in LINE_KIND), *(f"next_{k}" for k in LINE_KIND), *(f"prev_{k}" for k in LINE_KIND),
    *(f"shape_{k}" for k in ROW_SHAPE), "has_prev", "gap_after", "inner_gap", "tallest",
    *(f"joins_{k}" for k in JOINS), "prev_height_ratio", "next_height_ratio", "gap_before", "named_by_site",
    "seller_labelled", "titled",
)

# A web or mail address printed on the page (`www.marktkauf-lehr.de`, `sales@popular.com.my`).
_SITE = re.compile(
    r"(?:https?://|www\.|@)\s?([a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)+)"
    r"|\b([a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*\.(?:com|net|org|de|pl|vn|id|nl|fr|be|at|ch|it|es|pt|uk|my|sg|eu))\b",
    re.IGNORECASE,
)
# Parts of a site that name no seller: the web's own words and the mail and social sites everyone uses.
_SITE_NOISE = frozenset((
    "www", "http", "https", "com", "net", "org", "shop", "online", "store", "mail", "email", "info", "gmail", "hotmail",
    "yahoo", "outlook", "live", "icloud", "msn", "aol", "ymail", "googlemail", "gmx", "web", "onet", "interia",
    "streamyx", "facebook", "instagram", "twitter", "tiktok", "youtube", "whatsapp", "linktr",
))
MIN_SITE_WORD = 3


_AFTER_COLON = VARIANTS.index("after_colon")


def _printed_words(rows: Sequence[Row], language: str) -> dict[str, tuple[str, frozenset[int]]]:
    """Return the words of `MIN_SPELT_ELSEWHERE` letters or more that the page prints where it spells
    its seller again: in a web or mail address or on a row with a business or legal word (`Dirk
    Rossmann GmbH`); key -> (word, rows printing it)."""
    found: dict[str, tuple[str, set[int]]] = {}
    for i, row in enumerate(rows):
        if not _SITE.search(row.text) and not has(row.text, "company", language):
            continue
        for word in places.WORD.findall(row.text):
            if len(word) >= MIN_SPELT_ELSEWHERE:
                found.setdefault(places.key(word), (word, set()))[1].add(i)
    return {k: (w, frozenset(at)) for k, (w, at) in found.items()}


def seller_labelled(row: str, name: str, language: str) -> bool:
    """Tell whether a row names the seller after a seller label (`Đơn vị bán hàng: CÔNG TY TNHH …`,
    `Sprzedawca: ABC sp. z o.o.`): the label opens the row and the name is a business's (a cashier
    named after `Sprzedawca:` or `Verkäufer:` is no seller)."""
    m = find_label(row, "seller")
    return m is not None and not row[: m.start()].strip() and row[m.end() :].lstrip().startswith(":") \
        and has(name, "company", language)


def titled(first_row: str, name: str, language: str) -> bool:
    """Tell whether a name read from rows that open with a title or a greeting row (one that says
    nothing of a business: `Willkommen bei`, `TAX INVOICE`) still opens with it: no seller's name."""
    return opens_with(first_row, "title", language) and not has(first_row, "company", language) \
        and opens_with(name, "title", language)


def site_words(rows: Sequence[Row]) -> frozenset[str]:
    """Return the words of the web and mail addresses on the page that can name the seller
    (`www.marktkauf-lehr.de` -> marktkauf, lehr), in lower case."""
    out = set()
    for row in rows:
        for m in _SITE.finditer(row.text):
            for part in re.split(r"[.-]", (m.group(1) or m.group(2)).lower()):
                if len(part) >= MIN_SITE_WORD and part.isalpha() and part not in _SITE_NOISE:
                    out.add(part)
    return frozenset(out)


def named_by_site(name: str, raw: str, words: frozenset[str]) -> bool:
    """Tell whether a name is the one the page's site names: a word of it is a part of the site
    (`Marktkauf Lehr`), or its words glued are (`GOLDEN KEY MAKER` / goldenkeymaker); a name read
    from the rows that print the site does not count."""
    if not words or _SITE.search(raw):
        return False
    letters = [w.lower() for w in places.WORD.findall(name)]
    return any(w in words for w in letters if len(w) >= MIN_SITE_WORD) or "".join(letters) in words


def vendor_candidates(page: Page) -> list[Candidate]:
    """Return header rows (one to three joined) as possible seller names, registration numbers dropped."""
    head = _header(page)
    ctx = _Header(page, head, [_line_kind(r.text, page.language) for r in head], site_words(page.rows))
    out = []
    for i in range(len(head)):
        for n in range(1, min(MAX_NAME_ROWS, len(head) - i) + 1):
            span_kind = _line_kind(_span_text(head[i : i + n]), page.language)
            out += [_vendor(ctx, i, n, kind, name, span_kind) for kind, name in name_variants(head[i : i + n], page.language)]
    return out


@dataclass
class _Header:
    page: Page
    rows: list[Row]
    kinds: list[list[float]]
    site: frozenset[str]  # the words of the page's web and mail addresses

    @property
    def tallest(self) -> float:
        return max((r.height for r in self.rows), default=1.0)

    def kind(self, i: int) -> list[float]:
        return self.kinds[i] if 0 <= i < len(self.rows) else _EMPTY_KIND

    def gap_after(self, i: int) -> float:
        return _gap(self.rows[i], self.rows[i + 1], self.page) if i + 1 < len(self.rows) else 6.0


def _ratio(rows: Sequence[Row], k: int, row: Row) -> float:
    """Return the height of row k over the height of `row` (0 when there is no row k)."""
    return _clip(rows[k].height / max(row.height, 1e-6), 0, 4) if 0 <= k < len(rows) else 0.0


def _vendor(ctx: _Header, i: int, n: int, kind: int, name: str, span_kind: list[float]) -> Candidate:
    used = ctx.rows[i : i + n]
    raw = _span_text(used)
    wordy = [k for k, r in enumerate(ctx.rows) if _letters(r.text) >= 3]
    feats = [
        *[float(kind == k) for k in range(len(VARIANTS))],
        float(min(i, 10)),
        float(i == 0),
        float(wordy.index(i)) if i in wordy else 10.0,
        float(n),
        len(name) / max(1, len(raw)),
        _clip(len(name) / 30, 0, 3),
        *span_kind,
        *ctx.kind(i + n),
        *ctx.kind(i - 1),
        *_row_shape(used[0], ctx.page),
        float(i > 0),
        ctx.gap_after(i + n - 1),
        max((ctx.gap_after(k) for k in range(i, i + n - 1)), default=0.0),
        float(used[0].height >= ctx.tallest * 0.95),
        *_joins(ctx.rows, i, n, ctx.kinds),
        _ratio(ctx.rows, i - 1, used[0]),
        _ratio(ctx.rows, i + n, used[-1]),
        _gap(ctx.rows[i - 1], used[0], ctx.page) if i > 0 else 6.0,
        float(named_by_site(name, raw, ctx.site)),
        float(n == 1 and kind == _AFTER_COLON and seller_labelled(ctx.rows[i].text, name, ctx.page.language)),
        float(titled(ctx.rows[i].text, name, ctx.page.language)),
    ]
    blocks = [b for r in used for b in r.blocks]
    return Candidate("vendor", name, raw, blocks, feats, min(r.confidence() for r in used), (i, i + n))


ADDRESS_FEATURES = (
    "index", "rows", *(f"rows_{k}" for k in range(1, MAX_ADDRESS_ROWS + 1)),
    *(f"first_{k}" for k in LINE_KIND), *(f"last_{k}" for k in LINE_KIND), *(f"next_{k}" for k in LINE_KIND),
    *(f"prev_{k}" for k in LINE_KIND), *(f"any_{k}" for k in LINE_KIND), *(f"share_{k}" for k in LINE_KIND),
    "gap_after", "gap_before", "inner_gap", "has_prev", "is_last_header", "prev_is_top",
    *(f"joins_{k}" for k in JOINS), "height_ratio_prev", "height_ratio_next", "after_name",
)


# A price at a row's end, with cents or in thousands groups (`32.000 đ`, `58.000 VND`).
_ENDS_AMOUNT = re.compile(
    r"(?<![\d.,/-])(?:\d{1,6}[.,]\d{2}|\d{1,3}(?:[.,]\d{3})+)\s*(?:[A-Zđ₫]|" + "|".join(CODES) + r")?\W*$"
)


def ends_with_price(text: str) -> bool:
    """Tell whether a row ends with a price: an item's row (`1 x 170,000 170.000 VND`), not an address's."""
    return _ENDS_AMOUNT.search(text) is not None


def _opens_buyer(text: str) -> bool:
    found = find_label(text, "buyer")
    return found is not None and found.start() == len(text) - len(text.lstrip(" *-:(["))


def address_candidates(page: Page) -> list[Candidate]:
    """Return runs of consecutive header rows as possible addresses (the rows joined by spaces)."""
    head, lang = _header(page), page.language
    kinds = [_line_kind(r.text, lang) for r in head]
    # A company number row (`(CO. NO. 1234-X)`, `GST REG NO`) is never part of the address.
    legal = [k[LINE_ROLES.index("registration")] > 0 for k in kinds]
    # Nor does it hold a row that ends with a price (`22241 WS CUT SCISSORS 18.00`, `KEMBALI 2,500`): an item's
    # or an amount's row.
    priced = [ends_with_price(r.text) for r in head]
    # Nor into a row that opens with a contact word, a title, a till's or a table's word or the buyer's label:
    # the phone, `PARAGON FISKALNY`, `Tafel 29 Bon 6004` or `Họ tên người mua hàng: …` under it.
    contact = [opens_with(r.text, "contact", lang) or opens_with(r.text, "title", lang) or _opens_buyer(r.text)
               or (opens_with(r.text, "noise", lang) and any(ch.isdigit() for ch in r.text)) for r in head]
    # Nor is a row with a date or a time (`DATE: 15/12/2016 10:24:42`) ever part of it, nor the currency
    # printed over the amounts' column (`EUR`).
    dated = [k[LINE_KIND.index("date_time")] > 0 or only_currency(r.text) for k, r in zip(kinds, head, strict=True)]
    # Nor past a row that ends with a country's name: the address's last line.
    closed = [places.ends_with_country(r.text) for r in head]
    out = []
    for i in range(len(head)):
        for n in range(1, MAX_ADDRESS_ROWS + 1):
            if i + n > len(head) or legal[i + n - 1] or contact[i + n - 1] or dated[i + n - 1] \
                    or priced[i + n - 1] or (n > 1 and closed[i + n - 2]):
                break
            used = head[i : i + n]
            text = _span_text(used)
            inner = kinds[i : i + n]
            nxt = kinds[i + n] if i + n < len(head) else _EMPTY_KIND
            prev = kinds[i - 1] if i > 0 else _EMPTY_KIND
            feats = [
                float(min(i, 12)),
                float(n),
                *[float(n == k) for k in range(1, MAX_ADDRESS_ROWS + 1)],
                *inner[0],
                *inner[-1],
                *nxt,
                *prev,
                *[max(col) for col in zip(*inner, strict=True)],
                *[sum(col) / n for col in zip(*inner, strict=True)],
                _gap(used[-1], head[i + n], page) if i + n < len(head) else 6.0,
                _gap(head[i - 1], used[0], page) if i > 0 else 6.0,
                max((_gap(a, b, page) for a, b in zip(used, used[1:], strict=False)), default=0.0),
                float(i > 0),
                float(i + n == len(head)),
                float(i == 1),
                *_joins(head, i, n, kinds),
                _ratio(head, i - 1, used[0]),
                _ratio(head, i + n, used[-1]),
                float(i > 0 and any(kinds[k][LINE_ROLES.index("company")] for k in range(i))),
            ]
            blocks = [b for r in used for b in r.blocks]
            conf = min(r.confidence() for r in used)
            out.append(Candidate("address", clean_address(text, lang), text, blocks, feats, conf, (i, i + n)))
    return out


FEATURES: dict[str, tuple[str, ...]] = {
    "total_amount": (*TOTAL_FEATURES, "rules_vote"),
    "date": (*DATE_FEATURES, "rules_vote"),
    "vendor": (*VENDOR_FEATURES, "rules_vote"),
    "address": (*ADDRESS_FEATURES, "rules_vote"),
}


def rule_picks(rows: Sequence[Row], order: str, today: date, language: str = DEFAULT_LANGUAGE) -> dict[str, Any]:
    """Return what the hand-written rules read for each learned field (a feature: their vote)."""
    total = extract_amounts(rows, row_segments(rows, language=language), Decimal("0.02"), language).total
    vendor, vendor_end = find_vendor(rows, language)
    address = find_address(rows, vendor_end, language)
    dated = pick_date(rows, order, False, today, language).date
    return _vote_keys({
        "total_amount": total.value if total else None,
        "date": dated.value if dated else None,
        "vendor": vendor.value if vendor else None,
        "address": address.value if address else None,
    })


def _vote_keys(ruled: Mapping[str, Any]) -> dict[str, Any]:
    return {n: (_key(v) if n in ("vendor", "address") and v is not None else v) for n, v in ruled.items()}


def _key(value: Any) -> str:
    return re.sub(r"[^A-Z0-9]", "", str(value).upper())


def _vote(name: str, cand: Candidate, picks: dict[str, Any]) -> float:
    pick = picks.get(name)
    if pick is None:
        return 0.0
    return float((_key(cand.value) if name in ("vendor", "address") else cand.value) == pick)


def candidates(
    rows: Sequence[Row], language: str, order: str, today: date, ruled: Mapping[str, Any] | None = None
) -> dict[str, list[Candidate]]:
    """Return the candidates of every learned field (none when there are too many rows to read).

    `ruled`: the rules' values when the caller has them (else they are read here)."""
    if not rows or len(rows) > MAX_ROWS:
        return {name: [] for name in LEARNED}
    found = _candidates(rows, language, order, today)
    picks = rule_picks(rows, order, today, language) if ruled is None else _vote_keys(ruled)
    for name, cands in found.items():
        for c in cands:
            c.features.append(_vote(name, c, picks))
    _spell_names(found["vendor"], rows, language)
    return found


def _spell_names(cands: Sequence[Candidate], rows: Sequence[Row], language: str) -> None:
    """Spell the names' words that lost a letter as the page prints them on other rows (after the
    rules' vote, which read the names as printed)."""
    printed = _printed_words(rows, language)
    views: dict[tuple[int, int], dict[str, str]] = {}
    for c in cands:
        if c.rows not in views:
            own = set(range(*c.rows))
            views[c.rows] = {k: w for k, (w, at) in printed.items() if not at <= own}
        c.value = spelt_elsewhere(str(c.value), views[c.rows], language)


def _candidates(rows: Sequence[Row], language: str, order: str, today: date) -> dict[str, list[Candidate]]:
    page = page_of(rows, language)
    makers: dict[str, Callable[[], list[Candidate]]] = {
        "total_amount": lambda: total_candidates(page),
        "date": lambda: date_candidates(page, order, today),
        "vendor": lambda: vendor_candidates(page),
        "address": lambda: address_candidates(page),
    }
    return {name: make() for name, make in makers.items()}
