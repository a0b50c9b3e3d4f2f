"""An OCR worker lowers its own CPU priority at start, so the API and the other queues answer first.

A nice value orders processes only within one scheduling group. With the kernel's autogroups
(`/proc/sys/kernel/sched_autogroup_enabled` = 1, the default of most distributions) every session is
a group, and groups share the cores evenly whatever their processes' nice values: PostgreSQL and Redis
(sessions of their own) then wait behind OCR for a core on every query. So the OCR worker also starts a
session of its own and gives its group the same nice value (`OCR_WORKER_OWN_GROUP`): all its processes
together then weigh like one process at that nice against every other session. Containers are cgroups
of their own: there `cpu_shares` does the same (docker-compose.yml).
"""

from __future__ import annotations

import errno
import logging
import os
import time
from pathlib import Path

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


AUTOGROUPS = Path("/proc/sys/kernel/sched_autogroup_enabled")
OWN_AUTOGROUP = Path("/proc/self/autogroup")


def autogroups_enabled() -> bool:
    """Tell whether the kernel groups this process by session for CPU time. A process that a CPU cgroup
    places elsewhere (a container, a systemd slice with CPU accounting) is in no autogroup: its
    `/proc/self/autogroup` reads empty, and the cgroup's own weight is what counts there."""
    try:
        return AUTOGROUPS.read_text().strip() == "1" and bool(OWN_AUTOGROUP.read_text().strip())
    except OSError:
        return False


def lower_group_priority(nice: int) -> bool:
    """Start a session of this process's own (unless it leads one) and set its autogroup's nice value;
    return False, leaving everything as it was, where that cannot be done (no autogroups, or a process
    group leader started from a shell, which may not start a session)."""
    if nice <= 0 or not autogroups_enabled():
        return False
    if os.getsid(0) != os.getpid():
        try:
            os.setsid()
        except OSError:
            return False
    for _ in range(20):  # the kernel refuses a change within 0.1 s of another one (EAGAIN)
        try:
            OWN_AUTOGROUP.write_text(str(nice))
            return True
        except OSError as exc:
            if exc.errno != errno.EAGAIN:
                return False
            time.sleep(0.02)
    return False


@worker_init.connect
def _nice_ocr_worker(sender=None, **_kwargs) -> None:
    """Lower the priority of a worker that reads OCR; leave extraction/notification-only workers alone."""
    if sender is None or OCR_QUEUE not in consumed_queues(sender):
        return
    global _target
    increment = int(sender.app.flask_app.config["OCR_WORKER_NICE"])
    _target = lower_priority(increment)
    wanted = bool(sender.app.flask_app.config["OCR_WORKER_OWN_GROUP"]) and increment > 0 and autogroups_enabled()
    grouped = wanted and lower_group_priority(_target)
    log.info("OCR worker runs at nice %s (OCR_WORKER_NICE=%s)%s", _target, increment,
             ", in a CPU group of its own at that nice value" if grouped else "")
    if wanted and not grouped:
        log.warning("the OCR worker could not start a session of its own (started by hand from a shell?): its nice "
                    "value orders it only against the processes of its session")


@worker_process_init.connect
def _nice_pool_process(**_kwargs) -> None:
    """A pool process forked later (a recycled one) by a thread that predates the change gets it too."""
    if _target is not None and os.nice(0) < _target:
        os.nice(_target - os.nice(0))
