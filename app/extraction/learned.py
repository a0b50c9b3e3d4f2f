"""Read total, date, vendor and address with the learned scorer and the user's corrections."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from app.extraction import memory
from app.extraction.candidates import LEARNED, Candidate, arithmetic_agrees, candidates
from app.extraction.options import ExtractionOptions
from app.extraction.result import Field
from app.extraction.rows import Row
from app.extraction.scorer import Model
from app.extraction.when import reading_order

SOURCE = "model"
# Below this calibrated confidence the model is guessing: when the rules read nothing either,
# the field stays empty (a missing field goes to review) rather than take a guess.
FLOOR = 0.3


@dataclass
class Learned:
    """The fields the model (or the user's corrections) picked and the candidates chosen."""

    fields: dict[str, Field] = field(default_factory=dict)
    picks: dict[str, Candidate] = field(default_factory=dict)


def read_learned(
    rows: Sequence[Row],
    options: ExtractionOptions,
    today: date,
    model: Model | None,
    corrections: Sequence[memory.Correction] = (),
    ruled: Mapping[str, Field] | None = None,
) -> Learned:
    """Return the pick for each learned field: the user's corrections of this seller, else the model's."""
    out = Learned()
    if model is None and not corrections:
        return out
    order, _ = reading_order(rows, options)
    values = {n: f.value for n, f in ruled.items() if n in LEARNED} if ruled is not None else None
    found = candidates(rows, options.language, order, today, values)
    for name in LEARNED:
        best, _, confidence = model.pick(name, found.get(name, [])) if model else (None, 0.0, 0.0)
        if best is not None:
            # The calibration was learnt on exact text: a value the engine itself was unsure of is
            # right only if it was also read right (the engine's confidence of its blocks).
            confidence *= best.confidence
        if best is not None and (confidence >= FLOOR or name in (ruled or {}) or arithmetic_agrees(best)):
            out.picks[name] = best
            out.fields[name] = Field.found(best.value, best.raw, confidence, best.blocks, SOURCE)
    if corrections:
        learnt = memory.learn(corrections, options.language, order, today)
        header = " ".join(r.text for r in rows[: memory.HEADER_ROWS])
        for name, cand in memory.recall(found, header, learnt).items():
            out.picks[name] = cand
            out.fields[name] = Field.found(cand.value, cand.raw, memory.CONFIDENCE, cand.blocks, memory.SOURCE)
    return out
