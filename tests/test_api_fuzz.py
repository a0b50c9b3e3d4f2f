"""Schemathesis against `/api/openapi.json`, through the app's WSGI interface, with a real user's tokens.

Every operation of the document is fuzzed with positive and negative data on the real PostgreSQL and Redis.
A response must not be a 5xx and must match the document: a documented status code and content type, and a
body and headers that validate against the documented schemas. Bounded (`FUZZ_EXAMPLES`, default 25 per
operation, derandomized) so the file runs in well under a minute; raise it locally to dig deeper.
"""

from __future__ import annotations

import os
import uuid

import pytest
import schemathesis
from flask_jwt_extended import create_access_token
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.core.parameters import ParameterLocation
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance,
          response_headers_conformance]
MAX_EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "25"))
# The event stream never ends by design: a client waiting for the end of the response would hang.
STREAMS = "^/api/ocr-async/events$"


def _load_schema():
    """Read the document from an app built for the purpose: serving it touches no database or broker.

    The schema must exist when pytest collects the tests (one test per operation); the requests then go to
    the suite's `app` fixture, on the real servers. (`schemathesis.pytest.from_fixture` would avoid the
    second app, but its subtests reach a pytest attribute that pytest 9.2 removed.)
    """
    from app import create_app

    app = create_app("testing", SOCKETIO_ASYNC_MODE="threading")
    return schemathesis.openapi.from_wsgi("/api/openapi.json", app)


schema = _load_schema().exclude(path_regex=STREAMS)


@pytest.fixture(scope="module")
def fuzz_user(app):
    """A user of its own, with an access and a refresh token."""
    client = app.test_client()
    creds = {"email": f"fuzz-{uuid.uuid4().hex[:12]}@example.com", "password": "fuzzing-password-1"}
    assert client.post("/api/auth/register", json=creds).status_code == 201
    tokens = client.post("/api/auth/login", json=creds).get_json()
    access = {"Authorization": f"Bearer {tokens['access_token']}"}
    return {"id": client.get("/api/auth/me", headers=access).get_json()["id"], **tokens}


def _credentials(case, app, user: dict) -> dict:
    """Send the real credential the operation asks for, in place of the token Schemathesis makes up.

    Cases that test the Authorization header itself (missing, malformed) are left as generated. Logout
    revokes the token it is sent, so it gets a throwaway one: the fuzzer's own session survives.
    """
    schemes = {name for requirement in case.operation.definition.raw.get("security", []) for name in requirement}
    if not schemes or (case.meta is not None and case.meta.is_negative_at(ParameterLocation.HEADER)):
        return {}
    if case.operation.label == "POST /api/auth/logout":
        with app.app_context():
            token = create_access_token(identity=str(user["id"]))
    elif schemes == {"refreshToken"}:
        token = user["refresh_token"]
    else:
        token = user["access_token"]
    return {"Authorization": f"Bearer {token}"}


@schema.parametrize()
@settings(max_examples=MAX_EXAMPLES, deadline=None, derandomize=True, database=None,
          suppress_health_check=list(HealthCheck))
def test_api_conforms_to_its_document(case, app, fuzz_user):
    headers = _credentials(case, app, fuzz_user)
    response = case.call(headers=headers, app=app)
    # A route missing from the registry has a placeholder entry (test_openapi names it): only 5xx count there.
    undocumented = case.operation.definition.raw.get("x-undocumented", False)
    case.validate_response(response, headers=headers, checks=[not_a_server_error] if undocumented else CHECKS)


def test_a_malformed_id_is_a_404_on_every_method(client, auth_headers):
    assert client.get("/api/ocr-async/status/not-a-number", headers=auth_headers).status_code == 404
    response = client.post("/api/ocr-async/retry/not-a-number", headers=auth_headers)
    assert response.status_code == 404, response.headers.get("Allow")


def _template(**fields):
    return {"name": "t", "keywords": ["k"], **fields}


@pytest.mark.parametrize(("method", "path", "kwargs"), [
    pytest.param("post", "/api/templates", {"json": _template(name="a\x00b")}, id="template-name-nul"),
    pytest.param("post", "/api/templates", {"json": _template(keywords=["k\x00"])}, id="template-keyword-nul"),
    pytest.param("post", "/api/templates", {"json": _template(fields={"vendor": "a\x00"})}, id="template-regex-nul"),
    pytest.param("post", "/api/notifications/read", {"json": {"seqs": [2**70]}}, id="read-seq-above-bigint"),
    pytest.param("post", "/api/ocr-async/process-async", {"headers": {"Idempotency-Key": "a\x00"}},
                 id="idempotency-key-nul"),
])
def test_values_postgres_refuses_are_422(client, auth_headers, method, path, kwargs):
    import io

    headers = {**auth_headers, **kwargs.pop("headers", {})}
    if path.endswith("process-async"):
        kwargs["data"] = {"file": (io.BytesIO(b"\x89PNG\r\n\x1a\n" + b"0" * 64), "a.png")}
    response = getattr(client, method)(path, headers=headers, **kwargs)
    assert response.status_code == 422, response.get_data(as_text=True)
    assert response.get_json()["error"]["code"] in ("invalid_value", "validation_error")
