"""Invoice field quality: the real dev invoices and generated ones, as PDFs, rasters and scans.

Each document is read as the worker reads it for a plain upload (`language=auto`: text layer first,
else OCR with the language's recogniser) and its fields extracted as the service does (`auto`, then
the invoice fields). Scores: total, date, invoice number, issuer and currency, by source kind (pdf, png, scan),
by language and by layout, with the spread across groups. The generated invoices are drawn by
`tests/support/invoices.py` (deterministic seeds): never seen while the rules were written.

`--holdout N` reads instead N born-digital invoices per language from bench/_holdout_invoices.py: a second
generator written apart from the extraction code and from tests/support/invoices.py, with its own layouts
(deposits and amounts due, month names, Polish and Vietnamese forms); nothing is tuned on it.

`--generator 3` takes them from bench/_holdout3_invoices.py instead: a third generator, written apart from the
others, that prints HTML pages to PDF with Chromium.
Usage: python bench/invoice_quality.py [--count 12] [--skip-ocr] [--holdout N [--seed 11] [--generator 2|3]].
Writes bench/results/invoice_quality.json (invoice_holdout.json with --holdout, invoice_holdout3.json with
--generator 3).
"""

from __future__ import annotations

import argparse
import importlib
import json
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from _common import ROOT, machine, write_result

from app.extraction import ExtractionOptions, extract
from app.extraction.invoice import add_invoice_fields
from app.ocr.config import OcrConfig
from app.ocr.document import recognize_document
from app.ocr.pages import open_document
from tests.support.invoices import LANG, LAYOUTS, labels, make_spec, raster, render_pdf, scan

FIELDS = ("total", "amount_due", "date", "invoice_number", "issuer", "currency")
DEV = ROOT.parent / "shared" / "data" / "invoices-dev"


def _decimal(value: Any) -> Decimal | None:
    try:
        return Decimal(str(value)) if value not in (None, "") else None
    except InvalidOperation:
        return None


def _norm(text: Any) -> str:
    return "".join(ch for ch in str(text or "").casefold() if ch.isalnum())


def score(data: dict, label: dict) -> dict[str, bool]:
    """Whether each field matches its label (issuer: one name contains the other, ignoring case and signs;
    total: the gross, `amount_due`: what is left to pay after a deposit, where a label tells them apart)."""
    total = _decimal(data.get("total_amount"))
    vendor, issuer = _norm(data.get("vendor")), _norm(label["issuer"])
    due = _decimal(data.get("amount_due"))
    return {
        "total": total is not None and total == _decimal(label.get("gross", label["total"])),
        "amount_due": due is not None and due == _decimal(label["total"]),
        "date": data.get("date") == label["date"],
        "invoice_number": _norm(data.get("invoice_number")) == _norm(label["invoice_number"]),
        "issuer": bool(vendor) and (issuer in vendor or vendor in issuer),
        "currency": data.get("currency") == label["currency"],
    }


def read(path: Path, engine: Any) -> tuple[dict, float, str]:
    """Read and extract one document; return its data, seconds and page sources."""
    start = time.perf_counter()
    result = recognize_document(open_document(path, OcrConfig(use_gpu=False)), engine)
    data = add_invoice_fields(
        result.blocks, extract(result.blocks, ExtractionOptions(language="auto")).to_dict()
    )
    return data, time.perf_counter() - start, ",".join(sorted({p.source or "" for p in result.pages}))


def documents(count: int, skip_ocr: bool, work: Path) -> list[tuple[dict, Path]]:
    """The dev invoices (PDF, and a 200 dpi PNG render) and `count` generated ones in three forms."""
    docs: list[tuple[dict, Path]] = []
    for raw in (DEV / "labels.jsonl").read_text(encoding="utf-8").splitlines():
        label = json.loads(raw) | {"set": "real", "layout": "real"}
        pdf = DEV / label["file"]
        docs.append((label | {"kind": "pdf"}, pdf))
        if not skip_ocr:
            png = work / f"{label['doc_id']}.png"
            raster(pdf, 200).save(png)
            docs.append((label | {"kind": "png"}, png))
    languages = sorted(LANG)
    for seed in range(count):
        layout = LAYOUTS[
            (seed + seed // len(languages)) % len(LAYOUTS)
        ]  # every language meets several layouts
        spec = make_spec(1000 + seed, language=languages[seed % len(languages)], layout=layout)
        label = labels(spec) | {"set": "generated", "doc_id": f"gen{seed}"}
        pdf = render_pdf(spec, work / f"gen{seed}.pdf")
        docs.append((label | {"kind": "pdf"}, pdf))
        if not skip_ocr:
            png, scanned = work / f"gen{seed}.png", work / f"gen{seed}-scan.png"
            raster(pdf, 150).save(png)
            scan(raster(pdf, 200), seed).save(scanned)
            docs += [(label | {"kind": "png"}, png), (label | {"kind": "scan"}, scanned)]
    return docs


def holdout(count: int, seed: int, work: Path, generator: int = 2) -> list[tuple[dict, Path]]:
    """The held-out invoices (born-digital PDFs) of every language, from the second or the third generator."""
    held = importlib.import_module("_holdout3_invoices" if generator == 3 else "_holdout_invoices")
    return [
        (label | {"kind": "pdf"}, path)
        for label, path in held.holdout_invoices(work, list(held.LANGUAGES), count, seed)
    ]


def summarise(rows: list[dict], key: str) -> dict[str, dict[str, Any]]:
    """Share of documents with each field right, per value of `key`."""
    groups: dict[str, list[dict]] = defaultdict(list)
    for row in rows:
        groups[str(row[key])].append(row)
    return {
        name: {"docs": len(g)} | {f: round(sum(r["ok"][f] for r in g) / len(g), 3) for f in FIELDS}
        for name, g in sorted(groups.items())
    }


def spread(groups: dict[str, dict[str, Any]]) -> dict[str, list[float]]:
    """Lowest and highest share per field across groups."""
    return {f: [min(g[f] for g in groups.values()), max(g[f] for g in groups.values())] for f in FIELDS}


def main(argv: list[str] | None = None) -> int:
    """Read every document, score it and print the tables."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=12, help="generated invoices")
    parser.add_argument("--skip-ocr", action="store_true", help="only the PDFs (no rasters, no engine)")
    parser.add_argument("--holdout", type=int, default=0, help="held-out invoices per language (PDF only)")
    parser.add_argument("--seed", type=int, default=11, help="the held-out set's seed")
    parser.add_argument("--generator", type=int, choices=(2, 3), default=2, help="which held-out generator")
    args = parser.parse_args(argv)
    args.skip_ocr = args.skip_ocr or args.holdout > 0
    engine = None
    if not args.skip_ocr:
        from app.jobs.ocr_runner import detect_code
        from app.ocr.engine import build_engine
        from app.ocr.recognisers import LanguageEngine

        engine = LanguageEngine(
            build_engine(OcrConfig(use_gpu=False, model_dir=ROOT / "var" / "models")), "auto", detect_code
        )
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        docs = (
            holdout(args.holdout, args.seed, Path(tmp), args.generator)
            if args.holdout
            else documents(args.count, args.skip_ocr, Path(tmp))
        )
        for label, path in docs:
            data, seconds, sources = read(path, engine or (lambda: None))
            ok = score(data, label)
            rows.append(
                {
                    "doc": label["doc_id"],
                    "set": label["set"],
                    "kind": label["kind"],
                    "language": label["language"],
                    "layout": label["layout"],
                    "sources": sources,
                    "seconds": round(seconds, 3),
                    "ok": ok,
                    "document_type": data.get("document_type"),
                    "got": {
                        f: data.get(k)
                        for f, k in zip(
                            FIELDS,
                            ("total_amount", "amount_due", "date", "invoice_number", "vendor", "currency"),
                            strict=True,
                        )
                    },
                }
            )
            print(
                f"{label['doc_id']:>14} {label['kind']:>4} {sources:>10} {seconds:6.2f}s "
                f"wrong: {[f for f in FIELDS if not ok[f]]}",
                file=sys.stderr,
            )
    out: dict[str, Any] = {"machine": machine(), "generated": args.count, "documents": len(rows)}
    for key in ("set", "kind", "language", "layout"):
        out[f"by_{key}"] = summarise(rows, key)
        out[f"spread_by_{key}"] = spread(out[f"by_{key}"])
    out["seconds_by_kind"] = {
        k: round(statistics.median(r["seconds"] for r in rows if r["kind"] == k), 3)
        for k in sorted({r["kind"] for r in rows})
    }
    out["rows"] = rows
    for key in ("set", "kind", "layout", "language"):
        print(f"by {key}:")
        for name, g in out[f"by_{key}"].items():
            print(f"  {name:>14} ({g['docs']:>2}): " + "  ".join(f"{f} {g[f]:.2f}" for f in FIELDS))
    print(f"median seconds by kind: {out['seconds_by_kind']}")
    name = "invoice_quality" if not args.holdout else "invoice_holdout3" if args.generator == 3 else "invoice_holdout"
    print(f"wrote {write_result(name, out)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
