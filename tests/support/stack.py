"""A worker + beat stack on an isolated broker database, for fault tests."""

from __future__ import annotations

import time
from contextlib import contextmanager

import psutil
from sqlalchemy import text

from tests.support import processes


@contextmanager
def running(flask_app, name: str, *, queues: str = processes.ALL_QUEUES, concurrency: int = 1,
            beat: bool = True, **env: str):
    """Run a worker (and beat) for `flask_app`'s broker; stop them afterwards."""
    env = {k: str(v) for k, v in env.items()}
    worker = processes.start_worker(name, queues=queues, concurrency=concurrency, flask_app=flask_app, **env)
    scheduler = processes.start_beat(f"beat-{name}", CELERY_BROKER_URL=flask_app.config["CELERY_BROKER_URL"],
                                     CELERY_RESULT_BACKEND=flask_app.config["CELERY_RESULT_BACKEND"],
                                     **env) if beat else None
    procs = {"worker": worker, "beat": scheduler}
    try:
        yield procs
    finally:
        for proc in procs.values():
            if proc is not None:
                processes.stop(proc)


def pool_children(worker) -> list[psutil.Process]:
    """Return the prefork pool processes of a worker."""
    try:
        return psutil.Process(worker.pid).children()
    except psutil.NoSuchProcess:
        return []


def scalar(flask_app, sql: str, **params):
    """Run one SQL query in the app's database and return the first column of the first row."""
    from app.extensions import db

    with flask_app.app_context():
        return db.session.execute(text(sql), params).scalar()


def job_row(flask_app, job_id: int) -> dict:
    """Return a job's row as a dict."""
    from app.extensions import db

    with flask_app.app_context():
        row = db.session.execute(text("SELECT * FROM ocr_results WHERE id = :id"), {"id": job_id}).mappings().one()
        return dict(row)


def terminal_events(flask_app, job_id: int) -> list[str]:
    """Return the terminal event types written for a job."""
    from app.extensions import db

    with flask_app.app_context():
        rows = db.session.execute(text(
            "SELECT type FROM events WHERE ocr_result_id = :id AND type IN "
            "('ocr_completed', 'ocr_failed', 'ocr_cancelled') ORDER BY seq"), {"id": job_id})
        return [r.type for r in rows]


def wait_until(predicate, timeout: float = 60, interval: float = 0.1, what: str = "condition"):
    """Poll until `predicate()` is truthy; return its value."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"timed out waiting for {what}")
