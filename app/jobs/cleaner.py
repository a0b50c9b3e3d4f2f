"""The cleaner: stored files and events past retention, expired keys and revoked tokens."""

from __future__ import annotations

import logging
import os
from pathlib import Path

from flask import current_app
from sqlalchemy import text

from app.extensions import db

log = logging.getLogger(__name__)

_OLD_FILES = text("""
SELECT id, storage_path FROM ocr_results
WHERE storage_path IS NOT NULL AND status IN ('completed', 'failed', 'cancelled')
  AND finished_at < now() - make_interval(days => :days)
  AND NOT EXISTS (
      SELECT 1 FROM ocr_results other
      WHERE other.storage_path = ocr_results.storage_path AND other.id <> ocr_results.id
        AND (other.finished_at IS NULL OR other.finished_at >= now() - make_interval(days => :days)))
LIMIT 1000
""")


def _remove(path: str) -> bool:
    upload_dir = Path(current_app.config["UPLOAD_DIR"]).resolve()
    target = Path(path).resolve()
    if upload_dir not in target.parents:
        log.warning("refusing to delete a file outside UPLOAD_DIR: %s", target)
        return False
    try:
        os.unlink(target)
    except FileNotFoundError:
        pass
    return True


def clean_expired() -> dict:
    """Apply the retention settings once; return what was removed."""
    cfg = current_app.config
    files = 0
    for row in db.session.execute(_OLD_FILES, {"days": cfg["FILE_RETENTION_DAYS"]}).all():
        if _remove(row.storage_path):
            # Keep the row and its result; only the stored upload goes.
            db.session.execute(text("UPDATE ocr_results SET storage_path = NULL WHERE id = :id"), {"id": row.id})
            files += 1
    events = db.session.execute(text(
        "DELETE FROM events WHERE created_at < now() - make_interval(days => :days)"),
        {"days": cfg["EVENT_RETENTION_DAYS"]}).rowcount
    keys = db.session.execute(text(
        "UPDATE ocr_results SET idempotency_key = NULL WHERE idempotency_key IS NOT NULL "
        "AND created_at < now() - interval '24 hours'")).rowcount
    tokens = db.session.execute(text("DELETE FROM revoked_tokens WHERE expires_at < now()")).rowcount
    deliveries = db.session.execute(text(
        "DELETE FROM webhook_deliveries WHERE status <> 'pending' "
        "AND created_at < now() - make_interval(days => :days)"), {"days": cfg["EVENT_RETENTION_DAYS"]}).rowcount
    db.session.commit()
    return {"files": files, "events": events, "idempotency_keys": keys, "revoked_tokens": tokens,
            "webhook_deliveries": deliveries}
