"""Thin Celery tasks, one module per queue."""
