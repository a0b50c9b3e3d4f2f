"""Unicode-safe normalisation: casefold, keep the letters of every script, compare with or without accents."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Letters that are not a base letter plus a combining mark, so NFD leaves them whole.
_WHOLE_LETTERS = str.maketrans({"ł": "l", "đ": "d", "ø": "o", "ß": "ss", "æ": "ae", "œ": "oe", "ı": "i",
                                "ħ": "h", "þ": "th", "ð": "d"})
_NOT_WORD = re.compile(r"[^\w%]+|_")


def fold(text: str) -> str:
    """Casefold after NFKC (so `ﬁ`, full-width letters and composed accents compare equal); keep accents."""
    return unicodedata.normalize("NFC", unicodedata.normalize("NFKC", text).casefold())


@lru_cache(maxsize=4096)
def strip_accents(text: str) -> str:
    """Fold and remove accents and tone marks: `Tổng cộng` → `tong cong`, `DO ZAPŁATY` → `do zaplaty`."""
    decomposed = unicodedata.normalize("NFD", fold(text))
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return bare.translate(_WHOLE_LETTERS)


def simplify(text: str, accents: bool = True) -> str:
    """Reduce text to folded words (letters of any script, digits, `%`) separated by single spaces."""
    folded = fold(text) if accents else strip_accents(text)
    return " ".join(_NOT_WORD.sub(" ", folded.replace("-", "")).split())


def has_phrase(text: str, phrase: str) -> bool:
    """Tell whether `phrase` appears as whole words in `text`, with its accents or without them."""
    return _phrase_at(simplify(text), simplify(phrase)) or _phrase_at(simplify(text, False), simplify(phrase, False))


def _phrase_at(text: str, phrase: str) -> bool:
    return bool(phrase) and f" {phrase} " in f" {text} "


def ascii_digits_only(text: str) -> bool:
    """Tell whether every digit in `text` is an ASCII digit (other scripts' digits are not read as numbers)."""
    return all(c in "0123456789" for c in text if c.isdigit())
