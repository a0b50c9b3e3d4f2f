"""Tasks of the `default` queue and the scheduler's periodic work."""

from __future__ import annotations

import os
import socket

from celery import shared_task


@shared_task(name="ocrflow.maintenance.ping")
def ping(value: str = "pong") -> dict:
    """Answer with the worker's host and pid (used by health checks and tests)."""
    return {"value": value, "host": socket.gethostname(), "pid": os.getpid()}
