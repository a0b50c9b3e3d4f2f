"""Read past what OCR commonly gets wrong on the amount rows of a receipt.

Three kinds of damage reach the total's features from the engine's text:
- label words with letters misread for like-shaped ones (`Tota1`, `Totel`, `Pald`, `CIIANGE`): a word
  that reads as a word of the amount roles once like-shaped letters are taken as one is that word;
- letters read for digits in an amount (`RMO.20`, `RMI11.90`, `1O.50`): read as the digits;
- amounts whose decimal point was lost or misread at the end of a labelled row (`TOTAL 52-00`,
  `CASH 41 50`, `Totaal EUR 49, 75`, `GRAND TOTAL 1000`): read as amounts when the label says what they are (and, for the
  bare digits, when the page prints the same value elsewhere).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from decimal import Decimal
from functools import lru_cache

from app.extraction.amounts import Amount
from app.extraction.dates import find_dates, find_times
from app.extraction.lexicon import has, words

MIN_WORD = 4  # shorter words are read as printed: too many of them differ by one letter
# Like-shaped characters taken as one: digits and letters of one stroke, the round lower-case vowels.
_SHAPES = str.maketrans({"0": "O", "Q": "O", "A": "O", "E": "O", "1": "I", "L": "I", "|": "I", "!": "I",
                         "5": "S", "8": "B"})
_TOKEN = re.compile(r"[A-Za-z0-9|!]+")
# The amount at a row's end, a currency sign or code after it or not (`20, 63 €`, `41 50 PLN`).
_LOOSE_TAIL = re.compile(r"(?<![\d.,:])(\d{1,6})([ :-]|[.,] )(\d{2})(?:\s?[€$£₫đ]|\s[A-Z]{3}|\s(?i:zł))?\s*$")
_BARE_TAIL = re.compile(r"(?<![\d.,:-])(\d{3,6})\s*$")
# The roles of the words that label an amount.
LABEL_ROLES = ("total", "due", "subtotal", "tax", "payment", "change", "rounding", "discount", "service")


# A letter read for a digit in an amount: after a currency (`RMO.20`, `RMI11.90`) or beside digits (`1O.50`).
_AFTER_CURRENCY = re.compile(r"(?<![A-Z])(?:RM|\$)-?\s?([OoIl|]+)(?=[\dOoIl]*[.,]\d)")
_IN_NUMBER = re.compile(r"(?<=\d)[Oo](?=[\dOo]*[.,][\dOo])|(?<=\d[.,])[Oo](?=[\dOo](?![\w.,]))|(?<=\d[.,]\d)[Oo](?![\w.,])")
_AS_DIGIT = str.maketrans("OoIl|", "00111")


def mend_digits(text: str) -> str:
    """Return a row with letters misread for digits in its amounts read as those digits (`RMO.20`,
    `RMI11.90`, `1O.50`, `12.5O`); the text keeps its length, so spans stay those of the row."""
    text = _AFTER_CURRENCY.sub(lambda m: m.group(0)[: m.start(1) - m.start()] + m.group(1).translate(_AS_DIGIT), text)
    for _ in range(3):  # each pass reads the digits the last one mended
        mended = _IN_NUMBER.sub("0", text)
        if mended == text:
            break
        text = mended
    return text


def _shape(word: str) -> str:
    """Return a word with like-shaped characters folded into one (`CIIANGE`, `Chenge` -> the same)."""
    w = word.upper().replace("RN", "M").replace("II", "H").replace("VV", "W")
    return w.translate(_SHAPES)


@lru_cache(maxsize=32)
def _vocabulary(language: str, roles: tuple[str, ...]) -> dict[str, str]:
    """Return the roles' single words (of `MIN_WORD` letters or more) by shape; shapes two words share are left out."""
    by_shape: dict[str, set[str]] = {}
    for role in roles:
        for entry in words(language, role):
            for w in re.split(r"[\s/-]+", entry.upper()):
                if len(w) >= MIN_WORD and w.isalpha():
                    by_shape.setdefault(_shape(w), set()).add(w)
    return {shape: next(iter(ws)) for shape, ws in by_shape.items() if len(ws) == 1}


def mend_label(text: str, language: str, roles: Sequence[str]) -> str:
    """Return a label with its misread role words spelt right (`Grand Tota1` -> `Grand TOTAL`)."""
    vocab = _vocabulary(language, tuple(roles))
    known = set(vocab.values())

    def fix(m: re.Match[str]) -> str:
        token = m.group(0)
        if len(token) < MIN_WORD or token.upper() in known or not any(c.isalpha() for c in token):
            return token
        return vocab.get(_shape(token), token)

    return _TOKEN.sub(fix, text)


def loose_amount(text: str, after: int, language: str, values: Collection[Decimal]) -> Amount | None:
    """Return the amount printed at the end of a labelled row with its decimal point lost or misread.

    `41 50`, `52-00` or `28:90` after a label of an amount role; bare digits (`1000` for 10.00) only
    after a total label, alone on the row and when `values` (the page's other amounts) hold the same."""
    tail = _LOOSE_TAIL.search(text, after)
    if tail is not None:
        label = text[after : tail.start()]
        if _labelled(label, language) and not find_times(text[tail.start() :]) and not find_dates(label):
            value = Decimal(f"{tail.group(1)}.{tail.group(3)}")
            return Amount(value, text[tail.start() : tail.end(3)], tail.start(), tail.end(3))
        return None
    bare = _BARE_TAIL.search(text, after)
    if bare is None or after > 0:
        return None
    label = mend_label(text[: bare.start()], language, LABEL_ROLES)
    value = (Decimal(bare.group(1)) / 100).quantize(Decimal("0.01"))
    if (has(label, "total", language) or has(label, "due", language)) and not has(label, "qty", language) \
            and value in values:
        return Amount(value, bare.group(1), bare.start(), bare.end())
    return None


def _labelled(label: str, language: str) -> bool:
    label = mend_label(label, language, LABEL_ROLES)
    return sum(c.isalpha() for c in label) >= 2 and any(has(label, role, language) for role in LABEL_ROLES)
