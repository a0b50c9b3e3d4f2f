"""Fitting the candidate scorer: labelled receipts, seller groups, folds, logistic and isotonic fits.

NumPy only and deterministic: the same receipts give the same model file, byte for byte.
Used by `scripts/train_extraction.py` (the shipped model), `bench/extraction_quality.py`
(cross-validation by seller) and the tests.
"""

from __future__ import annotations

import difflib
import json
import math
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import numpy as np

from app.extraction import boost
from app.extraction.candidates import FEATURES, LEARNED, Candidate, candidates
from app.extraction.dates import find_dates
from app.extraction.rows import group_rows
from app.extraction.scorer import FieldModel, Model, agreement
from app.ocr.types import TextBlock

TODAY = date(2026, 1, 1)
# A field's review bar: the lowest confidence at which the picks made out of fold, at that confidence
# or above, were right this often (and at least MIN_SURE of them); fields below the bar go to review.
PRECISION = 0.95
MIN_SURE = 30
BARS = tuple(round(0.5 + 0.05 * k, 2) for k in range(10))  # 0.50 .. 0.95
# One-sided 95 % bound for the calibration: a confidence is what the picks at least achieved.
Z = 1.645
_SELLER_SUFFIX = re.compile(
    r"\b(?:SDN|BHD|BERHAD|S/?B|PLT|ENTERPRISE|ENTERPRISES|TRADING|CO|GROUP|HOLDINGS|BRANCH|CAWANGAN|M)\b"
)


@dataclass
class Receipt:
    """One labelled receipt: its file, its seller group and the four labelled values."""

    path: Path
    company: str
    address: str
    date: str
    total: str
    lines: list[dict[str, Any]]
    seller: str = ""

    def label_blocks(self) -> list[TextBlock]:
        """Return TextBlocks built from the labelled lines (8-number boxes, clockwise from top-left)."""
        out = []
        for line in self.lines:
            b = [float(v) for v in line["box"]]
            out.append(TextBlock(line["text"], 1.0, ((b[0], b[1]), (b[2], b[3]), (b[4], b[5]), (b[6], b[7])), 1))
        return out


def load_receipts(folders: Iterable[Path]) -> list[Receipt]:
    """Read `labels.jsonl` of each folder and give every receipt its seller group."""
    out = []
    for folder in folders:
        with (folder / "labels.jsonl").open(encoding="utf-8") as fh:
            for raw in fh:
                if raw.strip():
                    r = json.loads(raw)
                    out.append(Receipt(folder / r["file"], r["company"], r["address"], r["date"], r["total"], r["lines"]))
    for receipt, group in zip(out, seller_groups([r.company for r in out]), strict=True):
        receipt.seller = group
    return out


def seller_key(company: str) -> str:
    """Normalise a seller's name: upper case, bracketed parts, company suffixes and punctuation dropped."""
    t = re.sub(r"\([^)]*\)", " ", company.upper())
    t = _SELLER_SUFFIX.sub(" ", t)
    return re.sub(r"[^A-Z0-9]", "", t)


def seller_groups(companies: Sequence[str]) -> list[str]:
    """Return a group name per company: equal keys, one key inside another or close spellings merge."""
    keys = sorted({seller_key(c) for c in companies})
    parent = {k: k for k in keys}

    def root(k: str) -> str:
        while parent[k] != k:
            k = parent[k]
        return k

    for i, a in enumerate(keys):
        for b in keys[i + 1 :]:
            if a and b and (a in b or b in a or difflib.SequenceMatcher(None, a, b).ratio() >= 0.85):
                ra, rb = root(a), root(b)
                if ra != rb:
                    parent[max(ra, rb)] = min(ra, rb)
    return [root(seller_key(c)) for c in companies]


def seller_folds(sellers: Sequence[str], k: int) -> list[int]:
    """Assign each receipt a fold so that a seller's receipts share one; largest sellers placed first."""
    sizes: dict[str, int] = {}
    for s in sellers:
        sizes[s] = sizes.get(s, 0) + 1
    load = [0] * k
    fold_of: dict[str, int] = {}
    for seller in sorted(sizes, key=lambda s: (-sizes[s], s)):
        f = min(range(k), key=lambda i: (load[i], i))
        fold_of[seller] = f
        load[f] += sizes[seller]
    return [fold_of[s] for s in sellers]


def norm_text(value: Any) -> str:
    """Fold accents, drop everything but letters and digits, upper-case."""
    folded = unicodedata.normalize("NFKD", str(value or ""))
    return re.sub(r"[^A-Z0-9]", "", "".join(c for c in folded if not unicodedata.combining(c)).upper())


def label_date(text: str) -> date | None:
    """Read a labelled date (day-first, compact forms too)."""
    found = find_dates(text, "DMY", compact=True)
    return found[0].value if found else None


def label_total(text: str) -> Decimal | None:
    """Read a labelled total (`9.00`, `RM 9.00`, `-1.73`: a credit note's keeps its sign)."""
    try:
        value = Decimal(re.sub(r"[^\d.]", "", text)).quantize(Decimal("0.01"))
    except InvalidOperation:
        return None
    return -value if text.strip().startswith("-") else value


def is_right(name: str, value: Any, receipt: Receipt) -> bool:
    """Tell whether an extracted value matches the receipt's label (normalised match)."""
    if value is None or value == "":
        return False
    if name == "total_amount":
        return Decimal(str(value)).quantize(Decimal("0.01")) == label_total(receipt.total)
    if name == "date":
        return str(value)[:10] == str(label_date(receipt.date))
    truth = receipt.company if name == "vendor" else receipt.address
    return norm_text(value) == norm_text(truth)


def receipt_candidates(receipt: Receipt, blocks: Sequence[TextBlock], language: str = "en") -> dict[str, list[Candidate]]:
    """Return the candidates of a receipt's blocks (day-first dates, as the labels are)."""
    return candidates(group_rows(blocks), language, "DMY", TODAY)


def fit_isotonic(scores: Sequence[float], hits: Sequence[bool]) -> tuple[np.ndarray, np.ndarray]:
    """Fit a non-decreasing map from scores to hit rate (pool adjacent violators): per pooled block,
    its mean score and the lower bound of its hit rate."""
    if not scores:
        return np.zeros(0), np.zeros(0)
    order = np.argsort(np.asarray(scores), kind="stable")
    xs = np.asarray(scores, dtype=float)[order]
    ys = np.asarray(hits, dtype=float)[order]
    blocks: list[list[float]] = []  # [hits, count, score sum]
    for x, y in zip(xs, ys, strict=True):
        blocks.append([y, 1.0, x])
        while len(blocks) > 1 and blocks[-2][0] / blocks[-2][1] >= blocks[-1][0] / blocks[-1][1]:
            s, c, t = blocks.pop()
            blocks[-1][0] += s
            blocks[-1][1] += c
            blocks[-1][2] += t
    bounds = np.maximum.accumulate([_lower_bound(b[0], b[1]) for b in blocks])
    return np.asarray([b[2] / b[1] for b in blocks]), bounds


def _lower_bound(hits: float, n: float, z: float = Z) -> float:
    """Return the Wilson lower bound of a hit rate: a block of few picks is not trusted at face value."""
    p = hits / n
    centre = p + z * z / (2 * n)
    margin = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return max(0.0, (centre - margin) / (1 + z * z / n))


@dataclass
class Example:
    """One receipt's candidates for one field and which of them are right."""

    receipt: int
    cands: list[Candidate]
    right: list[bool]
    weight: float = 1.0


def examples(receipts: Sequence[Receipt], blocks: Sequence[Sequence[TextBlock]]) -> dict[str, list[Example]]:
    """Return, per field, every receipt's candidates labelled right or wrong."""
    out: dict[str, list[Example]] = {name: [] for name in LEARNED}
    sizes: dict[str, int] = {}
    for r in receipts:
        sizes[r.seller] = sizes.get(r.seller, 0) + 1
    for i, (receipt, bl) in enumerate(zip(receipts, blocks, strict=True)):
        # A seller with many receipts must not teach its own layout: weight 1/sqrt(its receipts).
        weight = 1.0 / math.sqrt(sizes[receipt.seller])
        for name, cands in receipt_candidates(receipt, bl).items():
            out[name].append(Example(i, cands, [is_right(name, c.value, receipt) for c in cands], weight))
    return out


Calibration = dict[str, tuple[list[float], list[bool]]]


def fit_field(name: str, train: Sequence[Example], calibration: Calibration) -> FieldModel:
    """Fit one field's model on examples and attach isotonic steps per group of (score, right) pairs."""
    rows = [c.features for e in train for c in e.cands]
    hits = [r for e in train for r in e.right]
    weights = [e.weight for e in train for _ in e.cands]
    x = np.asarray(rows, dtype=float).reshape(-1, len(FEATURES[name]))
    trees, base = boost.fit(x, np.asarray(hits, dtype=float), np.asarray(weights, dtype=float))
    steps = {group: fit_isotonic(*pairs) for group, pairs in calibration.items()}
    return FieldModel(FEATURES[name], base, trees, steps)


def out_of_fold(
    data: Mapping[str, Sequence[Example]], folds: Mapping[int, int], k: int
) -> dict[str, list[tuple[int, Candidate | None, float]]]:
    """Return, per field and receipt, the pick and raw score of a model trained without its fold."""
    out: dict[str, list[tuple[int, Candidate | None, float]]] = {name: [] for name in data}
    for f in range(k):
        for name, exs in data.items():
            model = Model({name: fit_field(name, [e for e in exs if folds[e.receipt] != f], {})}, {})
            for e in exs:
                if folds[e.receipt] == f:
                    best, score, _ = model.pick(name, e.cands)
                    out[name].append((e.receipt, best, score))
    return out


def train_examples(
    data: Mapping[str, Sequence[Example]], receipts: Sequence[Receipt], k: int = 5, meta: Mapping[str, Any] | None = None
) -> Model:
    """Fit a model on every example, its confidence calibrated on out-of-fold picks grouped by seller."""
    used = sorted({e.receipt for exs in data.values() for e in exs})
    folds = dict(zip(used, seller_folds([receipts[i].seller for i in used], k), strict=True))
    oof = out_of_fold(data, folds, k)
    fields = {}
    for name, exs in data.items():
        calib: Calibration = {"agree": ([], []), "differ": ([], [])}
        for i, c, s in oof[name]:
            if c is not None:
                calib[agreement(c)][0].append(s)
                calib[agreement(c)][1].append(is_right(name, c.value, receipts[i]))
        fm = fit_field(name, exs, calib)
        sure = [(fm.calibrate(s, agreement(c)), is_right(name, c.value, receipts[i])) for i, c, s in oof[name] if c]
        fields[name] = replace(fm, review_bar=review_bar(sure))
    return Model(fields, dict(meta or {}))


def review_bar(picks: Sequence[tuple[float, bool]]) -> float:
    """Return the lowest bar at which the picks at or above it are right `PRECISION` of the time;
    when none is, the lowest bar of the best hit rate (to the percent: a higher bar that is not
    more often right would only send more fields to review)."""
    rates = {}
    for bar in BARS:
        above = [right for conf, right in picks if conf >= bar]
        if len(above) >= MIN_SURE:
            if sum(above) >= PRECISION * len(above):
                return bar
            rates[bar] = round(sum(above) / len(above), 2)
    if not rates:
        return BARS[-1]
    best = max(rates.values())
    return min(bar for bar, rate in rates.items() if rate == best)


def train(
    receipts: Sequence[Receipt], blocks: Sequence[Sequence[TextBlock]], k: int = 5, meta: Mapping[str, Any] | None = None
) -> Model:
    """Fit the shipped model on every receipt's blocks (see `train_examples`)."""
    return train_examples(examples(receipts, blocks), receipts, k, meta)
