"""Guess a document's language from its recognised text: letters, label words, month names and currency."""

from __future__ import annotations

import math
import re
from collections import Counter as _Counter
from collections import defaultdict
from functools import lru_cache

from app.extraction.languages.pack import LanguagePack
from app.extraction.languages.text import fold, simplify

_LETTER_WEIGHT = 1.0
_WORD_WEIGHT = 2.0
_CURRENCY_WEIGHT = 3.0
_DIGIT_BOUND = re.compile(r"[0-9]")


@lru_cache(maxsize=1)
def _phrase_table(packs: tuple[LanguagePack, ...]) -> dict[str, dict[str, float]]:
    """Map each bare phrase to the packs using it, weighted down by how many packs share it."""
    users: dict[str, set[str]] = {}
    for p in packs:
        phrases = [w for role in p.words.values() for w in role] + list(p.keywords)
        phrases += [form for forms in p.months for form in forms if len(form) > 3]
        for phrase in phrases:
            bare = simplify(phrase, accents=False)
            if len(bare) >= 2:
                users.setdefault(bare, set()).add(p.code)
    return {ph: {code: 1.0 / len(codes) for code in codes} for ph, codes in users.items()}


def _word_scores(text: str, packs: tuple[LanguagePack, ...]) -> dict[str, float]:
    bare = f" {simplify(text, accents=False)} "
    scores: dict[str, float] = defaultdict(float)
    for phrase, weights in _phrase_table(packs).items():
        hits = bare.count(f" {phrase} ")
        if hits:
            length = 1 + phrase.count(" ")
            for code, w in weights.items():
                scores[code] += _WORD_WEIGHT * w * min(hits, 3) * length
    return scores


def _letter_scores(text: str, packs: tuple[LanguagePack, ...]) -> dict[str, float]:
    folded = fold(text)
    counts = _Counter(c for c in folded if c.isalpha() and not c.isascii())
    scores: dict[str, float] = defaultdict(float)
    for p in packs:
        mine = sum(n for c, n in counts.items() if c in p.letters)
        foreign = sum(n for c, n in counts.items() if c not in p.letters)
        scores[p.code] += _LETTER_WEIGHT * (math.sqrt(mine) * 2 - math.sqrt(foreign))
    return scores


def _currency_scores(text: str, packs: tuple[LanguagePack, ...]) -> dict[str, float]:
    scores: dict[str, float] = defaultdict(float)
    for p in packs:
        own = [s for s, iso in p.symbols.items() if iso == p.currency and s != "$"]
        sharing = sum(1 for q in packs if q.currency == p.currency)
        for sym in own:
            if re.search(rf"(?<![^\W\d_]){re.escape(sym)}(?![^\W\d_])", text) and _DIGIT_BOUND.search(text):
                scores[p.code] += _CURRENCY_WEIGHT / sharing
                break
    return scores


def detect(text: str, packs: tuple[LanguagePack, ...]) -> tuple[str, float]:
    """Return (code, confidence 0–1) of the likeliest language; English at confidence 0 when nothing speaks."""
    if not text.strip():
        return "en", 0.0
    total = {p.code: 0.0 for p in packs}
    for part in (_word_scores(text, packs), _letter_scores(text, packs), _currency_scores(text, packs)):
        for code, value in part.items():
            total[code] += value
    ranked = sorted(total.items(), key=lambda kv: -kv[1])
    best, score = ranked[0]
    runner = ranked[1][1] if len(ranked) > 1 else 0.0
    if score <= 0:
        return "en", 0.0
    margin = (score - max(runner, 0.0)) / score
    strength = 1 - math.exp(-score / 6)
    return best, round(max(0.0, min(1.0, margin * strength)), 3)
