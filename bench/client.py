"""The client's overhead: `ocrflow submit --wait` against raw HTTP + status polling, on the same documents.

Against a real API process, one OCR worker (all queues), PostgreSQL and Redis, in the same run:
- `raw`: a script any user could write: upload every file with the same number of threads, then poll
  `GET /status/<id>` of every unfinished job, one sweep a second (more often than the API's
  `recommended_interval_seconds`, so the baseline errs towards speed), until all are final;
- `client`: the `ocrflow submit DIR --wait --json` command as a subprocess (its start-up included), which
  follows the jobs by Socket.IO events and reads results from the terminal events.
Each arm runs as its own user (no cache hit between them), on the same small generated documents; a short
warm-up loads the OCR model first. Arms alternate over `--rounds`; medians are reported.

Usage: python bench/client.py [--docs 200] [--rounds 1] [--concurrency 4]
Writes bench/results/client.json. Uses DATABASE_URL / REDIS_URL when set, else embedded servers.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import requests  # noqa: E402
from _common import ROOT, machine, write_result  # noqa: E402
from _stack import Stack  # noqa: E402

from tests.support.images import png_bytes  # noqa: E402

OCRFLOW = Path(sys.executable).parent / "ocrflow"
TERMINAL = ("completed", "failed", "cancelled")
POLL_SWEEP_S = 1.0


def make_documents(folder: Path, n: int, tag: str) -> list[Path]:
    """Write `n` small distinct PNGs."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        path = folder / f"{tag}-{i:04d}.png"
        path.write_bytes(png_bytes([f"STORE {tag} {i}", f"TOTAL {i % 97}.{i % 100:02d}"], width=420, size=24))
        paths.append(path)
    return paths


def new_user(url: str) -> str:
    """Register a user; return an access token."""
    creds = {"email": f"bench-{uuid.uuid4().hex[:10]}@example.com", "password": "correct horse battery"}
    requests.post(url + "/api/auth/register", json=creds, timeout=30).raise_for_status()
    return requests.post(url + "/api/auth/login", json=creds, timeout=30).json()["access_token"]


class Counted(requests.Session):
    """A session that counts its requests."""

    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    def request(self, *args, **kwargs):
        self.count += 1
        return super().request(*args, **kwargs)


def run_raw(url: str, files: list[Path], concurrency: int) -> dict:
    """Upload with threads, then poll every unfinished job's status once a second."""
    session = Counted()
    session.headers["Authorization"] = f"Bearer {new_user(url)}"
    started = time.monotonic()

    def upload(path: Path) -> int:
        with path.open("rb") as fh:
            r = session.post(url + "/api/ocr-async/process-async", files={"file": (path.name, fh)}, timeout=60)
        r.raise_for_status()
        return r.json()["ocr_result_id"]

    with ThreadPoolExecutor(concurrency) as pool:
        pending = set(pool.map(upload, files))
    results = {}
    while pending:
        sweep = time.monotonic()
        for job_id in sorted(pending):
            body = session.get(f"{url}/api/ocr-async/status/{job_id}", timeout=30).json()
            if body["status"] in TERMINAL:
                results[job_id] = body["status"]
                pending.discard(job_id)
        time.sleep(max(0.0, POLL_SWEEP_S - (time.monotonic() - sweep)) if pending else 0)
    return {"seconds": time.monotonic() - started, "requests": session.count,
            "completed": sum(s == "completed" for s in results.values()), "documents": len(files)}


def run_client(url: str, folder: Path, concurrency: int) -> dict:
    """Run `ocrflow submit folder --wait --json`; read its summary."""
    with tempfile.TemporaryDirectory() as state:
        env = {**os.environ, "OCRFLOW_URL": url, "OCRFLOW_TOKEN": new_user(url), "XDG_STATE_HOME": state,
               "XDG_CONFIG_HOME": state}
        started = time.monotonic()
        done = subprocess.run([str(OCRFLOW), "submit", str(folder), "--wait", "--json", "--concurrency",
                               str(concurrency)], env=env, capture_output=True, text=True, timeout=3600)
        seconds = time.monotonic() - started
    if done.returncode != 0:
        raise RuntimeError(f"ocrflow exited {done.returncode}: {done.stderr[-2000:]}")
    summary = json.loads(done.stderr.strip().splitlines()[-1])["summary"]
    lines = [json.loads(line) for line in done.stdout.splitlines()]
    return {"seconds": seconds, "requests": summary["requests"], "documents": len(lines),
            "completed": sum(line["status"] == "completed" for line in lines)}


def main() -> None:
    """Run both arms and print the comparison."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--concurrency", type=int, default=4)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="ocrflow-bench-client-"))
    files = make_documents(work / "docs", args.docs, "DOC")
    runs: dict[str, list[dict]] = {"raw": [], "client": []}
    with Stack("client", redis_db=12) as stack:
        _, url = stack.start_api()
        stack.start_worker("ocr", "ocr_queue,ai_queue,notification_queue,default", concurrency=2)
        run_raw(url, make_documents(work / "warmup", 4, "WARM"), args.concurrency)  # loads the OCR model
        for round_ in range(args.rounds):
            arms = ("raw", "client") if round_ % 2 == 0 else ("client", "raw")
            for arm in arms:
                result = run_raw(url, files, args.concurrency) if arm == "raw" else \
                    run_client(url, work / "docs", args.concurrency)
                runs[arm].append(result)
                print(f"round {round_ + 1} {arm:<6} {result['seconds']:7.1f}s  {result['requests']:6d} requests  "
                      f"{result['completed']}/{result['documents']} completed", flush=True)
    report = {arm: {"seconds_median": round(statistics.median(r["seconds"] for r in rs), 2),
                    "requests_median": statistics.median(r["requests"] for r in rs), "runs": rs}
              for arm, rs in runs.items()}
    report["ratio_seconds_client_over_raw"] = round(report["client"]["seconds_median"]
                                                    / report["raw"]["seconds_median"], 3)
    report["ratio_requests_client_over_raw"] = round(report["client"]["requests_median"]
                                                     / report["raw"]["requests_median"], 4)
    report |= {"docs": args.docs, "rounds": args.rounds, "concurrency": args.concurrency, "machine": machine(),
               "command": f"python bench/client.py --docs {args.docs} --rounds {args.rounds}"}
    path = write_result("client", report)
    print(f"client/raw: time ×{report['ratio_seconds_client_over_raw']}, "
          f"requests ×{report['ratio_requests_client_over_raw']}  ({path.relative_to(ROOT)})")


if __name__ == "__main__":
    main()
