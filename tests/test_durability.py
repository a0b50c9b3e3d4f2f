"""Nothing accepted is lost or run twice: kill workers, stop Redis and PostgreSQL for real."""

from __future__ import annotations

import signal
import time

import pytest

from tests.support.images import pdf_bytes, png_bytes
from tests.support.jobs import upload
from tests.support.stack import job_row, pool_children, running, scalar, terminal_events, wait_until

FAST = {"OCR_LEASE_SECONDS": 3, "OCR_REDISPATCH_AFTER": 4, "OCR_MAX_ATTEMPTS": 3}


def _status(flask_app, job_id):
    return job_row(flask_app, job_id)["status"]


def _done(flask_app, job_id):
    return _status(flask_app, job_id) in ("completed", "failed", "cancelled")


def _kill_child_when_processing(flask_app, worker, job_id, timeout=60, after_attempt=0, unless_done=False):
    """SIGKILL the worker's pool once the job runs an attempt after `after_attempt`; return the job's attempts,
    or None when `unless_done` and the job ended instead."""
    def running_attempt():
        row = job_row(flask_app, job_id)
        return row["stage"] == "ocr" and row["attempts"] > after_attempt

    wait_until(lambda: running_attempt() or (unless_done and _done(flask_app, job_id)), timeout, 0.02,
               what="job to start")
    if unless_done and not running_attempt():
        return None
    children = pool_children(worker)
    assert children, "worker has no pool process"
    for child in children:
        child.send_signal(signal.SIGKILL)
    return job_row(flask_app, job_id)["attempts"]


@pytest.mark.timeout(240)
def test_sigkill_worker_child_mid_job(isolated_app, make_user, receipts):
    app = isolated_app(**FAST)
    client, headers = app.test_client(), make_user()[2]
    pages = [[f"page {n}", "TOTAL 1.00"] for n in range(1, 9)]
    with running(app, "kill-child", **FAST) as procs:
        _, body = upload(client, headers, pdf_bytes(pages), "doc.pdf", force="true", extract_format="text")
        job_id = body["ocr_result_id"]
        _kill_child_when_processing(app, procs["worker"], job_id)
        wait_until(lambda: _done(app, job_id), 180, 0.3, "job to finish after the kill")
    row = job_row(app, job_id)
    assert row["status"] == "completed" and row["attempts"] >= 2
    assert terminal_events(app, job_id) == ["ocr_completed"]


@pytest.mark.timeout(240)
def test_sigkill_worker_main_process_then_a_new_worker_finishes(isolated_app, make_user):
    app = isolated_app(**FAST)
    client, headers = app.test_client(), make_user()[2]
    pages = [[f"page {n}", "TOTAL 2.00"] for n in range(1, 9)]
    with running(app, "kill-main-a", **FAST) as procs:
        _, body = upload(client, headers, pdf_bytes(pages), "doc.pdf", force="true", extract_format="text")
        job_id = body["ocr_result_id"]
        wait_until(lambda: job_row(app, job_id)["stage"] == "ocr", 60, what="ocr to start")
        children = pool_children(procs["worker"])
        procs["worker"].send_signal(signal.SIGKILL)
        procs["worker"].wait()
        for child in children:  # the pool dies with its parent (as under systemd/docker)
            child.send_signal(signal.SIGKILL)
    # The job is still running or already requeued by the reaper (its lease lapsed): never lost.
    assert _status(app, job_id) in ("processing", "queued")
    with running(app, "kill-main-b", **FAST):
        wait_until(lambda: _done(app, job_id), 180, 0.3, "job to finish on the new worker")
    assert _status(app, job_id) == "completed"
    assert terminal_events(app, job_id) == ["ocr_completed"]


@pytest.mark.timeout(300)
def test_poison_file_ends_worker_lost_and_the_queue_moves_on(isolated_app, make_user):
    app = isolated_app(**FAST)
    client, headers = app.test_client(), make_user()[2]
    with running(app, "poison", **FAST) as procs:
        pages = [[f"poison page {n}", "TOTAL 1.00"] for n in range(1, 25)]
        _, poison = upload(client, headers, pdf_bytes(pages), "p.pdf", force="true", extract_format="text")
        _, good = upload(client, headers, png_bytes(["good one"]), "g.png", force="true", extract_format="text")
        job_id = poison["ocr_result_id"]
        kills = 0
        # Kill every attempt until the job ends (not retried after its last attempt).
        while kills < 5 and _kill_child_when_processing(app, procs["worker"], job_id, timeout=90,
                                                        after_attempt=kills, unless_done=True) is not None:
            kills += 1
        wait_until(lambda: _done(app, job_id), 120, 0.3, "poison job to end")
        wait_until(lambda: _done(app, good["ocr_result_id"]), 120, 0.3, "good job to finish")
    row = job_row(app, job_id)
    assert row["status"] == "failed" and row["error_code"] == "worker_lost"
    assert row["attempts"] == FAST["OCR_MAX_ATTEMPTS"] and kills == FAST["OCR_MAX_ATTEMPTS"]
    assert _status(app, good["ocr_result_id"]) == "completed"
    assert terminal_events(app, job_id) == ["ocr_failed"]


@pytest.mark.timeout(300)
def test_redis_down_during_uploads_then_all_complete_once(isolated_app, make_user, services):
    app = isolated_app(**FAST)
    client, headers = app.test_client(), make_user()[2]
    with running(app, "redis-down", concurrency=2, **FAST):
        ids = [upload(client, headers, png_bytes([f"before {i}"]), "a.png", force="true",
                      extract_format="text")[1]["ocr_result_id"] for i in range(3)]
        services.stop_redis()
        try:
            started = time.monotonic()
            answers = [upload(client, headers, png_bytes([f"during {i}"]), "b.png", force="true",
                              extract_format="text") for i in range(6)]
            during = time.monotonic() - started
        finally:
            services.start_redis()
        assert [a[0] for a in answers] == [202] * 6, answers
        assert during < 20, f"uploads blocked {during:.1f}s while Redis was down"
        ids += [a[1]["ocr_result_id"] for a in answers]
        healed = time.monotonic()
        wait_until(lambda: all(_done(app, i) for i in ids), 180, 0.5, "all jobs to finish")
        print(f"healed {time.monotonic() - healed:.1f}s after Redis came back")
    for job_id in ids:
        assert _status(app, job_id) == "completed"
        assert terminal_events(app, job_id) == ["ocr_completed"]


@pytest.mark.timeout(300)
def test_redis_restart_with_jobs_queued_loses_none(isolated_app, make_user, services):
    app = isolated_app(**FAST)
    client, headers = app.test_client(), make_user()[2]
    ids = [upload(client, headers, png_bytes([f"queued {i}"]), "q.png", force="true",
                  extract_format="text")[1]["ocr_result_id"] for i in range(5)]
    time.sleep(1.2)  # AOF fsyncs every second
    services.kill_redis()
    services.start_redis()
    with running(app, "redis-restart", concurrency=2, **FAST):
        wait_until(lambda: all(_done(app, i) for i in ids), 180, 0.5, "queued jobs to finish")
    for job_id in ids:
        assert _status(app, job_id) == "completed"
        assert terminal_events(app, job_id) == ["ocr_completed"]


@pytest.mark.timeout(300)
def test_postgres_down_gives_503_then_service_resumes(isolated_app, make_user, services):
    app = isolated_app(**FAST)
    client, headers = app.test_client(), make_user()[2]
    with running(app, "pg-down", **FAST):
        services.stop_postgres()
        try:
            r = client.post("/api/ocr-async/process-async", headers=headers,
                            data={"file": (__import__("io").BytesIO(png_bytes(["x"])), "x.png")},
                            content_type="multipart/form-data")
            health = client.get("/api/health")
        finally:
            services.start_postgres()
        assert r.status_code == 503, r.get_data(as_text=True)
        assert r.get_json()["error"]["code"] == "database_unavailable" and r.headers["Retry-After"]
        assert health.status_code == 503 and "database" in health.get_json()["down"]
        healed = time.monotonic()
        status, body = wait_until(lambda: _upload_ok(client, headers), 60, 0.5, "uploads to work again")
        wait_until(lambda: _done(app, body["ocr_result_id"]), 120, 0.3, "job after recovery")
        print(f"healed {time.monotonic() - healed:.1f}s after PostgreSQL came back")
    assert _status(app, body["ocr_result_id"]) == "completed"


def _upload_ok(client, headers):
    status, body = upload(client, headers, png_bytes(["after recovery"]), "r.png", force="true",
                          extract_format="text")
    return (status, body) if status == 202 else None


@pytest.mark.timeout(180)
def test_duplicate_delivery_runs_once(isolated_app, make_user):
    app = isolated_app(**FAST)
    client, headers = app.test_client(), make_user()[2]
    _, body = upload(client, headers, png_bytes(["dup"]), "d.png", force="true", extract_format="text")
    job_id = body["ocr_result_id"]
    with app.app_context():
        from app.jobs.dispatch import send_ocr

        for _ in range(2):
            assert send_ocr(job_id, "normal")
    with running(app, "dups", concurrency=3, beat=False, **FAST):
        wait_until(lambda: _done(app, job_id), 120, 0.3, "job")
        time.sleep(2)
    assert terminal_events(app, job_id) == ["ocr_completed"]
    assert job_row(app, job_id)["attempts"] == 1


@pytest.mark.timeout(300)
def test_fairness_a_small_user_is_not_stuck_behind_a_bulk(isolated_app, make_user):
    fair = {**FAST, "OCR_REDISPATCH_AFTER": 120}  # no re-sends: only the slots decide the order
    app = isolated_app(OCR_MAX_INFLIGHT_PER_USER=4, **fair)
    client = app.test_client()
    a, b = make_user("bulk")[2], make_user("small")[2]
    a_ids = [upload(client, a, png_bytes([f"A {i}"]), "a.png", force="true", extract_format="text")[1]
             ["ocr_result_id"] for i in range(100)]
    b_ids = [upload(client, b, png_bytes([f"B {i}"]), "b.png", force="true", extract_format="text")[1]
             ["ocr_result_id"] for i in range(3)]
    with running(app, "fair", concurrency=1, OCR_MAX_INFLIGHT_PER_USER=4, **fair):
        wait_until(lambda: all(job_row(app, i)["started_at"] for i in b_ids), 120, 0.3, "B's jobs to start")
        a_waiting = scalar(app, "SELECT count(*) FROM ocr_results WHERE id = ANY(:ids) AND started_at IS NULL",
                           ids=a_ids)
    assert a_waiting >= 80, f"A's queue should be far from drained, {a_waiting} left"


@pytest.mark.timeout(240)
def test_a_freed_slot_is_refilled_at_once_without_the_dispatcher(isolated_app, make_user):
    """With no beat at all, a backlog beyond the user's slots still drains, and never beyond the limit."""
    app = isolated_app(OCR_MAX_INFLIGHT_PER_USER=2, **FAST)
    client, headers = app.test_client(), make_user()[2]
    ids = [upload(client, headers, png_bytes([f"slot {i}"]), "s.png", force="true", extract_format="text")[1]
           ["ocr_result_id"] for i in range(7)]
    in_slots = ("SELECT count(*) FROM ocr_results WHERE id = ANY(:ids) AND ((status = 'queued' AND dispatched_at "
                "IS NOT NULL) OR (status = 'processing' AND stage IN ('preprocessing', 'ocr')))")
    assert scalar(app, in_slots, ids=ids) == 2  # the upload sent two; five wait undispatched
    seen = []
    with running(app, "slots", concurrency=2, beat=False, OCR_MAX_INFLIGHT_PER_USER=2, **FAST):

        def drained() -> bool:
            seen.append(scalar(app, in_slots, ids=ids))
            return all(_done(app, i) for i in ids)

        wait_until(drained, 120, 0.05, "the backlog to drain without a dispatcher")
    assert [_status(app, i) for i in ids] == ["completed"] * 7
    assert max(seen) <= 2, f"more than 2 jobs held OCR slots at once: {max(seen)}"
    assert len(seen) > 10


def test_concurrent_top_ups_of_one_user_stay_within_the_limit(isolated_app, make_user):
    """Eight threads refilling the same user's slots at once send each job once and no more than the limit."""
    import threading

    from app.jobs import dispatch

    app = isolated_app(OCR_MAX_INFLIGHT_PER_USER=3)
    client, headers = app.test_client(), make_user()[2]
    app.config["OCR_MAX_INFLIGHT_PER_USER"] = 0  # the uploads send nothing: every job waits
    ids = [upload(client, headers, png_bytes([f"top {i}"]), "t.png", force="true", extract_format="text")[1]
           ["ocr_result_id"] for i in range(10)]
    app.config["OCR_MAX_INFLIGHT_PER_USER"] = 3
    user_id = scalar(app, "SELECT user_id FROM ocr_results WHERE id = :i", i=ids[0])
    sent: list[int] = []
    start = threading.Barrier(8)

    def refill() -> None:
        with app.app_context():
            start.wait()
            sent.append(dispatch.top_up(user_id))

    threads = [threading.Thread(target=refill) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert sum(sent) == 3, sent
    marked = scalar(app, "SELECT count(*) FROM ocr_results WHERE id = ANY(:ids) AND dispatched_at IS NOT NULL",
                    ids=ids)
    assert marked == 3
    # The oldest first: the three lowest ids of the same priority.
    first = scalar(app, "SELECT array_agg(id ORDER BY id) FROM ocr_results WHERE id = ANY(:ids) "
                        "AND dispatched_at IS NOT NULL", ids=ids)
    assert first == sorted(ids)[:3]


@pytest.mark.timeout(180)
def test_soft_time_limit_fails_with_timeout(isolated_app, make_user):
    app = isolated_app(OCR_TIMEOUT=2, **FAST)
    client, headers = app.test_client(), make_user()[2]
    pages = [[f"slow page {n}"] * 6 for n in range(1, 21)]
    with running(app, "timeout", beat=False, OCR_TIMEOUT=2, **FAST):
        _, body = upload(client, headers, pdf_bytes(pages), "slow.pdf", force="true", extract_format="text")
        wait_until(lambda: _done(app, body["ocr_result_id"]), 120, 0.3, "timeout")
    row = job_row(app, body["ocr_result_id"])
    assert row["status"] == "failed" and row["error_code"] == "timeout"


@pytest.mark.timeout(180)
def test_stuck_job_past_its_lease_is_reaped_and_completed(isolated_app, make_user):
    app = isolated_app(**FAST)
    client, headers = app.test_client(), make_user()[2]
    _, body = upload(client, headers, png_bytes(["stuck"]), "s.png", force="true", extract_format="text")
    job_id = body["ocr_result_id"]
    with app.app_context():
        from app.jobs import lifecycle

        claim = lifecycle.claim(job_id, 2)  # a worker that claims and then hangs forever
    assert claim is not None and _status(app, job_id) == "processing"
    with running(app, "reaper", **FAST):
        wait_until(lambda: _done(app, job_id), 120, 0.3, "reaped job to finish")
    row = job_row(app, job_id)
    assert row["status"] == "completed" and row["attempts"] == 2
    assert terminal_events(app, job_id) == ["ocr_completed"]

