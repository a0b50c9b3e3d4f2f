"""Build the OpenAPI document from the app's URL map and the `Doc` registry in `app/openapi/paths/`."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from apispec import APISpec
from apispec.ext.marshmallow import MarshmallowPlugin
from flask import Flask
from werkzeug.routing import Rule

from app.jobs import event_types
from app.ocr_async.schemas import ErrorEnvelopeSchema
from app.openapi.doc import ACCESS, ACCESS_OR_LINK, ACCESS_OR_TICKET, ANY_TOKEN, JSON, PUBLIC, REFRESH, Doc
from app.openapi.paths import TAGS, doc_for

OPENAPI_VERSION = "3.0.3"
# The web app's shell and its build: pages, not API (DESIGN §5); blueprint static files likewise.
SKIPPED_ENDPOINTS = frozenset({"web.index", "web.assets"})
IMPLICIT_METHODS = frozenset({"HEAD", "OPTIONS"})
UNDOCUMENTED = "x-undocumented"
METHOD_ORDER = ("GET", "POST", "PUT", "PATCH", "DELETE")

_TOKEN = {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}
SECURITY_SCHEMES = {
    "bearerAuth": {**_TOKEN, "description": "An access token from `POST /api/auth/login` or `/refresh`."},
    "refreshToken": {**_TOKEN, "description": "A refresh token from `POST /api/auth/login`."},
    "signedLink": {"type": "apiKey", "in": "query", "name": "sig",
                   "description": "A signed link from `POST /api/ocr-async/results/{id}/links` (5 minutes)."},
    "eventTicket": {"type": "apiKey", "in": "query", "name": "ticket",
                    "description": "A single-use ticket from `POST /api/ocr-async/events/ticket` (60 s)."},
}
SECURITY = {
    ACCESS: [{"bearerAuth": []}],
    REFRESH: [{"refreshToken": []}],
    ANY_TOKEN: [{"bearerAuth": []}, {"refreshToken": []}],
    ACCESS_OR_LINK: [{"bearerAuth": []}, {"signedLink": []}],
    ACCESS_OR_TICKET: [{"bearerAuth": []}, {"eventTicket": []}],
    PUBLIC: [],
}

_RETRY_AFTER = {"Retry-After": {"description": "Seconds to wait before trying again.",
                                "schema": {"type": "integer"}}}
ERRORS = {
    400: ("BadRequest", "The request cannot be parsed.", {}),
    401: ("Unauthorized", "Missing, malformed, invalid, expired or revoked credentials.", {}),
    403: ("Forbidden", "Authenticated but not allowed.", {}),
    404: ("NotFound", "No such resource for this caller.", {}),
    409: ("Conflict", "The request conflicts with the resource's state.", {}),
    413: ("PayloadTooLarge", "The request or a file is above the size limit: `payload_too_large` for a body "
                             "above its route's limit (`MAX_JSON_BYTES`, `MAX_PUBLIC_BODY_BYTES` on the public "
                             "routes), `file_too_large` for an upload.", {}),
    415: ("UnsupportedMediaType", "The file is not of a supported type.", {}),
    422: ("ValidationError", "Invalid input; `details` holds the messages by field.", {}),
    429: ("RateLimited", "Too many requests.", _RETRY_AFTER),
    503: ("ServiceUnavailable", "A dependency is down, or the feature is unavailable; retry later.", _RETRY_AFTER),
}

_VARIABLE = re.compile(r"<(?:(?P<converter>\w+)(?:\((?P<args>[^)]*)\))?:)?(?P<name>\w+)>")
_BINARY = {"type": "string", "format": "binary"}


def documented_rules(app: Flask) -> Iterator[tuple[Rule, str]]:
    """Yield `(rule, method)` for every route the document must describe."""
    for rule in app.url_map.iter_rules():
        if rule.endpoint in SKIPPED_ENDPOINTS or rule.endpoint == "static" or rule.endpoint.endswith(".static"):
            continue
        for method in sorted(rule.methods - IMPLICIT_METHODS, key=_method_rank):
            yield rule, method


def openapi_path(rule: Rule) -> str:
    """Turn `/x/<int:id>` into `/x/{id}`."""
    return _VARIABLE.sub(lambda m: "{" + m.group("name") + "}", rule.rule)


def path_parameters(rule: Rule, descriptions: dict[str, str] | None = None) -> list[dict]:
    """Describe a rule's variables as OpenAPI path parameters, typed from their converters."""
    params = []
    for match in _VARIABLE.finditer(rule.rule):
        name = match.group("name")
        param = {"in": "path", "name": name, "required": True,
                 "schema": _converter_schema(match.group("converter"), match.group("args") or "")}
        if descriptions and name in descriptions:
            param["description"] = descriptions[name]
        params.append(param)
    return params


def _converter_schema(converter: str | None, args: str) -> dict:
    if converter == "int":
        return {"type": "integer"} if "signed=True" in args else {"type": "integer", "minimum": 0}
    if converter == "float":
        return {"type": "number"}
    if converter == "uuid":
        return {"type": "string", "format": "uuid"}
    if converter == "any":
        return {"type": "string", "enum": [v.strip(" '\"") for v in args.split(",") if v.strip()]}
    # Werkzeug's default and `path` converters match one or more characters (`path` also slashes).
    pattern = "^.+$" if converter == "path" else "^[^/]+$"
    return {"type": "string", "minLength": 1, "pattern": pattern}


def _method_rank(method: str) -> int:
    return METHOD_ORDER.index(method) if method in METHOD_ORDER else len(METHOD_ORDER)


def build_spec(app: Flask) -> dict[str, Any]:
    """Return the OpenAPI document of every route of `app`."""
    spec = APISpec(title="ocrflow", version=app.config.get("API_VERSION", "1.0"),
                   openapi_version=OPENAPI_VERSION, plugins=[MarshmallowPlugin()],
                   info={"description": _INFO})
    for name, scheme in SECURITY_SCHEMES.items():
        spec.components.security_scheme(name, scheme)
    spec.components.schema("ErrorEnvelope", schema=ErrorEnvelopeSchema)
    for _status, (name, description, headers) in sorted(ERRORS.items()):
        spec.components.response(name, {"description": description, "headers": headers,
                                        "content": {JSON: {"schema": "ErrorEnvelope"}}})
    by_path: dict[str, dict[str, dict]] = {}
    for rule, method in documented_rules(app):
        operation = _operation(app, rule, method)
        by_path.setdefault(openapi_path(rule), {})[method.lower()] = operation
    for path in sorted(by_path):
        spec.path(path=path, operations=by_path[path])
    used = {op["tags"][0] for item in by_path.values() for op in item.values()}
    for name in [*(t for t in TAGS if t in used), *sorted(used - set(TAGS))]:
        spec.tag({"name": name, **({"description": TAGS[name]} if name in TAGS else {})})
    return _with_event_enums(spec.to_dict())


def _with_event_enums(document: dict[str, Any]) -> dict[str, Any]:
    """Write the event registry's names into the schemas that carry an event type."""
    schemas = document.get("components", {}).get("schemas", {})
    if "Event" in schemas:
        schemas["Event"]["properties"]["type"]["enum"] = list(event_types.names())
    if "EventType" in schemas:
        schemas["EventType"]["properties"]["name"]["enum"] = list(event_types.names())
    for name in ("WebhookCreate", "Webhook"):
        events = schemas.get(name, {}).get("properties", {}).get("events")
        if events is not None:
            events["items"]["enum"] = list(event_types.webhook_types())
    return document


def _operation(app: Flask, rule: Rule, method: str) -> dict:
    doc = doc_for(rule.endpoint, method)
    undocumented = doc is None
    if doc is None:
        doc = _minimal_doc(app, rule)
    methods = rule.methods - IMPLICIT_METHODS
    operation: dict[str, Any] = {
        "operationId": rule.endpoint if len(methods) == 1 else f"{rule.endpoint}.{method.lower()}",
        "tags": [doc.tag], "summary": doc.summary, "security": SECURITY[doc.auth],
        "parameters": path_parameters(rule, dict(doc.path_params)) + _request_parameters(doc),
        "responses": _responses(doc, has_path_params=bool(rule.arguments)),
    }
    if doc.description:
        operation["description"] = doc.description
    body = _request_body(doc)
    if body:
        operation["requestBody"] = body
    if undocumented:
        operation[UNDOCUMENTED] = True
    return operation


def _minimal_doc(app: Flask, rule: Rule) -> Doc:
    """A placeholder for an endpoint missing from the registry (a test names every such endpoint)."""
    view = app.view_functions.get(rule.endpoint)
    summary = ((view.__doc__ or "").strip().splitlines() or [rule.endpoint])[0] if view else rule.endpoint
    return Doc(summary, rule.endpoint.rpartition(".")[0] or "undocumented",
               description="Not documented yet: add a `Doc` for this endpoint in `app/openapi/paths/`.")


def _request_parameters(doc: Doc) -> list[dict]:
    params: list[dict] = []
    if doc.query is not None:
        params.append({"in": "query", "schema": doc.query})
    for name, description in doc.request_headers.items():
        params.append({"in": "header", "name": name, "required": False, "description": description,
                       "schema": {"type": "string"}})
    return params


def _request_body(doc: Doc) -> dict | None:
    if doc.body is not None:
        return {"required": True, "content": {JSON: {"schema": doc.body}}}
    if doc.form is not None:
        return {"required": True, "content": {"multipart/form-data": {"schema": doc.form}}}
    return None


def _responses(doc: Doc, *, has_path_params: bool) -> dict:
    responses: dict[str, Any] = {str(doc.status): _success(doc)}
    for status in sorted(_error_statuses(doc, has_path_params)):
        responses[str(status)] = ERRORS[status][0]
    for status, schema in doc.own_errors.items():
        responses[str(status)] = {"description": ERRORS[status][1], "content": {JSON: {"schema": schema}}}
    return responses


def _error_statuses(doc: Doc, has_path_params: bool) -> set[int]:
    statuses = set(doc.errors)
    if doc.auth != PUBLIC:
        statuses |= {401, 503}
    if has_path_params:
        statuses.add(404)
    if doc.query is not None or doc.body is not None or doc.form is not None:
        statuses.add(422)
    if doc.body is not None or doc.form is not None:
        statuses.add(413)
    if doc.form is not None:
        statuses.add(400)
    return statuses - set(doc.own_errors)


def _success(doc: Doc) -> dict:
    content = {}
    for media_type in doc.media_types:
        if media_type == JSON:
            content[media_type] = {"schema": doc.response if doc.response is not None else {"type": "object"}}
        elif media_type.startswith("text/"):
            content[media_type] = {"schema": {"type": "string"}}
        else:
            content[media_type] = {"schema": _BINARY}
    headers = {name: {"description": text, "schema": {"type": "string"}}
               for name, text in doc.response_headers.items()}
    return {"description": doc.summary, **({"content": content} if content else {}),
            **({"headers": headers} if headers else {})}


def get_spec(app: Flask) -> dict[str, Any]:
    """Return the app's document, built once (the URL map does not change after start-up)."""
    if "openapi_spec" not in app.extensions:
        app.extensions["openapi_spec"] = build_spec(app)
    return app.extensions["openapi_spec"]


def undocumented_operations(spec: dict[str, Any]) -> list[str]:
    """Return `METHOD /path (operationId)` for every placeholder operation in a document."""
    return [f"{method.upper()} {path} ({op['operationId']})"
            for path, item in spec["paths"].items() for method, op in item.items()
            if isinstance(op, dict) and op.get(UNDOCUMENTED)]


_INFO = """Asynchronous OCR for receipts, invoices and other scanned documents.

Upload a file and get `202 Accepted` with a job id at once; follow the job by Socket.IO, Server-Sent Events,
polling or a signed webhook.

Every error is one JSON envelope: `{"error": {"code", "message", "details"}}`. Every route needs
`Authorization: Bearer <access token>` except those marked public.

**Events.** Every user event reaches a Socket.IO client as the one event `notification` (and an SSE client as
`event: notification`) with the payload `{id, type, message, data, created_at}`; the types are listed by
`GET /api/notifications/types`. A browser client needs only the token in `auth`:

```js
const socket = io(BASE_URL, { auth: { token: accessToken } });
socket.on("notification", (d) => {
  if (d.type === "ocr_completed") show(d.data.ocr_result_id, d.data.result.extracted_data);
});
```

Add `last_event_id` to `auth` to have every later event replayed, then `replay_done {last_seq}`; control
messages keep their own names (`replay_done`, `replay_truncated`, `heartbeat`, `error`)."""
