"""Queue and job statistics for `/queue-stats`: depths, consumers, counts, times, history."""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from sqlalchemy import text

import celery_config
from app.extensions import db
from app.jobs.queues import inspect_workers, queue_depths

log = logging.getLogger(__name__)

_BY_STATUS = "SELECT status, count(*) AS n FROM ocr_results WHERE created_at > now() - interval '24 hours' {scope} " \
             "GROUP BY status"

_TIMES = """
SELECT avg(extract(epoch FROM started_at - created_at)) AS wait,
       avg(processing_time) FILTER (WHERE NOT cache_hit) AS processing,
       count(*) FILTER (WHERE finished_at > now() - interval '10 minutes') AS recent
FROM ocr_results WHERE status = 'completed' AND finished_at > now() - interval '1 hour' {scope}
"""

_HISTORY = """
SELECT date_trunc('minute', finished_at) AS minute,
       count(*) FILTER (WHERE status = 'completed') AS completed,
       count(*) FILTER (WHERE status = 'failed') AS failed,
       count(*) FILTER (WHERE status = 'cancelled') AS cancelled,
       avg(extract(epoch FROM started_at - created_at)) FILTER (WHERE status = 'completed') AS wait,
       avg(processing_time) FILTER (WHERE status = 'completed' AND NOT cache_hit) AS processing
FROM ocr_results
WHERE finished_at > now() - interval '60 minutes' {scope}
GROUP BY 1 ORDER BY 1
"""


def _scope(user_id: int | None) -> tuple[str, dict]:
    return ("AND user_id = :uid", {"uid": user_id}) if user_id is not None else ("", {})


def _round(value) -> float | None:
    return None if value is None else round(float(value), 3)


def job_stats(user_id: int | None) -> dict:
    """Return counts by status (24 h), mean wait and processing time, throughput and history."""
    scope, params = _scope(user_id)
    by_status = {s: 0 for s in ("queued", "processing", "completed", "failed", "cancelled")}
    for row in db.session.execute(text(_BY_STATUS.format(scope=scope)), params):
        by_status[row.status] = row.n
    times = db.session.execute(text(_TIMES.format(scope=scope)), params).one()
    history = [
        {"minute": row.minute.isoformat(), "completed": row.completed, "failed": row.failed,
         "cancelled": row.cancelled, "mean_wait_seconds": _round(row.wait),
         "mean_processing_seconds": _round(row.processing)}
        for row in db.session.execute(text(_HISTORY.format(scope=scope)), params)
    ]
    return {"jobs_by_status": by_status, "mean_wait_seconds": _round(times.wait),
            "mean_processing_seconds": _round(times.processing),
            "throughput_per_minute": round(times.recent / 10.0, 2), "history": history}


def broker_stats(include_workers: bool) -> tuple[dict, dict, list[str]]:
    """Return (queues, workers, problems); a broker failure yields a partial answer."""
    problems: list[str] = []
    queues = {name: {"pending": None, "consumers": 0, "active": 0, "reserved": 0} for name in celery_config.QUEUES}
    try:
        for name, depth in queue_depths().items():
            queues[name]["pending"] = depth
    except Exception as exc:  # noqa: BLE001 - degrade, never 500
        problems.append(f"broker: {exc.__class__.__name__}")
    workers = {}
    if not problems:
        try:
            workers = inspect_workers(timeout=1.0)
        except Exception as exc:  # noqa: BLE001
            problems.append(f"inspect: {exc.__class__.__name__}")
    for info in workers.values():
        for name in info["queues"]:
            if name in queues:
                queues[name]["consumers"] += 1
                queues[name]["active"] += sum(1 for t in info["active"] if t.get("queue") == name)
                queues[name]["reserved"] += info["reserved"]
    return queues, workers if include_workers else {}, problems


def queue_stats(user_id: int, is_admin: bool) -> dict:
    """Build the `/queue-stats` answer for a user (admins see everything)."""
    queues, workers, problems = broker_stats(include_workers=is_admin)
    for name, info in queues.items():
        if info["consumers"] == 0 and not problems:
            problems.append(f"no consumer for {name}")
    body = {"scope": "all" if is_admin else "user", "queues": queues, "workers": workers,
            "generated_at": datetime.now(UTC).isoformat()}
    try:
        body |= job_stats(None if is_admin else user_id)
    except Exception as exc:  # noqa: BLE001 - a database failure here is reported, not raised
        db.session.rollback()
        problems.append(f"database: {exc.__class__.__name__}")
    body["degraded"] = any(not p.startswith("no consumer") for p in problems)
    body["degraded_reasons"] = problems
    body["queues_without_consumers"] = [n for n, q in queues.items() if q["consumers"] == 0]
    return body
