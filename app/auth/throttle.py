"""Login failures counted per (account, address) and per address, answered by a growing delay.

A hard lock per account let anyone lock a user out from anywhere with ten wrong passwords. Here the
count that slows an account is kept per address, so the right password from another address still
logs in; an address that fails across many accounts is slowed as a whole. After the free failures,
each further attempt must wait 2^k seconds (capped) from the last failure.
"""

from __future__ import annotations

import hashlib
import logging
import time

import redis
from flask import current_app

from app.errors import AppError
from app.redis_client import get_redis

log = logging.getLogger(__name__)


def _keys(email: str, address: str) -> tuple[str, str]:
    account = hashlib.sha256(email.encode()).hexdigest()[:32]
    return f"ocrflow:login-fail:{account}:{address}", f"ocrflow:login-fail-address:{address}"


def _delay(failures: int, free: int) -> float:
    if failures < free:
        return 0.0
    return float(min(current_app.config["LOGIN_MAX_DELAY_S"], 2 ** (failures - free)))


def check(email: str, address: str) -> None:
    """Refuse with 429 `login_delayed` while this account+address or this address must wait."""
    cfg = current_app.config
    try:
        pipe = get_redis().pipeline()
        for key in _keys(email, address):
            pipe.hmget(key, "n", "last")
        counts = pipe.execute()
    except redis.RedisError as exc:
        log.warning("login failure counts unavailable: %s", exc.__class__.__name__)
        return
    frees = (cfg["LOGIN_FREE_FAILURES"], cfg["LOGIN_FREE_FAILURES_PER_ADDRESS"])
    wait = 0.0
    for (n, last), free in zip(counts, frees, strict=True):
        if n is not None:
            wait = max(wait, float(last) + _delay(int(n), free) - time.time())
    if wait > 0:
        seconds = max(1, round(wait + 0.5))
        raise AppError(f"Too many failed logins; retry in {seconds} s", code="login_delayed", http_status=429,
                       details={"retry_after": seconds}, headers={"Retry-After": str(seconds)})


def failed(email: str, address: str) -> None:
    """Count a failed login."""
    window = current_app.config["LOGIN_FAILURE_WINDOW_S"]
    try:
        pipe = get_redis().pipeline()
        for key in _keys(email, address):
            pipe.hincrby(key, "n", 1)
            pipe.hset(key, "last", time.time())
            pipe.expire(key, window)
        pipe.execute()
    except redis.RedisError as exc:
        log.warning("login failure not counted: %s", exc.__class__.__name__)


def succeeded(email: str, address: str) -> None:
    """Forget this account+address's failures after the right password."""
    try:
        get_redis().delete(_keys(email, address)[0])
    except redis.RedisError as exc:
        log.warning("login failures not reset: %s", exc.__class__.__name__)
