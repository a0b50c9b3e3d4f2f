"""Read queue depths (every Redis priority sub-list) and consumers (inspect with a timeout)."""

from __future__ import annotations

import json
import logging
import time

import redis
from flask import current_app

import celery_config
from app.redis_client import get_redis

log = logging.getLogger(__name__)
_cache: dict[str, tuple[float, dict]] = {}


def _broker() -> str:
    return current_app.config["CELERY_BROKER_URL"]


def sublists(queue: str) -> list[str]:
    """Return the Redis keys holding a queue's messages, one per priority step."""
    sep = celery_config.broker_transport_options["sep"]
    return [queue] + [f"{queue}{sep}{step}" for step in celery_config.PRIORITY_STEPS if step]


def queue_depths() -> dict[str, int]:
    """Return pending messages per queue, summed over its priority sub-lists."""
    client = get_redis(current_app.config["CELERY_BROKER_URL"])
    pipe = client.pipeline(transaction=False)
    for queue in celery_config.QUEUES:
        for key in sublists(queue):
            pipe.llen(key)
    counts = iter(pipe.execute())
    steps = len(sublists(celery_config.QUEUES[0]))
    return {queue: sum(next(counts) for _ in range(steps)) for queue in celery_config.QUEUES}


def last_inspected_workers() -> dict | None:
    """Return the workers of the last inspection, however old, without asking the broker (None: never)."""
    cached = _cache.get(_broker())
    return cached[1] if cached else None


def inspect_workers(timeout: float = 1.0, max_age: float = 5.0) -> dict:
    """Return `{worker: {queues, active, reserved}}`, cached for a few seconds per broker."""
    cached = _cache.get(_broker())
    if cached and time.monotonic() - cached[0] < max_age:
        return cached[1]
    inspector = current_app.extensions["celery"].control.inspect(timeout=timeout)
    queues = inspector.active_queues() or {}
    active = inspector.active() or {} if queues else {}
    reserved = inspector.reserved() or {} if queues else {}
    workers = {
        name: {
            "queues": sorted(q["name"] for q in qs),
            "active": [_task_view(t) for t in active.get(name, [])],
            "reserved": len(reserved.get(name, [])),
        }
        for name, qs in queues.items()
    }
    _cache[_broker()] = (time.monotonic(), workers)
    return workers


ENGINE_KEY = "ocrflow:engine"


def publish_engine_info(info: dict) -> None:
    """Tell `/api/health` which engine this worker runs (best effort)."""
    try:
        get_redis().set(ENGINE_KEY, json.dumps(info), ex=3600)
    except Exception as exc:  # noqa: BLE001 - health reporting must not fail a job
        log.debug("engine info not published: %s", exc)


def engine_info() -> dict | None:
    """Return what the last OCR worker published about its engine, or None."""
    raw = get_redis().get(ENGINE_KEY)
    return json.loads(raw) if raw else None


def _task_view(task: dict) -> dict:
    return {"id": task.get("id"), "name": task.get("name"),
            "queue": (task.get("delivery_info") or {}).get("routing_key"),
            "args": task.get("args"), "time_start": task.get("time_start")}


def queue_consumers() -> dict[str, dict]:
    """Return `{queue: {consumers}}` for every queue; a broker problem gives zeros."""
    try:
        workers = inspect_workers(timeout=0.5)
    except (redis.RedisError, OSError) as exc:
        log.warning("inspect failed: %s", exc)
        workers = {}
    consumers = {queue: 0 for queue in celery_config.QUEUES}
    for info in workers.values():
        for queue in info["queues"]:
            if queue in consumers:
                consumers[queue] += 1
    return {queue: {"consumers": count} for queue, count in consumers.items()}
