"""Pick the document's date and time among those printed, and tell when the date is ambiguous."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

from app.extraction import languages, places
from app.extraction.amounts import detect_currency
from app.extraction.dates import (
    NUMERIC_RE,
    DateMatch,
    TimeMatch,
    day_first_or_month_first,
    find_dates,
    find_times,
)
from app.extraction.languages.text import has_phrase
from app.extraction.lexicon import has
from app.extraction.options import ExtractionOptions
from app.extraction.result import Field
from app.extraction.rows import Row

_DATE_WORD = re.compile(r"\b(?:DATE|DATED|ISSUED?|DT)\b", re.IGNORECASE)
_BAD_DATE_WORD = re.compile(
    r"\b(?:DUE|EXPIR\w*|EXP|VALID\w*|BIRTH|DOB|DELIVERY|SHIP\w*|UNTIL|BEST BEFORE|USE BY|MFG|MANUFACTURED)\b",
    re.IGNORECASE,
)
_PRINT_WORD = re.compile(r"\bPRINT\w*\b|\bREPRINT\w*\b", re.IGNORECASE)
_TIME_WORD = re.compile(r"\bTIME\b", re.IGNORECASE)
_DURATION_WORD = re.compile(r"\b(?:PARKING|DURATION|HOURS?|HRS|MINS?|ELAPSED)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Dated:
    """A date match with its row and a score from the words around it."""

    match: DateMatch
    row: Row
    score: float


@dataclass
class DatePick:
    """The chosen date and time fields and what the checks need to know about the date."""

    date: Field | None = None
    time: Field | None = None
    ambiguous: bool = False
    future: bool = False


def _pack_words(text: str, language: str, role: str) -> bool:
    if languages.base_code(language) == "en" or not languages.has_pack(language):
        return False
    return any(has_phrase(text, w) for w in languages.words(language, role))


def _foreign_words(m: DateMatch, language: str) -> bool:
    """Tell whether a date is printed with another language's words (`Ngày 15 tháng 01 năm 2024`)."""
    return m.textual and languages.base_code(language) != "en"


def _score(row: Row, m: DateMatch, rows: Sequence[Row], today: date, language: str = "en") -> float:
    before = row.text[: m.start]
    score = -0.01 * row.index
    if _BAD_DATE_WORD.search(before) or _pack_words(before, language, "due_date") or has(before, "not_date", language):
        score -= 4
    elif _DATE_WORD.search(before) or _pack_words(before, language, "date") or _foreign_words(m, language):
        score += 3 - (1 if _PRINT_WORD.search(before) else 0)
    elif not before.strip(" [(:") and row.index > 0 and _DATE_WORD.search(rows[row.index - 1].text):
        score += 2
    if find_times(row.text[m.end :]):
        score += 1
    if m.value > today:
        score -= 10
    return score


def _candidates(rows: Sequence[Row], order: str, today: date, language: str = "en") -> list[Dated]:
    out = []
    for row in rows:
        compact = bool(_DATE_WORD.search(row.text))
        for m in find_dates(row.text, order, compact=compact, language=language):
            out.append(Dated(m, row, _score(row, m, rows, today, language)))
    return out


def _proven_order(cands: Sequence[Dated]) -> str | None:
    """Return DMY or MDY when an unambiguous numeric date elsewhere shows the printer's order."""
    for c in cands:
        m = NUMERIC_RE.fullmatch(c.match.raw)
        if m is not None and len(m["a"]) != 4:
            order = day_first_or_month_first(int(m["a"]), int(m["b"]))
            if order:
                return order
    return None


# Currencies of countries whose receipts print numeric dates day first: a receipt priced in one reads
# `03/04/2018` as 3 April. Left out: the dollar (US month first), PHP (month first), CAD and ZAR (both
# orders in use), and the year-first countries' currencies.
_DAY_FIRST_CURRENCIES = frozenset(
    "MYR SGD GBP EUR AUD NZD INR IDR VND THB PLN CZK CHF DKK NOK BRL MXN HKD AED SAR".split()
)


def printed_order(rows: Sequence[Row]) -> str | None:
    """Return the date order the receipt's country prints (`DMY`) when the receipt shows the country:
    a US or Australian state and postcode (`San Francisco, CA 94103`: the month first), amounts in a
    day-first country's currency (`RM 9.00`, `45,67 zł`) or a state of the lexicon (`SELANGOR`); else None."""
    texts = [r.text for r in rows]
    country = places.shown_country(texts)
    if country is not None:
        return _COUNTRY_ORDER[country]
    code, _ = detect_currency(texts)
    if code in _DAY_FIRST_CURRENCIES or any(has(r.text, "region") for r in rows):
        return "DMY"
    return None


# The order of the countries an address can show without naming them (`places.shown_country`).
_COUNTRY_ORDER = {"US": "MDY", "AU": "DMY"}


# Languages printed in countries of both orders (English: day first in the UK, month first in the US); a
# receipt in any other language the service reads prints the day first.
_EITHER_ORDER = frozenset({"en"})


def reading_order(rows: Sequence[Row], options: ExtractionOptions) -> tuple[str, bool]:
    """Return the order to read numeric dates in and whether it is settled: the caller's, else the
    order of the country the receipt shows (`printed_order`), else the language's, settled unless
    the language is printed in both orders."""
    if options.date_order:
        return options.date_order.upper(), True
    shown = printed_order(rows)
    if shown:
        return shown, True
    return options.resolved_date_order, languages.base_code(options.language) not in _EITHER_ORDER


def resolve(best: DateMatch, cands: Sequence[Dated], order: str, today: date) -> tuple[DateMatch, bool]:
    """Settle an ambiguous reading by other dates printed, then by the future; say if still open."""
    alt = best.alternative
    if alt is None:
        return best, False
    proven = _proven_order(cands)
    swapped = replace(best, value=alt, alternative=best.value)
    if proven is not None:
        return (best if proven == order else swapped), False
    textual = {c.match.value for c in cands if c.match.textual}
    if best.value in textual or alt in textual:
        return (best if best.value in textual else swapped), False
    if best.value > today >= alt:
        return swapped, True
    return best, True


def _pick_time(rows: Sequence[Row], chosen: Dated | None) -> tuple[TimeMatch, Row, float] | None:
    if chosen is not None:
        times = find_times(chosen.row.text[chosen.match.end :])
        if times:
            t = times[0]
            off = chosen.match.end
            return TimeMatch(t.value, t.raw, t.start + off, t.end + off), chosen.row, 0.9
    fallback = None
    for row in rows:
        for t in find_times(row.text):
            before = row.text[: t.start]
            if _DURATION_WORD.search(before):
                continue
            if _TIME_WORD.search(before):
                return t, row, 0.85
            fallback = fallback or (t, row, 0.5)
    return fallback


def pick_date(rows: Sequence[Row], order: str, explicit: bool, today: date, language: str = "en") -> DatePick:
    """Return the best-scored date (nearest a DATE word, not in the future) and the time beside it."""
    cands = _candidates(rows, order, today, language)
    pick = DatePick()
    chosen = max(cands, key=lambda c: c.score) if cands else None
    if chosen is not None:
        match, open_ = resolve(chosen.match, cands, order, today)
        pick.ambiguous = open_ and not explicit
        pick.future = match.value > today
        conf = (0.95 if chosen.score >= 2 else 0.8) * (0.7 if pick.ambiguous else 1.0)
        row = chosen.row
        conf *= row.confidence(match.start, match.end)
        pick.date = Field.found(match.value, match.raw, conf, row.blocks_in(match.start, match.end))
    timed = _pick_time(rows, chosen)
    if timed is not None:
        t, row, conf = timed
        pick.time = Field.found(
            t.value, t.raw, conf * row.confidence(t.start, t.end), row.blocks_in(t.start, t.end)
        )
    return pick
