"""`Doc`: how one endpoint is documented — the one record a new route adds to `app/openapi/paths/`."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from marshmallow import Schema

JSON = "application/json"

# Who may call an operation; each value but PUBLIC names the security schemes of `spec.SECURITY_SCHEMES`.
ACCESS = "access"                # `Authorization: Bearer <access token>`
REFRESH = "refresh"              # `Authorization: Bearer <refresh token>` (POST /api/auth/refresh only)
PUBLIC = "public"                # no credentials (DESIGN §5 lists these routes)
ACCESS_OR_LINK = "access_or_link"  # an access token, or the `?sig=` of a signed link
ANY_TOKEN = "any_token"          # an access or a refresh token
ACCESS_OR_TICKET = "access_or_ticket"  # an access token, or the `?ticket=` of an event-stream ticket

# A marshmallow schema (class or instance) or a literal JSON Schema dict.
SchemaLike = type[Schema] | Schema | Mapping[str, Any]


@dataclass(frozen=True)
class Doc:
    """The documentation of one endpoint (all its methods) or of one method of it.

    Error responses that follow from the rest are added by the builder, so `errors` lists only the
    route's own: 401 and 503 for authenticated routes, 404 for routes with path parameters, 422 for
    routes with a query, body or form, 413 for bodies, 400 for multipart forms. `own_errors` holds the
    statuses a route answers with its own body instead of the error envelope (health's 503).
    """

    summary: str
    tag: str
    description: str = ""
    auth: str = ACCESS
    status: int = 200
    response: SchemaLike | None = None
    media_types: tuple[str, ...] = (JSON,)
    response_headers: Mapping[str, str] = field(default_factory=dict)
    own_errors: Mapping[int, SchemaLike] = field(default_factory=dict)
    query: type[Schema] | Schema | None = None
    body: SchemaLike | None = None
    form: SchemaLike | None = None
    request_headers: Mapping[str, str] = field(default_factory=dict)
    path_params: Mapping[str, str] = field(default_factory=dict)
    errors: tuple[int, ...] = ()
