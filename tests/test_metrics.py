"""`GET /metrics`: public Prometheus text read from PostgreSQL and Redis at scrape time."""

from __future__ import annotations

import random

import prometheus_client
import requests
import socketio
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy import text

from tests.support.images import png_bytes
from tests.support.jobs import upload, wait_for
from tests.support.stack import wait_until

DEAD = "127.0.0.1:1"  # nothing listens on port 1


def parse(body: str) -> dict[tuple[str, tuple], float]:
    """Return `{(sample name, sorted labels): value}` of an exposition."""
    return {(s.name, tuple(sorted(s.labels.items()))): s.value
            for family in text_string_to_metric_families(body) for s in family.samples}


def scrape(client) -> dict[tuple[str, tuple], float]:
    """GET /metrics (no credentials) and parse it."""
    r = client.get("/metrics")
    assert r.status_code == 200, r.get_data(as_text=True)
    assert r.content_type.startswith("text/plain")
    return parse(r.get_data(as_text=True))


def value(samples: dict, name: str, **labels) -> float:
    """Return one sample's value."""
    return samples[(name, tuple(sorted(labels.items())))]


def _db_counts(app) -> dict[str, int]:
    from app.extensions import db

    with app.app_context():
        rows = db.session.execute(text("SELECT status, count(*) AS n FROM ocr_results GROUP BY status"))
        return {row.status: row.n for row in rows}


def test_metrics_are_public_and_name_every_family(client):
    samples = scrape(client)
    names = {name for name, _ in samples}
    assert {"ocrflow_jobs", "ocrflow_queue_depth", "ocrflow_queue_consumers", "ocrflow_job_duration_window_jobs",
            "ocrflow_events_unpublished", "ocrflow_event_publish_lag_seconds", "ocrflow_socket_connections",
            "ocrflow_scrape_errors", "ocrflow_scrape_duration_seconds"} <= names
    for status in ("queued", "processing", "completed", "failed", "cancelled"):
        assert ("ocrflow_jobs", (("status", status),)) in samples
    for queue in ("ocr_queue", "ai_queue", "notification_queue", "default"):
        assert value(samples, "ocrflow_queue_depth", queue=queue) >= 0
    assert all(value(samples, "ocrflow_scrape_errors", source=s) == 0 for s in ("database", "broker", "inspect"))


def test_registry_is_per_app_not_process_global(app, isolated_app):
    from app.metrics import EXTENSION

    other = isolated_app()
    assert app.extensions[EXTENSION] is not other.extensions[EXTENSION]
    assert not [n for n in prometheus_client.REGISTRY._names_to_collectors if n.startswith("ocrflow")]


def test_job_counts_and_queue_depth_move_with_uploads(isolated_app, make_user):
    flask_app = isolated_app()  # a broker of its own with no worker: messages stay queued
    client = flask_app.test_client()
    headers = make_user("metrics")[2]
    before = scrape(client)
    for i in range(3):
        status, body = upload(client, headers, png_bytes([f"metrics {i} {random.random()}"]), "m.png")
        assert status == 202, body
    after = scrape(client)
    assert value(after, "ocrflow_queue_depth", queue="ocr_queue") == \
        value(before, "ocrflow_queue_depth", queue="ocr_queue") + 3
    assert value(after, "ocrflow_jobs", status="queued") >= value(before, "ocrflow_jobs", status="queued") + 3

    def matches_database():
        samples, counts = scrape(client), _db_counts(flask_app)
        return all(value(samples, "ocrflow_jobs", status=s) == counts.get(s, 0) for s in counts)

    wait_until(matches_database, timeout=10, what="the job gauge to equal the table's counts")


def test_durations_come_from_jobs_a_worker_finished(client, auth_headers, worker):
    before = scrape(client)
    status, body = upload(client, auth_headers, png_bytes(["TOTAL 12.50", f"metrics {random.random()}"]), "d.png")
    assert status == 202, body
    assert wait_for(client, auth_headers, body["ocr_result_id"])["status"] == "completed"
    after = scrape(client)
    assert value(after, "ocrflow_job_duration_window_jobs") >= value(before, "ocrflow_job_duration_window_jobs") + 1
    assert value(after, "ocrflow_jobs", status="completed") >= value(before, "ocrflow_jobs", status="completed") + 1
    for stage in ("wait", "processing", "total"):
        median = value(after, "ocrflow_job_duration_seconds", stage=stage, quantile="0.5")
        assert 0 <= median <= value(after, "ocrflow_job_duration_seconds", stage=stage, quantile="0.99")
    assert value(after, "ocrflow_job_duration_seconds", stage="processing", quantile="0.5") > 0
    # The inspection is cached for a few seconds: an earlier scrape may predate the worker.
    wait_until(lambda: value(scrape(client), "ocrflow_queue_consumers", queue="ocr_queue") >= 1, timeout=20,
               interval=1, what="the worker to be counted as a consumer")


def test_unpublished_events_show_as_publish_lag(app, client, auth_headers):
    from app.extensions import db

    user_id = client.get("/api/auth/me", headers=auth_headers).get_json()["id"]
    before = scrape(client)
    seq = 10**12 + random.randrange(10**6)
    insert = text("INSERT INTO events (user_id, seq, type, payload, created_at) "
                  "VALUES (:u, :s, 'system', '{}'::jsonb, now() - interval '40 seconds')")
    with app.app_context():
        db.session.execute(insert, {"u": user_id, "s": seq})
        db.session.commit()
    try:
        after = scrape(client)
    finally:
        with app.app_context():
            db.session.execute(text("DELETE FROM events WHERE user_id = :u AND seq = :s"), {"u": user_id, "s": seq})
            db.session.commit()
    assert value(after, "ocrflow_events_unpublished") == value(before, "ocrflow_events_unpublished") + 1
    assert value(after, "ocrflow_event_publish_lag_seconds") >= 40


def test_broker_down_is_a_scrape_error_not_a_500(services):
    from app import create_app

    flask_app = create_app("testing", SOCKETIO_ASYNC_MODE="threading", CELERY_BROKER_URL=f"redis://{DEAD}/0")
    samples = scrape(flask_app.test_client())
    assert value(samples, "ocrflow_scrape_errors", source="broker") == 1
    assert value(samples, "ocrflow_scrape_errors", source="database") == 0
    assert ("ocrflow_jobs", (("status", "queued"),)) in samples
    assert not [k for k in samples if k[0] == "ocrflow_queue_depth"]


def test_database_down_is_a_scrape_error_not_a_500(services):
    from app import create_app

    flask_app = create_app("testing", SOCKETIO_ASYNC_MODE="threading",
                           SQLALCHEMY_DATABASE_URI=f"postgresql+psycopg2://nobody@{DEAD}/none")
    samples = scrape(flask_app.test_client())
    assert value(samples, "ocrflow_scrape_errors", source="database") == 1
    assert value(samples, "ocrflow_scrape_errors", source="broker") == 0
    assert not [k for k in samples if k[0] == "ocrflow_jobs"]
    assert ("ocrflow_queue_depth", (("queue", "ocr_queue"),)) in samples


def test_socket_connections_of_a_live_server(live_api, make_user):
    token = make_user("metrics-socket")[2]["Authorization"].split()[1]

    def sockets() -> float:
        r = requests.get(live_api + "/metrics", timeout=10)
        assert r.status_code == 200
        return value(parse(r.text), "ocrflow_socket_connections")

    before = sockets()
    sio = socketio.Client(reconnection=False)
    sio.connect(live_api, auth={"token": token}, transports=["websocket"], wait_timeout=10)
    try:
        wait_until(lambda: sockets() == before + 1, timeout=10, what="the socket to be counted")
    finally:
        sio.disconnect()
    wait_until(lambda: sockets() == before, timeout=10, what="the socket to be forgotten")
