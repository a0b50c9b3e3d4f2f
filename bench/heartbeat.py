"""What the lease heartbeat costs: one renewal's time, and OCR pages/s with and without a heartbeat.

While a worker reads a job's pages, a side thread renews the job's lease (one UPDATE every
OCR_LEASE_SECONDS / 3, i.e. every 20 s by default). Measured here, in one process on real PostgreSQL:
- one renewal (`Heartbeat.beat`): wall and CPU milliseconds, median and p99 over `--beats`;
- the raw engine reading the same receipts three ways, interleaved `--repeat` times: no heartbeat,
  the default interval (lease 60 s → every 20 s), and the shortest interval the code allows (0.5 s),
  in a rotating order; pages/s of each (median over rounds), and the ratio to no heartbeat.

Usage: python bench/heartbeat.py [--limit 12] [--repeat 3] [--beats 500]
Writes bench/results/heartbeat.json. Uses DATABASE_URL when set, else embedded servers.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import load_receipts, machine, percentile, write_result  # noqa: E402
from _stack import Stack  # noqa: E402


def make_claim(flask_app):
    """A user and a job in `processing` with a lease, as a worker's claim leaves it."""
    from sqlalchemy import text

    from app.extensions import db
    from app.jobs.lifecycle import Claim

    with flask_app.app_context():
        user_id = db.session.execute(text(
            "INSERT INTO users (email, password_hash) VALUES (:e, 'x') RETURNING id"),
            {"e": f"bench-{uuid.uuid4().hex[:8]}@example.com"}).scalar_one()
        lease = uuid.uuid4()
        job_id = db.session.execute(text(
            "INSERT INTO ocr_results (task_id, user_id, status, stage, options, lease_id, lease_expires_at, attempts) "
            "VALUES (gen_random_uuid(), :u, 'processing', 'ocr', '{}'::jsonb, :l, now() + interval '60 s', 1) "
            "RETURNING id"), {"u": user_id, "l": lease}).scalar_one()
        db.session.commit()
    return Claim(job_id=job_id, lease_id=lease, user_id=user_id, attempts=1)


def time_beats(flask_app, claim, count: int) -> dict:
    """Wall and CPU time of `count` renewals."""
    from app.jobs.ocr_runner import Heartbeat

    with flask_app.app_context():
        beat = Heartbeat(claim, 60)
        beat.beat()  # warm the pool
        walls, cpus = [], []
        for _ in range(count):
            w, c = time.perf_counter(), time.process_time()
            beat.beat()
            walls.append((time.perf_counter() - w) * 1000)
            cpus.append((time.process_time() - c) * 1000)
        assert not beat.lost, "the benchmark's lease was lost"
    return {"wall_ms_p50": round(statistics.median(walls), 3), "wall_ms_p99": round(percentile(walls, 99), 3),
            "cpu_ms_p50": round(statistics.median(cpus), 3)}


def read_pages(flask_app, claim, documents, engine, lease: int | None) -> float:
    """Read every document once; with `lease`, inside a Heartbeat of that lease. Return pages/s."""
    from app.jobs.ocr_runner import Heartbeat
    from app.ocr.document import recognize_document

    with flask_app.app_context():
        started = time.perf_counter()
        pages = 0
        for document in documents:
            if lease is None:
                recognize_document(document, engine, confidence_threshold=0.7)
            else:
                with Heartbeat(claim, lease):
                    recognize_document(document, engine, confidence_threshold=0.7)
            pages += document.page_count
        return pages / (time.perf_counter() - started)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--limit", type=int, default=12)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--beats", type=int, default=500)
    args = parser.parse_args(argv)

    stack = Stack("heartbeat", redis_db=12).start()
    try:
        import os

        os.environ.update({"DATABASE_URL": stack.database_url, "REDIS_URL": stack.redis_url})
        from app import create_app
        from app.jobs.ocr_runner import ocr_config
        from app.ocr.engine import get_engine
        from app.ocr.pages import open_document

        flask_app = create_app("development", SOCKETIO_ASYNC_MODE="threading", USE_GPU_OCR=False)
        claim = make_claim(flask_app)
        beats = time_beats(flask_app, claim, args.beats)
        print(f"one renewal: {beats}")
        with flask_app.app_context():
            cfg = ocr_config()
            engine = get_engine(cfg)
            documents = [open_document(str(r.path), cfg) for r in load_receipts(args.limit)]
        read_pages(flask_app, claim, documents[:1], engine, None)  # warm-up
        variants = {"none": None, "default (every 20 s)": 60, "shortest (every 0.5 s)": 1}
        rates: dict[str, list[float]] = {name: [] for name in variants}
        names = list(variants)
        for round_ in range(args.repeat):
            # Rotate the order each round so a machine getting busier or quieter favours none of them.
            for name in names[round_ % len(names):] + names[:round_ % len(names)]:
                lease = variants[name]
                rate = read_pages(flask_app, claim, documents, engine, lease)
                rates[name].append(rate)
                print(f"round {round_ + 1}: {name}: {rate:.3f} pages/s", flush=True)
        base = statistics.median(rates["none"])
        table = {name: {"pages_per_s": round(statistics.median(r), 3),
                        "ratio_to_none": round(statistics.median(r) / base, 3)} for name, r in rates.items()}
        for name, row in table.items():
            print(f"{name:24} {row['pages_per_s']:.3f} pages/s  ×{row['ratio_to_none']:.3f}")
        out = {"machine": machine(), "renewal": beats, "pages_per_s": table, "receipts": args.limit,
               "repeat": args.repeat,
               "default_share_of_time": round(beats["wall_ms_p50"] / 20_000, 7)}
        print(f"wrote {write_result('heartbeat', out)}")
    finally:
        stack.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
