"""Estimate a job's wait from its queue position and the recent mean processing time."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from sqlalchemy import literal_column, text

from app.extensions import db
from app.jobs.stages import NEEDS_OCR

DEFAULT_SECONDS = 5.0
MEAN_TTL_S = 10.0  # the mean moves slowly; one query per process every 10 s, not one per upload
AHEAD_EXACT_UP_TO = 1000  # jobs ahead counted exactly per upload; beyond, the queue's count is shared
AHEAD_TTL_S = 5.0

_MEAN = text("""
SELECT avg(processing_time) FROM (
    SELECT processing_time FROM ocr_results
    WHERE status = 'completed' AND NOT cache_hit AND processing_time IS NOT NULL
      AND finished_at > now() - interval '1 hour'
    ORDER BY finished_at DESC LIMIT 200) recent
""")

# LIMIT NULL counts them all.
_AHEAD = text(f"""
SELECT count(*) FROM (
    SELECT 1 FROM ocr_results
    WHERE {NEEDS_OCR}
      AND id < :id
      AND (CASE priority WHEN 'high' THEN 0 WHEN 'normal' THEN 1 ELSE 2 END) <= :rank
    LIMIT :cap) ahead
""")

_RANK_SQL = "(CASE {p} WHEN 'high' THEN 0 WHEN 'normal' THEN 1 ELSE 2 END)"
# The same count, exact up to the bound, for a job as it is inserted: a column of the INSERT's RETURNING
# (`ocr_results` there is the new row; the unqualified columns are the subquery's own, `a`'s), which saves
# the upload a statement and its round trip.
AHEAD_OF_INSERTED = literal_column(f"""(SELECT count(*) FROM (
    SELECT 1 FROM ocr_results a
    WHERE {NEEDS_OCR}
      AND a.id < ocr_results.id
      AND {_RANK_SQL.format(p="a.priority")} <= {_RANK_SQL.format(p="ocr_results.priority")}
    LIMIT {AHEAD_EXACT_UP_TO}) ahead)""")

_RANK = {"high": 0, "normal": 1, "low": 2}
_cache: dict[Any, tuple[float, Any]] = {}


def _cached(key: Any, ttl: float, compute: Callable[[], Any]) -> Any:
    now = time.monotonic()
    hit = _cache.get(key)
    if hit is not None and hit[0] > now:
        return hit[1]
    value = compute()
    _cache[key] = (now + ttl, value)
    return value


def _mean_now() -> float:
    value = db.session.execute(_MEAN).scalar()
    return float(value) if value else DEFAULT_SECONDS


def mean_processing_seconds() -> float:
    """Return the mean processing time of the last hour's jobs (a default when there were none)."""
    return _cached("mean", MEAN_TTL_S, _mean_now)


def _count_ahead(job_id: int, rank: int, cap: int | None) -> int:
    return db.session.execute(_AHEAD, {"id": job_id, "rank": rank, "cap": cap}).scalar_one()


def jobs_ahead(job_id: int, priority: str, counted: int | None = None) -> int:
    """Return how many jobs run before this one: exactly up to a bound, then the recent count of the queue.

    `counted`: the bounded count already made (`AHEAD_OF_INSERTED`, as the job was inserted).
    """
    rank = _RANK.get(priority, 1)
    ahead = _count_ahead(job_id, rank, AHEAD_EXACT_UP_TO) if counted is None else counted
    if ahead < AHEAD_EXACT_UP_TO:
        return ahead
    # A long queue: counting it all per upload grows with it (6.5 ms at 50,000 queued, measured),
    # so one full count per priority is shared for a few seconds.
    return max(ahead, _cached(("ahead", rank), AHEAD_TTL_S, lambda: _count_ahead(job_id, rank, None)))


def ocr_consumers() -> int:
    """Return how many processes consume `ocr_queue` (at least one, from the cached inspection)."""
    from app.jobs.queues import last_inspected_workers

    workers = last_inspected_workers()
    if not workers:
        return 1
    return max(1, sum(1 for info in workers.values() if "ocr_queue" in info["queues"]))


def estimated_seconds(job_id: int, priority: str, counted: int | None = None) -> float:
    """Seconds until the job is likely done: jobs ahead of it, times the mean, over the consumers."""
    return round((jobs_ahead(job_id, priority, counted) + 1) * mean_processing_seconds() / ocr_consumers(), 1)
