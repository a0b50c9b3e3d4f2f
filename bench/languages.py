"""Per-language total / date / vendor accuracy with the real engine: rendered documents and real German receipts.

Each rendered document (tests/support/receipts.py: known vendor, total, date; thermal look, noise, blur,
skew) and each of the 17 real German receipts in ../shared/data/receipts-de-dev is read once by PP-OCRv6;
the language's own recogniser re-reads the lines where the registry names one (Vietnamese). Extraction
then runs with the explicit language and with `auto`. Scores: total within 0.01, date equal, vendor
equal after folding (rendered) or containing the merchant's name (real), address equal in its letters and
digits (rendered only: the real receipts have no address label), and how often `auto` picked
the right language; `before` is the same PP-OCRv6 text read as every job was read before the packs
(`language=en`, the old default, without the Vietnamese recogniser).

Usage: python bench/languages.py [--docs 4] [--langs en,pl,...] [--vi-reader asterocr|tesseract-vie]
       [--no-real] [--hard] [--holdout [--seed 7] [--generator 2|3]]
`--holdout` reads the receipts of bench/_holdout_docs.py instead: a second generator, written apart from the
language packs and from tests/support/receipts.py, with its own layouts per country (a held-out set: no rule
is tuned on it). `--generator 3` reads those of bench/_holdout3_docs.py, a third one written apart from all
of these, with photographed pages. Writes bench/results/languages.json (languages_hard.json with --hard,
languages_holdout.json with --holdout, languages_holdout3.json with --generator 3).
"""

from __future__ import annotations

import argparse
import importlib
import json
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import _holdout_docs  # noqa: E402
import numpy as np  # noqa: E402
from _common import ROOT, machine, write_result  # noqa: E402

from app.extraction import ExtractionOptions, extract  # noqa: E402
from app.extraction.languages import detect  # noqa: E402
from app.extraction.languages.text import simplify  # noqa: E402
from app.ocr import recognisers  # noqa: E402
from app.ocr.config import OcrConfig  # noqa: E402
from app.ocr.engine import build_engine  # noqa: E402
from app.ocr.pages import open_document  # noqa: E402
from tests.support.receipts import LANGUAGES, look_for, make_document, render  # noqa: E402

DE_DIR = ROOT.parent / "shared" / "data" / "receipts-de-dev"


class Fixed:
    """An engine that hands back blocks already read (so `auto` and explicit share one OCR pass)."""

    def __init__(self, blocks: list, info: Any) -> None:
        self.blocks, self.info = blocks, info

    def recognize(self, _page: Any) -> list:
        """Return the stored blocks."""
        return self.blocks


def read(base: list, info: Any, page: Any, language: str) -> list:
    """Finish reading a page as a job with `language` would: PP-OCRv6's blocks, then the language's recogniser."""
    wrapped = recognisers.LanguageEngine(Fixed(base, info), language, lambda t: detect(t)[0])
    return wrapped.recognize(page)


def _vendor_ok(got: str | None, want: str, real: bool) -> bool:
    g = simplify(got or "", accents=False)
    if real:
        return want.replace("-", "") in g.replace(" ", "")
    return g == simplify(want, accents=False)


def _address_ok(got: str | None, want: str | None) -> bool | None:
    """The address printed, letters and digits alike (None where the truth has none: the real receipts)."""
    if want is None:
        return None
    return _alnum(got or "") == _alnum(want)


def _alnum(text: str) -> str:
    return "".join(c for c in simplify(text, accents=False) if c.isalnum())


def score(blocks: list, truth: dict, language: str, real: bool) -> dict:
    """Extract with `language` and compare with the truth."""
    data = extract(blocks, ExtractionOptions(language=language)).to_dict()
    total = data["total_amount"]
    return {"total": total is not None and abs(total - float(truth["total"])) < 0.011,
            "date": data["date"] == truth["date"], "vendor": _vendor_ok(data["vendor"], truth["vendor"], real),
            "address": _address_ok(data["address"], truth.get("address")),
            "language": data["language"]["code"], "got": {"total": total, "date": data["date"],
                                                          "vendor": data["vendor"], "address": data["address"]}}


def documents(langs: list[str], n: int, hard: bool = False) -> list[tuple[str, Any, dict, bool]]:
    """Yield (language, page, truth, real) for rendered documents and the German dev receipts."""
    out = []
    for lang in langs:
        for seed in range(n):
            kind = "invoice" if seed % 4 == 3 else "receipt"
            doc = make_document(lang, 1000 + seed, kind)
            truth = {**doc.truth(), "accented": sorted({w for a, b in doc.lines for w in f"{a} {b}".split()
                                                        if any(c.isalpha() and not c.isascii() for c in w)})}
            out.append((lang, np.asarray(render(doc, look_for(lang, seed, hard), seed)), truth, False))
    return out


def real_german() -> list[tuple[str, Any, dict, bool]]:
    """Return the German dev receipts with their labels."""
    out = []
    for line in (DE_DIR / "labels.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            r = json.loads(line)
            page = open_document(str(DE_DIR / r["file"]), OcrConfig()).page_image(0)
            truth = {"total": r["total"], "date": r["date"], "vendor": r["merchant_slug"]}
            out.append(("de-real", page, truth, True))
    return out


def main() -> None:
    """Run every document through OCR and extraction; print and write per-language figures."""
    p = argparse.ArgumentParser()
    p.add_argument("--docs", type=int, default=4)
    p.add_argument("--langs", default=",".join(LANGUAGES))
    p.add_argument("--vi-reader", default=recognisers.BY_LANGUAGE["vi"])
    p.add_argument("--no-real", action="store_true")
    p.add_argument("--hard", action="store_true", help="render as poor phone photos (small, blurred, skewed, JPEG)")
    p.add_argument("--holdout", action="store_true", help="the held-out receipts of bench/_holdout_docs.py")
    p.add_argument("--seed", type=int, default=7, help="the held-out set's seed")
    p.add_argument("--generator", type=int, choices=(2, 3), default=2, help="which held-out generator")
    args = p.parse_args()
    recognisers.BY_LANGUAGE["vi"] = args.vi_reader
    engine = build_engine(OcrConfig(use_gpu=False))
    langs = args.langs.split(",")
    if args.holdout:
        held: Any = importlib.import_module("_holdout3_docs") if args.generator == 3 else _holdout_docs
        docs = held.holdout_documents([lang for lang in langs if lang in held.LANGUAGES], args.docs, args.seed)
    else:
        docs = documents(langs, args.docs, args.hard) + ([] if args.no_real else real_german())
    rows: dict[str, list[dict]] = {}
    seconds = []
    for lang, page, truth, real in docs:
        explicit = "de" if real else lang
        t0 = time.perf_counter()
        base = engine.recognize(page)
        blocks = read(base, engine.info, page, explicit)
        auto_blocks = read(base, engine.info, page, "auto")
        seconds.append(time.perf_counter() - t0)
        rows.setdefault(lang, []).append({"explicit": score(blocks, truth, explicit, real),
                                          "auto": score(auto_blocks, truth, "auto", real),
                                          "before": score(base, truth, "en", real),
                                          "accented": _accented(blocks, truth.get("accented", [])),
                                          "wanted": explicit, "truth": truth})
    summary = {lang: _summary(items) for lang, items in rows.items()}
    for lang, s in summary.items():
        print(lang, s, flush=True)
    write_result(("languages_holdout3" if args.generator == 3 else "languages_holdout") if args.holdout else "languages_hard" if args.hard else "languages",
                 {"machine": machine(), "vi_reader": args.vi_reader, "docs_per_language": args.docs,
                               "seconds_per_doc_median": round(statistics.median(seconds), 2), "summary": summary,
                               "misses": _misses(rows)})


def _accented(blocks: list, wanted: list[str]) -> tuple[int, int]:
    """Count the document's words with accents or tone marks that the recognised text holds exactly."""
    got = {w for b in blocks for w in b.text.split()}
    return sum(w in got for w in wanted), len(wanted)


def _misses(rows: dict[str, list[dict]]) -> list[dict]:
    """List what was read wrong on the rendered documents, for a look by eye (no labels of the real ones)."""
    out = []
    for lang, items in rows.items():
        for i in items:
            if lang.endswith("-real"):
                continue
            for mode in ("explicit", "auto"):
                wrong = [k for k in ("total", "date", "vendor", "address") if i[mode][k] is False]
                if wrong:
                    out.append({"lang": lang, "mode": mode, "wrong": wrong, "got": i[mode]["got"],
                                "truth": i["truth"]})
    return out


def _summary(items: list[dict]) -> dict:
    def rate(mode: str, key: str) -> float | None:
        scored = [i[mode][key] for i in items if i[mode][key] is not None]
        return round(sum(scored) / len(scored), 3) if scored else None

    out: dict[str, Any] = {"docs": len(items)}
    for mode in ("explicit", "auto", "before"):
        out[mode] = {k: rate(mode, k) for k in ("total", "date", "vendor", "address")}
    found, wanted = (sum(i["accented"][k] for i in items) for k in (0, 1))
    out["accented_words_read"] = round(found / wanted, 3) if wanted else None
    out["auto_right_language"] = round(sum(i["auto"]["language"] == i["wanted"] for i in items) / len(items), 3)
    return out


if __name__ == "__main__":
    main()
