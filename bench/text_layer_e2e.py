"""End to end on an idle service: a one-page born-digital PDF (text layer) vs the same page as a PNG (OCR).

A real API process, one OCR worker and one worker for the other queues; the OCR worker reads one page
first so its engine is loaded (an idle, warm service). Then, alternately, the PDF and its 200 dpi
render are uploaded one at a time (`force`: never a cached result) and each is timed from the upload
request to the poll that sees it `completed` (polled every 20 ms), and by its row (created → finished).

Last, each real dev invoice (`../shared/data/invoices-dev`) is uploaded as it is and its fields are scored
against its labels: the fields a user gets through the live API.

Usage: python bench/text_layer_e2e.py [--rounds 5]. Writes bench/results/text_layer_e2e.json.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import requests
from _common import machine, write_result
from _stack import Stack, register

from tests.support.invoices import make_spec, raster, render_pdf

OTHER_QUEUES = "ai_queue,notification_queue,default"


def real_invoices(url: str, headers: dict) -> list[dict[str, Any]]:
    """Upload each dev invoice and score its fields (as bench/invoice_quality.py scores them)."""
    import json

    from invoice_quality import DEV, score

    out = []
    for raw in (DEV / "labels.jsonl").read_text(encoding="utf-8").splitlines():
        label = json.loads(raw)
        row = run_one(url, headers, DEV / label["file"])
        ok = score(row.pop("data"), label)
        out.append({"doc": label["doc_id"], "ok": ok, "e2e_s": round(row["e2e_s"], 3), "engine": row["engine"]})
    return out


def run_one(url: str, headers: dict, path: Path) -> dict[str, Any]:
    """Upload one file and poll its status until it completes; return the timings."""
    start = time.perf_counter()
    r = requests.post(url + "/api/ocr-async/process-async", headers=headers, data={"force": "true"},
                      files={"file": (path.name, path.read_bytes())}, timeout=60)
    assert r.status_code == 202, r.text
    job = r.json()["ocr_result_id"]
    while True:
        body = requests.get(f"{url}/api/ocr-async/status/{job}", headers=headers, timeout=30).json()
        if body["status"] in ("completed", "failed", "cancelled"):
            break
        time.sleep(0.02)
    e2e = time.perf_counter() - start
    assert body["status"] == "completed", body
    return {"e2e_s": e2e, "processing_s": body["processing_time"], "engine": body["engine"]["name"],
            "sources": sorted({b["source"] for b in body["text_blocks"]}), "total": body["extracted_data"]["total_amount"],
            "data": body["extracted_data"]}


def main(argv: list[str] | None = None) -> int:
    """Time both forms of the same page, alternating, and print the medians and their ratio."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args(argv)
    samples: dict[str, list[dict]] = {"text_layer": [], "ocr": []}
    with tempfile.TemporaryDirectory() as tmp, Stack("textlayer", redis_db=11) as stack:
        pdf = render_pdf(make_spec(7, language="en", layout="classic"), Path(tmp) / "invoice.pdf")
        png = Path(tmp) / "invoice.png"
        raster(pdf, 200).save(png)
        _api, url = stack.start_api("api")
        stack.start_worker("ocr", "ocr_queue", concurrency=1)
        stack.start_worker("other", OTHER_QUEUES, concurrency=1)
        headers = {"Authorization": f"Bearer {register(url, 'textlayer')}"}
        run_one(url, headers, png)  # the OCR worker loads its engine
        run_one(url, headers, pdf)
        for _ in range(args.rounds):
            samples["text_layer"].append(run_one(url, headers, pdf))
            samples["ocr"].append(run_one(url, headers, png))
        for rows in samples.values():
            for row in rows:
                row.pop("data")
        real = real_invoices(url, headers)
    out: dict[str, Any] = {"machine": machine(), "rounds": args.rounds, "samples": samples, "real_invoices": real}
    for kind, rows in samples.items():
        out[kind] = {"median_e2e_s": round(statistics.median(r["e2e_s"] for r in rows), 3),
                     "max_e2e_s": round(max(r["e2e_s"] for r in rows), 3),
                     "median_processing_s": round(statistics.median(r["processing_s"] for r in rows), 3),
                     "engine": rows[0]["engine"], "sources": rows[0]["sources"], "total": rows[0]["total"]}
    out["ratio_median_e2e"] = round(out["ocr"]["median_e2e_s"] / out["text_layer"]["median_e2e_s"], 1)
    for kind in samples:
        k = out[kind]
        print(f"{kind:>10}: median {k['median_e2e_s']:.3f} s end to end (max {k['max_e2e_s']:.3f}), "
              f"processing {k['median_processing_s']:.3f} s, engine {k['engine']}, total {k['total']}")
    print(f"OCR / text layer: {out['ratio_median_e2e']}× (median end to end, {args.rounds} rounds, alternating)")
    fields = list(real[0]["ok"])
    out["real_invoice_scores"] = {f: round(sum(r["ok"][f] for r in real) / len(real), 2) for f in fields}
    print(f"real invoices through the API ({len(real)}): {out['real_invoice_scores']}; "
          f"median {statistics.median(r['e2e_s'] for r in real):.2f} s each")
    print(f"wrote {write_result('text_layer_e2e', out)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
