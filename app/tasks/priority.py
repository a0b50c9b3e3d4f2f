"""An OCR worker lowers its own CPU priority at start, so the API and the other queues answer first."""

from __future__ import annotations

import logging
import os

from celery.signals import worker_init

log = logging.getLogger(__name__)
OCR_QUEUE = "ocr_queue"


def consumed_queues(worker) -> set[str]:
    """The queues a starting worker consumes (its `-Q`)."""
    return set(worker.app.amqp.queues.consume_from or worker.app.amqp.queues)


def lower_priority(increment: int) -> int:
    """Add `increment` to this process's nice value (pool processes forked later inherit it); return the new one."""
    if increment <= 0:
        return os.nice(0)
    return os.nice(increment)


@worker_init.connect
def _nice_ocr_worker(sender=None, **_kwargs) -> None:
    """Lower the priority of a worker that reads OCR; leave extraction/notification-only workers alone."""
    if sender is None or OCR_QUEUE not in consumed_queues(sender):
        return
    increment = int(sender.app.flask_app.config["OCR_WORKER_NICE"])
    niceness = lower_priority(increment)
    log.info("OCR worker runs at nice %s (OCR_WORKER_NICE=%s)", niceness, increment)
