"""ocrflow: an event-driven, asynchronous OCR server."""

from __future__ import annotations

import logging
from datetime import timedelta

from flask import Flask

from app.config import Config, get_config


def create_app(config: str | type | Config | None = None, **overrides) -> Flask:
    """Build the Flask app: config, extensions, blueprints and error handlers."""
    cfg = get_config(config, **overrides)
    cfg.validate()
    app = Flask(__name__, static_folder=None)
    from app.jobs.storage import UploadRequest

    app.request_class = UploadRequest
    app.config.from_object(cfg)
    app.config["JWT_ACCESS_TOKEN_EXPIRES"] = timedelta(minutes=cfg.JWT_ACCESS_MINUTES)
    app.config["JWT_REFRESH_TOKEN_EXPIRES"] = timedelta(days=cfg.JWT_REFRESH_DAYS)
    app.config["RATELIMIT_SWALLOW_ERRORS"] = True
    app.config["RATELIMIT_STRATEGY"] = "moving-window"
    app.config["RATELIMIT_IN_MEMORY_FALLBACK_ENABLED"] = True
    app.config["RATELIMIT_STORAGE_OPTIONS"] = {"socket_connect_timeout": 1, "socket_timeout": 1}
    from app.logging_setup import configure_logging

    configure_logging(app)
    if cfg.TRUSTED_PROXY_HOPS:
        from werkzeug.middleware.proxy_fix import ProxyFix

        hops = cfg.TRUSTED_PROXY_HOPS
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)  # type: ignore[method-assign]
    _init_extensions(app)
    _register_blueprints(app)
    return app


def _init_extensions(app: Flask) -> None:
    from app.auth.tokens import init_jwt
    from app.body_limits import init_body_limits
    from app.celery_app import celery_init_app
    from app.errors import register_error_handlers
    from app.extensions import cors, db, limiter, migrate

    db.init_app(app)
    app.teardown_appcontext(_remove_session)  # runs before Flask-SQLAlchemy's own (teardowns run in reverse)
    migrate.init_app(app, db, directory=str(_migrations_dir()))
    init_jwt(app)
    limiter.init_app(app)
    cors.init_app(app, origins=app.config["CORS_ORIGINS"] or [], supports_credentials=False)
    register_error_handlers(app)
    init_body_limits(app)
    celery_init_app(app)
    _init_socketio(app)


def _remove_session(_exc: BaseException | None) -> None:
    """End the request's session; a database that died under an open transaction must not turn an answered
    request into a 500 (the rollback of a dead connection raises, and the connection is then invalidated)."""
    from sqlalchemy.exc import DBAPIError

    from app.extensions import db

    try:
        db.session.remove()
    except DBAPIError as exc:
        logging.getLogger(__name__).warning("session closed on a lost database connection: %s",
                                            exc.__class__.__name__)
        db.session.remove()


def _init_socketio(app: Flask) -> None:
    from app.extensions import socketio
    from app.notifications import sockets  # noqa: F401 - registers the handlers before the server is built
    from app.notifications.manager import server_manager

    socketio.init_app(
        app,
        async_mode=app.config["SOCKETIO_ASYNC_MODE"],
        message_queue=app.config["REDIS_URL"],
        client_manager=server_manager(app.config["REDIS_URL"]),
        # None is engine.io's "same origin only"; an empty list would switch the check off.
        cors_allowed_origins=app.config["CORS_ORIGINS"] or None,
        logger=False,
        engineio_logger=False,
    )


def _register_blueprints(app: Flask) -> None:
    from app.auth import bp as auth_bp
    from app.cli import register_cli
    from app.health import bp as health_bp

    app.register_blueprint(auth_bp, url_prefix="/api/auth")
    app.register_blueprint(health_bp)
    from app.metrics import bp as metrics_bp

    app.register_blueprint(metrics_bp)
    from app.ocr_async import bp as ocr_async_bp

    app.register_blueprint(ocr_async_bp, url_prefix="/api/ocr-async")
    from app.webhooks import bp as webhooks_bp

    app.register_blueprint(webhooks_bp, url_prefix="/api/webhooks")
    from app.notifications import bp as notifications_bp

    app.register_blueprint(notifications_bp)
    from app.openapi import bp as openapi_bp

    app.register_blueprint(openapi_bp)
    from app.templates_api import bp as templates_bp

    app.register_blueprint(templates_bp, url_prefix="/api/templates")
    from app.web import bp as web_bp

    app.register_blueprint(web_bp)
    register_cli(app)


def _migrations_dir():
    from app.config import ROOT

    return ROOT / "migrations"


logging.getLogger(__name__).addHandler(logging.NullHandler())
