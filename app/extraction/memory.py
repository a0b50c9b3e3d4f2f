"""A user's corrected receipts as training rows: the next receipts of the same seller follow them.

Each correction is read again into candidates; the candidate that matches the corrected value
is a right row for that field. A new receipt is of the same seller when the corrected vendor
name is printed in its header. Then vendor and address take the candidate that reads exactly
what the user typed, and total and date the candidate nearest (in feature space) to the
rows the user confirmed: the same label, the same place on the page.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

import numpy as np

from app.extraction.candidates import LEARNED, Candidate, candidates
from app.extraction.rows import group_rows
from app.ocr.types import TextBlock

# The corrections are training rows of the scorer: their picks are the model's (DESIGN §9 sources).
SOURCE = "model"
CONFIDENCE = 0.9
HEADER_ROWS = 12
MAX_CORRECTIONS = 20
# Nearest right row farther than this (features are mostly 0/1 flags) is another layout.
MAX_DISTANCE = 3.0


@dataclass(frozen=True)
class Correction:
    """One corrected receipt of the user: its blocks and the corrected field values (JSON form)."""

    blocks: Sequence[TextBlock]
    values: Mapping[str, Any]


@dataclass(frozen=True)
class Memory:
    """Right rows learned from one seller's corrected receipt."""

    seller: str
    rows: Mapping[str, tuple[Any, list[float]]]


def _key(value: Any) -> str:
    return re.sub(r"[^A-Z0-9]", "", str(value or "").upper())


def matches(name: str, cand_value: Any, value: Any) -> bool:
    """Tell whether a candidate's value is the corrected value (amounts, days, normalised text)."""
    if value is None or value == "":
        return False
    try:
        if name == "total_amount":
            return Decimal(str(cand_value)).quantize(Decimal("0.01")) == Decimal(str(value)).quantize(Decimal("0.01"))
        if name == "date":
            return str(cand_value)[:10] == str(value)[:10]
    except (InvalidOperation, ValueError):
        return False
    return _key(cand_value) == _key(value) != ""


def learn(corrections: Sequence[Correction], language: str, order: str, today: date) -> list[Memory]:
    """Return right rows of the corrected receipts that name their vendor (most recent first)."""
    out = []
    for corr in list(corrections)[:MAX_CORRECTIONS]:
        seller = _key(corr.values.get("vendor"))
        if len(seller) < 3:
            continue
        found = candidates(group_rows(corr.blocks), language, order, today)
        rows = {}
        for name in LEARNED:
            value = corr.values.get(name)
            right = [c for c in found.get(name, []) if matches(name, c.value, value)]
            if right:
                rows[name] = (value, right[-1].features)
        out.append(Memory(seller, rows))
    return out


def recall(
    found: Mapping[str, Sequence[Candidate]], header: str, memories: Sequence[Memory]
) -> dict[str, Candidate]:
    """Return, per field, the candidate the user's corrections of this seller point to."""
    text = _key(header)
    same = [m for m in memories if m.seller in text]
    out: dict[str, Candidate] = {}
    for name in LEARNED:
        for memory in same:
            pick = _recall_field(name, found.get(name, []), memory)
            if pick is not None:
                out[name] = pick
                break
    return out


def _recall_field(name: str, cands: Sequence[Candidate], memory: Memory) -> Candidate | None:
    if name not in memory.rows or not cands:
        return None
    value, features = memory.rows[name]
    if name in ("vendor", "address"):
        return next((c for c in cands if matches(name, c.value, value)), None)
    target = np.asarray(features, dtype=float)
    dist = [float(np.linalg.norm(np.asarray(c.features, dtype=float) - target)) for c in cands]
    best = int(np.argmin(dist))
    return cands[best] if dist[best] <= MAX_DISTANCE else None


def header_text(blocks: Sequence[TextBlock]) -> str:
    """Return the text of the first rows, where a seller prints its name."""
    return " ".join(r.text for r in group_rows(blocks)[:HEADER_ROWS])
