"""The cleaner: stored files and events past retention, expired keys and revoked tokens."""

from __future__ import annotations

import logging
import os
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from flask import current_app
from sqlalchemy import text

from app.extensions import db
from app.jobs import previews
from app.jobs.storage import searchable_path, stored_original

log = logging.getLogger(__name__)

_OLD_FILES = text("""
SELECT id, user_id, sha256, storage_path FROM ocr_results
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


def _recent_upload_dirs(upload_dir: Path) -> list[Path]:
    """The unfinished-upload directory and each user's directories of this month and the last one."""
    now = datetime.now(UTC)
    months = {now.strftime("%Y%m"), (now.replace(day=1) - timedelta(days=1)).strftime("%Y%m")}
    dirs = [upload_dir / "tmp"]
    if upload_dir.is_dir():
        for user_dir in upload_dir.iterdir():
            if user_dir.name.isdigit():
                dirs += [user_dir / month for month in sorted(months)]
    return [d for d in dirs if d.is_dir()]


def sweep_orphans(grace_seconds: int) -> int:
    """Remove stored files no job refers to, older than `grace_seconds`; return how many went.

    A process that dies between storing an upload and committing its job (a killed API, a database
    gone at commit) leaves such a file. Only this month's and last month's directories are read:
    orphans appear at upload time, so the sweep stays bounded however many files are kept.
    """
    upload_dir = Path(current_app.config["UPLOAD_DIR"]).resolve()
    cutoff = time.time() - grace_seconds
    old: list[str] = []
    for directory in _recent_upload_dirs(upload_dir):
        for entry in os.scandir(directory):
            try:
                if entry.is_file(follow_symlinks=False) and entry.stat(follow_symlinks=False).st_mtime < cutoff:
                    old.append(entry.path)
            except FileNotFoundError:
                continue
    removed = 0
    for start in range(0, len(old), 500):
        batch = old[start:start + 500]
        owners = [stored_original(p) for p in batch]  # a searchable PDF lives as long as its upload
        used = set(db.session.execute(text(
            "SELECT storage_path FROM ocr_results WHERE storage_path = ANY(:paths)"), {"paths": owners}).scalars())
        for path, owner in zip(batch, owners, strict=True):
            if owner not in used and _remove(path):
                removed += 1
    if removed:
        log.info("removed %d orphaned upload files", removed)
    return removed


def _remove_previews_if_unused(user_id: int, sha256: str | None) -> None:
    """Page previews go with the last stored copy of their document (a reused result shares them)."""
    if not sha256:
        return
    kept = db.session.execute(text(
        "SELECT 1 FROM ocr_results WHERE user_id = :u AND sha256 = :s AND storage_path IS NOT NULL LIMIT 1"),
        {"u": user_id, "s": sha256}).first()
    if kept is None:
        previews.remove(user_id, sha256)


def clean_expired() -> dict:
    """Apply the retention settings once; return what was removed."""
    cfg = current_app.config
    files = 0
    for row in db.session.execute(_OLD_FILES, {"days": cfg["FILE_RETENTION_DAYS"]}).all():
        if _remove(row.storage_path):
            _remove(str(searchable_path(row.storage_path)))
            # Keep the row and its result; only the stored upload goes.
            db.session.execute(text("UPDATE ocr_results SET storage_path = NULL WHERE id = :id"), {"id": row.id})
            _remove_previews_if_unused(row.user_id, row.sha256)
            files += 1
    events = db.session.execute(text(
        "DELETE FROM events WHERE created_at < now() - make_interval(days => :days)"),
        {"days": cfg["EVENT_RETENTION_DAYS"]}).rowcount
    keys = db.session.execute(text(
        "UPDATE ocr_results SET idempotency_key = NULL WHERE idempotency_key IS NOT NULL "
        "AND created_at < now() - interval '24 hours'")).rowcount
    tokens = db.session.execute(text("DELETE FROM revoked_tokens WHERE expires_at < now()")).rowcount
    families = db.session.execute(text("DELETE FROM token_families WHERE expires_at < now()")).rowcount
    deliveries = db.session.execute(text(
        "DELETE FROM webhook_deliveries WHERE status <> 'pending' "
        "AND created_at < now() - make_interval(days => :days)"), {"days": cfg["EVENT_RETENTION_DAYS"]}).rowcount
    db.session.commit()
    orphans = sweep_orphans(cfg["ORPHAN_FILE_GRACE_SECONDS"])
    return {"files": files, "orphaned_files": orphans, "events": events, "idempotency_keys": keys, "revoked_tokens": tokens,
            "token_families": families, "webhook_deliveries": deliveries}
