"""English receipts with `language=auto` (the default now) against `language=en`: fields and detected languages.

Reads the labelled lines of receipts-dev and receipts-train (perfect text, as `extraction_quality.py` does) and
scores vendor, address, date and total with both settings, so a detector that mistakes an English receipt
for another language shows up as a change in the fields.

Usage: python bench/languages_english.py
Writes bench/results/languages_english.json.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _common import ROOT, machine, write_result  # noqa: E402
from extraction_quality import FIELDS, judge, label_blocks  # noqa: E402

from app.extraction import ExtractionOptions, extract  # noqa: E402

SETS = ("receipts-dev", "receipts-train")


def main() -> None:
    """Score both settings on every labelled receipt and print the figures."""
    labels = []
    for name in SETS:
        path = ROOT.parent / "shared" / "data" / name / "labels.jsonl"
        labels += [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    out = {}
    for language in ("en", "auto"):
        ok: Counter[str] = Counter()
        detected: Counter[str] = Counter()
        for label in labels:
            data = extract(label_blocks(label), ExtractionOptions(language=language)).to_dict()
            ok.update(k for k, v in judge(label, data).items() if v)
            detected[data["language"]["code"]] += 1
        out[language] = {"fields": {k: round(ok[k] / len(labels), 4) for k in FIELDS}, "languages": dict(detected)}
        print(language, len(labels), out[language], flush=True)
    write_result("languages_english", {"machine": machine(), "receipts": len(labels), "sets": SETS, **out})


if __name__ == "__main__":
    main()
