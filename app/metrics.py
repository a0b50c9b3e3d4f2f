"""`GET /metrics`: Prometheus text computed at scrape time from PostgreSQL and Redis.

Nothing is counted in this process: every figure is read from the shared stores when the page is
scraped, so what the worker processes do (claims, completions, publishes) shows in any API process.
The collector sits on a registry of the app's own (never `prometheus_client.REGISTRY`), and a store
that cannot be read is reported by `ocrflow_scrape_errors{source}`, never by a 500.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator

from flask import Blueprint, Flask, Response, current_app, request
from prometheus_client import CollectorRegistry
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.exposition import choose_encoder
from prometheus_client.registry import Collector
from sqlalchemy import text

import celery_config
from app.extensions import db
from app.models.job import STATUSES

bp = Blueprint("metrics", __name__)
log = logging.getLogger(__name__)

EXTENSION = "ocrflow_metrics"
WINDOW_MINUTES = 15
QUANTILES = (0.5, 0.9, 0.99)
INSPECT_TIMEOUT_S = 0.5
INSPECT_MAX_AGE_S = 10.0
SOURCES = ("database", "broker", "inspect")

_BY_STATUS = text("SELECT status, count(*) AS n FROM ocr_results GROUP BY status")

_Q = "ARRAY[" + ", ".join(str(q) for q in QUANTILES) + "]::float8[]"
_DURATIONS = text(f"""
SELECT count(*) AS jobs,
       percentile_cont({_Q}) WITHIN GROUP (ORDER BY extract(epoch FROM started_at - created_at)) AS wait,
       percentile_cont({_Q}) WITHIN GROUP (ORDER BY processing_time) AS processing,
       percentile_cont({_Q}) WITHIN GROUP (ORDER BY extract(epoch FROM finished_at - created_at)) AS total
FROM ocr_results
WHERE status = 'completed' AND NOT cache_hit
  AND finished_at > now() - make_interval(mins => {WINDOW_MINUTES})
""")

_UNPUBLISHED = text("""
SELECT count(*) AS n, coalesce(extract(epoch FROM now() - min(created_at)), 0) AS lag
FROM events WHERE published_at IS NULL
""")


def _gauge(name: str, documentation: str, labels: tuple[str, ...] = ()) -> GaugeMetricFamily:
    return GaugeMetricFamily(f"ocrflow_{name}", documentation, labels=list(labels))


class OcrflowCollector(Collector):
    """Read jobs, queues, consumers, durations, event lag and sockets when scraped."""

    def __init__(self) -> None:
        self._consumers: tuple[float, dict[str, int]] | None = None

    def collect(self) -> Iterator[Metric]:
        """Yield every family; a failing source is skipped and flagged in `ocrflow_scrape_errors`."""
        started = time.perf_counter()
        errors = dict.fromkeys(SOURCES, 0)
        yield from self._guarded("database", errors, _database_families)
        depths = self._guarded("broker", errors, _queue_families)
        yield from depths
        if errors["broker"]:
            errors["inspect"] = 1  # the same broker answers inspect; do not wait for it twice
        else:
            yield from self._guarded("inspect", errors, self._consumer_families)
        yield from _socket_families()
        scrape_errors = _gauge("scrape_errors", "1 when a source could not be read at this scrape", ("source",))
        for source, failed in errors.items():
            scrape_errors.add_metric([source], failed)
        yield scrape_errors
        duration = _gauge("scrape_duration_seconds", "Seconds this scrape spent reading the stores")
        duration.add_metric([], time.perf_counter() - started)
        yield duration

    def _consumer_families(self) -> Iterator[Metric]:
        """Workers consuming each queue; an inspection is reused for a few seconds (it waits its timeout)."""
        cached = self._consumers
        if cached is None or time.monotonic() - cached[0] > INSPECT_MAX_AGE_S:
            cached = self._consumers = (time.monotonic(), _consumer_counts_retrying())
        consumers = _gauge("queue_consumers", "Workers consuming a queue", ("queue",))
        for queue, count in cached[1].items():
            consumers.add_metric([queue], count)
        yield consumers

    @staticmethod
    def _guarded(source: str, errors: dict[str, int], read) -> list[Metric]:
        """Return the source's families, or none (and an error flag) when it cannot be read."""
        try:
            return list(read())
        except Exception as exc:  # noqa: BLE001 - a scrape reports a broken store, never 500s
            log.warning("metrics: %s unavailable: %s", source, exc.__class__.__name__)
            errors[source] = 1
            return []


def _database_families() -> Iterator[Metric]:
    """Jobs by status, recent stage durations and the event outbox, in one connection."""
    with db.engine.connect() as conn:
        by_status = {row.status: row.n for row in conn.execute(_BY_STATUS)}
        durations = conn.execute(_DURATIONS).one()
        outbox = conn.execute(_UNPUBLISHED).one()
    jobs = _gauge("jobs", "Jobs in the database by status", ("status",))
    for status in STATUSES:
        jobs.add_metric([status], by_status.get(status, 0))
    yield jobs
    yield from _duration_families(durations)
    unpublished = _gauge("events_unpublished", "Committed events not yet published to the live channels")
    unpublished.add_metric([], outbox.n)
    yield unpublished
    lag = _gauge("event_publish_lag_seconds", "Age of the oldest unpublished event (0 when none)")
    lag.add_metric([], float(outbox.lag))
    yield lag


def _duration_families(row) -> Iterator[Metric]:
    """Quantiles of wait (created → started), processing (OCR) and total (created → finished)."""
    window = f"jobs completed in the last {WINDOW_MINUTES} minutes, cache hits excluded"
    quantiles = _gauge("job_duration_seconds", f"Stage duration quantiles over {window}", ("stage", "quantile"))
    for stage in ("wait", "processing", "total"):
        for q, value in zip(QUANTILES, getattr(row, stage) or (), strict=False):
            if value is not None:
                quantiles.add_metric([stage, str(q)], float(value))
    yield quantiles
    jobs = _gauge("job_duration_window_jobs", f"Number of {window}")
    jobs.add_metric([], row.jobs)
    yield jobs


def _queue_families() -> Iterator[Metric]:
    """Pending messages per queue, summed over every priority sub-list."""
    from app.jobs.queues import queue_depths

    depth = _gauge("queue_depth", "Messages waiting in a queue (all priority sub-lists)", ("queue",))
    for queue, count in queue_depths().items():
        depth.add_metric([queue], count)
    yield depth


def _consumer_counts_retrying() -> dict[str, int]:
    """Inspect once more after a broken pooled connection (the broker restarted since the last scrape)."""
    try:
        return _consumer_counts()
    except Exception:  # noqa: BLE001 - kombu/redis wrap a dropped connection in several types
        return _consumer_counts()


def _consumer_counts() -> dict[str, int]:
    """Ask the workers which queues they consume (`active_queues` only, with a short timeout)."""
    inspector = current_app.extensions["celery"].control.inspect(timeout=INSPECT_TIMEOUT_S)
    counts = dict.fromkeys(celery_config.QUEUES, 0)
    for queues in (inspector.active_queues() or {}).values():
        for name in {q["name"] for q in queues} & counts.keys():
            counts[name] += 1
    return counts


def _socket_families() -> Iterator[Metric]:
    """Authenticated Socket.IO connections held by this API process."""
    from app.notifications.sessions import registry

    sockets = _gauge("socket_connections", "Authenticated Socket.IO connections of this API process")
    sockets.add_metric([], len(registry))
    yield sockets


def build_registry() -> CollectorRegistry:
    """Return a registry of its own holding the scrape-time collector."""
    registry = CollectorRegistry(auto_describe=False)
    registry.register(OcrflowCollector())
    return registry


@bp.record_once
def _init(state) -> None:
    app: Flask = state.app
    app.extensions[EXTENSION] = build_registry()


@bp.get("/metrics")
def metrics() -> Response:
    """Expose the service's figures in the Prometheus text format (public)."""
    encoder, content_type = choose_encoder(request.headers.get("Accept", ""))
    body = encoder(current_app.extensions[EXTENSION])
    return Response(body, status=200, content_type=content_type, headers={"Cache-Control": "no-store"})
