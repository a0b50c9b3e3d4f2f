"""Find printed dates and times; read numeric dates in a given day/month order."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from app.extraction import languages
from app.extraction.languages.dates import find_text_dates

MONTHS = {
    "JAN": 1,
    "FEB": 2,
    "MAR": 3,
    "APR": 4,
    "MAY": 5,
    "JUN": 6,
    "JUL": 7,
    "AUG": 8,
    "SEP": 9,
    "OCT": 10,
    "NOV": 11,
    "DEC": 12,
}
_MONTH = (
    r"(?P<mon>JAN(?:UARY)?|FEB(?:RUARY)?|MAR(?:CH)?|APR(?:IL)?|MAY|JUNE?|JULY?|AUG(?:UST)?"
    r"|SEPT?(?:EMBER)?|OCT(?:OBER)?|NOV(?:EMBER)?|DEC(?:EMBER)?)\.?(?![A-Z])"
)
# A four-digit year may run into the time when OCR drops the space: `14/03/20185:57:07PM`; so may
# the day of a year-first date: `2022-10-0811:51`. Four groups are a phone's number (`04.09.56.48.71`).
NUMERIC_RE = re.compile(
    r"(?<!\d)(?P<a>\d{1,4})(?P<sep>[/.\-])(?P<b>\d{1,2})(?P=sep)"
    r"(?P<c>(?:19|20)\d{2}(?=\d{1,2}\s?:\s?[0-5]\d)"
    r"|(?<=\d{4}[/.\-]\d{2}[/.\-])[0-3]\d(?=[0-2]?\d\s?:\s?[0-5]\d)|\d{2,4}(?!\d)(?!(?P=sep)\d))",
    re.ASCII,
)
DAY_MONTH_RE = re.compile(
    rf"(?<![\dA-Z])(?P<d>\d{{1,2}})(?:ST|ND|RD|TH)?[\s\-./,]*{_MONTH}[\s\-./,']*(?P<y>\d{{4}}|\d{{2}})(?!\d)",
    re.IGNORECASE,
)
MONTH_DAY_RE = re.compile(
    rf"(?<![A-Z]){_MONTH}[\s\-./]*(?P<d>\d{{1,2}})(?:ST|ND|RD|TH)?,?[\s\-./]*(?P<y>\d{{4}})(?!\d)",
    re.IGNORECASE,
)
COMPACT_RE = re.compile(r"(?<!\d)(?P<y>(?:19|20)\d{2})(?P<m>[01]\d)(?P<d>[0-3]\d)(?!\d)")
TIME_RE = re.compile(
    r"(?<![\d:.])(?P<h>[01]?\d|2[0-3])\s?:\s?(?P<m>[0-5]\d)(?:\s?:\s?(?P<s>[0-5]\d))?"
    r"(?:\s?(?P<ap>[AP])\.?\s?M\b\.?)?(?![\d:])",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class DateMatch:
    """A date found in text: its reading, the other reading when the order is a guess, and span."""

    value: date
    raw: str
    start: int
    end: int
    alternative: date | None = None
    textual: bool = False
    layout: str = ""


@dataclass(frozen=True)
class TimeMatch:
    """A time of day found in text, normalised to 24-hour `HH:MM[:SS]`."""

    value: str
    raw: str
    start: int
    end: int


def _year(y: str) -> int:
    n = int(y)
    if len(y) == 2:
        return 2000 + n if n < 70 else 1900 + n
    return n


def _make(y: int, m: int, d: int) -> date | None:
    if not 1970 <= y <= 2100:
        return None
    try:
        return date(y, m, d)
    except ValueError:
        return None


def read_numeric(a: str, b: str, c: str, order: str) -> tuple[date | None, date | None]:
    """Read three numeric parts in `order`; return (reading, other reading or None)."""
    if len(a) == 4:  # year first: a day of 3-4 digits is a number (`INV/2023/03/0008`), not a date
        return (_make(int(a), int(b), int(c)) if len(c) <= 2 else None), None
    if len(a) == 3 or len(c) == 3:
        return None, None
    if order == "YMD" and len(c) == 2 and len(a) == 2:
        first = _make(_year(a), int(b), int(c))
        return first, None
    dmy = _make(_year(c), int(b), int(a))
    mdy = _make(_year(c), int(a), int(b))
    first, second = (mdy, dmy) if order == "MDY" else (dmy, mdy)
    if first is None:
        return second, None
    return first, second if second is not None and second != first else None


def day_first_or_month_first(first: int, second: int) -> str | None:
    """Return DMY or MDY when one of the first two parts cannot be a month, else None."""
    if first > 12 >= second >= 1:
        return "DMY"
    if second > 12 >= first >= 1:
        return "MDY"
    return None


def find_dates(text: str, order: str = "DMY", compact: bool = False, language: str = "en") -> list[DateMatch]:
    """Return the dates printed in text, numeric ones read in `order` (ambiguity kept); month names
    and date words of `language` too."""
    found: list[DateMatch] = []
    if languages.base_code(language) != "en" and languages.has_pack(language):
        for t in find_text_dates(text, languages.get(language)):
            found.append(DateMatch(t.value, t.raw, t.start, t.end, textual=True))
    for m in NUMERIC_RE.finditer(text):
        value, alt = read_numeric(m["a"], m["b"], m["c"], order)
        if value is not None and not _overlaps(found, m.start(), m.end()):
            layout = "Y" if len(m["a"]) == 4 else m["sep"] + str(len(m["c"]))
            found.append(DateMatch(value, m.group(0), m.start(), m.end(), alt, layout=layout))
    for rx in (DAY_MONTH_RE, MONTH_DAY_RE):
        for m in rx.finditer(text):
            value = _make(_year(m["y"]), MONTHS[m["mon"].upper()[:3]], int(m["d"]))
            if value is not None and not _overlaps(found, m.start(), m.end()):
                found.append(DateMatch(value, m.group(0).strip(" ,.-/"), m.start(), m.end(), textual=True))
    if compact:
        for m in COMPACT_RE.finditer(text):
            value = _make(int(m["y"]), int(m["m"]), int(m["d"]))
            if value is not None and not _overlaps(found, m.start(), m.end()):
                found.append(DateMatch(value, m.group(0), m.start(), m.end(), layout="compact"))
    return sorted(found, key=lambda d: d.start)


def _overlaps(found: list[DateMatch], start: int, end: int) -> bool:
    return any(f.start < end and start < f.end for f in found)


def find_times(text: str) -> list[TimeMatch]:
    """Return times of day printed in text, e.g. `20:17`, `9:34:40 AM`, `13 : 34 : 14`."""
    out = []
    for m in TIME_RE.finditer(text):
        hour = int(m["h"])
        ap = (m["ap"] or "").upper()
        if ap and not 1 <= hour <= 12:
            continue
        if ap == "P" and hour != 12:
            hour += 12
        elif ap == "A" and hour == 12:
            hour = 0
        value = f"{hour:02d}:{m['m']}" + (f":{m['s']}" if m["s"] else "")
        out.append(TimeMatch(value, m.group(0).strip(), m.start(), m.end()))
    return out
