"""Celery entry point: `celery -A app.worker worker -Q …` and `celery -A app.worker beat`."""

from app import create_app

flask_app = create_app()
celery_app = flask_app.extensions["celery"]
