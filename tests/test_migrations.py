"""Migrations: empty → head, a single head, no drift from the models."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask_migrate import upgrade
from sqlalchemy import create_engine, inspect

from tests.support.services import fresh_database


def test_single_head(app):
    with app.app_context():
        config = app.extensions["migrate"].migrate.get_config()
        assert len(ScriptDirectory.from_config(config).get_heads()) == 1


def test_upgrade_from_empty_matches_models(services):
    from app import create_app
    from app.config import sqlalchemy_url
    from app.extensions import db

    url = fresh_database(services.database_url, "ocrflow_migration_check")
    app = create_app("testing", SOCKETIO_ASYNC_MODE="threading", DATABASE_URL=url,
                     SQLALCHEMY_DATABASE_URI=sqlalchemy_url(url))
    with app.app_context():
        upgrade()
        engine = create_engine(sqlalchemy_url(url))
        with engine.connect() as conn:
            tables = set(inspect(conn).get_table_names())
            diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}),
                                    db.metadata)
        engine.dispose()
    assert {"users", "revoked_tokens", "ocr_results", "batches", "events", "templates", "webhooks",
            "webhook_deliveries", "alembic_version"} <= tables
    assert diff == [], f"models and migrations differ: {diff}"
