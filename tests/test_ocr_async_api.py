"""The jobs API on real PostgreSQL, Redis, worker processes and the real OCR engine."""

from __future__ import annotations

import io
import uuid

import pytest
from PIL import Image

from tests.support import processes
from tests.support.images import pdf_bytes, png_bytes
from tests.support.jobs import receipt_bytes, upload, wait_for


def _first_receipt(receipts):
    label = receipts[1]
    return label, receipt_bytes(label["file"].split("/")[-1])


@pytest.mark.timeout(240)
def test_receipt_lifecycle_cache_and_force(client, auth_headers, worker, receipts):
    label, data = _first_receipt(receipts)
    status, body = upload(client, auth_headers, data, "receipt.jpg", priority="high")
    assert status == 202, body
    assert body["status"] == "queued" and body["estimated_time"] > 0
    assert body["check_status_url"] == f"/api/ocr-async/status/{body['ocr_result_id']}"
    done = wait_for(client, auth_headers, body["ocr_result_id"])
    assert done["status"] == "completed" and done["task_status"] == "SUCCESS", done
    assert label["total"] in done["extracted_text"]
    assert done["page_count"] == 1 and done["task_info"] == {"stage": "done", "progress": 100, "message": "Done"}
    assert done["engine"]["name"] and done["engine"]["device"] == "cpu"
    block = done["text_blocks"][0]
    assert len(block["bounding_box"]) == 4 and 0 <= block["confidence"] <= 1 and block["page"] == 1
    assert done["cache_hit"] is False and done["processing_time"] > 0

    status, again = upload(client, auth_headers, data, "same.jpg", priority="high")
    assert status == 202 and again["cache_hit"] is True and again["status"] == "completed"
    cached = client.get(f"/api/ocr-async/status/{again['ocr_result_id']}", headers=auth_headers).get_json()
    assert cached["cache_hit"] is True and cached["extracted_text"] == done["extracted_text"]

    status, forced = upload(client, auth_headers, data, "same.jpg", force="true")
    assert status == 202 and forced["cache_hit"] is False
    redone = wait_for(client, auth_headers, forced["ocr_result_id"])
    assert redone["status"] == "completed" and redone["cache_hit"] is False


def test_validation_by_content(client, auth_headers):
    png = png_bytes(["hello"])
    status, body = upload(client, auth_headers, b"%PDF-nope" * 0 + b"MZ\x90\x00" + b"\x00" * 200, "fake.png")
    assert status == 415 and body["error"]["code"] == "unsupported_media_type"
    status, body = upload(client, auth_headers, b"", "empty.png")
    assert status == 422 and body["error"]["code"] == "empty_file"
    status, body = upload(client, auth_headers, png, "x.png", language="klingon")
    assert status == 422 and "language" in body["error"]["details"]
    status, body = upload(client, auth_headers, png, "x.png", priority="urgent", confidence_threshold="7")
    assert status == 422 and {"priority", "confidence_threshold"} <= set(body["error"]["details"])
    r = client.post("/api/ocr-async/process-async", headers=auth_headers, data={},
                    content_type="multipart/form-data")
    assert r.status_code == 422 and r.get_json()["error"]["code"] == "file_required"


def test_oversized_file_is_413(client, auth_headers, app):
    big = b"\x89PNG\r\n\x1a\n" + b"\x00" * (app.config["OCR_MAX_FILE_SIZE"] + 10)
    status, body = upload(client, auth_headers, big, "big.png")
    assert status == 413 and body["error"]["code"] == "file_too_large"


def test_idempotency_key(client, auth_headers, isolated_app):
    app = isolated_app()
    client = app.test_client()
    key = {"Idempotency-Key": uuid.uuid4().hex}
    first = upload(client, auth_headers, png_bytes(["idem one"]), "a.png", extra_headers=key)
    second = upload(client, auth_headers, png_bytes(["idem one"]), "a.png", extra_headers=key)
    assert first[0] == second[0] == 202
    assert first[1]["ocr_result_id"] == second[1]["ocr_result_id"]
    other = upload(client, auth_headers, png_bytes(["idem two"]), "b.png", extra_headers=key)
    assert other[0] == 409 and other[1]["error"]["code"] == "idempotency_conflict"


def test_an_unknown_or_foreign_template_is_422_and_nothing_is_stored(isolated_app, make_user):
    from sqlalchemy import text

    from app.extensions import db

    app = isolated_app()
    client = app.test_client()
    owner, stranger = make_user()[2], make_user()[2]
    template = client.post("/api/templates", headers=owner, json={
        "name": "Mine", "keywords": ["MINE"], "fields": {"invoice_number": r"INV\s*(?P<value>\d+)"}})
    assert template.status_code == 201, template.get_json()
    tid = template.get_json()["id"]
    png = png_bytes(["template check", uuid.uuid4().hex])

    for headers, template_id in ((owner, 2**62), (stranger, tid)):
        status, body = upload(client, headers, png, "t.png", template_id=template_id)
        assert status == 422, body
        assert body["error"]["code"] == "template_not_found" and str(template_id) in body["error"]["message"]
        assert body["error"]["details"] == {"template_id": ["No such template."]}
        r = client.post("/api/ocr-async/process-bulk", headers=headers, content_type="multipart/form-data",
                        data={"files": [(io.BytesIO(png), "b.png")], "template_id": str(template_id)})
        assert r.status_code == 422 and r.get_json()["error"]["code"] == "template_not_found"
    with app.app_context():
        stored = db.session.execute(text("SELECT count(*) FROM ocr_results WHERE options->>'template_id' IN (:a, :b)"),
                                    {"a": str(tid), "b": str(2**62)}).scalar_one()
        db.session.remove()
    assert stored == 0

    status, body = upload(client, owner, png, "t.png", template_id=tid)
    assert status == 202 and body["status"] == "queued", body


def test_estimate_counts_a_queue_longer_than_the_exact_bound(isolated_app, make_user, monkeypatch):
    from app.jobs import estimates

    app = isolated_app(OCR_MAX_INFLIGHT_PER_USER=100)
    client = app.test_client()
    headers = make_user()[2]
    ids = [upload(client, headers, png_bytes(["ahead", uuid.uuid4().hex]), "a.png", priority="low")[1]["ocr_result_id"]
           for _ in range(4)]
    with app.app_context():
        exact = estimates.jobs_ahead(ids[-1] + 1, "low")
        monkeypatch.setattr(estimates, "AHEAD_EXACT_UP_TO", 2)
        estimates._cache.clear()
        bounded = estimates.jobs_ahead(ids[-1] + 1, "low")
        estimates._cache.clear()
        first = estimates.jobs_ahead(ids[0], "low")
    assert exact >= 4 and bounded >= 4  # counted past the bound of 2, from the whole queue
    assert first < exact


def test_the_jobs_ahead_are_counted_as_the_upload_inserts_its_job(isolated_app, make_user, monkeypatch):
    from app.jobs import estimates

    app = isolated_app(OCR_MAX_INFLIGHT_PER_USER=100)
    client = app.test_client()
    headers = make_user()[2]
    for priority in ("low", "high", "normal", "low", "high"):
        assert upload(client, headers, png_bytes(["queue", uuid.uuid4().hex]), "q.png", priority=priority)[0] == 202
    seen = []
    counting = estimates.jobs_ahead
    monkeypatch.setattr(estimates, "jobs_ahead",
                        lambda job_id, priority, counted=None: seen.append((job_id, priority, counted))
                        or counting(job_id, priority, counted))
    for priority in ("low", "normal", "high"):
        assert upload(client, headers, png_bytes(["counted", uuid.uuid4().hex]), "c.png", priority=priority)[0] == 202
    assert [priority for _, priority, _ in seen] == ["low", "normal", "high"]
    with app.app_context():  # nothing consumes this queue: counted apart now, the same figures
        apart = [estimates._count_ahead(job_id, estimates._RANK[priority], estimates.AHEAD_EXACT_UP_TO)
                 for job_id, priority, _ in seen]
    assert [counted for _, _, counted in seen] == apart
    assert apart[0] > apart[1] > apart[2] >= 2  # low waits behind all, high behind the two high ones


@pytest.mark.timeout(180)
def test_priority_high_jobs_overtake_low_ones(isolated_app, make_user):
    app = isolated_app(OCR_MAX_INFLIGHT_PER_USER=100)
    client = app.test_client()
    headers = make_user()[2]
    worker = processes.start_worker("prio", queues="ocr_queue", concurrency=1, flask_app=app)
    try:
        lows = [upload(client, headers, png_bytes([f"low job {i}"]), f"l{i}.png", priority="low",
                       force="true", extract_format="text")[1]["ocr_result_id"] for i in range(20)]
        highs = [upload(client, headers, png_bytes([f"high job {i}"]), f"h{i}.png", priority="high",
                        force="true", extract_format="text")[1]["ocr_result_id"] for i in range(5)]
        started = _wait_started(app, highs)
    finally:
        processes.stop(worker)
    low_started = _started_at(app, lows)
    waiting_lows = [s for s in low_started.values() if s is None or s > min(started.values())]
    assert len(waiting_lows) >= 5, "the worker should not have drained the lows yet"
    last_high = max(started.values())
    assert all(s is None or s > last_high for s in waiting_lows)


def _started_at(app, ids):
    from app.extensions import db
    from app.models import OcrResult

    with app.app_context():
        rows = db.session.execute(db.select(OcrResult.id, OcrResult.started_at).filter(OcrResult.id.in_(ids)))
        return {row.id: row.started_at for row in rows}


def _wait_started(app, ids, timeout=120):
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        started = _started_at(app, ids)
        if all(started.values()):
            return started
        time.sleep(0.3)
    raise AssertionError(f"high jobs not started: {started}")


def test_cancel_queued_then_409(isolated_app, make_user):
    app = isolated_app()
    client = app.test_client()
    headers = make_user()[2]
    _, body = upload(client, headers, png_bytes(["cancel me"]), "c.png")
    r = client.post(f"/api/ocr-async/cancel/{body['task_id']}", headers=headers)
    assert r.status_code == 200 and r.get_json()["status"] == "cancelled"
    status = client.get(f"/api/ocr-async/status/{body['ocr_result_id']}", headers=headers).get_json()
    assert status["status"] == "cancelled" and status["task_status"] == "CANCELLED"
    again = client.post(f"/api/ocr-async/cancel/{body['task_id']}", headers=headers)
    assert again.status_code == 409


@pytest.mark.timeout(240)
def test_cancel_running_pdf_stops_between_pages(client, auth_headers, worker, app):
    pages = [[f"Page {n} of the long report", "TOTAL 12.50"] for n in range(1, 13)]
    _, body = upload(client, auth_headers, pdf_bytes(pages), "long.pdf", force="true")
    wait_progress = _wait_stage(client, auth_headers, body["ocr_result_id"], "ocr")
    assert wait_progress["status"] == "processing"
    r = client.post(f"/api/ocr-async/cancel/{body['task_id']}", headers=auth_headers)
    assert r.status_code == 200
    final = wait_for(client, auth_headers, body["ocr_result_id"])
    assert final["status"] == "cancelled"
    assert _pages_read(app, body["ocr_result_id"]) < len(pages)
    assert client.post(f"/api/ocr-async/cancel/{body['task_id']}", headers=auth_headers).status_code == 409


def _wait_stage(client, headers, job_id, stage, timeout=90):
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        body = client.get(f"/api/ocr-async/status/{job_id}", headers=headers).get_json()
        if body["task_info"]["stage"] == stage:
            return body
        time.sleep(0.05)
    raise AssertionError(f"stage {stage} not reached")


def _pages_read(app, job_id) -> int:
    from sqlalchemy import text

    from app.extensions import db

    with app.app_context():
        return db.session.execute(text(
            "SELECT count(*) FROM events WHERE ocr_result_id = :id AND payload->'data'->>'stage' = 'ocr'"),
            {"id": job_id}).scalar_one()


@pytest.mark.timeout(240)
def test_retry_failed_job_completes_on_the_same_file(client, auth_headers, worker, app):
    from app.extensions import db
    from app.jobs import lifecycle
    from app.models import OcrResult

    iso_status, body = upload(client, auth_headers, png_bytes(["RETRY ME", "TOTAL 9.99"]), "r.png",
                              force="true", priority="high")
    job_id = body["ocr_result_id"]
    wait_for(client, auth_headers, job_id)
    with app.app_context():
        # Make the finished job a failed one, as a worker crash past the attempt cap would.
        db.session.execute(db.update(OcrResult).where(OcrResult.id == job_id).values(
            status="failed", error_code="worker_lost", error_message="lost"))
        db.session.commit()
        assert lifecycle  # the lifecycle module owns normal transitions; this stands in for a crash
    r = client.post(f"/api/ocr-async/retry/{job_id}", headers=auth_headers)
    assert r.status_code == 202
    new = r.get_json()
    assert new["ocr_result_id"] != job_id
    done = wait_for(client, auth_headers, new["ocr_result_id"])
    assert done["status"] == "completed" and done["retry_of"] == job_id
    assert "9.99" in done["extracted_text"]
    with app.app_context():
        old, fresh = db.session.get(OcrResult, job_id), db.session.get(OcrResult, new["ocr_result_id"])
        assert old.storage_path == fresh.storage_path and old.sha256 == fresh.sha256


@pytest.mark.timeout(240)
def test_bulk_accepts_good_files_and_rejects_bad_ones_alone(client, auth_headers, worker, app):
    big = b"\xff\xd8\xff\xe0" + b"\x00" * (app.config["OCR_MAX_FILE_SIZE"] + 1)
    files = [(io.BytesIO(png_bytes([f"bulk good {i}", "TOTAL 3.00"])), f"good{i}.png") for i in range(3)]
    files += [(io.BytesIO(big), "huge.jpg"), (io.BytesIO(b"just some text, not an image"), "notes.txt")]
    r = client.post("/api/ocr-async/process-bulk", headers=auth_headers, data={"files": files, "force": "true"},
                    content_type="multipart/form-data")
    assert r.status_code == 202, r.get_json()
    body = r.get_json()
    assert [a["filename"] for a in body["accepted"]] == ["good0.png", "good1.png", "good2.png"]
    reasons = {x["filename"]: x["error"]["code"] for x in body["rejected"]}
    assert reasons == {"huge.jpg": "file_too_large", "notes.txt": "unsupported_media_type"}
    for item in body["accepted"]:
        assert wait_for(client, auth_headers, item["ocr_result_id"])["status"] == "completed"
    batch = client.get(f"/api/ocr-async/batches/{body['batch_id']}", headers=auth_headers).get_json()
    assert batch["counts"]["completed"] == 3 and batch["counts"]["total"] == 3
    assert batch["completed_at"] is not None
    listed = client.get(f"/api/ocr-async/results?batch_id={body['batch_id']}&per_page=2",
                        headers=auth_headers).get_json()
    assert listed["total"] == 3 and listed["pages"] == 2 and len(listed["items"]) == 2


def test_other_users_ids_are_404_and_no_token_is_401(client, make_user, isolated_app):
    app = isolated_app()
    client = app.test_client()
    owner, stranger = make_user()[2], make_user()[2]
    _, body = upload(client, owner, png_bytes(["mine"]), "m.png")
    job_id, task_id = body["ocr_result_id"], body["task_id"]
    routes = [("get", f"/api/ocr-async/status/{job_id}"), ("post", f"/api/ocr-async/cancel/{task_id}"),
              ("post", f"/api/ocr-async/retry/{job_id}"), ("get", f"/api/ocr-async/results/{job_id}/file"),
              ("get", f"/api/ocr-async/results/{job_id}/pages/1.png"),
              ("post", f"/api/ocr-async/results/{job_id}/links"),
              ("patch", f"/api/ocr-async/results/{job_id}/fields")]
    for method, url in routes:
        r = getattr(client, method)(url, headers=stranger, json={"vendor": "x"})
        assert r.status_code == 404, (url, r.status_code)
        r = getattr(client, method)(url, json={"vendor": "x"})
        assert r.status_code == 401, (url, r.status_code)
    mine = client.get("/api/ocr-async/results", headers=stranger).get_json()
    assert mine["total"] == 0


def test_upload_rate_limit_counts_files(isolated_app, make_user):
    app = isolated_app(RATE_LIMIT_UPLOADS="3/minute")
    client = app.test_client()
    headers = make_user()[2]
    files = [(io.BytesIO(png_bytes([f"rl {i}"])), f"{i}.png") for i in range(4)]
    r = client.post("/api/ocr-async/process-bulk", headers=headers, data={"files": files},
                    content_type="multipart/form-data")
    assert r.status_code == 429 and int(r.headers["Retry-After"]) >= 1
    assert client.get("/api/ocr-async/results", headers=headers).get_json()["total"] == 0
    for i in range(3):
        assert upload(client, headers, png_bytes([f"ok {i}"]), "ok.png")[0] == 202
    status, body = upload(client, headers, png_bytes(["one too many"]), "x.png")
    assert status == 429 and body["error"]["code"] == "rate_limited"


@pytest.mark.timeout(240)
def test_file_download_page_image_and_signed_links(isolated_app, make_user):
    from tests.support.stack import running

    app = isolated_app()
    client = app.test_client()
    headers = make_user()[2]
    data = png_bytes(["download me"])
    _, body = upload(client, headers, data, "../../etc/pässwd\x07.png")
    job_id = body["ocr_result_id"]
    r = client.get(f"/api/ocr-async/results/{job_id}/file", headers=headers)
    assert r.status_code == 200 and r.data == data and r.mimetype == "image/png"
    assert r.headers["X-Content-Type-Options"] == "nosniff"
    assert r.headers["Content-Disposition"].startswith("attachment;")
    assert "filename*=UTF-8''p%C3%A4sswd.png" in r.headers["Content-Disposition"]
    # The API never renders: before a worker has read the page there is nothing to stream yet.
    waiting = client.get(f"/api/ocr-async/results/{job_id}/pages/1.png", headers=headers)
    assert waiting.status_code == 409 and waiting.get_json()["error"]["code"] == "page_not_ready"
    assert int(waiting.headers["Retry-After"]) >= 1
    with running(app, "pages", queues="ocr_queue,ai_queue", beat=False):
        assert wait_for(client, headers, job_id)["status"] == "completed"
    page = client.get(f"/api/ocr-async/results/{job_id}/pages/1.png", headers=headers)
    assert page.status_code == 200 and page.data[:8] == b"\x89PNG\r\n\x1a\n"
    assert page.headers["X-Content-Type-Options"] == "nosniff"
    with Image.open(io.BytesIO(page.data)) as picture:
        assert picture.size == Image.open(io.BytesIO(data)).size  # below the display size: as read
    missing = client.get(f"/api/ocr-async/results/{job_id}/pages/2.png", headers=headers)
    assert missing.status_code == 404 and missing.get_json()["error"]["code"] == "page_not_found"
    assert client.get(f"/api/ocr-async/results/{job_id}/pages/0.png", headers=headers).status_code == 404
    links = client.post(f"/api/ocr-async/results/{job_id}/links", headers=headers).get_json()
    assert client.get(links["file_url"]).data == data
    assert client.get(links["page_urls"][0]).data == page.data
    assert client.get(links["file_url"] + "x").status_code == 401
    swapped = links["page_urls"][0].replace(f"/results/{job_id}/", f"/results/{job_id + 1}/")
    assert client.get(swapped).status_code in (401, 404)
    # A result reused from the identical upload shows the pages stored when the first one was read.
    _, again = upload(client, headers, data, "again.png")
    assert again["cache_hit"] is True
    reused = client.get(f"/api/ocr-async/results/{again['ocr_result_id']}/pages/1.png", headers=headers)
    assert reused.status_code == 200 and reused.data == page.data
    stranger = make_user()[2]
    assert client.get(f"/api/ocr-async/results/{job_id}/pages/1.png", headers=stranger).status_code == 404


def test_queue_stats_counts_every_priority_sublist(isolated_app, make_user):
    app = isolated_app(OCR_MAX_INFLIGHT_PER_USER=100)
    client = app.test_client()
    headers = make_user()[2]
    for priority in ("low", "normal", "high", "low"):
        assert upload(client, headers, png_bytes([priority, uuid.uuid4().hex]), "q.png", priority=priority,
                      force="true")[0] == 202
    stats = client.get("/api/ocr-async/queue-stats", headers=headers).get_json()
    assert stats["queues"]["ocr_queue"]["pending"] == 4
    assert stats["queues"]["ocr_queue"]["consumers"] == 0
    assert "ocr_queue" in stats["queues_without_consumers"]
    assert stats["jobs_by_status"]["queued"] == 4 and stats["scope"] == "user"
    assert isinstance(stats["history"], list)


def test_queue_stats_degrades_when_the_broker_is_down(services, make_user):
    from app import create_app

    app = create_app("testing", SOCKETIO_ASYNC_MODE="threading", CELERY_BROKER_URL="redis://127.0.0.1:9/0")
    headers = make_user()[2]
    r = app.test_client().get("/api/ocr-async/queue-stats", headers=headers)
    assert r.status_code == 200
    body = r.get_json()
    assert body["degraded"] is True and body["queues"]["ocr_queue"]["pending"] is None
    assert "jobs_by_status" in body


def test_cancelling_a_queued_job_sends_the_users_next_one_at_once(isolated_app, make_user):
    """A cancelled job gives back its OCR slot: the user's next waiting job is sent in the same request."""
    from tests.support.stack import scalar

    app = isolated_app(OCR_MAX_INFLIGHT_PER_USER=1)
    client = app.test_client()
    headers = make_user()[2]
    bodies = [upload(client, headers, png_bytes([f"wait {i}", uuid.uuid4().hex]), "w.png")[1] for i in range(3)]
    ids = [b["ocr_result_id"] for b in bodies]

    def sent() -> list[int]:
        return list(scalar(app, "SELECT coalesce(array_agg(id ORDER BY id), '{}') FROM ocr_results "
                                "WHERE id = ANY(:ids) AND dispatched_at IS NOT NULL AND status = 'queued'", ids=ids))

    assert sent() == [ids[0]]  # one slot: the first was sent, two wait (no worker runs here)
    response = client.post(f"/api/ocr-async/cancel/{bodies[0]['task_id']}", headers=headers)
    assert response.status_code == 200 and response.get_json()["status"] == "cancelled"
    assert sent() == [ids[1]]


def test_a_failed_commit_leaves_no_stored_file(isolated_app, make_user, monkeypatch):
    from pathlib import Path

    from sqlalchemy.exc import OperationalError

    from app.jobs.events import Outbox

    app = isolated_app()
    client = app.test_client()
    headers = make_user()[2]
    root = Path(app.config["UPLOAD_DIR"])

    def files() -> set[Path]:
        return {p for p in root.rglob("*") if p.is_file()}

    before = files()

    def lost_database(self):
        raise OperationalError("COMMIT", {}, Exception("server closed the connection unexpectedly"))

    monkeypatch.setattr(Outbox, "commit", lost_database)
    status, body = upload(client, headers, png_bytes(["commit fails", uuid.uuid4().hex]), "c.png")
    assert status == 503 and body["error"]["code"] == "database_unavailable", body
    r = client.post("/api/ocr-async/process-bulk", headers=headers, content_type="multipart/form-data",
                    data={"files": [(io.BytesIO(png_bytes([uuid.uuid4().hex])), f"b{i}.png") for i in range(3)]})
    assert r.status_code == 503
    assert files() - before == set()  # neither the kept files nor the request's temporary ones remain


@pytest.mark.timeout(300)
def test_a_result_read_before_previews_were_stored_gets_them_from_a_worker(isolated_app, make_user):
    import shutil
    import time

    from app.extensions import db
    from app.jobs import previews
    from app.models import OcrResult
    from tests.support.stack import running

    app = isolated_app()
    client = app.test_client()
    headers = make_user()[2]
    data = png_bytes(["read long ago"])
    job_id = upload(client, headers, data, "old.png")[1]["ocr_result_id"]
    with running(app, "backfill", queues="ocr_queue,ai_queue", beat=False):
        assert wait_for(client, headers, job_id)["status"] == "completed"
    with app.app_context():
        job = db.session.get(OcrResult, job_id)
        user_id, sha256 = job.user_id, job.sha256
        stored = previews.preview_dir(user_id, sha256)
    shutil.rmtree(stored)  # as a result read before the worker kept previews
    url = f"/api/ocr-async/results/{job_id}/pages/1.png"
    asked = client.get(url, headers=headers)
    assert asked.status_code == 409 and asked.get_json()["error"]["code"] == "page_not_ready"
    assert not stored.exists()  # the API rendered nothing itself
    with running(app, "backfill-2", queues="ocr_queue", beat=False):
        deadline = time.monotonic() + 120
        page = client.get(url, headers=headers)
        while page.status_code == 409 and time.monotonic() < deadline:
            time.sleep(0.5)
            page = client.get(url, headers=headers)
    assert page.status_code == 200 and page.data[:8] == b"\x89PNG\r\n\x1a\n"
    with Image.open(io.BytesIO(page.data)) as picture:
        assert picture.size == Image.open(io.BytesIO(data)).size
    # A page a worker could not render is said so, and is not asked for again.
    (stored / "1.png").unlink()
    with app.app_context():
        previews.save_failure(user_id, sha256, 1, "page_timeout")
    gone = client.get(url, headers=headers)
    assert gone.status_code == 404 and gone.get_json()["error"]["code"] == "page_unavailable"
    assert gone.get_json()["error"]["details"]["page_error"] == "page_timeout"
