"""One user's bulk upload of single receipts on one OCR worker with 2 processes: this checkout against a baseline.

The fairness cap decides how many of a lone user's jobs are in OCR at once. Each run starts a fresh API,
OCR worker (`-c 2`, `ocr_queue`), extraction worker and beat from one checkout, on one PostgreSQL and
Redis; two other users' receipts warm both OCR processes up; then one user uploads `--limit` dev receipts
in one bulk request (`force=true`, `extract_format=text`). The clock runs from the upload to the last
job's `finished_at`. Checkouts alternate (baseline, this, baseline, this, ...); medians and the per-pair
ratios this / baseline are printed. `peak_in_ocr` is the most of the timed jobs seen in an OCR stage at
once (the database sampled every 50 ms).

With `--late-user`: another user uploads one receipt 1 s after the bulk, and its wait to start and its time
beyond its own processing are recorded too (what a lone user's full slots cost the next user).

Usage: python bench/fairness.py --baseline [NAME=]PATH [--baseline ...] [--limit 12] [--repeat 3] [--late-user]
  PATH: another checkout (e.g. `git worktree add --detach /tmp/base main`, with `var/models` linked); several
  baselines alternate with this checkout in the order given.
Writes bench/results/fairness.json. Uses DATABASE_URL / REDIS_URL when set, else embedded servers.
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import ROOT, load_receipts, machine, write_result  # noqa: E402

OTHER_QUEUES = "ai_queue,notification_queue,default"
IN_OCR = ("SELECT count(*) FROM ocr_results WHERE id = ANY(%s) AND status = 'processing' "
          "AND stage IN ('preprocessing', 'ocr')")


class User:
    """One user of the live API (registered once per stack: registration is limited per address)."""

    tokens: dict[str, str] = {}

    def __init__(self, url: str, prefix: str) -> None:
        import requests
        from _stack import register

        if prefix not in self.tokens:
            self.tokens[prefix] = register(url, prefix)
        self.url, self.http = url, requests.Session()
        self.http.headers["Authorization"] = f"Bearer {self.tokens[prefix]}"

    def bulk(self, paths: list[Path]) -> list[int]:
        """Upload receipts in one bulk request; return the job ids."""
        files = [("files", (p.name, io.BytesIO(p.read_bytes()))) for p in paths]
        r = self.http.post(self.url + "/api/ocr-async/process-bulk", files=files, timeout=120,
                           data={"force": "true", "extract_format": "text"})
        assert r.status_code == 202 and not r.json()["rejected"], r.text
        return [a["ocr_result_id"] for a in r.json()["accepted"]]


def _wait(conn, ids: list[int], timeout: float) -> int:
    """Wait until every job is terminal; return the most jobs seen in an OCR stage at once."""
    peak, deadline = 0, time.monotonic() + timeout
    with conn.cursor() as cur:
        while time.monotonic() < deadline:
            cur.execute(IN_OCR, (ids,))
            peak = max(peak, cur.fetchone()[0])
            cur.execute("SELECT count(*) FROM ocr_results WHERE id = ANY(%s) AND status IN "
                        "('completed', 'failed', 'cancelled')", (ids,))
            if cur.fetchone()[0] == len(ids):
                return peak
            time.sleep(0.05)
    raise TimeoutError(f"jobs {ids[:3]}... did not finish")


def _timings(conn, ids: list[int]) -> dict:
    with conn.cursor() as cur:
        cur.execute("SELECT extract(epoch FROM max(finished_at) - min(created_at)), sum(processing_time), "
                    "count(*) FILTER (WHERE status <> 'completed') FROM ocr_results WHERE id = ANY(%s)", (ids,))
        wall, busy, failed = cur.fetchone()
    return {"wall_s": round(float(wall), 2), "failed": failed, "busy_share": round(float(busy) / (2 * float(wall)), 3)}


def _late(conn, job: int) -> dict:
    with conn.cursor() as cur:
        cur.execute("SELECT extract(epoch FROM started_at - created_at), "
                    "extract(epoch FROM finished_at - created_at) - processing_time FROM ocr_results WHERE id = %s",
                    (job,))
        waited, beyond = cur.fetchone()
    return {"late_wait_s": round(float(waited), 2), "late_beyond_own_s": round(float(beyond), 2)}


def one_run(stack, checkout: Path, paths: list[Path], late_user: bool = False) -> dict:
    """Start the services of `checkout`, warm both OCR processes, then time one user's bulk upload."""
    import psycopg2
    from _stack import stop

    api, url = stack.start_api("api", cwd=checkout)
    procs = [api, stack.start_worker("ocr", "ocr_queue", concurrency=2, cwd=checkout),
             stack.start_worker("other", OTHER_QUEUES, concurrency=1, cwd=checkout), stack.start_beat(cwd=checkout)]
    conn = psycopg2.connect(stack.database_url)
    conn.autocommit = True
    try:
        warm = User(url, "warm-a").bulk(paths[:1]) + User(url, "warm-b").bulk(paths[1:2])
        _wait(conn, warm, 300)
        ids = User(url, "bulk").bulk(paths)
        late = []
        if late_user:
            time.sleep(1)
            late = User(url, "late").bulk(paths[-1:])
        peak = _wait(conn, ids + late, 60 * len(paths))
        result = _timings(conn, ids) | {"peak_in_ocr": peak} | (_late(conn, late[0]) if late else {})
        result["docs_per_min"] = round(60 * len(paths) / result["wall_s"], 1)
        return result
    finally:
        conn.close()
        for proc in reversed(procs):
            stop(proc)
            stack.procs.remove(proc)


def run(args) -> dict:
    """Alternate baseline and this checkout `repeat` times."""
    from _stack import Stack

    paths = [r.path for r in load_receipts(args.limit)]
    checkouts = dict(_named(b) for b in args.baseline) | {"this": ROOT}
    out: dict[str, Any] = {"machine": machine(), "docs": len(paths), "ocr_processes": 2, "repeat": args.repeat,
                           "checkouts": {k: str(v) for k, v in checkouts.items()},
                           "runs": {k: [] for k in checkouts}}
    with Stack("fairness", redis_db=13) as stack:
        for _ in range(args.repeat):
            for name, checkout in checkouts.items():
                result = one_run(stack, checkout, paths, args.late_user)
                out["runs"][name].append(result)
                late = (f", late user waited {result['late_wait_s']:.1f} s, {result['late_beyond_own_s']:.1f} s "
                        "beyond its own" if args.late_user else "")
                print(f"{name:10s}: {result['docs_per_min']:6.1f} docs/min, {result['wall_s']:6.1f} s, "
                      f"peak {result['peak_in_ocr']} in OCR, busy {result['busy_share']:.2f}{late}", flush=True)
    out["median_docs_per_min"] = {k: statistics.median(r["docs_per_min"] for r in v) for k, v in out["runs"].items()}
    if args.late_user:
        out["median_late_wait_s"] = {k: statistics.median(r["late_wait_s"] for r in v) for k, v in out["runs"].items()}
        print(f"late user's wait to start, medians {out['median_late_wait_s']}")
    for name in [k for k in checkouts if k != "this"]:
        pairs = [b["docs_per_min"] / a["docs_per_min"]
                 for a, b in zip(out["runs"][name], out["runs"]["this"], strict=True)]
        out[f"ratio_this_over_{name}"] = {"median": round(statistics.median(pairs), 3),
                                          "pairs": [round(p, 3) for p in pairs]}
        print(f"docs/min this / {name}: median {statistics.median(pairs):.3f} "
              f"({', '.join(f'{p:.3f}' for p in pairs)})")
    print(f"docs/min medians {out['median_docs_per_min']}")
    return out


def _named(spec: str) -> tuple[str, Path]:
    name, _, path = spec.rpartition("=")
    return name or "baseline", Path(path).resolve()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--baseline", action="append", required=True,
                        help="[NAME=]PATH of a checkout to compare against (repeatable)")
    parser.add_argument("--limit", type=int, default=12, help="dev receipts in the bulk upload")
    parser.add_argument("--repeat", type=int, default=3, help="baseline/this pairs")
    parser.add_argument("--late-user", action="store_true", help="another user's receipt 1 s after the bulk")
    args = parser.parse_args(argv)
    write_result("fairness-late" if args.late_user else "fairness", run(args))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
