"""A real Celery worker process takes a task from each of the four queues."""

from __future__ import annotations

import psutil
import pytest

import celery_config


@pytest.mark.timeout(120)
def test_worker_answers_on_every_queue(app, worker):
    celery_app = app.extensions["celery"]
    for queue in celery_config.QUEUES:
        result = celery_app.send_task("ocrflow.maintenance.ping", args=[queue], queue=queue,
                                    ignore_result=False).get(timeout=30)
        assert result["value"] == queue
        # Answered by a pool process of this worker, not by some other consumer of the queue.
        assert psutil.Process(result["pid"]).ppid() == worker.pid, (queue, result["pid"], worker.pid)


def test_priority_settings(app):
    conf = app.extensions["celery"].conf
    assert conf.broker_transport_options["priority_steps"] == list(range(10))
    assert conf.broker_transport_options["sep"] == ":"
    assert "queue_order_strategy" not in conf.broker_transport_options
    assert conf.task_acks_late and conf.task_reject_on_worker_lost
    assert conf.worker_prefetch_multiplier == 1
    hard = max(a["time_limit"] for a in conf.task_annotations.values())
    assert conf.broker_transport_options["visibility_timeout"] > hard


def test_health_names_the_engine_before_any_job(client, worker):
    from tests.support.stack import wait_until

    def engine():
        body = client.get("/api/health").get_json()
        return body["components"]["engine"] if body["components"]["engine"].get("name") else None

    info = wait_until(engine, 30, 0.5, "engine in health")
    assert info["name"] == "paddleocr-onnx" and info["device"] == "cpu" and "PP-OCRv6" in info["model"]
    body = client.get("/api/health").get_json()
    assert body["components"]["queues"]["ocr_queue"]["consumers"] >= 1
