"""Run the work of a claimed job and end the job by its outcome: the one error mapping of every task."""

from __future__ import annotations

import logging
from collections.abc import Callable

from celery.exceptions import SoftTimeLimitExceeded
from sqlalchemy.exc import OperationalError

from app.extensions import db
from app.jobs import lifecycle
from app.ocr import OcrError

log = logging.getLogger(__name__)


def run_claimed(claim: lifecycle.Claim, work: Callable[[], None], *, what: str, unexpected_code: str) -> str:
    """Run `work` under `claim`; cancel, fail or leave the job as its outcome says and name the outcome.

    `what` words the timeout message ("OCR", "Field extraction"); `unexpected_code` is the error code of
    a bug. A database error is re-raised for the task's retry (the lease lapses, the reaper requeues).
    """
    try:
        work()
        return "done"
    except lifecycle.Cancelled:
        lifecycle.cancel(claim)
        return "cancelled"
    except lifecycle.LeaseLost:
        log.warning("lease lost; another worker owns job %s now", claim.job_id)
        return "lease_lost"
    except SoftTimeLimitExceeded:
        return _timeout(claim, what)
    except OcrError as exc:
        if _caused_by_time_limit(exc):
            return _timeout(claim, what)
        lifecycle.fail(claim, exc.code, exc.message)
        return exc.code
    except OperationalError:
        db.session.rollback()
        raise
    except Exception as exc:
        db.session.rollback()
        log.exception("%s failed unexpectedly", what, extra={"ocr_result_id": claim.job_id})
        lifecycle.fail(claim, unexpected_code, f"Unexpected error: {exc.__class__.__name__}")
        raise


def _timeout(claim: lifecycle.Claim, what: str) -> str:
    lifecycle.fail(claim, "timeout", f"{what} took longer than the time limit")
    return "timeout"


def _caused_by_time_limit(exc: BaseException) -> bool:
    """Whether the engine wrapped Celery's soft time limit in its own error."""
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, SoftTimeLimitExceeded):
            return True
        seen = seen.__cause__ or seen.__context__
    return False
