"""Celery entry point: `celery -A app.worker worker -Q …` and `celery -A app.worker beat`."""

from app import create_app
from app.tasks import pool, priority  # noqa: F401 - an OCR worker lowers its CPU priority and announces its pool

# Workers only emit through the message queue; they never serve sockets.
flask_app = create_app(SOCKETIO_ASYNC_MODE="threading")
celery_app = flask_app.extensions["celery"]
