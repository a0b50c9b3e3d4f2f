"""Helpers shared by the benchmarks: the dev receipts, tokenisation and scores, results."""

from __future__ import annotations

import json
import os
import platform
import re
import sys
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = Path(os.environ.get("OCR_DEV_DATA", ROOT.parent / "shared" / "data" / "receipts-dev"))
RESULTS_DIR = ROOT / "bench" / "results"

if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


@dataclass(frozen=True)
class Receipt:
    """One labelled dev receipt."""

    path: Path
    company: str
    date: str
    total: str
    lines: list[str]


def load_receipts(limit: int | None = None) -> list[Receipt]:
    """Read labels.jsonl of the dev set (never copied into the repository)."""
    out = []
    with (DATA_DIR / "labels.jsonl").open(encoding="utf-8") as fh:
        for raw in fh:
            if raw.strip():
                r = json.loads(raw)
                lines = [ln["text"] for ln in r["lines"]]
                out.append(Receipt(DATA_DIR / r["file"], r["company"], r["date"], r["total"], lines))
    return out[:limit] if limit else out


_WORD = re.compile(r"\d+(?:[.,]\d+)+|[^\W_]+")


def tokens(text: str) -> list[str]:
    """Case-insensitive words: casefold, then runs of letters/digits; a number keeps its
    decimal/thousands separators ("32.72", "1,234.50" are one word). Other punctuation and
    spacing are ignored, so "TEL:03-3271" and "TEL: 03-3271" give the same words.
    """
    return _WORD.findall(text.casefold())


def strict_tokens(text: str) -> list[str]:
    """Stricter words: casefold and split on whitespace only (punctuation counts)."""
    return text.casefold().split()


def norm_line(text: str) -> str:
    """Casefold and collapse whitespace (for exact line matches)."""
    return " ".join(text.casefold().split())


def bow_counts(predicted: Iterable[str], truth: Iterable[str]) -> tuple[int, int, int]:
    """Return (matched, predicted, truth) token counts of two bags of words."""
    p, t = Counter(predicted), Counter(truth)
    return sum((p & t).values()), sum(p.values()), sum(t.values())


def prf(matched: int, predicted: int, truth: int) -> dict[str, float]:
    """Precision, recall and F1 from counts."""
    precision = matched / predicted if predicted else 0.0
    recall = matched / truth if truth else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)}


def percentile(values: list[float], q: float) -> float:
    """Return the q-th percentile (0–100) by linear interpolation."""
    if not values:
        return float("nan")
    s = sorted(values)
    k = (len(s) - 1) * q / 100
    lo, hi = int(k), min(int(k) + 1, len(s) - 1)
    return s[lo] + (s[hi] - s[lo]) * (k - lo)


def machine() -> dict[str, object]:
    """Describe where a benchmark ran."""
    return {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform(),
            "loadavg_at_start": [round(x, 2) for x in os.getloadavg()]}


def write_result(name: str, payload: dict[str, object]) -> Path:
    """Write bench/results/<name>.json and return its path."""
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    path = RESULTS_DIR / f"{name}.json"
    path.write_text(json.dumps(payload, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return path


def amount_re(total: str) -> re.Pattern[str]:
    """Pattern for a labelled total as printed (digits, optional thousands separators)."""
    return re.compile(r"(?<![\d.])" + re.escape(total).replace(r"\.", r"[.,]") + r"(?!\d)")
