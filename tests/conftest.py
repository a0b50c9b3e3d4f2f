"""Shared fixtures: real PostgreSQL and Redis (embedded unless given), the app, users, a real worker."""

from __future__ import annotations

import itertools
import os
import shutil
import uuid
from pathlib import Path

import pytest
import redis

from tests.support import processes
from tests.support.services import fresh_database, start_services

ROOT = Path(__file__).resolve().parent.parent
RECEIPTS = ROOT.parent / "shared" / "data" / "receipts-dev"


@pytest.fixture(scope="session")
def services():
    """Real PostgreSQL and Redis for the whole run; the database is created fresh."""
    svc = start_services(ROOT / "var" / "test")
    os.environ["DATABASE_URL"] = fresh_database(svc.database_url, "ocrflow_test")
    os.environ["REDIS_URL"] = svc.redis_url
    redis.Redis.from_url(svc.redis_url).flushall()
    os.environ["OCRFLOW_ENV"] = "testing"
    os.environ["UPLOAD_DIR"] = os.path.join(os.environ["OCRFLOW_TEST_BASE"], "uploads")
    # Fresh like the database: an earlier run's files (page previews are keyed by user id and content) must
    # not stand in for this run's users, whose ids start again at 1.
    shutil.rmtree(os.environ["UPLOAD_DIR"], ignore_errors=True)
    yield svc
    svc.stop()


@pytest.fixture(scope="session")
def app(services):
    """The Flask app on the testing config, migrated to head."""
    from flask_migrate import upgrade

    from app import create_app

    flask_app = create_app("testing", SOCKETIO_ASYNC_MODE="threading")
    with flask_app.app_context():
        upgrade()
    return flask_app


@pytest.fixture
def client(app):
    """A Flask test client."""
    return app.test_client()


@pytest.fixture
def make_user(client):
    """Register a fresh user and return `(email, password, headers)`."""

    def _make(prefix: str = "user") -> tuple[str, str, dict]:
        email = f"{prefix}-{uuid.uuid4().hex[:12]}@example.com"
        password = "correct horse battery"
        assert client.post("/api/auth/register", json={"email": email, "password": password}).status_code == 201
        tokens = client.post("/api/auth/login", json={"email": email, "password": password}).get_json()
        return email, password, {"Authorization": f"Bearer {tokens['access_token']}"}

    return _make


@pytest.fixture
def auth_headers(make_user):
    """Authorization headers of a fresh user."""
    return make_user()[2]


@pytest.fixture(scope="session")
def worker(app, services):
    """A real Celery worker process consuming all four queues."""
    proc = processes.start_worker(name="suite", concurrency=2, flask_app=app)
    yield proc
    processes.stop(proc)


_broker_dbs = itertools.cycle(range(1, 15))  # database 15 belongs to the webhook tests


@pytest.fixture
def isolated_app(services):
    """Build an app whose Celery broker is a Redis database of its own (no other worker reads it)."""
    from app import create_app

    made = []

    def _make(**overrides):
        index = next(_broker_dbs)
        url = services.redis_url.rsplit("/", 1)[0] + f"/{index}"
        redis.Redis.from_url(url).flushdb()
        flask_app = create_app("testing", SOCKETIO_ASYNC_MODE="threading", CELERY_BROKER_URL=url,
                               CELERY_RESULT_BACKEND=url, **overrides)
        made.append(flask_app)
        return flask_app

    yield _make


@pytest.fixture(scope="session")
def receipts():
    """The labelled dev receipts."""
    import json

    labels = RECEIPTS / "labels.jsonl"
    if not labels.exists():
        pytest.fail(f"missing dev receipts at {RECEIPTS}")
    return [json.loads(line) for line in labels.read_text().splitlines() if line.strip()]


@pytest.fixture(scope="session")
def live_api(app, services):
    """A real API + Socket.IO server process (`python wsgi.py`, the default async mode)."""
    proc, url = processes.start_api("api-session")
    yield url
    processes.stop(proc)


@pytest.fixture(scope="session")
def web_base_url(live_api, worker):
    """The URL of a running service (API and worker) that serves the built web app.

    No beat here: a session-long dispatcher would send other tests' isolated jobs to this worker.
    """
    return live_api
