"""Engine speed and memory on the dev receipts (CPU, ONNX Runtime through PaddleOCR).

Measures, each in fresh processes:
- cold start: interpreter start → engine built → first page read;
- seconds per page (median, p90) and peak RSS of one process with one ONNX thread;
- pages/s with two processes × one thread vs one process × two threads;
- RSS growth of one process over many pages (the basis of worker recycling);
- pages/s of born-digital PDFs read from their text layer vs the same PDFs rendered and OCRed
  (`--text-layer`: the dev invoices and generated ones, in one process, side by side).

Usage: python bench/engine.py [--pages 40] [--throughput-pages 40] [--soak-pages 500]
       [--checkpoints 50,500] [--skip-soak] [--text-layer [--rounds 5]]. Writes bench/results/engine.json
       (or engine-text-layer.json).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import multiprocessing as mp
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from _common import ROOT, load_receipts, machine, percentile, write_result

from app.ocr.config import OcrConfig
from app.ocr.pages import open_document
from app.ocr.textlayer import TextLayerLimits


def rss_mb() -> float:
    """Current resident set size of this process in MB."""
    with open("/proc/self/statm") as fh:
        pages = int(fh.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def peak_rss_mb() -> float:
    """Peak resident set size of this process in MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def load_pages(count: int) -> list[Any]:
    """Decode `count` dev receipt pages (cycling through the set) before timing."""
    cfg = OcrConfig()
    receipts = load_receipts()
    return [open_document(receipts[i % len(receipts)].path, cfg).page_image(0) for i in range(count)]


def _build(threads: int) -> Any:
    from app.ocr.engine import build_engine

    return build_engine(dataclasses.replace(OcrConfig(), threads=threads, use_gpu=False))


# ---- children (run in fresh interpreters or forked workers) -------------------------------


def child_cold() -> dict[str, float]:
    """Time import, build and first page in this fresh process."""
    t0 = time.perf_counter()
    page = load_pages(1)[0]
    t1 = time.perf_counter()
    engine = _build(1)
    t2 = time.perf_counter()
    engine.recognize(page)
    t3 = time.perf_counter()
    return {"decode_s": t1 - t0, "build_s": t2 - t1, "first_page_s": t3 - t2, "rss_mb": rss_mb()}


def child_latency(count: int) -> dict[str, Any]:
    """Seconds per page over `count` pages, one thread, after one warm-up page."""
    pages = load_pages(count)
    engine = _build(1)
    engine.recognize(pages[0])
    seconds = []
    for page in pages:
        start = time.perf_counter()
        engine.recognize(page)
        seconds.append(time.perf_counter() - start)
    return {"seconds": seconds, "peak_rss_mb": peak_rss_mb(), "rss_mb": rss_mb()}


def child_soak(count: int, checkpoints: list[int]) -> dict[str, Any]:
    """RSS after each checkpoint of pages read by one process."""
    pages = load_pages(min(count, 40))
    engine = _build(1)
    out = {"after_build": rss_mb()}
    start = time.perf_counter()
    for i in range(1, count + 1):
        engine.recognize(pages[(i - 1) % len(pages)])
        if i in checkpoints:
            out[str(i)] = rss_mb()
            print(f"  soak: {i} pages, RSS {out[str(i)]:.0f} MB, {time.perf_counter() - start:.0f} s",
                  file=sys.stderr, flush=True)
    return {"rss_mb": out, "peak_rss_mb": peak_rss_mb()}


def _throughput_worker(threads: int, pages: list[Any], barrier: Any, queue: Any) -> None:
    engine = _build(threads)
    engine.recognize(pages[0])
    barrier.wait()
    start = time.perf_counter()
    for page in pages:
        engine.recognize(page)
    queue.put(time.perf_counter() - start)


def throughput(procs: int, threads: int, total: int) -> dict[str, float]:
    """Pages/s of `procs` processes × `threads` ONNX threads sharing `total` pages."""
    ctx = mp.get_context("spawn")
    all_pages = load_pages(total)
    barrier, queue = ctx.Barrier(procs + 1), ctx.Queue()
    workers = [ctx.Process(target=_throughput_worker, args=(threads, all_pages[i::procs], barrier, queue))
               for i in range(procs)]
    for w in workers:
        w.start()
    barrier.wait()
    start = time.perf_counter()
    [queue.get() for _ in workers]
    wall = time.perf_counter() - start
    for w in workers:
        w.join()
    return {"procs": procs, "threads": threads, "pages": total, "wall_s": round(wall, 2),
            "pages_per_s": round(total / wall, 3)}


def invoice_pdfs() -> list[Path]:
    """The dev invoices: real born-digital PDFs, read in place."""
    return sorted((ROOT.parent / "shared" / "data" / "invoices-dev" / "files").glob("*.pdf"))


def text_layer_vs_ocr(rounds: int) -> dict[str, Any]:
    """Seconds per page of the same PDFs read from their text layer and rendered + OCRed, alternating."""
    from app.ocr.document import recognize_document

    cfg = OcrConfig(use_gpu=False)
    paths = invoice_pdfs()
    engine = _build(1)
    recognize_document(open_document(paths[0], cfg), engine, text_layer=None)  # warm-up
    timings: dict[str, list[float]] = {"text_layer": [], "ocr": []}
    sources: set[str] = set()
    pages = 0
    for _ in range(rounds):
        for path in paths:
            for mode, limits in (("text_layer", TextLayerLimits()), ("ocr", None)):
                start = time.perf_counter()
                result = recognize_document(open_document(path, cfg), engine, text_layer=limits)
                timings[mode].append((time.perf_counter() - start) / result.page_count)
                if mode == "text_layer":
                    sources |= {p.source or "" for p in result.pages}
                    pages += result.page_count
    out: dict[str, Any] = {"documents": len(paths), "rounds": rounds, "pages_read": pages,
                           "sources_seen": sorted(sources)}
    for mode, secs in timings.items():
        out[mode] = {"median_s_per_page": round(statistics.median(secs), 5),
                     "p90_s_per_page": round(percentile(secs, 90), 5),
                     "pages_per_s": round(1 / statistics.median(secs), 1)}
    out["speedup_median"] = round(out["ocr"]["median_s_per_page"] / out["text_layer"]["median_s_per_page"], 1)
    return out


def run_child(args: list[str], timeout: float = 3600) -> tuple[dict[str, Any], float]:
    """Run this script as a child in a fresh interpreter; return its JSON and wall time."""
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, __file__, "--child", *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=timeout)
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        raise RuntimeError(proc.stderr[-3000:])
    return json.loads(proc.stdout.strip().splitlines()[-1]), wall


def main(argv: list[str] | None = None) -> int:
    """Run every measurement and print a summary."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=40, help="pages for the latency run")
    parser.add_argument("--throughput-pages", type=int, default=40)
    parser.add_argument("--soak-pages", type=int, default=500)
    parser.add_argument("--checkpoints", default="50,500", help="page counts at which RSS is read")
    parser.add_argument("--skip-soak", action="store_true")
    parser.add_argument("--text-layer", action="store_true", help="only the text layer vs OCR comparison")
    parser.add_argument("--rounds", type=int, default=5, help="rounds of the text layer comparison")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        kind, rest = args.child[0], args.child[1:]
        result: dict[str, Any]
        if kind == "cold":
            result = child_cold()
        elif kind == "latency":
            result = child_latency(int(rest[0]))
        else:
            result = child_soak(int(rest[0]), [int(c) for c in rest[1].split(",")])
        print(json.dumps(result))
        return 0

    out: dict[str, Any] = {"machine": machine()}
    if args.text_layer:
        out["text_layer_vs_ocr"] = t = text_layer_vs_ocr(args.rounds)
        print(f"text layer: {t['text_layer']['pages_per_s']} pages/s (median "
              f"{1000 * t['text_layer']['median_s_per_page']:.1f} ms/page); OCR: {t['ocr']['pages_per_s']} pages/s "
              f"(median {t['ocr']['median_s_per_page']:.2f} s/page); {t['speedup_median']}× on "
              f"{t['documents']} PDFs × {t['rounds']} rounds; sources {t['sources_seen']}")
        print(f"wrote {write_result('engine-text-layer', out)}")
        return 0
    cold, wall = run_child(["cold"])
    out["cold_start"] = {**{k: round(v, 3) for k, v in cold.items()}, "process_wall_s": round(wall, 3)}
    print(f"cold start: {wall:.2f} s wall (build {cold['build_s']:.2f} s, "
          f"first page {cold['first_page_s']:.2f} s)")

    lat, _ = run_child(["latency", str(args.pages)])
    secs = lat["seconds"]
    out["latency"] = {"pages": len(secs), "median_s": round(statistics.median(secs), 3),
                      "p90_s": round(percentile(secs, 90), 3), "mean_s": round(statistics.mean(secs), 3),
                      "peak_rss_mb": round(lat["peak_rss_mb"]), "rss_mb": round(lat["rss_mb"])}
    print(f"s/page: median {out['latency']['median_s']:.2f}, p90 {out['latency']['p90_s']:.2f}; "
          f"peak RSS {out['latency']['peak_rss_mb']} MB")

    out["throughput"] = [throughput(2, 1, args.throughput_pages), throughput(1, 2, args.throughput_pages)]
    for t in out["throughput"]:
        print(f"{t['procs']} proc × {t['threads']} thread: {t['pages_per_s']:.2f} pages/s")

    if not args.skip_soak:
        soak, wall = run_child(["soak", str(args.soak_pages), args.checkpoints], timeout=7200)
        rss = {k: round(v) for k, v in soak["rss_mb"].items()}
        out["soak"] = {"pages": args.soak_pages, "wall_s": round(wall),
                       "peak_rss_mb": round(soak["peak_rss_mb"]), "rss_mb": rss}
        print(f"RSS by pages read: {out['soak']['rss_mb']}")
    path = write_result("engine", out)
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    sys.exit(main())
