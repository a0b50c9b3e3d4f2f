"""One configuration: derived settings follow overrides, the engine reads every engine setting, and
no module but `app/config.py` reads the environment."""

from __future__ import annotations

import re
from pathlib import Path

from app import create_app
from app.config import get_config

APP = Path(__file__).resolve().parents[1] / "app"


def test_overrides_recompute_derived_settings(monkeypatch):
    for name in ("CELERY_BROKER_URL", "CELERY_RESULT_BACKEND", "RATELIMIT_STORAGE_URI"):
        monkeypatch.delenv(name, raising=False)
    cfg = get_config("testing", OCR_MAX_FILE_SIZE=1000, OCR_MAX_BULK_FILES=2, REDIS_URL="redis://h:1/0",
                     DATABASE_URL="postgresql://u@h:5/d", SOCKETIO_ASYNC_MODE="threading")
    assert cfg.MAX_CONTENT_LENGTH == 2000 + 1024 * 1024
    assert cfg.CELERY_BROKER_URL == cfg.CELERY_RESULT_BACKEND == cfg.RATELIMIT_STORAGE_URI == "redis://h:1/0"
    assert cfg.SQLALCHEMY_DATABASE_URI == "postgresql+psycopg2://u@h:5/d"
    assert cfg.SQLALCHEMY_ENGINE_OPTIONS["pool_size"] == 10
    assert get_config("testing", SOCKETIO_ASYNC_MODE="gevent").SQLALCHEMY_ENGINE_OPTIONS["pool_size"] == 40


def test_the_page_budget_follows_the_job_time_limit(monkeypatch):
    monkeypatch.delenv("OCR_PAGE_TIMEOUT", raising=False)
    assert get_config("production", OCR_TIMEOUT=300).OCR_PAGE_TIMEOUT == 20.0
    assert get_config("testing", OCR_TIMEOUT=30).OCR_PAGE_TIMEOUT == 10.0
    assert get_config("testing", OCR_TIMEOUT=30, OCR_PAGE_TIMEOUT=2.5).OCR_PAGE_TIMEOUT == 2.5
    monkeypatch.setenv("OCR_PAGE_TIMEOUT", "4")
    assert get_config("testing", OCR_TIMEOUT=30).OCR_PAGE_TIMEOUT == 4.0


def test_an_explicit_value_wins_over_its_derivation(monkeypatch):
    monkeypatch.setenv("CELERY_BROKER_URL", "redis://broker:2/0")
    cfg = get_config("testing", REDIS_URL="redis://h:1/0", MAX_CONTENT_LENGTH=5)
    assert cfg.CELERY_BROKER_URL == "redis://broker:2/0" and cfg.CELERY_RESULT_BACKEND == "redis://h:1/0"
    assert cfg.MAX_CONTENT_LENGTH == 5


def test_the_worker_builds_the_engine_config_from_every_engine_setting(services):
    from app.jobs.ocr_runner import ocr_config

    app = create_app("testing", OCR_THREADS=2, OCR_PREPROCESS="none", OCR_DET_MODEL="PP-OCRv6_tiny_det",
                     OCR_REC_MODEL="PP-OCRv6_tiny_rec", OCR_DET_LIMIT_SIDE=960, OCR_PDF_DPI=150,
                     SOCKETIO_ASYNC_MODE="threading")
    with app.app_context():
        cfg = ocr_config()
    assert (cfg.threads, cfg.preprocess, cfg.det_model, cfg.rec_model, cfg.det_limit_side, cfg.pdf_dpi) == (
        2, "none", "PP-OCRv6_tiny_det", "PP-OCRv6_tiny_rec", 960, 150)


def test_webhook_settings_come_from_the_config():
    from app.webhooks.settings import get_settings

    settings = get_settings(vars(get_config("testing", WEBHOOK_MAX_ATTEMPTS=7, WEBHOOK_DEADLINE_S=2.5)))
    assert settings.max_attempts == 7 and settings.deadline == 2.5 and settings.retry_base == 0.5


def test_no_module_but_the_config_reads_the_environment():
    reads = re.compile(r"os\.environ\.get|os\.getenv|os\.environ\[|environ\.get\(")
    offenders = [str(p.relative_to(APP)) for p in APP.rglob("*.py")
                 if p.name != "config.py" or p.parent != APP
                 if reads.search(p.read_text())]
    assert offenders == []
