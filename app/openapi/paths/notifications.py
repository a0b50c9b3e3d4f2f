"""Documentation of the inbox (`/api/notifications`) and the admin broadcast."""

from app.notifications.routes import BroadcastSchema, InboxQuerySchema, ReadSchema
from app.openapi.doc import Doc
from app.openapi.schemas import BroadcastResultSchema, EventTypesSchema, InboxSchema, ReadResultSchema

TAG = "events"

DOCS = {
    "notifications.list_notifications": Doc(
        "The caller's inbox", TAG, query=InboxQuerySchema, response=InboxSchema,
        description="Terminal, batch, `ai_training` and `system` events (not progress), with read flags: "
                    "after the `after` cursor, or else the newest `limit`."),
    "notifications.list_event_types": Doc(
        "The event types", TAG, response=EventTypesSchema,
        description="Every user event is sent on Socket.IO as `notification` (and on SSE as `event: "
                    "notification`) with its `type` in the payload; this lists the types, from the one registry "
                    "the webhooks, the inbox and this document use."),
    "notifications.mark_read": Doc(
        "Mark inbox events read", TAG, body=ReadSchema, response=ReadResultSchema,
        description="By `seqs`, or every one with `all: true`."),
    "notifications.broadcast": Doc(
        "Send a system event to every user", "admin", body=BroadcastSchema, response=BroadcastResultSchema,
        errors=(403,), description="Admins only; written in chunks."),
}
