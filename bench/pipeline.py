"""End-to-end: one receipt's latency (upload → `ocr_completed` on a socket) and documents/minute with N = 1
and N = 2 OCR worker processes (`-c 1` each), against the raw engine reading the same receipts in a loop.

In the same run, interleaved (engine N=1, service N=1, engine N=2, service N=2):
- engine: `open_document` + `recognize_document` per receipt in N fresh processes (one ONNX thread each,
  the worker's own `OcrConfig`), after one warm-up page; documents/minute over the wall time;
- service: a real API process (gevent), N `ocr_queue` workers, one worker for the other queues and beat,
  on real PostgreSQL and Redis; the receipts go in one bulk upload (`force=true`) and the clock stops at
  the last `ocr_completed` event received by a Socket.IO client; latency is measured one receipt at a time
  on the idle service. The ratio service / engine is the service's overhead (goal ≥ 0.95).

Usage: python bench/pipeline.py [--limit 40] [--latency-samples 5] [--workers 1,2]
Writes bench/results/pipeline.json. Uses DATABASE_URL / REDIS_URL when set, else embedded servers.
"""

from __future__ import annotations

import argparse
import io
import multiprocessing as mp
import os
import statistics
import sys
import threading
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import load_receipts, machine, percentile, write_result  # noqa: E402

THRESHOLD = 0.7  # the upload default (OCR_CONFIDENCE_THRESHOLD)
OTHER_QUEUES = "ai_queue,notification_queue,default"


# ---- the raw engine -------------------------------------------------------------------------------


def worker_ocr_config():
    """The `OcrConfig` an OCR worker builds from the app's settings."""
    from app import create_app
    from app.jobs.ocr_runner import ocr_config

    app = create_app("development", SOCKETIO_ASYNC_MODE="threading", USE_GPU_OCR=False)
    with app.app_context():
        return ocr_config()


def _engine_process(paths: list[str], barrier, queue) -> None:
    from app.ocr.document import recognize_document
    from app.ocr.engine import build_engine
    from app.ocr.pages import open_document

    cfg = worker_ocr_config()
    engine = build_engine(cfg)
    recognize_document(open_document(paths[0], cfg), engine, confidence_threshold=THRESHOLD)  # warm-up
    barrier.wait()
    seconds = {}
    for path in paths:
        start = time.perf_counter()
        recognize_document(open_document(path, cfg), engine, confidence_threshold=THRESHOLD)
        seconds[Path(path).name] = time.perf_counter() - start
    queue.put(seconds)


def engine_run(paths: list[Path], procs: int) -> dict:
    """Documents/minute of `procs` engine processes sharing the receipts."""
    ctx = mp.get_context("spawn")
    barrier, queue = ctx.Barrier(procs + 1), ctx.Queue()
    workers = [ctx.Process(target=_engine_process, args=([str(p) for p in paths[i::procs]], barrier, queue))
               for i in range(procs)]
    for w in workers:
        w.start()
    barrier.wait()
    start = time.perf_counter()
    seconds: dict[str, float] = {}
    for _ in workers:
        seconds |= queue.get()
    wall = time.perf_counter() - start
    for w in workers:
        w.join()
    per_doc = list(seconds.values())
    return {"procs": procs, "docs": len(paths), "wall_s": round(wall, 2),
            "docs_per_min": round(60 * len(paths) / wall, 1),
            "median_doc_s": round(statistics.median(per_doc), 3), "per_doc_s": {k: round(v, 3) for k, v in seconds.items()}}


# ---- the service ----------------------------------------------------------------------------------


class Listener:
    """A Socket.IO client that records when each job's terminal event arrives."""

    def __init__(self, url: str, token: str) -> None:
        import socketio

        self.done: dict[int, tuple[str, float]] = {}
        self._cond = threading.Condition()
        self.sio = socketio.Client(reconnection=True)
        for kind in ("ocr_completed", "ocr_failed", "ocr_cancelled"):
            self.sio.on(kind, self._handler(kind))
        self.sio.connect(url, auth={"token": token}, transports=["websocket"], wait_timeout=10)

    def _handler(self, kind: str):
        def handle(payload: dict) -> None:
            now = time.perf_counter()
            job = int(payload["data"]["ocr_result_id"])
            with self._cond:
                self.done.setdefault(job, (kind, now))
                self._cond.notify_all()
        return handle

    def wait(self, jobs: list[int], timeout: float) -> dict[int, tuple[str, float]]:
        """Block until every job has a terminal event."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while not all(j in self.done for j in jobs):
                left = deadline - time.monotonic()
                if left <= 0:
                    missing = [j for j in jobs if j not in self.done]
                    raise TimeoutError(f"{len(missing)} job(s) never finished: {missing[:5]}")
                self._cond.wait(left)
            return {j: self.done[j] for j in jobs}

    def close(self) -> None:
        """Disconnect."""
        self.sio.disconnect()


class Client:
    """One user of the live API: uploads and a socket listening for its events."""

    def __init__(self, url: str) -> None:
        import requests
        from _stack import register

        self.url, self.http = url, requests.Session()
        self.token = register(url, "pipeline")
        self.http.headers["Authorization"] = f"Bearer {self.token}"
        self.listener = Listener(url, self.token)

    def upload(self, path: Path) -> int:
        """Upload one receipt (force: never a cached result); return its job id."""
        r = self.http.post(self.url + "/api/ocr-async/process-async", data={"force": "true"},
                           files={"file": (path.name, path.read_bytes())}, timeout=60)
        assert r.status_code == 202, r.text
        return r.json()["ocr_result_id"]

    def bulk(self, paths: list[Path]) -> list[int]:
        """Upload receipts in one bulk request; return the job ids."""
        files = [("files", (p.name, io.BytesIO(p.read_bytes()))) for p in paths]
        r = self.http.post(self.url + "/api/ocr-async/process-bulk", data={"force": "true"}, files=files, timeout=120)
        assert r.status_code == 202 and not r.json()["rejected"], r.text
        return [a["ocr_result_id"] for a in r.json()["accepted"]]


def job_times(stack, ids: list[int]) -> dict[int, dict]:
    """Read each job's row timings from PostgreSQL."""
    import psycopg2

    conn = psycopg2.connect(stack.database_url)
    with conn, conn.cursor() as cur:
        cur.execute("SELECT id, original_filename, status, processing_time, "
                    "extract(epoch FROM started_at - created_at), extract(epoch FROM finished_at - created_at) "
                    "FROM ocr_results WHERE id = ANY(%s)", (ids,))
        rows = {r[0]: {"file": r[1], "status": r[2], "processing_s": r[3], "wait_s": float(r[4] or 0),
                       "total_s": float(r[5] or 0)} for r in cur.fetchall()}
    conn.close()
    return rows


def start_ocr_workers(stack, count: int) -> list:
    """Start `count` OCR workers (`-c 1` each); each reads one page before it is timed."""
    return [stack.start_worker(f"ocr{i}", "ocr_queue", concurrency=1) for i in range(count)]


def warm_up(client: Client, paths: list[Path], workers: int) -> None:
    """Send two receipts per worker so every worker process has built its engine."""
    ids = [client.upload(paths[i % len(paths)]) for i in range(2 * workers)]
    client.listener.wait(ids, timeout=300)


def service_run(stack, client: Client, paths: list[Path], workers: int) -> dict:
    """Documents/minute of the service with `workers` OCR workers: one bulk upload to the last event."""
    start = time.perf_counter()
    ids = client.bulk(paths)
    accepted = time.perf_counter()
    done = client.listener.wait(ids, timeout=60 * len(paths))
    wall = max(t for _, t in done.values()) - start
    rows = job_times(stack, ids)
    failed = [rows[j]["file"] for j in ids if done[j][0] != "ocr_completed"]
    processing = [r["processing_s"] for r in rows.values() if r["processing_s"] is not None]
    return {"workers": workers, "docs": len(paths), "failed": failed, "wall_s": round(wall, 2),
            "bulk_upload_s": round(accepted - start, 2), "docs_per_min": round(60 * len(paths) / wall, 1),
            "median_processing_s": round(statistics.median(processing), 3),
            "median_wait_s": round(statistics.median(r["wait_s"] for r in rows.values()), 2)}


def latency_run(stack, client: Client, paths: list[Path]) -> dict:
    """Upload receipts one at a time on the idle service; time each to its `ocr_completed` event."""
    samples = []
    for path in paths:
        start = time.perf_counter()
        job = client.upload(path)
        accepted = time.perf_counter()
        kind, at = client.listener.wait([job], timeout=300)[job]
        row = job_times(stack, [job])[job]
        samples.append({"file": path.name, "status": kind, "e2e_s": at - start, "accept_ms": 1000 * (accepted - start),
                        "processing_s": row["processing_s"], "wait_s": row["wait_s"], "db_total_s": row["total_s"]})
    e2e = [s["e2e_s"] for s in samples]
    return {"samples": samples, "median_e2e_s": round(statistics.median(e2e), 3),
            "p90_e2e_s": round(percentile(e2e, 90), 3),
            "median_accept_ms": round(statistics.median(s["accept_ms"] for s in samples), 1),
            "median_wait_s": round(statistics.median(s["wait_s"] for s in samples), 3),
            "median_processing_s": round(statistics.median(s["processing_s"] or 0 for s in samples), 3)}


# ---- main ------------------------------------------------------------------------------------------


def run(args) -> dict:
    """Interleave engine and service runs for each worker count; measure latency on the idle service."""
    from _stack import Stack, stop

    paths = [r.path for r in load_receipts(args.limit)]
    out: dict[str, Any] = {"machine": machine(), "docs": len(paths), "load_before": os.getloadavg(),
                           "engine": {}, "service": {}}
    with Stack("pipeline", redis_db=12) as stack:
        api, url = stack.start_api("api")
        stack.start_worker("other", OTHER_QUEUES, concurrency=1)
        stack.start_beat()
        client = Client(url)
        for n in args.workers:
            out["engine"][str(n)] = engine_run(paths, n)
            print(f"engine  N={n}: {out['engine'][str(n)]['docs_per_min']:6.1f} docs/min", flush=True)
            ocr = start_ocr_workers(stack, n)
            warm_up(client, paths, n)
            if n == args.workers[0] and args.latency_samples:
                out["latency"] = latency_run(stack, client, paths[: args.latency_samples])
                out["latency"]["workers"] = n
                print(f"latency N={n}: median {out['latency']['median_e2e_s']:.2f} s upload → ocr_completed", flush=True)
            out["service"][str(n)] = service_run(stack, client, paths, n)
            print(f"service N={n}: {out['service'][str(n)]['docs_per_min']:6.1f} docs/min", flush=True)
            for proc in ocr:
                stop(proc)
                stack.procs.remove(proc)
        client.listener.close()
        stop(api)
    out["load_after"] = os.getloadavg()
    return out


def summarise(out: dict) -> None:
    """Add ratios and engine-vs-service latency; print the table."""
    print("\n| workers | engine docs/min | service docs/min | service / engine | median processing_time s "
          "| engine median s/doc |")
    print("|---|---|---|---|---|---|")
    out["ratio"] = {}
    for n, svc in out["service"].items():
        eng = out["engine"][n]
        out["ratio"][n] = round(svc["docs_per_min"] / eng["docs_per_min"], 3)
        print(f"| {n} | {eng['docs_per_min']:.1f} | {svc['docs_per_min']:.1f} | {out['ratio'][n]:.2f} | "
              f"{svc['median_processing_s']:.2f} | {eng['median_doc_s']:.2f} |")
    lat = out.get("latency")
    if lat:
        engine_s = out["engine"][str(lat["workers"])]["per_doc_s"]
        overhead = [s["e2e_s"] - engine_s[s["file"]] for s in lat["samples"] if s["file"] in engine_s]
        lat["median_overhead_s"] = round(statistics.median(overhead), 3) if overhead else None
        print(f"\nOne receipt, upload → ocr_completed event (N={lat['workers']}, idle): median {lat['median_e2e_s']:.2f} s "
              f"(p90 {lat['p90_e2e_s']:.2f}); 202 in {lat['median_accept_ms']:.0f} ms, queue wait "
              f"{lat['median_wait_s']:.2f} s, OCR step {lat['median_processing_s']:.2f} s; "
              f"over the engine alone on the same file: {lat['median_overhead_s']} s")


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and write bench/results/pipeline.json."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--limit", type=int, default=40, help="dev receipts to use")
    parser.add_argument("--latency-samples", type=int, default=5)
    parser.add_argument("--workers", default="1,2", help="OCR worker counts, e.g. 1,2")
    args = parser.parse_args(argv)
    args.workers = [int(n) for n in args.workers.split(",")]
    out = run(args)
    summarise(out)
    path = write_result("pipeline", out)
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
