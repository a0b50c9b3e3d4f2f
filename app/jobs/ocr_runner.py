"""Run the OCR step of a claimed job: pages in, blocks and text stored, progress per page."""

from __future__ import annotations

import logging
import os
import threading
import time

from flask import current_app
from sqlalchemy import text

from app.extensions import db
from app.jobs import lifecycle, previews
from app.jobs.queues import publish_engine_info
from app.jobs.stages import Stage, ocr_progress
from app.ocr import OcrConfig, OcrError, from_settings
from app.ocr.document import Budget, Previews

log = logging.getLogger(__name__)


def ocr_config() -> OcrConfig:
    """Build the engine layer's config from the app's settings (every engine setting of DESIGN §10)."""
    return from_settings(current_app.config)


class Heartbeat:
    """Renew a claim's lease from a side thread while the page is read; notice cancels and lost leases."""

    _RENEW = text(
        "UPDATE ocr_results SET lease_expires_at = now() + make_interval(secs => :secs), heartbeat_at = now() "
        "WHERE id = :id AND lease_id = :lease AND status = 'processing' RETURNING cancel_requested")

    def __init__(self, claim: lifecycle.Claim, lease_seconds: int) -> None:
        self.claim, self.lease_seconds = claim, lease_seconds
        self.cancel_requested = False
        self.lost = False
        self._stop = threading.Event()
        self._engine = db.engine
        self._thread = threading.Thread(target=self._run, name=f"heartbeat-{claim.job_id}", daemon=True)

    def __enter__(self) -> Heartbeat:
        self._thread.start()
        return self

    def __exit__(self, *_exc) -> None:
        self._stop.set()
        self._thread.join(timeout=5)

    def _run(self) -> None:
        interval = max(0.5, self.lease_seconds / 3)
        while not self._stop.wait(interval):
            self.beat()

    def beat(self) -> None:
        """Renew the lease once."""
        try:
            with self._engine.begin() as conn:
                row = conn.execute(self._RENEW, {"secs": self.lease_seconds, "id": self.claim.job_id,
                                                 "lease": self.claim.lease_id}).first()
        except Exception as exc:  # noqa: BLE001 - a missed beat is retried; the lease has slack
            log.warning("heartbeat failed for job %s: %s", self.claim.job_id, exc.__class__.__name__)
            return
        if row is None:
            self.lost = True
        else:
            self.cancel_requested = bool(row.cancel_requested)

    def should_stop(self) -> bool:
        """Whether reading should stop before the next page."""
        if self.lost:
            raise lifecycle.LeaseLost(self.claim.job_id)
        return self.cancel_requested


def budget() -> Budget:
    """The time bounds of one document from the app's settings."""
    cfg = current_app.config
    return Budget(page_seconds=cfg["OCR_PAGE_TIMEOUT"], base_seconds=cfg["OCR_DOCUMENT_BASE_SECONDS"],
                  seconds_per_page=cfg["OCR_DOCUMENT_SECONDS_PER_PAGE"])


def preview_saver(user_id: int, sha256: str | None) -> Previews | None:
    """Store each page's display-sized PNG as the worker reads it (the API only streams them)."""
    from app.ocr.preview import preview_png

    if not sha256:
        return None
    max_side = current_app.config["OCR_PREVIEW_MAX_SIDE"]

    def save(page: int, image) -> None:  # type: ignore[no-untyped-def]
        previews.save(user_id, sha256, page, preview_png(image, max_side))

    return Previews(save=save, max_side=max_side)


def backfill_previews(user_id: int, sha256: str | None, storage_path: str | None) -> dict:
    """Render the previews of a document read before they were stored; note each page that fails."""
    from app.ocr.document import render_previews
    from app.ocr.pages import open_document

    saver = preview_saver(user_id, sha256)
    if saver is None or not storage_path or not os.path.isfile(storage_path):
        return {"rendered": 0, "failed": {}}
    try:
        document = open_document(storage_path, ocr_config())
        failed = render_previews(document, saver, current_app.config["OCR_PAGE_TIMEOUT"])
    except OcrError as exc:
        log.warning("page previews not rendered: %s", exc)
        return {"rendered": 0, "failed": {}}
    for page, code in failed.items():
        previews.save_failure(user_id, sha256 or "", page, code)
    return {"rendered": document.page_count - len(failed), "failed": failed}


def detect_code(text: str) -> str:
    """Return the language code detected in a page's text (the packs' detector)."""
    from app.extraction.languages import detect

    return detect(text)[0]


def run_ocr(claim: lifecycle.Claim, storage_path: str, threshold: float, language: str = "auto",
            sha256: str | None = None) -> None:
    """Read every page of the job's file (with the language's recogniser) and hand the job to extraction.

    Each page's preview is stored as it is read; pages are rendered within the settings' time budgets.
    """
    from app.ocr.document import recognize_document
    from app.ocr.engine import get_engine
    from app.ocr.pages import open_document

    started = time.monotonic()
    cfg = ocr_config()
    document = open_document(storage_path, cfg)
    pages = [p.to_dict() for p in document.pages]
    if lifecycle.advance(claim, Stage.PREPROCESSING, page_count=document.page_count, pages=pages):
        raise lifecycle.Cancelled()
    lease = current_app.config["OCR_LEASE_SECONDS"]

    def load_engine():  # only a page that needs OCR loads the engine
        from app.ocr.recognisers import LanguageEngine

        engine = LanguageEngine(get_engine(cfg), language, detect_code)
        publish_engine_info(engine.info.to_dict())
        return engine

    with Heartbeat(claim, lease) as beat:

        def on_page(page: int, total: int) -> None:
            if lifecycle.advance(claim, Stage.OCR, ocr_progress(page, total)):
                beat.cancel_requested = True

        result = recognize_document(document, load_engine, on_page=on_page, should_stop=beat.should_stop,
                                    confidence_threshold=threshold, budget=budget(),
                                    previews=preview_saver(claim.user_id, sha256))
    build_searchable(document, result, storage_path)
    lifecycle.hand_to_extraction(
        claim, extracted_text=result.text, text_blocks=[b.to_dict() for b in result.blocks],
        engine=result.engine_info.to_dict(), confidence_score=_round(result.confidence),
        pages=[p.to_dict() for p in result.pages],
        processing_time=round(time.monotonic() - started, 3))


def build_searchable(document, result, storage_path: str) -> None:  # type: ignore[no-untyped-def]
    """Write the searchable PDF beside the upload, unless the upload is a PDF read wholly from its text.

    Built here, where pages are already decoded, so that the API only streams a stored file. A failure
    costs the job nothing: the route then answers that no searchable PDF is available.
    """
    from app.jobs.storage import searchable_path
    from app.ocr.searchable import build_searchable_pdf, needs_building

    if not needs_building(document, result.pages):
        return
    target = searchable_path(storage_path)
    partial = target.with_name(target.name + ".part")
    try:
        build_searchable_pdf(document, result.blocks, result.pages, partial)
        os.replace(partial, target)
    except Exception as exc:  # noqa: BLE001 - an extra output never fails the job's reading
        log.warning("searchable PDF not built for %s: %s", storage_path, exc.__class__.__name__)
        partial.unlink(missing_ok=True)


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)
