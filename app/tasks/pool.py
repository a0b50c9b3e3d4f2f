"""An OCR worker announces its pool size in the broker's Redis, so fairness can count OCR processes."""

from __future__ import annotations

import logging
import threading
import time

from celery.signals import worker_init, worker_ready, worker_shutdown

from app.jobs import fairness
from app.tasks.priority import OCR_QUEUE, consumed_queues

log = logging.getLogger(__name__)
_pool: dict = {}  # this node's name, pool size and app, set in the worker's main process


@worker_init.connect
def _remember_pool(sender=None, **_kwargs) -> None:
    """Remember an OCR node (its pool size is final once it is ready); other workers announce nothing."""
    if sender is None or OCR_QUEUE not in consumed_queues(sender):
        return
    _pool.update(node=sender.hostname, worker=sender, app=sender.app, stopping=False)


def _announce_forever() -> None:
    """Keep this node's pool size fresh (entries older than `fairness.WORKER_TTL_S` are ignored)."""
    while not _pool.get("stopping"):
        try:
            with _pool["app"].flask_app.app_context():
                fairness.announce_workers(_pool["node"], _pool["processes"])
        except Exception as exc:  # noqa: BLE001 - announcing never stops the worker
            log.debug("OCR pool not announced: %s", exc)
        time.sleep(fairness.WORKER_TTL_S / 3)


@worker_ready.connect
def _announce_pool(**_kwargs) -> None:
    """Announce from a side thread of the main process while the worker runs."""
    if not _pool.get("node"):
        return
    _pool["processes"] = int(getattr(_pool["worker"], "concurrency", 0) or 0)
    if _pool["processes"]:
        threading.Thread(target=_announce_forever, name="ocr-pool-announce", daemon=True).start()


@worker_shutdown.connect
def _withdraw_pool(**_kwargs) -> None:
    """A stopping OCR node no longer counts."""
    if not _pool.get("node"):
        return
    _pool["stopping"] = True
    try:
        with _pool["app"].flask_app.app_context():
            fairness.withdraw_workers(_pool["node"])
    except Exception as exc:  # noqa: BLE001 - shutting down goes on regardless
        log.debug("OCR pool not withdrawn: %s", exc)
