"""Tasks of the `ocr_queue`: read a job's pages."""

from __future__ import annotations

import logging

from celery import shared_task
from celery.signals import worker_ready
from flask import current_app
from sqlalchemy.exc import OperationalError

import celery_config
from app.extensions import db
from app.jobs import dispatch, lifecycle, previews
from app.jobs.ocr_runner import backfill_previews, run_ocr
from app.models import OcrResult
from app.tasks.claimed import run_claimed

log = logging.getLogger(__name__)


@shared_task(name="ocrflow.ocr.process", bind=True, autoretry_for=(OperationalError,),
             max_retries=celery_config.RETRY_MAX, retry_backoff=celery_config.RETRY_BACKOFF,
             retry_backoff_max=celery_config.RETRY_BACKOFF_MAX, retry_jitter=True)
def process(self, job_id: int) -> dict:
    """Claim the job, read its pages and send it on to extraction."""
    cfg = current_app.config
    claim = lifecycle.claim(job_id, cfg["OCR_LEASE_SECONDS"], phase="ocr", max_attempts=cfg["OCR_MAX_ATTEMPTS"])
    if claim is None:
        lifecycle.settle_cancelled(job_id)
        return {"job": job_id, "ran": False}
    job = db.session.get(OcrResult, job_id)
    path, priority, sha256 = job.storage_path, job.priority, job.sha256
    threshold = float((job.options or {}).get("confidence_threshold", cfg["OCR_CONFIDENCE_THRESHOLD"]))
    language = str((job.options or {}).get("language") or "auto")
    db.session.rollback()
    log.info("ocr started", extra={"ocr_result_id": job_id, "task_id": self.request.id})
    outcome = run_claimed(claim, lambda: run_ocr(claim, path, threshold, language, sha256), what="OCR",
                          unexpected_code="internal_error")
    if outcome == "done" and dispatch.send_extraction(job_id, priority):
        dispatch.mark_dispatched([job_id])
    if outcome != "lease_lost":  # the job left its OCR slot: refill it now, not at the next dispatcher round
        dispatch.refill(claim.user_id)
    return {"job": job_id, "ran": True, "outcome": "extraction" if outcome == "done" else outcome}


@shared_task(name=previews.BACKFILL_TASK, ignore_result=True)
def render_previews(job_id: int) -> dict:
    """Store the page previews of a job read before previews were kept (asked for by the page route)."""
    job = db.session.get(OcrResult, job_id)
    if job is None or job.status != "completed":
        db.session.rollback()
        return {"job": job_id, "rendered": 0}
    user_id, sha256, path = job.user_id, job.sha256, job.storage_path
    db.session.rollback()
    return {"job": job_id, **backfill_previews(user_id, sha256, path)}


@worker_ready.connect
def _announce_engine(sender=None, **_kwargs) -> None:
    """Tell `/api/health` which engine an OCR worker will run, before its first job loads it."""
    celery_app = getattr(sender, "app", None)
    consume_from = getattr(getattr(celery_app, "amqp", None) and celery_app.amqp.queues, "consume_from", None)
    if celery_app is None or "ocr_queue" not in (consume_from or {}):
        return
    from app.jobs.ocr_runner import ocr_config
    from app.jobs.queues import publish_engine_info
    from app.ocr.engine import resolve_engine
    from app.ocr.paddleocr_engine import choose_device

    try:
        with celery_app.flask_app.app_context():
            cfg = ocr_config()
            name = resolve_engine(cfg)
            device = choose_device(cfg, None, "onnxruntime" if name == "onnx" else "paddle")
            backend = "paddleocr-onnx" if name == "onnx" else "paddleocr-paddle"  # as the loaded engine says
            publish_engine_info({"name": backend, "model": f"{cfg.det_model}+{cfg.rec_model}", "device": device,
                                 "fallback_reason": None, "loaded": False})
    except Exception as exc:  # noqa: BLE001 - health reporting never stops a worker from starting
        log.warning("engine not announced: %s", exc)
