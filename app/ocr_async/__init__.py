"""Jobs API blueprint: uploads, status, results, files, cancel, retry, batches, queue stats."""

from flask import Blueprint

bp = Blueprint("ocr_async", __name__)

from app.ocr_async import events, exports, files, jobs, stats, uploads  # noqa: E402,F401
