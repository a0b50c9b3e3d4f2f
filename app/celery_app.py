"""Bind Celery to the Flask app (the `celery_init_app` + `FlaskTask` pattern)."""

from __future__ import annotations

from celery import Celery, Task
from flask import Flask


def celery_init_app(app: Flask) -> Celery:
    """Create the app's Celery instance from `celery_config` and store it in `app.extensions`."""

    class FlaskTask(Task):
        def __call__(self, *args, **kwargs):
            with app.app_context():
                return self.run(*args, **kwargs)

    celery_app = Celery(app.name, task_cls=FlaskTask)
    celery_app.config_from_object("celery_config")
    import celery_config

    celery_app.conf.update(celery_config.derived(app.config))
    celery_app.flask_app = app  # signal handlers in the worker's main process need an app context
    celery_app.set_default()
    app.extensions["celery"] = celery_app
    return celery_app
