"""Fairness that counts workers and cost, on a real worker with two OCR processes."""

from __future__ import annotations

import io
import time

import pytest
from PIL import Image
from sqlalchemy import text

from tests.support.images import pdf_bytes, png_bytes
from tests.support.jobs import RECEIPTS, receipt_bytes, upload, wait_for
from tests.support.stack import job_row, running, scalar, wait_until

SENT = "SELECT count(*) FROM ocr_results WHERE user_id = :u AND dispatched_at IS NOT NULL"
SENT_PDFS = SENT + " AND content_type = 'application/pdf'"
# Jobs being read right now (in an OCR stage), all of them and the PDFs among them.
IN_OCR = ("SELECT count(*) AS n, count(*) FILTER (WHERE content_type = 'application/pdf') AS pdfs FROM ocr_results "
          "WHERE user_id = :u AND status = 'processing' AND stage IN ('preprocessing', 'ocr')")
DONE = "UPDATE ocr_results SET status = 'completed', stage = 'done' WHERE id = :i"


def long_document(pages: int, offset: int = 0) -> bytes:
    """A scanned PDF of `pages` real receipts (no text layer): every page is really read by OCR."""
    names = sorted(p.name for p in (RECEIPTS / "images").iterdir())
    scans = [Image.open(RECEIPTS / "images" / names[(offset + n) % len(names)]).convert("RGB")
             for n in range(pages)]
    buffer = io.BytesIO()
    scans[0].save(buffer, format="PDF", save_all=True, append_images=scans[1:], resolution=200.0)
    return buffer.getvalue()


def _run(flask_app, sql: str, **params):
    """Run one statement in the app's database and commit; return its result rows (or None)."""
    from app.extensions import db

    with flask_app.app_context():
        result = db.session.execute(text(sql), params)
        rows = result.all() if result.returns_rows else None
        db.session.commit()
        return rows


def _user_id(client, headers) -> int:
    return client.get("/api/auth/me", headers=headers).get_json()["id"]


@pytest.mark.timeout(420)
def test_two_long_documents_of_one_user_leave_a_process_for_another_users_receipt(isolated_app, make_user):
    from app.jobs import fairness

    app = isolated_app(OCR_REDISPATCH_AFTER=300)
    client = app.test_client()
    alice, bob = make_user("long-docs")[2], make_user("one-receipt")[2]
    with running(app, "fair2", queues="ocr_queue,ai_queue", concurrency=2, OCR_REDISPATCH_AFTER=300):
        with app.app_context():
            wait_until(lambda: fairness.ocr_worker_processes() >= 2, 30, 0.5, "the OCR pool announced")
        long_jobs = [upload(client, alice, long_document(8, offset=8 * n), f"long{n}.pdf", force="true",
                            extract_format="text")[1]["ocr_result_id"] for n in range(2)]
        wait_until(lambda: job_row(app, long_jobs[0])["stage"] == "ocr", 60, 0.2, "the first long document read")
        _, receipt = upload(client, bob, receipt_bytes("X51005255805.jpg"), "r.jpg", force="true",
                            extract_format="text")
        done = wait_for(client, bob, receipt["ocr_result_id"], timeout=180)
        assert done["status"] == "completed", done
        row = job_row(app, receipt["ocr_result_id"])
        second = job_row(app, long_jobs[1])
        outcomes = [wait_for(client, alice, job_id, timeout=300) for job_id in long_jobs]
    waited = (row["started_at"] - row["created_at"]).total_seconds()
    beyond_own = (row["finished_at"] - row["created_at"]).total_seconds() - float(row["processing_time"])
    print(f"receipt waited {waited:.1f}s to start; finished {beyond_own:.1f}s beyond its own "
          f"{float(row['processing_time']):.1f}s")
    # Alice holds one of the two OCR processes; Bob's receipt starts on the other at once.
    assert waited < 5.0, waited
    assert beyond_own < 5.0, beyond_own
    # Alice's second document waited for a slot: it had not started when Bob's receipt did.
    assert second["started_at"] is None or second["started_at"] > row["started_at"]
    assert [job["status"] for job in outcomes] == ["completed", "completed"]


def test_a_user_whose_jobs_keep_failing_their_budget_holds_one_slot(isolated_app, make_user):
    from app.jobs import fairness, lifecycle
    from app.jobs.dispatch import dispatch_pending

    app = isolated_app(OCR_MAX_INFLIGHT_PER_USER=5, OCR_BUDGET_STRIKES=2)
    client = app.test_client()
    calm, costly = make_user("calm")[2], make_user("striking")[2]
    costly_id = _user_id(client, costly)
    with app.app_context():
        assert fairness.user_slots(costly_id) == fairness.Slots(total=5, long=5)  # no OCR worker counted
    # Strikes come from the jobs layer: a claimed OCR job failing `page_timeout`, then `timeout`.
    for code in ("page_timeout", "timeout"):
        _, body = upload(client, costly, png_bytes([f"strike {code}", str(time.time())]), "s.png")
        with app.app_context():
            claim = lifecycle.claim(body["ocr_result_id"], 30, phase="ocr")
            lifecycle.fail(claim, code, "took longer than its time budget")
            assert fairness.user_slots(costly_id).total == (5 if code == "page_timeout" else 1)
    with app.app_context():
        assert fairness.user_slots(costly_id) == fairness.Slots(total=1, long=1)
    sent_before = scalar(app, SENT, u=costly_id)
    for headers in (calm, costly):
        for n in range(3):
            assert upload(client, headers, png_bytes([f"slowed {n}", str(time.time())]), "s.png")[0] == 202
    assert scalar(app, SENT, u=_user_id(client, calm)) == 3
    assert scalar(app, SENT, u=costly_id) - sent_before == 1
    with app.app_context():
        dispatch_pending()
    assert scalar(app, SENT, u=costly_id) - sent_before == 1  # the dispatcher keeps to one as well


def test_other_failures_are_no_strikes(isolated_app, make_user):
    from app.jobs import fairness, lifecycle

    app = isolated_app(OCR_MAX_INFLIGHT_PER_USER=4, OCR_BUDGET_STRIKES=1)
    client = app.test_client()
    headers = make_user("unlucky")[2]
    user_id = _user_id(client, headers)
    _, body = upload(client, headers, png_bytes(["not a budget failure", str(time.time())]), "u.png")
    with app.app_context():
        lifecycle.fail(lifecycle.claim(body["ocr_result_id"], 30, phase="ocr"), "unreadable_file", "broken")
        assert fairness.user_slots(user_id).total == 4


def test_strikes_recorded_by_another_process_count_within_the_cache_bound(isolated_app, make_user):
    from app.jobs import fairness
    from app.redis_client import get_redis

    app = isolated_app(OCR_MAX_INFLIGHT_PER_USER=4, OCR_BUDGET_STRIKES=1)
    client = app.test_client()
    user_id = _user_id(client, make_user("struck-elsewhere")[2])
    with app.app_context():
        assert fairness.user_slots(user_id).total == 4  # read once: now remembered for a moment
        # A worker process records the strike (not this process: its memory is not cleared).
        get_redis().zadd(fairness.STRIKES_KEY, {f"{user_id}:elsewhere": time.time()})
        deadline = time.monotonic() + fairness.STRIKES_CACHE_S + 0.5
        while fairness.user_slots(user_id).total != 1:
            assert time.monotonic() < deadline, "a strike from another process was not seen within the bound"
            time.sleep(0.1)


def test_the_ocr_processes_are_counted_per_broker_and_leave_one_for_others(isolated_app, make_user):
    from app.jobs import fairness

    first, second = isolated_app(OCR_MAX_INFLIGHT_PER_USER=8), isolated_app(OCR_MAX_INFLIGHT_PER_USER=8)
    with first.app_context():
        fairness.announce_workers("node-a@host", 3)
        assert fairness.ocr_worker_processes() == 3
        assert fairness.pool_slots() == fairness.Slots(total=3, long=2)
        fairness.withdraw_workers("node-a@host")
        assert fairness.ocr_worker_processes() == 0
        assert fairness.pool_slots() == fairness.Slots(total=8, long=8)  # nothing known: the setting alone
        fairness.announce_workers("node-a@host", 3)
    with second.app_context():
        assert fairness.ocr_worker_processes() == 0  # another broker: another deployment's workers
    with first.app_context():
        fairness.withdraw_workers("node-a@host")
    configured = isolated_app(OCR_MAX_INFLIGHT_PER_USER=8, OCR_WORKER_PROCESSES=3)
    client = configured.test_client()
    headers = make_user("configured")[2]
    user_id = _user_id(client, headers)
    with configured.app_context():
        assert fairness.pool_slots() == fairness.Slots(total=3, long=2)
    for n in range(3):
        assert upload(client, headers, pdf_bytes([[f"configured pdf {n}", str(time.time())]]), "c.pdf")[0] == 202
    assert scalar(configured, SENT, u=user_id) == 2  # long documents: two of the three processes
    for n in range(3):
        assert upload(client, headers, png_bytes([f"configured {n}", str(time.time())]), "c.png")[0] == 202
    assert scalar(configured, SENT, u=user_id) == 3  # a single image takes the third; no more than the processes
    assert scalar(configured, SENT_PDFS, u=user_id) == 2
    with configured.app_context():
        configured.config["OCR_WORKER_PROCESSES"] = 1
        assert fairness.pool_slots() == fairness.Slots(total=1, long=1)  # one process: nobody is held off it


def test_every_dispatch_path_skips_long_documents_beyond_their_slots_but_fills_the_rest(isolated_app, make_user):
    """A backlog of PDFs and images on 3 processes: at most two PDFs, and images fill the third slot in order."""
    from app.jobs import dispatch

    app = isolated_app(OCR_MAX_INFLIGHT_PER_USER=8, OCR_WORKER_PROCESSES=3)
    client = app.test_client()
    headers = make_user("mixed")[2]
    user_id = _user_id(client, headers)
    kinds = ["pdf", "pdf", "pdf", "png", "pdf", "png", "png"]
    files = [(io.BytesIO(pdf_bytes([[f"mixed {n}", str(time.time())]]) if kind == "pdf" else
                         png_bytes([f"mixed {n}", str(time.time())])), f"m{n}.{kind}") for n, kind in enumerate(kinds)]
    r = client.post("/api/ocr-async/process-bulk", headers=headers, data={"files": files, "force": "true"},
                    content_type="multipart/form-data")
    assert r.status_code == 202, r.get_json()
    ids = [item["ocr_result_id"] for item in r.get_json()["accepted"]]
    sent = "SELECT id FROM ocr_results WHERE id = ANY(:ids) AND dispatched_at IS NOT NULL ORDER BY id"

    def sent_ids() -> list[int]:
        return [row.id for row in _run(app, sent, ids=ids)]

    # The upload's claim (one statement): the first two PDFs, then the first image; the third PDF waits.
    assert sent_ids() == [ids[0], ids[1], ids[3]]
    # A PDF leaves OCR: the refill sends the next PDF (older than the waiting images).
    _run(app, DONE, i=ids[0])
    with app.app_context():
        assert dispatch.top_up(user_id) == 1
    assert sent_ids() == [ids[0], ids[1], ids[2], ids[3]]
    # The image leaves OCR; the dispatcher fills its slot with the next image, skipping the waiting PDF.
    _run(app, DONE, i=ids[3])
    with app.app_context():
        dispatch.dispatch_pending()  # for every user of the database: other tests' jobs may be sent too
    assert sent_ids() == [ids[0], ids[1], ids[2], ids[3], ids[5]]


@pytest.mark.timeout(300)
def test_one_users_receipts_use_every_process_while_their_pdfs_keep_to_one(isolated_app, make_user):
    """A lone user's bulk of single receipts on 2 OCR processes: two are read at once; their PDFs one at a time."""
    app = isolated_app(OCR_REDISPATCH_AFTER=300)
    client = app.test_client()
    headers = make_user("bulk-receipts")[2]
    user_id = _user_id(client, headers)
    names = sorted(p.name for p in (RECEIPTS / "images").iterdir())[:6]
    seen: list[tuple[int, int]] = []
    with running(app, "bulk2", queues="ocr_queue,ai_queue", concurrency=2, OCR_REDISPATCH_AFTER=300):
        from app.jobs import fairness

        with app.app_context():
            wait_until(lambda: fairness.ocr_worker_processes() >= 2, 30, 0.5, "the OCR pool announced")
        ids = [upload(client, headers, long_document(2, offset=2 * n), f"doc{n}.pdf", force="true",
                      extract_format="text")[1]["ocr_result_id"] for n in range(2)]
        ids += [upload(client, headers, receipt_bytes(name), name, force="true", extract_format="text")[1]
                ["ocr_result_id"] for name in names]

        def finished() -> bool:
            now = _run(app, IN_OCR, u=user_id)[0]
            seen.append((now.n, now.pdfs))
            return all(job_row(app, i)["status"] in ("completed", "failed") for i in ids)

        wait_until(finished, 240, 0.05, "every job to finish")
    assert [job_row(app, i)["status"] for i in ids] == ["completed"] * len(ids)
    print(f"{len(seen)} samples: at most {max(n for n, _ in seen)} jobs and {max(p for _, p in seen)} PDF in OCR")
    assert max(n for n, _ in seen) == 2, "a lone user's receipts should keep both OCR processes busy"
    assert max(p for _, p in seen) == 1, "a user's PDFs should leave one OCR process for the others"
    assert sum(1 for n, _ in seen if n == 2) > 5


@pytest.mark.timeout(300)
def test_a_receipt_uploaded_during_another_users_bulk_is_overtaken_by_at_most_one_of_it(isolated_app, make_user):
    """A's bulk of receipts fills both processes but queues nothing more: B's receipt is read next."""
    app = isolated_app(OCR_REDISPATCH_AFTER=300)
    client = app.test_client()
    bulk, late = make_user("bulk-a")[2], make_user("late-b")[2]
    bulk_id = _user_id(client, bulk)
    names = sorted(p.name for p in (RECEIPTS / "images").iterdir())[:8]
    with running(app, "late2", queues="ocr_queue,ai_queue", concurrency=2, OCR_REDISPATCH_AFTER=300):
        from app.jobs import fairness

        with app.app_context():
            wait_until(lambda: fairness.ocr_worker_processes() >= 2, 30, 0.5, "the OCR pool announced")
        files = [(io.BytesIO(receipt_bytes(name)), name) for name in names]
        r = client.post("/api/ocr-async/process-bulk", headers=bulk, content_type="multipart/form-data",
                        data={"files": files, "force": "true", "extract_format": "text"})
        assert r.status_code == 202, r.get_json()
        ids = [item["ocr_result_id"] for item in r.get_json()["accepted"]]
        wait_until(lambda: _run(app, IN_OCR, u=bulk_id)[0].n == 2, 60, 0.05, "two of A's receipts read")
        _, body = upload(client, late, receipt_bytes(names[0]), "late.jpg", force="true", extract_format="text")
        assert wait_for(client, late, body["ocr_result_id"], timeout=180)["status"] == "completed"
        outcomes = [wait_for(client, bulk, job_id, timeout=240)["status"] for job_id in ids]
    assert outcomes == ["completed"] * len(ids)
    row = job_row(app, body["ocr_result_id"])
    overtaken_by = scalar(app, "SELECT count(*) FROM ocr_results WHERE id = ANY(:ids) AND started_at > :created "
                               "AND started_at < :started", ids=ids, created=row["created_at"],
                          started=row["started_at"])
    waited = (row["started_at"] - row["created_at"]).total_seconds()
    print(f"late receipt waited {waited:.1f}s; {overtaken_by} of A's receipts started before it")
    assert overtaken_by <= 1, f"{overtaken_by} of A's receipts were read before B's, queued ahead of it"


@pytest.mark.timeout(300)
def test_costly_pdfs_failing_their_page_budget_in_the_worker_hold_their_user_to_one_slot(isolated_app, make_user):
    from tests.support.pdfs import costly_pdf

    app = isolated_app(OCR_MAX_INFLIGHT_PER_USER=5, OCR_BUDGET_STRIKES=2)
    client = app.test_client()
    headers = make_user("costly-pdfs")[2]
    user_id = _user_id(client, headers)
    with running(app, "strikes", queues="ocr_queue,ai_queue", concurrency=1, OCR_PAGE_TIMEOUT=1):
        ids = [upload(client, headers, costly_pdf(pages=1, triangles=10000, seed=40 + n), f"c{n}.pdf",
                      force="true")[1]["ocr_result_id"] for n in range(2)]
        outcomes = [wait_for(client, headers, job_id, timeout=180) for job_id in ids]
    assert [job["error"]["code"] for job in outcomes] == ["page_timeout", "page_timeout"], outcomes
    sent_before = scalar(app, SENT, u=user_id)
    for n in range(3):
        assert upload(client, headers, png_bytes([f"after strikes {n}", str(time.time())]), "p.png")[0] == 202
    assert scalar(app, SENT, u=user_id) - sent_before == 1  # two budget failures: one slot, not five
