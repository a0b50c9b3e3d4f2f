"""Field extraction quality, cross-validated by seller: total, date, vendor and address.

Receipts: `receipts-train` + `receipts-dev` (321 receipts, ~118 sellers). Folds group receipts
by seller (normalised company name; close spellings merged), so a seller's receipts are never
split: each fold's model is trained on the other folds' sellers only and scored on sellers it
has never seen. Two sources of text for the scored fold:
- `labels`: TextBlocks from the labelled lines and their boxes (the extraction's score alone);
- `engine` (`--engine`): the images read by the real OCR engine (`app.ocr`), cached once under
  var/ocr-cache/ by file hash (never committed; `bench/_ocr_cache.py` fills it).
`rules` is the extraction without the learned scorer, on the same folds (the baseline).

Normalised match: vendor/address ignore case, accents, punctuation and spacing; date = the same
calendar day (labels read day-first); total = the same amount. Per field: the mean over folds
and the spread (sample standard deviation, min-max). `review` is the share of receipts sent to
review; `conf>=0.9 right` is the share right among fields whose confidence is at least 0.9.

Usage: python bench/extraction_quality.py [--engine] [--k 5] [--folds N] [--dev-only]
Writes bench/results/extraction_quality.json (figures only, no receipt text).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Sequence
from typing import Any

from _common import ROOT, machine, write_result
from _ocr_cache import cached_blocks, fill

from app.extraction import ExtractionOptions, extract
from app.extraction.scorer import Model
from app.extraction.training import (
    TODAY,
    Receipt,
    examples,
    is_right,
    load_receipts,
    seller_folds,
    train_examples,
)
from app.ocr.types import TextBlock

DATA = ROOT.parent / "shared" / "data"
SETS = ("receipts-train", "receipts-dev")
FIELDS = ("total_amount", "date", "vendor", "address")
SHORT = {"total_amount": "total", "date": "date", "vendor": "vendor", "address": "address"}


def engine_blocks(receipts: Sequence[Receipt], procs: int) -> list[list[TextBlock]]:
    """Return the engine's blocks of every receipt, reading the ones not cached yet."""
    fill([r.path for r in receipts], procs)
    return [cached_blocks(r.path) for r in receipts]


def score(receipts: Sequence[Receipt], blocks: Sequence[list[TextBlock]], model: Model | None) -> dict[str, Any]:
    """Extract each receipt and count right fields, reviews and confident fields."""
    hits = dict.fromkeys(FIELDS, 0)
    sure = {"n": 0, "right": 0}
    review, ms = 0, []
    pairs: dict[str, list[tuple[float, bool]]] = {name: [] for name in FIELDS}
    codes: dict[str, int] = {}
    passed = {"n": 0, "right": 0, "low": 0}
    for receipt, bl in zip(receipts, blocks, strict=True):
        start = time.perf_counter()
        result = extract(bl, ExtractionOptions(), today=TODAY, model=model if model is not None else False)
        ms.append(1000 * (time.perf_counter() - start))
        review += result.needs_review
        for code in {r.code for r in result.review_reasons}:
            codes[code] = codes.get(code, 0) + 1
        keys_right = True
        for name in FIELDS:
            f = result.fields.get(name)
            right = f is not None and is_right(name, f.value, receipt)
            hits[name] += right
            keys_right = keys_right and (right or name == "address")
            if f is not None and f.value is not None:
                pairs[name].append((f.confidence, right))
            if f is not None and f.value is not None and f.confidence >= 0.9:
                sure["n"] += 1
                sure["right"] += right
        if not result.needs_review:
            passed["n"] += 1
            passed["right"] += keys_right
        passed["low"] += any(r.code == "low_confidence" for r in result.review_reasons)
    n = max(1, len(receipts))
    return {"passed": passed, "acc": {k: v / n for k, v in hits.items()}, "review": review / n, "sure": sure, "ms": ms,
            "pairs": pairs, "codes": codes, "n": len(receipts)}


def summarise(per_fold: list[dict[str, Any]]) -> dict[str, Any]:
    """Return mean, spread (stdev, min, max) per field over folds, review share and confident share."""
    out: dict[str, Any] = {}
    for name in FIELDS:
        vals = [f["acc"][name] for f in per_fold]
        out[SHORT[name]] = {
            "mean": round(statistics.fmean(vals), 4),
            "sd": round(statistics.stdev(vals), 4) if len(vals) > 1 else 0.0,
            "min": round(min(vals), 4),
            "max": round(max(vals), 4),
        }
    out["review"] = round(statistics.fmean(f["review"] for f in per_fold), 4)
    n = sum(f["sure"]["n"] for f in per_fold)
    out["confident_fields"] = n
    out["confident_right"] = round(sum(f["sure"]["right"] for f in per_fold) / n, 4) if n else None
    out["ms_median"] = round(statistics.median(m for f in per_fold for m in f["ms"]), 2)
    total = sum(f["n"] for f in per_fold)
    codes: dict[str, int] = {}
    for f in per_fold:
        for code, c in f["codes"].items():
            codes[code] = codes.get(code, 0) + c
    out["low_confidence"] = round(sum(f["passed"]["low"] for f in per_fold) / total, 4)
    n_pass = sum(f["passed"]["n"] for f in per_fold)
    out["not_reviewed"] = n_pass
    out["not_reviewed_right"] = round(sum(f["passed"]["right"] for f in per_fold) / n_pass, 4) if n_pass else None
    out["review_reasons"] = {code: round(c / total, 4) for code, c in sorted(codes.items())}
    # Per field: of the fields read with confidence >= t, the share and how many of them are right.
    out["by_confidence"] = {}
    for name in FIELDS:
        pairs = [p for f in per_fold for p in f["pairs"][name]]
        out["by_confidence"][SHORT[name]] = {
            f"{t:.1f}": {"share": round(len(sel) / total, 4),
                         "right": round(sum(r for _, r in sel) / len(sel), 4) if sel else None}
            for t in (0.5, 0.6, 0.7, 0.8, 0.9)
            for sel in [[p for p in pairs if p[0] >= t]]
        }
    return out


def cross_validate(
    receipts: list[Receipt], sources: dict[str, list[list[TextBlock]]], k: int, folds_run: int, train_on: list[str]
) -> dict[str, dict[str, Any]]:
    """Run k-fold cross-validation by seller; return per source and method the summary over folds."""
    folds = seller_folds([r.seller for r in receipts], k)
    data = {src: examples(receipts, sources[src]) for src in train_on}
    per: dict[str, list[dict[str, Any]]] = {}
    for f in range(min(k, folds_run)):
        train_data = {
            name: [e for src in train_on for e in data[src][name] if folds[e.receipt] != f] for name in FIELDS
        }
        model = train_examples(train_data, receipts, k)
        te = [i for i in range(len(receipts)) if folds[i] == f]
        for src, blocks in sources.items():
            test_r, test_b = [receipts[i] for i in te], [blocks[i] for i in te]
            per.setdefault(f"{src}/rules", []).append(score(test_r, test_b, None))
            per.setdefault(f"{src}/model", []).append(score(test_r, test_b, model))
        print(f"fold {f + 1}/{k}: {len(te)} receipts, {len({receipts[i].seller for i in te})} sellers", flush=True)
    return {name: summarise(folds_) for name, folds_ in per.items()}


def _confident_cell(t: str, v: dict[str, Any]) -> str:
    right = "-" if v["right"] is None else f"{v['right']:.3f}"
    return f">={t}: {v['share']:.2f} read, {right} right"


def main(argv: list[str] | None = None) -> int:
    """Cross-validate by seller from the labels (and the engine's text with --engine); print a table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--engine", action="store_true", help="also score the engine's text (cached OCR)")
    parser.add_argument("--k", type=int, default=5, help="folds (sellers never split)")
    parser.add_argument("--folds", type=int, default=99, help="run only the first N folds")
    parser.add_argument("--procs", type=int, default=2, help="OCR processes for receipts not cached yet")
    parser.add_argument("--train-on", default="labels", help="comma-separated sources to train on")
    args = parser.parse_args(argv)
    receipts = load_receipts([DATA / s for s in SETS])
    sources = {"labels": [r.label_blocks() for r in receipts]}
    if args.engine:
        sources["engine"] = engine_blocks(receipts, args.procs)
    results = cross_validate(receipts, sources, args.k, args.folds, args.train_on.split(","))
    head = " ".join(f"{SHORT[f]:>15}" for f in FIELDS)
    print(f"{'source/method':<14} {head} {'review':>7} {'c>=.9 ok':>9} {'ms':>6}")
    for name, res in results.items():
        cells = " ".join(f"{res[SHORT[f]]['mean']:>7.3f} ± {res[SHORT[f]]['sd']:.3f}" for f in FIELDS)
        ok = res["confident_right"]
        print(f"{name:<14} {cells} {res['review']:>7.2f} {ok if ok is None else f'{ok:.3f}':>9} {res['ms_median']:>6.1f}")
    path = write_result(
        "extraction_quality",
        {"receipts": len(receipts), "sellers": len({r.seller for r in receipts}), "k": args.k,
         "train_on": args.train_on, "machine": machine(), "results": results},
    )
    for name, res in results.items():
        if name.endswith("/model"):
            print(f"{name} review reasons (share of receipts): {res['review_reasons']}")
            print(f"  not sent to review: {res['not_reviewed']} receipts, total+date+vendor all right on "
                  f"{res['not_reviewed_right']}")
            for field, rows in res["by_confidence"].items():
                print(f"  {field:<8} " + "  ".join(_confident_cell(t, v) for t, v in rows.items()))
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
