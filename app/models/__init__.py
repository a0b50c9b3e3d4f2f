"""SQLAlchemy models of DESIGN §2."""

from app.models.event import Event
from app.models.job import Batch, OcrResult
from app.models.template import Template
from app.models.user import RevokedToken, TokenFamily, User
from app.models.webhook import Webhook, WebhookDelivery

__all__ = ["User", "RevokedToken", "TokenFamily", "OcrResult", "Batch", "Event", "Template", "Webhook", "WebhookDelivery"]
