"""Field extraction quality on the 40 dev receipts: vendor, address, date and total.

Two sources of text:
- `labels` (default): TextBlocks built from the labelled lines and their boxes, so the score
  is the extraction's alone;
- `engine` (`--engine`): the images read end to end by the real OCR engine (`app.ocr`,
  models from OCR_MODEL_DIR), then extracted. OCR output is cached under var/bench/ (never
  committed: it holds the dev set's text); `--refresh` reads the images again.

Normalised match: vendor/address ignore case, accents, punctuation and spacing; date = the same
calendar day (labels read day-first); total = the same amount.

Usage: python bench/extraction_quality.py [--engine] [--refresh] [--limit N] [--procs 2]
Writes bench/results/extraction_quality.json (scores and per-receipt pass/fail, no dev text).
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import time
import unicodedata
from concurrent.futures import ProcessPoolExecutor
from datetime import date
from decimal import Decimal
from typing import Any

from _common import DATA_DIR, ROOT, machine, write_result

from app.extraction import ExtractionOptions, extract
from app.extraction.dates import find_dates
from app.ocr.types import TextBlock

FIELDS = ("vendor", "address", "date", "total")
CACHE = ROOT / "var" / "bench" / "extraction_ocr_cache.json"


def load_labels(limit: int | None = None) -> list[dict[str, Any]]:
    """Read labels.jsonl of the dev set (never copied into the repository)."""
    with (DATA_DIR / "labels.jsonl").open(encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh if line.strip()]
    return rows[:limit] if limit else rows


def label_blocks(label: dict[str, Any]) -> list[TextBlock]:
    """Build TextBlocks from the labelled lines (8-number boxes, clockwise from top-left)."""
    out = []
    for line in label["lines"]:
        b = [float(v) for v in line["box"]]
        box = ((b[0], b[1]), (b[2], b[3]), (b[4], b[5]), (b[6], b[7]))
        out.append(TextBlock(line["text"], 1.0, box, 1))  # type: ignore[arg-type]
    return out


def _norm_text(value: Any) -> str:
    folded = unicodedata.normalize("NFKD", str(value or ""))
    return re.sub(r"[^A-Z0-9]", "", "".join(c for c in folded if not unicodedata.combining(c)).upper())


def _label_date(text: str) -> str | None:
    found = find_dates(text, "DMY", compact=True)
    return found[0].value.isoformat() if found else None


def judge(label: dict[str, Any], data: dict[str, Any]) -> dict[str, bool]:
    """Return, per field, whether the extracted value matches the label (normalised)."""
    total = data.get("total_amount")
    truth = Decimal(re.sub(r"[^\d.]", "", label["total"]))
    return {
        "vendor": bool(data.get("vendor")) and _norm_text(data["vendor"]) == _norm_text(label["company"]),
        "address": bool(data.get("address")) and _norm_text(data["address"]) == _norm_text(label["address"]),
        "date": data.get("date") is not None and data["date"] == _label_date(label["date"]),
        "total": total is not None and Decimal(str(total)).quantize(Decimal("0.01")) == truth,
    }


_engine: Any = None
_cfg: Any = None


def _init_engine() -> None:
    global _engine, _cfg
    from app.ocr.config import OcrConfig
    from app.ocr.engine import build_engine

    _cfg = OcrConfig()
    _engine = build_engine(_cfg)


def _ocr(path: str) -> list[dict[str, Any]]:
    from app.ocr.document import recognize_document
    from app.ocr.pages import open_document

    result = recognize_document(open_document(path, _cfg), _engine)
    return [b.to_dict() for b in result.blocks]


def engine_blocks(labels: list[dict[str, Any]], procs: int, refresh: bool) -> list[list[TextBlock]]:
    """OCR the images with the real engine (cached in var/bench/) and return their blocks."""
    cache: dict[str, Any] = json.loads(CACHE.read_text()) if CACHE.is_file() and not refresh else {}
    todo = [lab["file"] for lab in labels if lab["file"] not in cache]
    if todo:
        with ProcessPoolExecutor(max_workers=procs, initializer=_init_engine) as pool:
            for name, blocks in zip(todo, pool.map(_ocr, [str(DATA_DIR / f) for f in todo]), strict=True):
                cache[name] = blocks
        CACHE.parent.mkdir(parents=True, exist_ok=True)
        CACHE.write_text(json.dumps(cache))
    return [[_block(d) for d in cache[lab["file"]]] for lab in labels]


def _block(d: dict[str, Any]) -> TextBlock:
    box = tuple(tuple(p) for p in d["bounding_box"])
    return TextBlock(d["text"], d["confidence"], box, d.get("page", 1))  # type: ignore[arg-type]


def evaluate(labels: list[dict[str, Any]], blocks: list[list[TextBlock]]) -> dict[str, Any]:
    """Extract every receipt and score the four labelled fields."""
    hits = dict.fromkeys(FIELDS, 0)
    per_receipt, seconds, review = [], [], 0
    for label, bl in zip(labels, blocks, strict=True):
        start = time.perf_counter()
        data = extract(bl, ExtractionOptions(), today=date.today()).to_dict()
        seconds.append(time.perf_counter() - start)
        verdict = judge(label, data)
        review += data["needs_review"]
        for f in FIELDS:
            hits[f] += verdict[f]
        per_receipt.append(
            {"id": label["sroie_id"], **verdict, "review": [r["code"] for r in data["review_reasons"]]}
        )
    n = len(labels)
    return {
        "accuracy": {f: round(hits[f] / n, 4) for f in FIELDS},
        "needs_review_share": round(review / n, 4),
        "ms_per_receipt_median": round(1000 * statistics.median(seconds), 2),
        "per_receipt": per_receipt,
    }


def main(argv: list[str] | None = None) -> int:
    """Score extraction from the labels (and end to end with --engine); print a table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--engine", action="store_true", help="also run end to end through app.ocr")
    parser.add_argument("--refresh", action="store_true", help="ignore the cached OCR output")
    parser.add_argument("--limit", type=int, default=None, help="only the first N receipts")
    parser.add_argument("--procs", type=int, default=2, help="OCR worker processes (1 ONNX thread each)")
    args = parser.parse_args(argv)
    labels = load_labels(args.limit)
    sources = {"labels": [label_blocks(lab) for lab in labels]}
    if args.engine:
        sources["engine"] = engine_blocks(labels, args.procs, args.refresh)
    results = {name: evaluate(labels, blocks) for name, blocks in sources.items()}
    print(f"{'source':<8} " + " ".join(f"{f:>8}" for f in FIELDS) + f" {'review':>7} {'ms/rcpt':>8}")
    for name, res in results.items():
        acc = res["accuracy"]
        print(
            f"{name:<8} "
            + " ".join(f"{acc[f]:>8.3f}" for f in FIELDS)
            + f" {res['needs_review_share']:>7.2f} {res['ms_per_receipt_median']:>8.2f}"
        )
    path = write_result(
        "extraction_quality", {"receipts": len(labels), "machine": machine(), "sources": results}
    )
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
