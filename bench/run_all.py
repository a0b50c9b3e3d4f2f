"""Run every benchmark in bench/ at modest sizes, collect their JSON and print one markdown table.

`make bench` runs it inside `python -m devserver exec --base-dir var/bench`, so DATABASE_URL and REDIS_URL
name the servers every script shares. Each script rewrites its own bench/results/<name>.json; the table
names the command that produced each figure.

Usage: python bench/run_all.py [--full] [--only upload,pipeline] [--skip-run]
  --full      each script's own default sizes (the README's figures; tens of minutes)
  --only      a comma-separated subset
  --skip-run  only summarise the JSON already in bench/results
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results"
Rows = list[tuple[str, str]]


@dataclass(frozen=True)
class Bench:
    """A benchmark script, its modest arguments and how its JSON becomes table rows."""

    name: str
    script: str
    modest: tuple[str, ...]
    rows: Callable[[dict], Rows]


def _f(value, digits: int = 2, unit: str = "") -> str:
    return "n/a" if value is None else f"{value:.{digits}f}{unit}"


def _pct(value) -> str:
    return "n/a" if value is None else f"{100 * value:.1f} %"


def ocr_quality_rows(d: dict) -> Rows:
    """Word F1 and totals found per variant, seconds per page."""
    rows = []
    shown = {k: v for k, v in d["variants"].items() if k in ("raw", "default")} or d["variants"]
    for name, v in shown.items():
        rows.append((f"OCR `{name}`: word F1 / total found / date found",
                     f"{_f(v.get('f1'), 3)} / {_pct(v.get('total_found'))} / {_pct(v.get('date_found'))}"))
        rows.append((f"OCR `{name}`: s per page (median, p90)",
                     f"{_f(v.get('s_per_page_median'))} / {_f(v.get('s_per_page_p90'))}"))
    return rows


def engine_rows(d: dict) -> Rows:
    """Cold start, latency, throughput per process layout, memory."""
    rows = [("engine cold start (process → first page read), s", _f(d["cold_start"].get("process_wall_s"))),
            ("engine s per page (median, p90)", f"{_f(d['latency']['median_s'])} / {_f(d['latency']['p90_s'])}"),
            ("engine peak RSS, MB", str(d["latency"].get("peak_rss_mb")))]
    for t in d.get("throughput", []):
        rows.append((f"engine pages/s, {t['procs']} process × {t['threads']} thread", _f(t["pages_per_s"])))
    return rows


def extraction_rows(d: dict) -> Rows:
    """Field accuracy cross-validated by seller, per text source and method: mean ± spread over folds."""
    return [(f"extraction by seller CV, {name} (total / date / vendor / address; review share)",
             " / ".join(f"{_f(r[k]['mean'], 3)} ± {_f(r[k]['sd'], 3)}" for k in ("total", "date", "vendor", "address"))
             + f"; {_pct(r.get('review'))}")
            for name, r in d["results"].items()]


def upload_rows(d: dict) -> Rows:
    """202 latency and uploads/s per endpoint: 1 client, the most clients, and each offered rate."""
    rows = []
    for name, runs in d["runs"].items():
        closed = [r for r in runs if not r.get("offered_per_s")]
        if closed:
            one, top = min(closed, key=lambda r: r["clients"]), max(closed, key=lambda r: r["clients"])
            if one is not top:
                rows.append((f"upload `{name}`, {one['clients']} client: p50 ms", _f(one["p50_ms"], 1)))
            rows.append((f"upload `{name}`, {top['clients']} clients (closed loop): p50 / p99 ms, uploads/s",
                         f"{_f(top['p50_ms'], 1)} / {_f(top['p99_ms'], 1)}, {_f(top['per_s'], 0)}"))
        for r in runs:
            if r.get("offered_per_s"):
                rows.append((f"upload `{name}`, {r['clients']} clients offering {r['offered_per_s']:.0f}/s: "
                             "p50 / p99 ms, uploads/s",
                             f"{_f(r['p50_ms'], 1)} / {_f(r['p99_ms'], 1)}, {_f(r['per_s'], 0)}"))
    return rows


def text_layer_rows(d: dict) -> Rows:
    """Born-digital PDF pages from their text layer vs rendered and OCRed."""
    t = d["text_layer_vs_ocr"]
    return [("PDF page read from its text layer vs OCRed, s per page (median; ratio)",
             f"{_f(t['text_layer']['median_s_per_page'], 3)} vs {_f(t['ocr']['median_s_per_page'])} "
             f"({_f(t['speedup_median'], 0)}×)")]


def text_layer_e2e_rows(d: dict) -> Rows:
    """One born-digital page end to end vs the same page OCRed; real invoices through the API."""
    scores = d.get("real_invoice_scores", {})
    return [("born-digital page vs same page as PNG, upload → completed (median), s",
             f"{_f(d['text_layer']['median_e2e_s'])} vs {_f(d['ocr']['median_e2e_s'])} ({_f(d['ratio_median_e2e'], 1)}×)"),
            ("real invoices through the API: total / date / number / issuer / currency",
             " / ".join(_f(scores.get(k)) for k in ("total", "date", "invoice_number", "issuer", "currency")))]


def invoice_rows(d: dict) -> Rows:
    """Invoice fields right, by set and by source kind."""
    fields = ("total", "date", "invoice_number", "issuer", "currency")
    groups = {**{f"set {k}": v for k, v in d["by_set"].items()}, **{f"kind {k}": v for k, v in d["by_kind"].items()}}
    return [(f"invoice fields, {name} ({g['docs']}): total / date / number / issuer / currency",
             " / ".join(_f(g[f]) for f in fields)) for name, g in groups.items()]


def pipeline_rows(d: dict) -> Rows:
    """Documents/minute, service vs engine, and one receipt's latency."""
    rows = []
    for n, s in d["summary"].items():
        rows.append((f"pipeline docs/min with {n} OCR worker(s): service / engine (ratio, median of {d['repeat']})",
                     f"{_f(s['service_docs_per_min'], 1)} / {_f(s['engine_docs_per_min'], 1)} ({_f(s['ratio'])})"))
    lat = d.get("latency")
    if lat:
        rows.append(("one receipt, upload → `ocr_completed` (median, p90), s",
                     f"{_f(lat['median_e2e_s'])} / {_f(lat['p90_e2e_s'])}"))
    return rows


def notify_rows(d: dict) -> Rows:
    """Commit → socket latency and sockets held, per async mode."""
    rows = []
    for mode, m in d["modes"].items():
        lat, sockets = m.get("latency", {}), m.get("sockets", {})
        rows.append((f"notify `{mode}`: commit → socket p50 / p99 ms",
                     f"{_f(lat.get('p50_ms'))} / {_f(lat.get('p99_ms'))}"))
        if sockets:
            rows.append((f"notify `{mode}`: sockets held, RSS KB per socket, broadcast to all s",
                         f"{sockets.get('sockets_connected')}, {_f(sockets.get('rss_kb_per_socket'), 1)}, "
                         f"{_f(sockets.get('broadcast_all_received_s'))}"))
    return rows


def heartbeat_rows(d: dict) -> Rows:
    """One lease renewal's cost and OCR pages/s with the heartbeat on, relative to off."""
    r, pages = d["renewal"], d["pages_per_s"]
    return [("heartbeat: one lease renewal, wall p50 / p99 ms, CPU p50 ms",
             f"{_f(r['wall_ms_p50'])} / {_f(r['wall_ms_p99'])}, {_f(r['cpu_ms_p50'])}"),
            ("heartbeat: OCR pages/s relative to none, default (20 s) / shortest (0.5 s) interval",
             " / ".join(_f(pages[k]["ratio_to_none"], 3) for k in pages if k != "none"))]


def languages_rows(d: dict) -> Rows:
    """Per-language total / date / vendor, explicit and auto, against the reading before the packs."""
    rows = []
    for lang, s in d["summary"].items():
        e, a, b = s["explicit"], s["auto"], s["before"]
        rows.append((f"languages `{lang}` ({s['docs']} docs): total / date / vendor, explicit; auto; before",
                     f"{_f(e['total'])} / {_f(e['date'])} / {_f(e['vendor'])}; "
                     f"{_f(a['total'])} / {_f(a['date'])} / {_f(a['vendor'])}; "
                     f"{_f(b['total'])} / {_f(b['date'])} / {_f(b['vendor'])}"))
    return rows


BENCHES = (
    Bench("ocr_quality", "ocr_quality.py", ("--limit", "10"), ocr_quality_rows),
    Bench("engine", "engine.py", ("--pages", "10", "--throughput-pages", "10", "--skip-soak"), engine_rows),
    Bench("extraction_quality", "extraction_quality.py", ("--engine", "--folds", "1"), extraction_rows),
    Bench("upload", "upload.py", ("--duration", "5", "--backlog", "20000", "--profile-uploads", "100"), upload_rows),
    Bench("pipeline", "pipeline.py", ("--limit", "10", "--repeat", "1", "--latency-samples", "3"), pipeline_rows),
    Bench("notify", "notify.py", ("--events", "200", "--sockets", "1000"), notify_rows),
    Bench("heartbeat", "heartbeat.py", ("--limit", "6", "--repeat", "3", "--beats", "200"), heartbeat_rows),
    Bench("languages", "languages.py", ("--docs", "1"), languages_rows),
    Bench("engine-text-layer", "engine.py", ("--text-layer", "--rounds", "1"), text_layer_rows),
    Bench("text_layer_e2e", "text_layer_e2e.py", ("--rounds", "2"), text_layer_e2e_rows),
    Bench("invoice_quality", "invoice_quality.py", ("--count", "6"), invoice_rows),
)


def run(bench: Bench, full: bool) -> tuple[str, float, int]:
    """Run one script; return its command line, wall seconds and exit code."""
    args = [sys.executable, str(HERE / bench.script), *(() if full else bench.modest)]
    command = "python bench/" + " ".join([bench.script, *args[2:]])
    print(f"\n== {command}", flush=True)
    start = time.monotonic()
    code = subprocess.run(args, cwd=HERE.parent).returncode
    return command, time.monotonic() - start, code


def table(benches: list[Bench], commands: dict[str, str]) -> str:
    """The markdown table of every benchmark's headline figures."""
    lines = ["| benchmark | figure | value | command |", "|---|---|---|---|"]
    for bench in benches:
        command = commands.get(bench.name, f"python bench/{bench.script}")
        path = RESULTS / f"{bench.name}.json"
        try:
            data = json.loads(path.read_text())
            rows = bench.rows(data)
            cpus = data.get("machine", {}).get("cpus")
        except (OSError, ValueError, KeyError, TypeError) as exc:
            rows, cpus = [("(no result)", f"{exc.__class__.__name__}: {exc}")], None
        for figure, value in rows:
            lines.append(f"| {bench.name} | {figure} | {value} | `{command}`{f' ({cpus} CPUs)' if cpus else ''} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmarks and print the table; exit non-zero if one failed."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--full", action="store_true", help="each script's own default sizes")
    parser.add_argument("--only", help="comma-separated names: " + ",".join(b.name for b in BENCHES))
    parser.add_argument("--skip-run", action="store_true", help="only summarise existing results")
    args = parser.parse_args(argv)
    wanted = set(args.only.split(",")) if args.only else {b.name for b in BENCHES}
    benches = [b for b in BENCHES if b.name in wanted and (HERE / b.script).exists()]
    commands: dict[str, str] = {}
    failed = []
    if not args.skip_run:
        for bench in benches:
            command, seconds, code = run(bench, args.full)
            commands[bench.name] = command
            print(f"== {bench.name}: exit {code} after {seconds:.0f} s", flush=True)
            if code != 0:
                failed.append(bench.name)
    print("\n" + table(benches, commands))
    if failed:
        print(f"\nfailed: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
