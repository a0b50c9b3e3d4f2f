"""Tasks of the `default` queue and the scheduler's periodic work."""

from __future__ import annotations

import os
import socket

from celery import shared_task


@shared_task(name="ocrflow.maintenance.ping", ignore_result=False)
def ping(value: str = "pong") -> dict:
    """Answer with the worker's host and pid (used by health checks and tests)."""
    return {"value": value, "host": socket.gethostname(), "pid": os.getpid()}


@shared_task(name="ocrflow.maintenance.dispatch")
def dispatch() -> dict:
    """Dispatch waiting jobs within each user's slots and re-send stale ones."""
    from app.jobs.dispatch import dispatch_pending

    return dispatch_pending()


@shared_task(name="ocrflow.maintenance.reap")
def reap() -> dict:
    """Requeue jobs whose lease expired, or fail them `worker_lost` past the attempt cap."""
    from app.jobs.reaper import reap_expired

    return reap_expired()


@shared_task(name="ocrflow.maintenance.relay")
def relay() -> dict:
    """Publish events left unpublished (broker down, crash between commit and publish)."""
    from app.jobs.relay import relay_unpublished

    return relay_unpublished()


@shared_task(name="ocrflow.maintenance.clean")
def clean() -> dict:
    """Delete stored files and events past retention, and expired idempotency keys and tokens."""
    from app.jobs.cleaner import clean_expired

    return clean_expired()
