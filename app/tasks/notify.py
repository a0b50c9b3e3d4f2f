"""Tasks of the `notification_queue`: webhook deliveries, one task per attempt."""

from __future__ import annotations

from celery import shared_task
from sqlalchemy.exc import OperationalError

import app.webhooks.delivery as delivery
import celery_config
from app.jobs.fanout import send_delivery


@shared_task(name="ocrflow.notify.deliver", autoretry_for=(OperationalError,),
             max_retries=celery_config.RETRY_MAX, retry_backoff=celery_config.RETRY_BACKOFF,
             retry_backoff_max=celery_config.RETRY_BACKOFF_MAX, retry_jitter=True)
def deliver(delivery_id: int, attempt: int = 0) -> dict:
    """Make the next attempt of a delivery; schedule the one after if it failed and may retry."""
    outcome = delivery.attempt_delivery(delivery_id, attempt)
    if outcome.retry_in is not None and outcome.retry_in <= celery_config.WEBHOOK_COUNTDOWN_MAX:
        send_delivery(delivery_id, outcome.attempt, countdown=outcome.retry_in)
    return outcome.as_dict()


@shared_task(name="ocrflow.notify.retry_due")
def retry_due() -> dict:
    """Send deliveries whose next attempt is overdue: lost messages, long backoffs, dead workers."""
    return delivery.retry_due()
