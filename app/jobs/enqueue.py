"""Send a task to a Redis queue with one LPUSH: the message Celery's `send_task` would send.

`send_task` costs ~0.3-0.6 ms of CPU per message, most of it outside the message: a new Redis client
object per publish (kombu's Redis channel), the producer pool, entity copies for the queue declaration
and the result object. This builds the same message — Celery's own headers (`as_task_v2`) in kombu's
Redis envelope (JSON, base64 body, a delivery tag) — and pushes it onto the queue's priority list,
as kombu's Redis transport does, through one shared client. Workers cannot tell the difference
(`tests/test_enqueue.py` compares both messages).
"""

from __future__ import annotations

import base64
import json
import threading
import uuid
from bisect import bisect
from typing import Any

import redis
from redis.backoff import NoBackoff
from redis.retry import Retry

_KOMBU_SEP = "\x06\x16"  # kombu's default when `broker_transport_options` names no `sep`
_KOMBU_STEPS = [0, 3, 6, 9]
_lock = threading.Lock()
_senders: dict[int, Sender] = {}


class Sender:
    """One Celery app's direct sender to its Redis broker."""

    def __init__(self, celery_app: Any) -> None:
        conf = celery_app.conf
        options = conf.broker_transport_options or {}
        self.app = celery_app
        self.sep = options.get("sep", _KOMBU_SEP)
        self.steps = sorted(options.get("priority_steps", _KOMBU_STEPS))
        # One immediate retry (a pooled connection may be stale after a Redis restart), no back-off: a
        # refused send leaves the job to the dispatcher, and a request must not wait for the broker.
        self.client = redis.Redis.from_url(
            conf.broker_url, socket_connect_timeout=options.get("socket_connect_timeout", 2),
            socket_timeout=options.get("socket_timeout", 5), retry=Retry(NoBackoff(), 1))

    def key(self, queue: str, priority: int) -> str:
        """Return the Redis list of `queue` for `priority` (kombu's `_q_for_pri`)."""
        step = self.steps[bisect(self.steps, priority) - 1]
        return f"{queue}{self.sep}{step}" if step else queue

    def message(self, name: str, args: list, queue: str, priority: int) -> tuple[str, str]:
        """Return the task id and the JSON message for one task with positional `args`."""
        task_id = str(uuid.uuid4())
        root_id = parent_id = None
        parent = self.app.current_worker_task
        if parent:  # as `send_task`: a task sent from a task records where it came from
            root_id, parent_id = parent.request.root_id or parent.request.id, parent.request.id
        headers, properties, body, _sent = self.app.amqp.as_task_v2(
            task_id, name, args, {}, reply_to=self.app.thread_oid, root_id=root_id, parent_id=parent_id,
            ignore_result=True)
        envelope = {
            "body": base64.b64encode(json.dumps(body).encode()).decode(),
            "content-encoding": "utf-8",
            "content-type": "application/json",
            "headers": headers,
            "properties": {**properties, "delivery_mode": 2,
                           "delivery_info": {"exchange": "", "routing_key": queue}, "priority": priority,
                           "body_encoding": "base64", "delivery_tag": str(uuid.uuid4())},
        }
        return task_id, json.dumps(envelope)

    def send(self, name: str, args: list, queue: str, priority: int) -> str:
        """Push one task message onto `queue` at `priority`; return its task id (raises on a broker error)."""
        task_id, message = self.message(name, args, queue, priority)
        self.client.lpush(self.key(queue, priority), message)
        return task_id


def sender(celery_app: Any) -> Sender:
    """Return the process's sender for `celery_app`."""
    found = _senders.get(id(celery_app))
    if found is None or found.app is not celery_app:
        with _lock:
            found = _senders[id(celery_app)] = Sender(celery_app)
    return found
