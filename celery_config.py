"""Celery settings: queues, routes, priorities, time limits and retry policy — all in one place."""

from kombu import Queue

QUEUES = ("ocr_queue", "ai_queue", "notification_queue", "default")

# Redis priorities: 0 is the highest. Ten steps so nearby priorities are not merged.
PRIORITY = {"high": 0, "normal": 5, "low": 9}
PRIORITY_STEPS = list(range(10))

task_queues = tuple(Queue(name, routing_key=name) for name in QUEUES)
task_default_queue = "default"
task_default_priority = PRIORITY["normal"]
task_routes = {
    "ocrflow.ocr.*": {"queue": "ocr_queue"},
    "ocrflow.extraction.*": {"queue": "ai_queue"},
    "ocrflow.notify.*": {"queue": "notification_queue"},
    "ocrflow.maintenance.*": {"queue": "default"},
}
imports = ("app.tasks.ocr", "app.tasks.extraction", "app.tasks.notify", "app.tasks.maintenance")

task_serializer = "json"
result_serializer = "json"
accept_content = ["json"]
result_expires = 3600
# Job state lives in PostgreSQL; only diagnostics (ping) keep a result.
task_ignore_result = True
task_acks_late = True
task_reject_on_worker_lost = True
worker_prefetch_multiplier = 1
worker_send_task_events = True
# No `task-sent` event per message: it cost an extra Redis publish (~0.3 ms of CPU) on every upload;
# workers still send received/started/succeeded events for monitoring.
task_send_sent_event = False
broker_connection_retry_on_startup = True
broker_connection_timeout = 2
broker_channel_error_retry = True
# Not `queue_order_strategy="priority"`: it drains queues strictly in -Q order.
broker_transport_options = {
    "priority_steps": PRIORITY_STEPS,
    "sep": ":",
    "visibility_timeout": 900,  # above every hard time limit
    "socket_connect_timeout": 2,
    "socket_timeout": 5,
}
result_backend_transport_options = {"socket_connect_timeout": 2, "socket_timeout": 5}

# Transient errors worth retrying; never a bad file.
RETRY_MAX = 3
RETRY_BACKOFF = 2
RETRY_BACKOFF_MAX = 60  # well below the visibility timeout
HARD_LIMIT_MARGIN = 30

# Periodic work of the scheduler (seconds).
BEAT = {
    "dispatch": ("ocrflow.maintenance.dispatch", "OCR_DISPATCH_INTERVAL"),
    "reap": ("ocrflow.maintenance.reap", 10.0),
    "relay": ("ocrflow.maintenance.relay", 5.0),
    "clean": ("ocrflow.maintenance.clean", 3600.0),
    "webhooks": ("ocrflow.notify.retry_due", 10.0),
}
# A webhook retry due within this many seconds is sent with a countdown (held by the worker, well below
# the visibility timeout); later ones are sent by `ocrflow.notify.retry_due` when they fall due.
WEBHOOK_COUNTDOWN_MAX = 300


def time_limits(soft: int) -> dict:
    """Soft and hard limits for a task whose soft limit is `soft` seconds."""
    return {"soft_time_limit": soft, "time_limit": soft + HARD_LIMIT_MARGIN}


def derived(app_config: dict) -> dict:
    """Settings that depend on the application's configuration."""
    testing = app_config.get("CELERY_TESTING", False)
    margin = 5 if testing else HARD_LIMIT_MARGIN
    ocr_soft, ai_soft = app_config["OCR_TIMEOUT"], app_config["ANALYSIS_TIMEOUT"]
    visibility = max(ocr_soft, ai_soft) + margin + (30 if testing else 300)
    beat = {}
    for name, (task, every) in BEAT.items():
        seconds = float(app_config[every]) if isinstance(every, str) else every
        if testing and name in ("reap", "relay", "webhooks"):
            seconds = 1.0
        beat[name] = {"task": task, "schedule": seconds}
    # Imported when called: this module stays free of the app package at import time.
    from app.broker_transport import transport_for

    transport = transport_for(app_config["CELERY_BROKER_URL"])
    return {
        "broker_url": app_config["CELERY_BROKER_URL"],
        # A Redis channel that still closes after the broker was lost (see app/broker_transport.py).
        **({"broker_transport": transport} if transport else {}),
        "result_backend": app_config["CELERY_RESULT_BACKEND"],
        "broker_transport_options": {**broker_transport_options, "visibility_timeout": visibility},
        "task_annotations": {
            # Annotations match exact task names (no globs).
            "ocrflow.ocr.process": {"soft_time_limit": ocr_soft, "time_limit": ocr_soft + margin},
            "ocrflow.ocr.previews": {"soft_time_limit": ocr_soft, "time_limit": ocr_soft + margin},
            "ocrflow.extraction.process": {"soft_time_limit": ai_soft, "time_limit": ai_soft + margin},
            "ocrflow.extraction.propose_template": {"soft_time_limit": ai_soft, "time_limit": ai_soft + margin},
        },
        "worker_max_tasks_per_child": app_config["OCR_MAX_TASKS_PER_CHILD"],
        "worker_max_memory_per_child": app_config["OCR_MAX_MEMORY_PER_CHILD"],
        "beat_schedule": beat,
        "beat_schedule_filename": app_config["BEAT_SCHEDULE_FILE"],
    }
