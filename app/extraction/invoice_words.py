"""Invoice label words, taken from the language packs (`app/extraction/languages/`), and how a label is found."""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .rows import Row

# The invoice roles read here, and the language packs' role each one takes its words from.
ROLES = {"title": "invoice_title", "invoice_number": "invoice_number", "due_date": "due_date", "buyer": "buyer",
         "payment_terms": "payment_terms", "iban": "iban", "tax_id": "tax_id", "gross": "gross", "net": "net",
         "tax": "tax", "seller": "seller", "prepaid": "prepaid", "date": "date", "payee": "payee"}


@functools.cache
def words(role: str) -> tuple[str, ...]:
    """Return a role's words in every language pack, longest first (so 'invoice number' wins over 'invoice')."""
    from app.extraction.languages import PACKS

    found = {w for pack in PACKS.values() for w in pack.words[ROLES[role]]}
    return tuple(sorted(found, key=lambda w: (-len(w), w)))


def fold(text: str) -> str:
    """Drop accents one character for one (positions stay valid): OCR often loses them ('Echeance')."""
    out = []
    for ch in text:
        base = "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c))
        out.append(_FOLD_EXTRA.get(ch, base if len(base) == 1 else ch))
    return "".join(out)


_FOLD_EXTRA = {"đ": "d", "Đ": "D", "ł": "l", "Ł": "L"}
SHORT_LABEL = 2  # a number label this short or shorter counts only before a colon


@functools.cache
def _label_patterns(role: str) -> tuple[re.Pattern[str], ...]:
    """A role's words as patterns: whole words, any spacing ('N°de facture'), accents optional."""
    patterns = []
    for word in words(role):
        body = r"\s*".join(re.escape(part) for part in fold(word).split())
        end = r"(?!\w)" if word[-1].isalnum() else ""  # 'facture n°562…': a label may touch its value
        if role == "invoice_number" and len(word) <= SHORT_LABEL:
            # `Số` alone is also a house number (`Số 25 Nguyễn Trãi`) and, read without its accent, `so`:
            # it labels the number only before a colon (`Số: 0000123`).
            end = r"(?=\s*[:#])"
        patterns.append(re.compile(rf"(?<!\w){body}{end}", re.IGNORECASE))
    return tuple(patterns)


def find_label(text: str, role: str) -> re.Match[str] | None:
    """Find the first of a role's words as a whole word in text (spans index `text` itself)."""
    folded = fold(text)
    for pattern in _label_patterns(role):
        m = pattern.search(folded)
        if m:
            return m
    return None


def after_label(rows: Sequence[Row], index: int, end: int) -> list[str]:
    """The text right of a label on its row, then the next row's text."""
    out = [rows[index].text[end:]]
    if index + 1 < len(rows):
        out.append(rows[index + 1].text)
    return out
