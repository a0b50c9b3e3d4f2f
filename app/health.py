"""`GET /api/health`: database, Redis, queues and engine."""

from __future__ import annotations

import logging

import redis
from flask import Blueprint, current_app, jsonify
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from app.extensions import db
from app.jobs.queues import engine_info, queue_consumers
from app.ocr.recognisers import installed
from app.redis_client import get_redis

bp = Blueprint("health", __name__)
log = logging.getLogger(__name__)


def _database() -> dict:
    try:
        db.session.execute(text("SELECT 1"))
        return {"status": "ok"}
    except SQLAlchemyError as exc:
        db.session.rollback()
        return {"status": "down", "error": exc.__class__.__name__}


def _redis() -> dict:
    try:
        get_redis().ping()
        return {"status": "ok"}
    except redis.RedisError as exc:
        return {"status": "down", "error": exc.__class__.__name__}


def _languages() -> dict:
    """List the languages this installation reads, and for the others what to install."""
    from app.ocr.recognisers import recogniser_for
    from app.ocr_async.schemas import SUPPORTED_LANGUAGES

    codes = [c for c in SUPPORTED_LANGUAGES if "-" not in c and c != "auto"]
    ready = installed(codes)
    missing = {c: recogniser_for(c).install_hint for c in codes if c not in ready}
    return {"installed": ready, "missing": missing}


def _engine() -> dict:
    try:
        info = engine_info()
    except redis.RedisError:
        info = None
    return info or {"name": None, "model": None, "device": None, "status": "no_ocr_worker_reported"}


@bp.get("/api/health")
def health():
    """Report each component; 503 naming what is down."""

    components = {"database": _database(), "redis": _redis()}
    components["queues"] = queue_consumers() if components["redis"]["status"] == "ok" else {}
    components["engine"] = _engine()
    components["languages"] = _languages()
    components["socketio"] = {"async_mode": current_app.config["SOCKETIO_ASYNC_MODE"]}
    down = [name for name in ("database", "redis") if components[name]["status"] != "ok"]
    body = {"status": "degraded" if down else "ok", "components": components}
    if down:
        body["down"] = down
    return jsonify(body), 503 if down else 200
