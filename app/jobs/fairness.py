"""Fairness that counts workers and cost: how many OCR slots a user may hold now.

A user holds at most `OCR_MAX_INFLIGHT_PER_USER` jobs in OCR, and no more than the OCR worker processes.
Of those, documents that can run long (PDFs, multi-page images: anything but a single bounded image)
never take every process: one is always left for the others, since a running page cannot be
pre-empted. Single images take a few seconds each, so a user's bulk of receipts keeps every process
busy, and the next user waits for one receipt at most. A user whose documents keep using up their
time budgets (strikes) holds one slot in all until the strikes age out.
"""

from __future__ import annotations

import json
import logging
import time
import uuid
from dataclasses import dataclass

import redis
from flask import current_app

from app.ocr.formats import SINGLE_IMAGE_TYPES
from app.redis_client import get_redis

log = logging.getLogger(__name__)
WORKERS_KEY = "ocrflow:ocr-workers"
STRIKES_KEY = "ocrflow:budget-strikes"
WORKER_TTL_S = 90
COUNT_CACHE_S = 2.0  # uploads read the announced pool at most this often per process
_counted: dict[str, tuple[float, int]] = {}
# Uploads read the strikes at most this often per process (one Redis round trip and its parse each);
# a strike recorded by this process is seen at once, one recorded by a worker within this bound.
STRIKES_CACHE_S = 2.0
_strikes: dict[tuple[str, float], tuple[float, dict[int, int]]] = {}
# Failures that mean a document used up its time budget: a page (`page_timeout`) or the whole job.
BUDGET_CODES = frozenset({"page_timeout", "timeout"})


def _broker_redis() -> redis.Redis:
    """The Redis of the Celery broker: the OCR workers counted are those of this deployment's queues."""
    url = current_app.config["CELERY_BROKER_URL"]
    return get_redis(url if url.startswith(("redis://", "rediss://", "unix://")) else None)


def announce_workers(node: str, processes: int) -> None:
    """Record that an OCR worker node runs `processes` pool processes (refreshed while it runs)."""
    try:
        _broker_redis().hset(WORKERS_KEY, node, json.dumps({"processes": processes, "seen": time.time()}))
        _counted.clear()
    except redis.RedisError as exc:
        log.debug("OCR worker not announced: %s", exc)


def withdraw_workers(node: str) -> None:
    """Forget an OCR worker node that is shutting down."""
    try:
        _broker_redis().hdel(WORKERS_KEY, node)
        _counted.clear()
    except redis.RedisError as exc:
        log.debug("OCR worker not withdrawn: %s", exc)


def ocr_worker_processes() -> int:
    """Return the number of OCR worker processes: the setting, else what live OCR workers announced."""
    configured = current_app.config["OCR_WORKER_PROCESSES"]
    if configured > 0:
        return configured
    url = current_app.config["CELERY_BROKER_URL"]
    cached = _counted.get(url)
    if cached is not None and cached[0] > time.monotonic():
        return cached[1]
    try:
        nodes = _broker_redis().hgetall(WORKERS_KEY)
    except redis.RedisError:
        return 0
    fresh = time.time() - WORKER_TTL_S
    total = 0
    for raw in nodes.values():
        entry = json.loads(raw)
        if entry.get("seen", 0) >= fresh:
            total += int(entry.get("processes", 0))
    _counted[url] = (time.monotonic() + COUNT_CACHE_S, total)
    return total


def record_strike(user_id: int) -> None:
    """Count one budget hit against the user (best effort: Redis down loses the strike, not the job)."""
    window = current_app.config["OCR_BUDGET_STRIKE_WINDOW_S"]
    now = time.time()
    try:
        pipe = get_redis().pipeline()
        pipe.zadd(STRIKES_KEY, {f"{user_id}:{uuid.uuid4().hex[:8]}": now})
        pipe.zremrangebyscore(STRIKES_KEY, 0, now - window)
        pipe.expire(STRIKES_KEY, window)
        pipe.execute()
        _strikes.clear()
    except redis.RedisError as exc:
        log.warning("budget strike not recorded for user %s: %s", user_id, exc.__class__.__name__)


def _strike_counts(window: float) -> dict[int, int] | None:
    """Strikes per user within the last `window` seconds, read at most every `STRIKES_CACHE_S`; None if unknown."""
    key = (current_app.config["REDIS_URL"], window)
    now = time.monotonic()
    cached = _strikes.get(key)
    if cached is not None and cached[0] > now:
        return cached[1]
    try:
        members = get_redis().zrangebyscore(STRIKES_KEY, time.time() - window, "+inf")
    except redis.RedisError:
        return None
    counts: dict[int, int] = {}
    for member in members:
        user = int(member.split(b":", 1)[0])
        counts[user] = counts.get(user, 0) + 1
    _strikes[key] = (now + STRIKES_CACHE_S, counts)
    return counts


def slowed_users() -> set[int]:
    """Return the users whose documents hit their budgets at least `OCR_BUDGET_STRIKES` times lately."""
    cfg = current_app.config
    counts = _strike_counts(float(cfg["OCR_BUDGET_STRIKE_WINDOW_S"]))
    if not counts:
        return set()
    return {user for user, n in counts.items() if n >= cfg["OCR_BUDGET_STRIKES"]}


@dataclass(frozen=True)
class Slots:
    """The OCR slots a user may hold: in all, and of those for long documents."""

    total: int
    long: int


# SQL, true for a job (alias `j`) whose document can run long: anything but a single image. The page
# count is only known once the worker opens the file, so the sniffed content type decides.
LONG_JOB = ("(j.content_type IS NULL OR j.content_type NOT IN ("
            + ", ".join(f"'{t}'" for t in SINGLE_IMAGE_TYPES) + "))")


def pool_slots() -> Slots:
    """Return the slots of a user who is not slowed: the setting, at most the OCR processes, long ones fewer.

    No more than the processes: what a user sends beyond them only queues ahead of the next user, while each
    job leaving OCR sends the user's next one before its process is free again. Unknown processes: the setting.
    """
    limit = current_app.config["OCR_MAX_INFLIGHT_PER_USER"]
    workers = ocr_worker_processes()
    if workers <= 0:
        return Slots(total=limit, long=limit)
    total = min(limit, workers)
    return Slots(total=total, long=min(total, max(workers - 1, 1)))


def user_slots(user_id: int) -> Slots:
    """Return the slots this user may hold now: `pool_slots`, and one in all when slowed."""
    slots = pool_slots()
    if user_id in slowed_users():
        return Slots(total=min(slots.total, 1), long=min(slots.long, 1))
    return slots
