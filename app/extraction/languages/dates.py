"""Dates with month names and date words: `15 stycznia 2024`, `15. Januar 2024`, `Ngày 15 tháng 01 năm 2024`.

Matching runs on folded text without accents (OCR often loses them), and spans map back to the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from app.extraction.languages.pack import LanguagePack
from app.extraction.languages.text import strip_accents


@dataclass(frozen=True)
class TextDate:
    """A date printed with words: its value, raw text and span."""

    value: date
    raw: str
    start: int
    end: int


def _bare_with_index(text: str) -> tuple[str, list[int]]:
    """Return text without accents, folded, and for each of its characters the index in `text`."""
    out, index = [], []
    for i, c in enumerate(text):
        for b in strip_accents(c):
            out.append(b)
            index.append(i)
    return "".join(out), index


@lru_cache(maxsize=64)
def _patterns(pack: LanguagePack) -> tuple[tuple[re.Pattern[str], dict[str, int], str], ...]:
    names: dict[str, int] = {}
    for month, forms in enumerate(pack.months, 1):
        for form in forms:
            names.setdefault(strip_accents(form), month)
    if not names:
        return ()
    alt = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    mon = rf"(?P<mon>{alt})\.?(?![a-z])"
    dmy = re.compile(rf"(?<![0-9a-z])(?P<d>[0-9]{{1,2}})(?:st|nd|rd|th)?\.?\s*(?:de\s+)?{mon}[\s,.]*(?:de\s+)?"
                     rf"(?P<y>[0-9]{{4}})(?![0-9])")
    mdy = re.compile(rf"(?<![a-z]){mon}\s*(?P<d>[0-9]{{1,2}})(?:st|nd|rd|th)?,?\s*(?P<y>[0-9]{{4}})(?![0-9])")
    return ((dmy, names, "dmy"), (mdy, names, "mdy"))


# `Ngày 15 tháng 01 năm 2024`, also without `Ngày` or with the marks lost: `ngay 15 thang 1 nam 2024`.
_VI = re.compile(r"(?:ngay\s*)?(?<![0-9])(?P<d>[0-9]{1,2})\s*(?:thang|/)\s*(?P<m>[0-9]{1,2})\s*(?:nam|/)\s*"
                 r"(?P<y>[0-9]{4})(?![0-9])")


def _make(y: int, m: int, d: int) -> date | None:
    if not 1970 <= y <= 2100:
        return None
    try:
        return date(y, m, d)
    except ValueError:
        return None


def find_text_dates(text: str, pack: LanguagePack) -> list[TextDate]:
    """Return dates printed with month names or the language's date words, in text order."""
    bare, index = _bare_with_index(text)
    found: list[TextDate] = []
    hits: list[tuple[re.Match[str], int]] = []
    for rx, names, _ in _patterns(pack):
        hits += [(m, names[m["mon"]]) for m in rx.finditer(bare)]
    if pack.code == "vi":
        hits += [(m, int(m["m"])) for m in _VI.finditer(bare) if re.search(r"thang|nam", m.group(0))]
    for m, month in hits:
        value = _make(int(m["y"]), month, int(m["d"]))
        start, end = index[m.start()], index[m.end() - 1] + 1
        if value is not None and not any(f.start < end and start < f.end for f in found):
            found.append(TextDate(value, text[start:end].strip(" ,."), start, end))
    return sorted(found, key=lambda f: f.start)
