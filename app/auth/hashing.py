"""Password hashing off the event loop: scrypt takes ~100 ms of CPU that would stall every socket.

Hashes run in a small pool of native threads of their own (`PASSWORD_HASH_THREADS` per process), at a
lower CPU priority than the loop: a burst of registrations queues for the pool instead of taking the
CPU from every other request. hashlib releases the GIL while it hashes.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable
from typing import Any

from flask import current_app
from werkzeug.security import check_password_hash, generate_password_hash

log = logging.getLogger(__name__)
HASH_NICENESS = 10
_pools: dict[str, Any] = {}
_pool_lock = threading.Lock()
_niced = threading.local()


def _lowered(func: Callable[..., Any]) -> Callable[..., Any]:
    """Run `func` after lowering this native thread's CPU priority (once per thread)."""

    def run(*args: Any) -> Any:
        if not getattr(_niced, "done", False):
            _niced.done = True
            try:
                os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), HASH_NICENESS)
            except (OSError, AttributeError) as exc:
                log.debug("hash thread priority unchanged: %s", exc)
        return func(*args)

    return run


def _gevent_pool(size: int) -> Any:
    with _pool_lock:
        if "gevent" not in _pools:
            from gevent.threadpool import ThreadPool

            _pools["gevent"] = ThreadPool(maxsize=size)
        return _pools["gevent"]


def off_loop(func: Callable[..., Any], *args: Any) -> Any:
    """Run `func(*args)` in the hashing threads of the async mode; directly in threading mode."""
    mode = current_app.config.get("SOCKETIO_ASYNC_MODE") if current_app else None
    size = current_app.config.get("PASSWORD_HASH_THREADS", 1) if current_app else 1
    if mode == "gevent":
        return _gevent_pool(size).apply(_lowered(func), args)
    if mode == "eventlet":
        from eventlet import tpool

        with _pool_lock:
            if "eventlet" not in _pools:
                tpool.set_num_threads(size)
                _pools["eventlet"] = tpool
        return tpool.execute(_lowered(func), *args)
    return func(*args)


def hash_password(password: str) -> str:
    """Hash a password for storage, off the event loop."""
    return off_loop(generate_password_hash, password)


def password_matches(hashed: str, password: str) -> bool:
    """Check a password against its hash, off the event loop."""
    return bool(off_loop(check_password_hash, hashed, password))
