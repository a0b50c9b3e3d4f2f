"""OCR quality on the 40 dev receipts: raw PP-OCRv6 vs the engine's default pre-processing.

Scores per variant (micro-averaged over all receipts):
- bag-of-words precision / recall / F1 of the page text against the labelled lines,
  tokens = casefolded runs of letters/digits, numbers keeping their separators
  (`_common.tokens`); `strict` = casefolded whitespace-split words, punctuation kept;
- share of labelled lines recovered exactly (casefolded, whitespace collapsed) as one
  OCR block or one grouped row;
- share of receipts whose labelled total / date appear in the text;
- seconds per page (engine only, decode excluded), median and p90.

Usage: python bench/ocr_quality.py [--variant NAME[:key=value;key=value]] [--limit N] [--procs 2]
Variants `raw` (no pre-processing, PaddleOCR's default detection and batch settings, every
block kept) and `default` (the shipped `OcrConfig()`, blocks below the default job threshold
0.7 dropped as a job does) run when none is named; `threshold=` sets a variant's threshold.
Writes bench/results/ocr_quality.json.
"""

from __future__ import annotations

import argparse
import dataclasses
import statistics
import sys
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from _common import (
    amount_re,
    bow_counts,
    load_receipts,
    machine,
    norm_line,
    percentile,
    prf,
    strict_tokens,
    tokens,
    write_result,
)

from app.ocr.config import OcrConfig
from app.ocr.engine import build_engine
from app.ocr.layout import filter_blocks, group_lines, page_text
from app.ocr.pages import open_document

DEFAULT_THRESHOLD = 0.7  # OCR_CONFIDENCE_THRESHOLD's default: what a job keeps
PRESETS: dict[str, dict[str, Any]] = {
    "raw": {"preprocess": "none", "det_thresh": None, "det_box_thresh": None, "det_unclip_ratio": None,
            "rec_batch_size": 6, "threshold": 0.0},
    "default": {"threshold": DEFAULT_THRESHOLD},
}

_engine: Any = None
_cfg: OcrConfig | None = None
_threshold = 0.0


def parse_variant(spec: str) -> tuple[str, dict[str, Any]]:
    """Parse `name[:k=v;k=v]` into a name and OcrConfig overrides (on top of a preset)."""
    name, _, rest = spec.partition(":")
    overrides = dict(PRESETS.get(name.split("+")[0], {}))  # "default+x:..." starts from "default"
    fields = {f.name: f for f in dataclasses.fields(OcrConfig)}
    for pair in filter(None, rest.split(";")):
        key, _, value = pair.partition("=")
        kind = "float" if key == "threshold" else str(fields[key].type)
        overrides[key] = _coerce(value, kind)
    return name, overrides


def _coerce(value: str, kind: str) -> Any:
    if value.lower() == "none" and "None" in kind:
        return None
    if "float" in kind:
        return float(value)
    if "int" in kind:
        return int(value)
    if "bool" in kind:
        return value.lower() in ("1", "true", "yes")
    return value


def _config(overrides: dict[str, Any]) -> OcrConfig:
    return dataclasses.replace(OcrConfig(), **{k: v for k, v in overrides.items() if k != "threshold"})


def _init(overrides: dict[str, Any]) -> None:
    global _engine, _cfg, _threshold
    _cfg = _config(overrides)
    _threshold = float(overrides.get("threshold", 0.0))
    _engine = build_engine(_cfg)


def _read(path: str) -> dict[str, Any]:
    assert _cfg is not None
    doc = open_document(path, _cfg)
    image = doc.page_image(0)
    start = time.perf_counter()
    blocks = filter_blocks(_engine.recognize(image), _threshold)
    seconds = time.perf_counter() - start
    lines = [ln.text for ln in group_lines(blocks)]
    return {"text": page_text(blocks), "blocks": [b.text for b in blocks], "lines": lines, "seconds": seconds}


def score(receipts: list[Any], outputs: list[dict[str, Any]]) -> dict[str, Any]:
    """Aggregate the scores of one variant."""
    matched = predicted = truth = 0
    strict = [0, 0, 0]
    lines_hit = lines_all = totals = dates = 0
    per_receipt = []
    for receipt, out in zip(receipts, outputs, strict=True):
        m, p, t = bow_counts(tokens(out["text"]), tokens("\n".join(receipt.lines)))
        matched, predicted, truth = matched + m, predicted + p, truth + t
        counts = bow_counts(strict_tokens(out["text"]), strict_tokens("\n".join(receipt.lines)))
        strict = [a + b for a, b in zip(strict, counts, strict=True)]
        found = Counter(norm_line(x) for x in out["blocks"] + out["lines"])
        hit = sum(1 for ln in receipt.lines if found[norm_line(ln)] > 0)
        lines_hit, lines_all = lines_hit + hit, lines_all + len(receipt.lines)
        has_total = bool(amount_re(receipt.total).search(out["text"]))
        has_date = norm_line(receipt.date) in norm_line(out["text"])
        totals, dates = totals + has_total, dates + has_date
        per_receipt.append({"file": receipt.path.name, **prf(m, p, t), "total": has_total, "date": has_date})
    secs = [o["seconds"] for o in outputs]
    return {
        **prf(matched, predicted, truth),
        "strict": prf(*strict),
        "lines_exact": round(lines_hit / lines_all, 4),
        "total_found": round(totals / len(receipts), 4),
        "date_found": round(dates / len(receipts), 4),
        "s_per_page_median": round(statistics.median(secs), 3),
        "s_per_page_p90": round(percentile(secs, 90), 3),
        "s_per_page_mean": round(statistics.mean(secs), 3),
        "per_receipt": per_receipt,
    }


def run_variant(overrides: dict[str, Any], receipts: list[Any], procs: int) -> list[dict[str, Any]]:
    """OCR every receipt with `procs` worker processes of one engine each."""
    paths = [str(r.path) for r in receipts]
    with ProcessPoolExecutor(max_workers=procs, initializer=_init, initargs=(overrides,)) as pool:
        return list(pool.map(_read, paths))


def main(argv: list[str] | None = None) -> int:
    """Run the variants and print a side-by-side table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--variant", action="append", help="NAME[:key=value;...] (repeatable)")
    parser.add_argument("--limit", type=int, default=None, help="only the first N receipts")
    parser.add_argument("--procs", type=int, default=2, help="worker processes (1 ONNX thread each)")
    parser.add_argument("--name", default="ocr_quality", help="results file name")
    args = parser.parse_args(argv)
    receipts = load_receipts(args.limit)
    results: dict[str, Any] = {}
    print(f"{'variant':<28} {'P':>6} {'R':>6} {'F1':>6} {'F1strc':>6} {'lines':>6} {'total':>6} {'date':>6} "
          f"{'s/p med':>8} {'p90':>6}")
    for spec in args.variant or ["raw", "default"]:
        name, overrides = parse_variant(spec)
        outputs = run_variant(overrides, receipts, args.procs)
        res = score(receipts, outputs)
        res["config"] = {k: (str(v) if isinstance(v, Path) else v) for k, v in
                         dataclasses.asdict(_config(overrides)).items()}
        res["confidence_threshold"] = overrides.get("threshold", 0.0)
        results[spec] = res
        print(f"{spec[:28]:<28} {res['precision']:>6.4f} {res['recall']:>6.4f} {res['f1']:>6.4f} "
              f"{res['strict']['f1']:>6.4f} "
              f"{res['lines_exact']:>6.3f} {res['total_found']:>6.3f} {res['date_found']:>6.3f} "
              f"{res['s_per_page_median']:>8.2f} {res['s_per_page_p90']:>6.2f}", flush=True)
    path = write_result(args.name, {"receipts": len(receipts), "procs": args.procs, "machine": machine(),
                                    "tokenisation": "casefold; letter/digit runs, numbers keep separators",
                                    "variants": results})
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
