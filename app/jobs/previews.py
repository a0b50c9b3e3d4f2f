"""Page previews: PNGs written by the OCR worker as it reads each page, streamed as stored by the API.

They are kept per user and per content hash (`UPLOAD_DIR/previews/<user>/<sha256>/<n>.png`), so a
retry or a result reused from an identical upload shows the same pages; they go with the last stored
copy of their document (the cleaner).
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import uuid
from pathlib import Path

from flask import current_app

log = logging.getLogger(__name__)
_SHA256 = re.compile(r"[0-9a-f]{64}")


def preview_dir(user_id: int, sha256: str) -> Path:
    """Return the directory of a document's page previews."""
    if not _SHA256.fullmatch(sha256 or ""):
        raise ValueError("a preview is keyed by the document's sha256")
    return Path(current_app.config["UPLOAD_DIR"]) / "previews" / str(int(user_id)) / sha256


def preview_path(user_id: int, sha256: str, page: int) -> Path:
    """Return where page `page` (1-based) of a document is stored."""
    return preview_dir(user_id, sha256) / f"{int(page)}.png"


def save(user_id: int, sha256: str, page: int, png: bytes) -> None:
    """Store one page's PNG atomically; a failure is logged and never fails the job."""
    target = preview_path(user_id, sha256, page)
    partial = target.with_name(f".{uuid.uuid4().hex}.part")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        partial.write_bytes(png)
        os.replace(partial, target)
    except OSError as exc:
        log.warning("page preview not stored: %s", exc.strerror)
        partial.unlink(missing_ok=True)


def remove(user_id: int, sha256: str) -> None:
    """Delete a document's previews."""
    shutil.rmtree(preview_dir(user_id, sha256), ignore_errors=True)
