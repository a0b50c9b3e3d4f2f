"""Language packs: label words, months, date order, number formats and currencies per language, as data.

`get(code)` returns a pack; `CODES` lists the codes; `words(language, role)` the label words of a role.
"""

from __future__ import annotations

from app.extraction.languages import de, en, es, fr, id, it, ms, nl, pl, pt, vi
from app.extraction.languages.detect import detect as _detect
from app.extraction.languages.pack import ROLES, LanguagePack, NumberFormat

PACKS: dict[str, LanguagePack] = {m.PACK.code: m.PACK for m in (en, pl, de, fr, nl, es, it, pt, vi, id, ms)}
CODES: tuple[str, ...] = tuple(PACKS)
AUTO = "auto"


def base_code(language: str) -> str:
    """Return the pack code of a language tag: `de-AT` → `de`, `en_US` → `en`."""
    return language.replace("_", "-").split("-")[0].lower()


def get(code: str) -> LanguagePack:
    """Return the pack of `code` (a region suffix is ignored); `KeyError` naming the codes when unknown."""
    try:
        return PACKS[base_code(code)]
    except KeyError:
        raise KeyError(f"unknown language {code!r}; known: {', '.join(CODES)}") from None


def has_pack(code: str) -> bool:
    """Tell whether a pack exists for `code` (region suffix ignored)."""
    return base_code(code) in PACKS


def detect(text: str) -> tuple[str, float]:
    """Return (code, confidence) of the language `text` is most likely written in."""
    return _detect(text, tuple(PACKS.values()))


def words(language: str, role: str) -> tuple[str, ...]:
    """Return the label words of `role` in `language`, or English's when there is no such pack."""
    if role not in ROLES:
        raise KeyError(f"unknown role {role!r}; known: {', '.join(ROLES)}")
    return (PACKS.get(base_code(language)) or PACKS["en"]).words[role]


__all__ = ["AUTO", "CODES", "PACKS", "ROLES", "LanguagePack", "NumberFormat", "base_code", "detect", "get", "has_pack",
           "words"]
