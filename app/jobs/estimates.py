"""Estimate a job's wait from its queue position and the recent mean processing time."""

from __future__ import annotations

from sqlalchemy import text

from app.extensions import db
from app.models import OcrResult

DEFAULT_SECONDS = 5.0

_MEAN = text("""
SELECT avg(processing_time) FROM (
    SELECT processing_time FROM ocr_results
    WHERE status = 'completed' AND NOT cache_hit AND processing_time IS NOT NULL
      AND finished_at > now() - interval '1 hour'
    ORDER BY finished_at DESC LIMIT 200) recent
""")

_AHEAD = text("""
SELECT count(*) FROM ocr_results
WHERE (status = 'queued' OR (status = 'processing' AND stage IN ('preprocessing', 'ocr')))
  AND id < :id
  AND (CASE priority WHEN 'high' THEN 0 WHEN 'normal' THEN 1 ELSE 2 END) <= :rank
""")

_RANK = {"high": 0, "normal": 1, "low": 2}


def mean_processing_seconds() -> float:
    """Return the mean processing time of the last hour's jobs (a default when there were none)."""
    value = db.session.execute(_MEAN).scalar()
    return float(value) if value else DEFAULT_SECONDS


def ocr_consumers() -> int:
    """Return how many processes consume `ocr_queue` (at least one, from the cached inspection)."""
    from app.jobs.queues import _cache

    cached = _cache.get("workers")
    if not cached:
        return 1
    return max(1, sum(1 for info in cached[1].values() if "ocr_queue" in info["queues"]))


def estimated_seconds(job: OcrResult) -> float:
    """Seconds until the job is likely done: jobs ahead of it, times the mean, over the consumers."""
    ahead = db.session.execute(_AHEAD, {"id": job.id, "rank": _RANK.get(job.priority, 1)}).scalar_one()
    return round((ahead + 1) * mean_processing_seconds() / ocr_consumers(), 1)
