"""Out-of-fold misses of the learned scorer, per field, from labelled and engine text.

Each seller fold's model is trained on the other folds (labelled text, no calibration: the
picks are what matters here) and picks on the fold's receipts. A miss is classed as:
- `no_candidate`: no candidate equals the label (candidate generation or OCR lost it);
- `ranking`: a right candidate exists but another scored higher.
Prints the counts and writes every miss (label, pick, best right candidate's rank) to
var/extraction-errors.json (receipt text: kept under var/, never committed).

Usage: python bench/extraction_errors.py [--engine] [--k 5] [--train-on labels]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter

import numpy as np
from _common import ROOT
from _ocr_cache import cached_blocks

from app.extraction.candidates import LEARNED
from app.extraction.scorer import Model
from app.extraction.training import examples, fit_field, is_right, load_receipts, seller_folds

DATA = ROOT.parent / "shared" / "data"
SETS = ("receipts-train", "receipts-dev")


def main(argv: list[str] | None = None) -> int:
    """Train per fold, pick out of fold, class and count the misses."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--engine", action="store_true")
    parser.add_argument("--k", type=int, default=5)
    parser.add_argument("--train-on", default="labels")
    args = parser.parse_args(argv)
    receipts = load_receipts([DATA / s for s in SETS])
    folds = seller_folds([r.seller for r in receipts], args.k)
    sources = {"labels": [r.label_blocks() for r in receipts]}
    if args.engine or "engine" in args.train_on:
        sources["engine"] = [cached_blocks(r.path) for r in receipts]
    data = {s: examples(receipts, b) for s, b in sources.items()}
    misses: list[dict] = []
    hits: Counter = Counter()
    for f in range(args.k):
        model = Model({n: fit_field(n, [e for s in args.train_on.split(",") for e in data[s][n]
                                        if folds[e.receipt] != f], {}) for n in LEARNED}, {})
        for src in data:
            for name in LEARNED:
                for e in data[src][name]:
                    if folds[e.receipt] != f:
                        continue
                    r = receipts[e.receipt]
                    best, score, _ = model.pick(name, e.cands)
                    if best is not None and is_right(name, best.value, r):
                        hits[(src, name)] += 1
                        continue
                    scores = model.fields[name].scores(np.asarray([c.features for c in e.cands])) if e.cands else []
                    order = list(np.argsort(-np.asarray(scores), kind="stable"))
                    right = [k for k in order if e.right[k]]
                    misses.append({
                        "source": src, "field": name, "file": r.path.name, "seller": r.seller,
                        "label": {"total_amount": r.total, "date": r.date, "vendor": r.company,
                                  "address": r.address}[name],
                        "pick": None if best is None else str(best.value), "pick_raw": None if best is None else best.raw,
                        "score": round(score, 3),
                        "kind": "ranking" if right else "no_candidate",
                        "right_rank": order.index(right[0]) if right else None,
                        "right_raw": e.cands[right[0]].raw if right else None,
                    })
    n = len(receipts)
    for src in data:
        for name in LEARNED:
            kinds = Counter(m["kind"] for m in misses if m["source"] == src and m["field"] == name)
            print(f"{src:7} {name:13} right {hits[(src, name)] / n:.3f}  misses {sum(kinds.values()):3}  "
                  f"ranking {kinds['ranking']:3}  no_candidate {kinds['no_candidate']:3}")
    out = ROOT / "var" / "extraction-errors.json"
    out.write_text(json.dumps(misses, indent=1, ensure_ascii=False))
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
