"""Classify a printed label with a pack's words: the longest phrase found wins, ties by role priority."""

from __future__ import annotations

from functools import lru_cache

from app.extraction.languages.pack import LanguagePack
from app.extraction.languages.text import simplify

# Roles a money label can have, strongest claim first when two phrases are equally long.
# Invoice `gross` reads as a total and `net` as a subtotal.
_PRIORITY = ("change", "rounding", "discount", "subtotal", "net", "tax", "payment", "total", "gross")
_KIND = {"net": "subtotal", "gross": "total"}


@lru_cache(maxsize=64)
def _phrases(pack: LanguagePack) -> tuple[tuple[str, str], ...]:
    out = []
    for role in _PRIORITY:
        for word in pack.words[role]:
            bare = simplify(word, accents=False)
            if bare:
                out.append((bare, role))
    return tuple(out)


def classify(label: str, pack: LanguagePack) -> tuple[str, int] | None:
    """Return (kind, rank) of a label by the pack's words, or None when none of them is printed.

    Kinds are the extractor's (total, subtotal, tax, payment, change, rounding, discount); a total
    named by several words ranks 3, by one word 2."""
    text = f" {simplify(label, accents=False)} "
    best: tuple[int, int, str, str] | None = None
    for phrase, role in _phrases(pack):
        if f" {phrase} " in text:
            key = (len(phrase), -_PRIORITY.index(role), role, phrase)
            if best is None or key[:2] > best[:2]:
                best = key
    if best is None:
        return None
    kind = _KIND.get(best[2], best[2])
    return kind, (3 if " " in best[3] else 2) if kind == "total" else 0
