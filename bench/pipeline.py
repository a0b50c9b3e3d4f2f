"""End-to-end: one receipt's latency (upload → `ocr_completed` on a socket) and documents/minute with N = 1
and N = 2 OCR worker processes (`-c 1` each), against the raw engine reading the same receipts in a loop.

In the same run, interleaved `--repeat` times per N (engine, service, engine, service, …):
- engine: `open_document` + `recognize_document` per receipt in N fresh processes (one ONNX thread each,
  the worker's own `OcrConfig`), after one warm-up page; documents/minute over the wall time;
- service: a real API process (gevent), N `ocr_queue` workers, one worker for the other queues and beat,
  on real PostgreSQL and Redis; the receipts go in one bulk upload (`force=true`) and the clock stops at
  the last `ocr_completed` event received by a Socket.IO client; latency is measured one receipt at a time
  on the idle service. The ratio service / engine is the service's overhead (goal ≥ 0.95).

With `--compare-nice 0,10`: only the service with N OCR workers, alternating their `OCR_WORKER_NICE`
(fresh workers each run), to show what the OCR workers' lower CPU priority costs their throughput;
writes bench/results/pipeline-nice.json.

Usage: python bench/pipeline.py [--limit 40] [--repeat 3] [--latency-samples 5] [--workers 1,2] [--inflight N]
                                [--compare-nice 0,10]
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
    seconds, cpu = {}, time.process_time()
    for path in paths:
        start = time.perf_counter()
        recognize_document(open_document(path, cfg), engine, confidence_threshold=THRESHOLD)
        seconds[Path(path).name] = time.perf_counter() - start
    queue.put((seconds, time.process_time() - cpu))


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
    cpu = 0.0
    for _ in workers:
        done, used = queue.get()
        seconds |= done
        cpu += used
    wall = time.perf_counter() - start
    for w in workers:
        w.join()
    per_doc = list(seconds.values())
    return {"procs": procs, "docs": len(paths), "wall_s": round(wall, 2),
            "busy_share": round(sum(per_doc) / (wall * procs), 3), "cpu_s_per_doc": round(cpu / len(paths), 3),
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
        self.sio.on("notification", self._handle)
        self.sio.connect(url, auth={"token": token}, transports=["websocket"], wait_timeout=10)

    def _handle(self, payload: dict) -> None:
        kind = payload.get("type")
        if kind not in ("ocr_completed", "ocr_failed", "ocr_cancelled"):
            return
        now = time.perf_counter()
        job = int(payload["data"]["ocr_result_id"])
        with self._cond:
            self.done.setdefault(job, (kind, now))
            self._cond.notify_all()

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


def start_ocr_workers(stack, count: int, **env: str) -> list:
    """Start `count` OCR workers (`-c 1` each); each reads one page before it is timed."""
    return [stack.start_worker(f"ocr{i}", "ocr_queue", concurrency=1, **env) for i in range(count)]


def warm_up(client: Client, paths: list[Path], workers: int) -> None:
    """Send two receipts per worker so every worker process has built its engine."""
    ids = [client.upload(paths[i % len(paths)]) for i in range(2 * workers)]
    client.listener.wait(ids, timeout=300)


def service_run(stack, client: Client, paths: list[Path], workers: int, groups: dict[str, list]) -> dict:
    """Documents/minute of the service with `workers` OCR workers: one bulk upload to the last event.

    `groups` names the service's processes (OCR workers, the rest, PostgreSQL + Redis): their CPU seconds
    per document are what the wall-clock figures cannot hide on a shared machine.
    """
    from _stack import cpu_seconds

    cpu_before = {name: sum(cpu_seconds(p) for p in procs) for name, procs in groups.items()}
    start = time.perf_counter()
    ids = client.bulk(paths)
    accepted = time.perf_counter()
    done = client.listener.wait(ids, timeout=60 * len(paths))
    wall = max(t for _, t in done.values()) - start
    cpu = {name: round((sum(cpu_seconds(p) for p in procs) - cpu_before[name]) / len(paths), 3)
           for name, procs in groups.items()}
    rows = job_times(stack, ids)
    failed = [rows[j]["file"] for j in ids if done[j][0] != "ocr_completed"]
    processing = [r["processing_s"] for r in rows.values() if r["processing_s"] is not None]
    return {"workers": workers, "docs": len(paths), "failed": failed, "wall_s": round(wall, 2),
            "bulk_upload_s": round(accepted - start, 2), "docs_per_min": round(60 * len(paths) / wall, 1),
            "median_processing_s": round(statistics.median(processing), 3),
            "busy_share": round(sum(processing) / (wall * workers), 3), "cpu_s_per_doc": cpu,
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
    """For each worker count: warm the workers, then alternate engine and service runs `repeat` times."""
    from _stack import Stack, stop, store_processes

    paths = [r.path for r in load_receipts(args.limit)]
    out: dict[str, Any] = {"machine": machine(), "docs": len(paths), "inflight_per_user": args.inflight or 8,
                           "repeat": args.repeat, "engine": {}, "service": {}}
    with Stack("pipeline", redis_db=12) as stack:
        env = {"OCR_MAX_INFLIGHT_PER_USER": str(args.inflight)} if args.inflight else {}
        api, url = stack.start_api("api", **env)
        rest = [api, stack.start_worker("other", OTHER_QUEUES, concurrency=1, **env), stack.start_beat(**env)]
        client = Client(url)
        stores = store_processes(stack)
        for n in args.workers:
            ocr = start_ocr_workers(stack, n)
            warm_up(client, paths, n)
            if n == args.workers[0] and args.latency_samples:
                out["latency"] = latency_run(stack, client, paths[: args.latency_samples])
                out["latency"]["workers"] = n
                print(f"latency N={n}: median {out['latency']['median_e2e_s']:.2f} s upload → ocr_completed", flush=True)
            engine, service = out["engine"].setdefault(str(n), []), out["service"].setdefault(str(n), [])
            groups = {"ocr_workers": _processes(ocr), "api_other_worker_beat": _processes(rest), "postgres_redis": stores}
            for _ in range(args.repeat):
                engine.append(engine_run(paths, n))
                service.append(service_run(stack, client, paths, n, groups))
                print(f"N={n}: engine {engine[-1]['docs_per_min']:6.1f}, service {service[-1]['docs_per_min']:6.1f} "
                      "docs/min", flush=True)
            for proc in ocr:
                stop(proc)
                stack.procs.remove(proc)
        client.listener.close()
        stop(api)
    out["loadavg_at_end"] = [round(x, 2) for x in os.getloadavg()]
    return out


def compare_nice(args) -> dict:
    """Service runs with N OCR workers at each `OCR_WORKER_NICE` in turn (fresh workers per run)."""
    from _stack import Stack, stop, store_processes

    paths = [r.path for r in load_receipts(args.limit)]
    n = args.workers[-1]
    out: dict[str, Any] = {"machine": machine(), "docs": len(paths), "workers": n, "repeat": args.repeat,
                           "loadavg_at_start": [round(x, 2) for x in os.getloadavg()],
                           "runs": {str(v): [] for v in args.compare_nice}}
    with Stack("pipeline", redis_db=12) as stack:
        api, url = stack.start_api("api")
        rest = [api, stack.start_worker("other", OTHER_QUEUES, concurrency=1), stack.start_beat()]
        client = Client(url)
        stores = store_processes(stack)
        for round_ in range(args.repeat):
            # Who goes first alternates: a machine whose load drifts during a round favours neither.
            for nice in args.compare_nice[::-1] if round_ % 2 else args.compare_nice:
                # `10/shared`: the OCR workers stay in this session's CPU group (OCR_WORKER_OWN_GROUP=0).
                value, shared = nice.removesuffix("/shared"), nice.endswith("/shared")
                ocr = start_ocr_workers(stack, n, OCR_WORKER_NICE=value, OCR_WORKER_OWN_GROUP="0" if shared else "1")
                warm_up(client, paths, n)
                niced = sorted({p.nice() for proc in _processes(ocr) for p in [proc, *proc.children()]})
                groups = {"ocr_workers": _processes(ocr), "api_other_worker_beat": _processes(rest),
                          "postgres_redis": stores}
                run = service_run(stack, client, paths, n, groups) | {"nice_values": niced,
                                                                      "loadavg": round(os.getloadavg()[0], 2)}
                out["runs"][str(nice)].append(run)
                print(f"OCR_WORKER_NICE={nice} (nice {niced}): {run['docs_per_min']:6.1f} docs/min, "
                      f"load {run['loadavg']}", flush=True)
                for proc in ocr:
                    stop(proc)
                    stack.procs.remove(proc)
        client.listener.close()
        stop(api)
    base, *others = [str(v) for v in args.compare_nice]
    out["median_docs_per_min"] = {k: _median(v, "docs_per_min") for k, v in out["runs"].items()}
    for other in others:
        pairs = [b["docs_per_min"] / a["docs_per_min"]
                 for a, b in zip(out["runs"][base], out["runs"][other], strict=True)]
        out[f"ratio_{other}_over_{base}"] = {"median": round(statistics.median(pairs), 3),
                                             "pairs": [round(p, 3) for p in pairs]}
        print(f"nice {other} / nice {base}: median {statistics.median(pairs):.3f} "
              f"({', '.join(f'{p:.3f}' for p in pairs)}); docs/min medians {out['median_docs_per_min']}")
    return out


def _processes(popens: list) -> list:
    import psutil

    return [psutil.Process(p.pid) for p in popens]


def _median(runs: list[dict], key: str) -> float:
    return round(statistics.median(r[key] for r in runs), 3)


def summarise(out: dict) -> None:
    """Add medians, ratios and engine-vs-service latency; print the tables."""
    print("\n| OCR workers | engine docs/min | service docs/min | service / engine (median of pairs) "
          "| OCR busy share: engine / service | s per doc: engine / service OCR step |")
    print("|---|---|---|---|---|---|")
    out["summary"] = {}
    for n, services in out["service"].items():
        engines = out["engine"][n]
        pairs = [s["docs_per_min"] / e["docs_per_min"] for e, s in zip(engines, services, strict=True)]
        row = {"engine_docs_per_min": _median(engines, "docs_per_min"),
               "service_docs_per_min": _median(services, "docs_per_min"), "ratio": round(statistics.median(pairs), 3),
               "ratios": [round(p, 3) for p in pairs], "engine_busy": _median(engines, "busy_share"),
               "service_busy": _median(services, "busy_share"), "engine_doc_s": _median(engines, "median_doc_s"),
               "service_doc_s": _median(services, "median_processing_s"),
               "engine_cpu_s_per_doc": _median(engines, "cpu_s_per_doc"),
               "service_cpu_s_per_doc": {k: round(statistics.median(s["cpu_s_per_doc"][k] for s in services), 3)
                                         for k in services[0]["cpu_s_per_doc"]}}
        row["cpu_ratio"] = round(row["engine_cpu_s_per_doc"] / sum(row["service_cpu_s_per_doc"].values()), 3)
        out["summary"][n] = row
        print(f"| {n} | {row['engine_docs_per_min']:.1f} | {row['service_docs_per_min']:.1f} | {row['ratio']:.2f} "
              f"({', '.join(f'{p:.2f}' for p in row['ratios'])}) | {row['engine_busy']:.2f} / {row['service_busy']:.2f} "
              f"| {row['engine_doc_s']:.2f} / {row['service_doc_s']:.2f} |")
    print("\n| OCR workers | engine CPU s/doc | service CPU s/doc: OCR workers / API + other worker + beat / "
          "PostgreSQL + Redis | engine CPU / service CPU |")
    print("|---|---|---|---|")
    for n, row in out["summary"].items():
        cpu = row["service_cpu_s_per_doc"]
        print(f"| {n} | {row['engine_cpu_s_per_doc']:.3f} | {cpu['ocr_workers']:.3f} / "
              f"{cpu['api_other_worker_beat']:.3f} / {cpu['postgres_redis']:.3f} | {row['cpu_ratio']:.2f} |")
    _latency_summary(out)


def _latency_summary(out: dict) -> None:
    lat = out.get("latency")
    if not lat:
        return
    per_file: dict[str, list[float]] = {}
    for run in out["engine"][str(lat["workers"])]:
        for name, seconds in run["per_doc_s"].items():
            per_file.setdefault(name, []).append(seconds)
    overhead = [s["e2e_s"] - statistics.median(per_file[s["file"]]) for s in lat["samples"] if s["file"] in per_file]
    lat["median_overhead_s"] = round(statistics.median(overhead), 3) if overhead else None
    lat["median_beyond_ocr_step_s"] = round(statistics.median(s["e2e_s"] - (s["processing_s"] or 0)
                                                              for s in lat["samples"]), 3)
    print(f"\nOne receipt, upload → ocr_completed event (N={lat['workers']}, idle): median {lat['median_e2e_s']:.2f} s "
          f"(p90 {lat['p90_e2e_s']:.2f}); 202 in {lat['median_accept_ms']:.0f} ms, queue wait "
          f"{lat['median_wait_s']:.3f} s, OCR step {lat['median_processing_s']:.2f} s; beyond the OCR step "
          f"{lat['median_beyond_ocr_step_s']:.3f} s; beyond the engine alone on the same file "
          f"{lat['median_overhead_s']} s")


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and write bench/results/pipeline.json."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--limit", type=int, default=40, help="dev receipts to use")
    parser.add_argument("--latency-samples", type=int, default=5)
    parser.add_argument("--workers", default="1,2", help="OCR worker counts, e.g. 1,2")
    parser.add_argument("--repeat", type=int, default=3, help="engine/service pairs per worker count")
    parser.add_argument("--inflight", type=int, default=0, help="OCR_MAX_INFLIGHT_PER_USER (0: the default, 8)")
    parser.add_argument("--compare-nice", default="", help="OCR_WORKER_NICE values to alternate, e.g. 0,10; "
                        "`10/shared`: OCR_WORKER_OWN_GROUP=0")
    args = parser.parse_args(argv)
    args.workers = [int(n) for n in args.workers.split(",")]
    if args.compare_nice:
        args.compare_nice = [v.strip() for v in args.compare_nice.split(",")]
        for v in args.compare_nice:
            int(v.removesuffix("/shared"))  # a number, or a number with `/shared`
        path = write_result("pipeline-nice", compare_nice(args))
        print(f"wrote {path}")
        return 0
    out = run(args)
    summarise(out)
    path = write_result("pipeline", out)
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
