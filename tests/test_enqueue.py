"""The direct sender pushes the message Celery's `send_task` would, onto the same Redis list."""

from __future__ import annotations

import base64
import json
import uuid

import pytest

from app.jobs import enqueue
from app.redis_client import get_redis

GENERATED = ("id", "root_id", "correlation_id", "delivery_tag")


def _pushed(client, key: str) -> dict:
    raw = client.rpop(key)
    assert raw is not None, f"nothing on {key}"
    return json.loads(raw)


def _without_generated(message: dict) -> dict:
    """The message with its per-send ids blanked (they must still be there and differ per send)."""
    headers = {k: ("<id>" if k in GENERATED else v) for k, v in message["headers"].items()}
    props = {k: ("<id>" if k in GENERATED else v) for k, v in message["properties"].items()}
    return {**message, "headers": headers, "properties": props}


@pytest.mark.parametrize("priority", [0, 5, 9])
def test_the_message_is_the_one_send_task_sends(app, priority):
    celery_app = app.extensions["celery"]
    queue = f"enqueue-test-{uuid.uuid4().hex[:8]}"
    with app.app_context():
        client = get_redis(celery_app.conf.broker_url)
        sender = enqueue.sender(celery_app)
        key = sender.key(queue, priority)
        try:
            celery_app.send_task("ocrflow.ocr.process", args=[4242], queue=queue, priority=priority,
                                 retry=False, ignore_result=True)
            by_celery = _pushed(client, key)  # kombu put it on this very list
            task_id = sender.send("ocrflow.ocr.process", [4242], queue, priority)
            direct = _pushed(client, key)
        finally:
            client.delete(*[sender.key(queue, p) for p in range(10)])
    assert list(direct) == list(by_celery) and list(direct["properties"]) == list(by_celery["properties"])
    assert list(direct["headers"]) == list(by_celery["headers"])
    assert _without_generated(direct) | {"body": None} == _without_generated(by_celery) | {"body": None}
    assert base64.b64decode(direct["body"]) == base64.b64decode(by_celery["body"])
    body = json.loads(base64.b64decode(direct["body"]))
    assert body[0] == [4242]
    assert direct["headers"]["id"] == direct["headers"]["root_id"] == direct["properties"]["correlation_id"] == task_id
    assert direct["properties"]["delivery_tag"] != by_celery["properties"]["delivery_tag"]
    assert direct["headers"]["id"] != by_celery["headers"]["id"]


def test_priority_lists_follow_the_transport_steps(app):
    sender = enqueue.sender(app.extensions["celery"])
    assert sender.key("ocr_queue", 0) == "ocr_queue"
    assert sender.key("ocr_queue", 5) == "ocr_queue:5"
    assert sender.key("ocr_queue", 9) == "ocr_queue:9"


def test_a_refused_broker_raises_a_broker_error(app):
    """`send_ocr` counts on an error it catches (the job then waits for the dispatcher)."""
    from app.jobs.dispatch import BROKER_ERRORS

    celery_app = app.extensions["celery"]
    sender = enqueue.Sender(celery_app)
    sender.client = sender.client.__class__.from_url("redis://127.0.0.1:1/0", socket_connect_timeout=0.5)
    with pytest.raises(BROKER_ERRORS):
        sender.send("ocrflow.ocr.process", [1], "ocr_queue", 5)
