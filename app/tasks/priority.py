"""An OCR worker lowers its own CPU priority at start, so the API and the other queues answer first."""

from __future__ import annotations

import logging
import os

from celery.signals import worker_init, worker_process_init

log = logging.getLogger(__name__)
OCR_QUEUE = "ocr_queue"
_target: int | None = None  # the OCR worker's nice value, set in its main process and inherited by its pool


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
    global _target
    increment = int(sender.app.flask_app.config["OCR_WORKER_NICE"])
    _target = lower_priority(increment)
    log.info("OCR worker runs at nice %s (OCR_WORKER_NICE=%s)", _target, increment)


@worker_process_init.connect
def _nice_pool_process(**_kwargs) -> None:
    """A pool process forked later (a recycled one) by a thread that predates the change gets it too."""
    if _target is not None and os.nice(0) < _target:
        os.nice(_target - os.nice(0))
