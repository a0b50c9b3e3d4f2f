"""Train the field scorer from the shared labelled receipts and write app/extraction/model/fields.json.

Deterministic: the same receipts give the same file. Trains from the labelled lines and boxes
of `receipts-train` + `receipts-dev` (beside the checkout: ../shared/data, or --data); the
confidence is calibrated on picks made out of fold, folds grouped by seller.

Usage: python scripts/train_extraction.py [--data DIR] [--k 5] [--out PATH]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from app.extraction import ExtractionOptions, extract  # noqa: E402
from app.extraction.candidates import LEARNED  # noqa: E402
from app.extraction.scorer import MODEL_PATH, Model  # noqa: E402
from app.extraction.training import TODAY, load_receipts, train  # noqa: E402
from app.ocr.types import TextBlock  # noqa: E402

SETS = ("receipts-train", "receipts-dev")
# A made-up receipt read by the fresh model and stored with it: loading the file must give the same.
CHECK_LINES = (
    "KEDAI RUNCIT MAJU JAYA SDN BHD", "(123456-A)", "NO 12, JALAN BUNGA 3,", "TAMAN SERI, 43000 KAJANG",
    "TEL: 03-87654321", "TAX INVOICE", "DATE: 14/03/2018 10:21", "SUGAR 1KG  2.90", "RICE 5KG  18.50",
    "SUBTOTAL  21.40", "GST 6%  1.28", "ROUNDING  0.02", "TOTAL  22.70", "CASH  50.00", "CHANGE  27.30",
)


def check_blocks() -> list[TextBlock]:
    """Return the check receipt as blocks: one row per line, label left and amount right."""
    out = []
    for row, line in enumerate(CHECK_LINES):
        parts = line.split("  ")
        for k, part in enumerate(parts):
            x = 20.0 if k == 0 else 400.0
            y = 10.0 + 30 * row
            out.append(TextBlock(part, 0.99, ((x, y), (x + 12 * len(part), y), (x + 12 * len(part), y + 20), (x, y + 20)), 1))
    return out


def check_fields(model: Model) -> dict[str, Any]:
    """Return the learned fields the model reads on the check receipt (value and confidence)."""
    result = extract(check_blocks(), ExtractionOptions(), today=TODAY, model=model)
    data = result.to_dict()
    return {name: {"value": data[name], "confidence": data["fields"][name]["confidence"]} for name in LEARNED}


def main(argv: list[str] | None = None) -> int:
    """Fit the model on every labelled receipt and write it."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--k", type=int, default=5, help="folds for the calibration (sellers never split)")
    parser.add_argument("--out", type=Path, default=MODEL_PATH)
    args = parser.parse_args(argv)
    start = time.perf_counter()
    receipts = load_receipts([args.data / s for s in SETS])
    meta = {
        "trained_on": list(SETS),
        "receipts": len(receipts),
        "sellers": len({r.seller for r in receipts}),
        "calibration_folds": args.k,
        "text": "labelled lines",
    }
    model = train(receipts, [r.label_blocks() for r in receipts], args.k, meta)
    model = Model(model.fields, {**meta, "check": {"blocks": [b.to_dict() for b in check_blocks()],
                                                   "fields": check_fields(model)}})
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(model.to_dict(), separators=(",", ":"), sort_keys=True) + "\n")
    size = args.out.stat().st_size
    print(f"wrote {args.out} ({size / 1024:.0f} KiB) from {len(receipts)} receipts in {time.perf_counter() - start:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
