"""Fairness that counts workers and cost, on a real worker with two OCR processes."""

from __future__ import annotations

import io
import time

import pytest
from PIL import Image

from tests.support.images import png_bytes
from tests.support.jobs import RECEIPTS, receipt_bytes, upload, wait_for
from tests.support.stack import job_row, running, scalar, wait_until

SENT = "SELECT count(*) FROM ocr_results WHERE user_id = :u AND dispatched_at IS NOT NULL"


def long_document(pages: int, offset: int = 0) -> bytes:
    """A scanned PDF of `pages` real receipts (no text layer): every page is really read by OCR."""
    names = sorted(p.name for p in (RECEIPTS / "images").iterdir())
    scans = [Image.open(RECEIPTS / "images" / names[(offset + n) % len(names)]).convert("RGB")
             for n in range(pages)]
    buffer = io.BytesIO()
    scans[0].save(buffer, format="PDF", save_all=True, append_images=scans[1:], resolution=200.0)
    return buffer.getvalue()


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
        assert fairness.slot_limit(costly_id) == 5
    # Strikes come from the jobs layer: a claimed OCR job failing `page_timeout`, then `timeout`.
    for code in ("page_timeout", "timeout"):
        _, body = upload(client, costly, png_bytes([f"strike {code}", str(time.time())]), "s.png")
        with app.app_context():
            claim = lifecycle.claim(body["ocr_result_id"], 30, phase="ocr")
            lifecycle.fail(claim, code, "took longer than its time budget")
            assert fairness.slot_limit(costly_id) == (5 if code == "page_timeout" else 1)
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
        assert fairness.slot_limit(user_id) == 4


def test_the_ocr_processes_are_counted_per_broker_and_leave_one_for_others(isolated_app, make_user):
    from app.jobs import fairness

    first, second = isolated_app(OCR_MAX_INFLIGHT_PER_USER=8), isolated_app(OCR_MAX_INFLIGHT_PER_USER=8)
    with first.app_context():
        fairness.announce_workers("node-a@host", 3)
        assert fairness.ocr_worker_processes() == 3
        assert fairness.pool_limit() == 2
        fairness.withdraw_workers("node-a@host")
        assert fairness.ocr_worker_processes() == 0
        assert fairness.pool_limit() == 8  # nothing known: the setting alone
        fairness.announce_workers("node-a@host", 3)
    with second.app_context():
        assert fairness.ocr_worker_processes() == 0  # another broker: another deployment's workers
    with first.app_context():
        fairness.withdraw_workers("node-a@host")
    configured = isolated_app(OCR_MAX_INFLIGHT_PER_USER=8, OCR_WORKER_PROCESSES=2)
    client = configured.test_client()
    headers = make_user("configured")[2]
    with configured.app_context():
        assert fairness.pool_limit() == 1
    for n in range(3):
        assert upload(client, headers, png_bytes([f"configured {n}", str(time.time())]), "c.png")[0] == 202
    assert scalar(configured, SENT, u=_user_id(client, headers)) == 1


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
