"""Every endpoint's documentation, keyed by Flask endpoint name (`blueprint.view`).

To document a new route, add a `Doc` under its endpoint name in the module of its blueprint here
(a new blueprint gets a new module, merged below). An endpoint with several methods and different
shapes maps to `{"GET": Doc(...), "POST": Doc(...)}`. `tests/test_openapi.py` fails, naming the
endpoint, for any route of the app that has no entry.
"""

from __future__ import annotations

from collections.abc import Mapping

from app.openapi.doc import Doc
from app.openapi.paths import auth, jobs, notifications, system, templates, webhooks

DocEntry = Doc | Mapping[str, Doc]

DOCS: dict[str, DocEntry] = {**auth.DOCS, **jobs.DOCS, **notifications.DOCS, **templates.DOCS, **webhooks.DOCS,
                             **system.DOCS}

# Tags shown in this order, with a line each; a tag used by a Doc but missing here is listed after them.
TAGS = {
    "auth": "Accounts and tokens.",
    "jobs": "Upload documents, follow and steer OCR jobs, read their results.",
    "events": "The caller's events: progress, completion, batches, system messages.",
    "templates": "Per-user extraction templates.",
    "webhooks": "Signed webhooks and their delivery logs.",
    "admin": "Operator actions (admins only).",
    "system": "Health, metrics and this documentation.",
}


def doc_for(endpoint: str, method: str) -> Doc | None:
    """Return the documentation of one method of an endpoint, or None when there is none."""
    entry = DOCS.get(endpoint)
    if isinstance(entry, Mapping):
        return entry.get(method)
    return entry
