"""The OpenAPI document covers every route, validates, marks credentials right; the docs page serves itself."""

from __future__ import annotations

import re

import pytest
from openapi_spec_validator import validate

# DESIGN §5: the routes that need no access token (refresh takes a refresh token instead).
PUBLIC = {("POST", "/api/auth/register"), ("POST", "/api/auth/login"), ("GET", "/api/health"),
          ("GET", "/metrics"), ("GET", "/api/openapi.json"), ("GET", "/api/docs")}
REFRESH = ("POST", "/api/auth/refresh")
# The web app's shell and build assets, and blueprints' static files: pages, not API.
NOT_API = {"web.index", "web.assets"}
HTTP_METHODS = ("get", "post", "put", "patch", "delete")


@pytest.fixture(scope="module")
def spec(app):
    response = app.test_client().get("/api/openapi.json")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    return response.get_json()


def _operations(spec):
    for path, item in spec["paths"].items():
        for method in HTTP_METHODS:
            if method in item:
                yield method.upper(), path, item[method]


def _api_routes(app):
    """`(METHOD, openapi path, endpoint, rule)` for every API route of the URL map."""
    for rule in app.url_map.iter_rules():
        if rule.endpoint in NOT_API or rule.endpoint == "static" or rule.endpoint.endswith(".static"):
            continue
        path = re.sub(r"<(?:[^>:]+:)?([^>]+)>", r"{\1}", rule.rule)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            yield method, path, rule.endpoint, rule


def test_the_document_is_valid_openapi(spec):
    validate(spec)
    assert spec["openapi"].startswith("3.")
    assert set(spec["components"]["securitySchemes"]) >= {"bearerAuth", "refreshToken"}


def test_every_route_is_in_the_document_with_each_method(app, spec):
    missing = [f"{method} {path} ({endpoint})" for method, path, endpoint, _rule in _api_routes(app)
               if method.lower() not in spec["paths"].get(path, {})]
    assert not missing, f"routes missing from the document: {missing}"


def test_every_route_is_documented_in_the_registry(app, spec):
    from app.openapi.spec import undocumented_operations

    undocumented = undocumented_operations(spec)
    assert not undocumented, (
        "endpoints without documentation; add a `Doc` for each under its endpoint name in "
        f"app/openapi/paths/ (see app/openapi/doc.py): {undocumented}")


def test_the_registry_names_only_existing_endpoints(app):
    from app.openapi.paths import DOCS

    stale = sorted(set(DOCS) - set(app.view_functions))
    assert not stale, f"documentation for endpoints the app does not have (renamed or removed?): {stale}"


def test_the_document_has_only_routes_of_the_app(app, spec):
    routes = {(method, path) for method, path, _endpoint, _rule in _api_routes(app)}
    extra = [f"{method} {path}" for method, path, _op in _operations(spec) if (method, path) not in routes]
    assert not extra, f"operations in the document that the app does not serve: {extra}"


def test_path_parameters_are_typed_from_the_converters(app, spec):
    for method, path, _endpoint, rule in _api_routes(app):
        params = {p["name"]: p for p in spec["paths"][path][method.lower()]["parameters"] if p["in"] == "path"}
        assert set(params) == set(rule.arguments), f"{method} {path}"
        for name, converter in rule._converters.items():
            kind = type(converter).__name__
            expected = {"IntegerConverter": "integer", "FloatConverter": "number"}.get(kind, "string")
            assert params[name]["schema"]["type"] == expected, f"{method} {path} {name}"
            assert params[name]["required"] is True
    status = spec["paths"]["/api/ocr-async/status/{ocr_result_id}"]["get"]["parameters"]
    assert status[0]["schema"] == {"type": "integer", "minimum": 0}


def test_public_routes_need_no_credentials(app, spec):
    served = {(method, path) for method, path, _endpoint, _rule in _api_routes(app)}
    for method, path in PUBLIC & served:
        assert spec["paths"][path][method.lower()]["security"] == [], f"{method} {path} should be public"
    refresh = spec["paths"][REFRESH[1]]["post"]["security"]
    assert refresh == [{"refreshToken": []}]


def test_every_other_route_requires_a_bearer_token(spec):
    for method, path, op in _operations(spec):
        if (method, path) in PUBLIC or (method, path) == REFRESH:
            continue
        assert {"bearerAuth": []} in op["security"], f"{method} {path} must accept the bearer access token"
        assert "401" in op["responses"], f"{method} {path} must document its 401"


def test_errors_are_documented_as_the_envelope(spec):
    responses = spec["components"]["responses"]
    for method, path, op in _operations(spec):
        for status, response in op["responses"].items():
            if status.startswith(("4", "5")) and (method, path) != ("GET", "/api/health"):
                name = response["$ref"].rsplit("/", 1)[-1]
                schema = responses[name]["content"]["application/json"]["schema"]
                assert schema == {"$ref": "#/components/schemas/ErrorEnvelope"}, f"{method} {path} {status}"
    envelope = spec["components"]["schemas"]["ErrorEnvelope"]
    assert envelope["properties"]["error"] == {"$ref": "#/components/schemas/Error"}
    assert set(spec["components"]["schemas"]["Error"]["properties"]) == {"code", "message", "details"}
    documented = {status for _m, _p, op in _operations(spec) for status in op["responses"]}
    assert {"400", "401", "404", "409", "413", "415", "422", "429", "503"} <= documented
    assert {r["description"] for r in responses.values()}, "every error response has a description"
    assert "Forbidden" in responses, "403 is ready for the admin routes"


def test_success_responses_carry_their_schemas(spec):
    paths = spec["paths"]
    accepted = paths["/api/ocr-async/process-async"]["post"]["responses"]["202"]
    assert accepted["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Accepted"}
    assert set(accepted["headers"]) == {"Location", "Retry-After"}
    status = paths["/api/ocr-async/status/{ocr_result_id}"]["get"]["responses"]["200"]
    assert status["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Status"}
    assert "201" in paths["/api/auth/register"]["post"]["responses"]


def test_uploads_are_multipart_with_binary_files(spec):
    schemas = spec["components"]["schemas"]

    def form(path):
        body = spec["paths"][path]["post"]["requestBody"]
        assert body["required"] is True
        ref = body["content"]["multipart/form-data"]["schema"]["$ref"]
        return schemas[ref.rsplit("/", 1)[-1]]

    single = form("/api/ocr-async/process-async")
    assert single["properties"]["file"]["format"] == "binary" and single["required"] == ["file"]
    options = {"template_id", "confidence_threshold", "priority", "language", "extract_format", "force"}
    assert options <= set(single["properties"])
    assert single["properties"]["priority"]["enum"] == ["low", "normal", "high"]
    assert single["properties"]["confidence_threshold"]["maximum"] == 1.0
    bulk = form("/api/ocr-async/process-bulk")
    assert bulk["properties"]["files"]["type"] == "array"
    assert bulk["properties"]["files"]["items"]["format"] == "binary"
    assert options <= set(bulk["properties"])


def test_json_bodies_and_queries_come_from_the_marshmallow_schemas(spec):
    login = spec["paths"]["/api/auth/login"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    credentials = spec["components"]["schemas"][login["$ref"].rsplit("/", 1)[-1]]
    assert set(credentials["required"]) == {"email", "password"}
    query = {p["name"]: p for p in spec["paths"]["/api/ocr-async/results"]["get"]["parameters"]}
    assert set(query) == {"status", "batch_id", "page", "per_page"}
    assert query["per_page"]["schema"]["maximum"] == 100


def test_an_undocumented_route_is_named(app):
    from app import create_app
    from app.openapi.spec import UNDOCUMENTED, build_spec, undocumented_operations

    other = create_app("testing", SOCKETIO_ASYNC_MODE="threading")

    @other.get("/api/_undocumented_for_test/<int:item_id>")
    def _undocumented(item_id: int):
        """Something new."""

    document = build_spec(other)
    op = document["paths"]["/api/_undocumented_for_test/{item_id}"]["get"]
    assert op[UNDOCUMENTED] is True and op["summary"] == "Something new."
    assert op["security"] == [{"bearerAuth": []}]
    assert "GET /api/_undocumented_for_test/{item_id} (_undocumented)" in undocumented_operations(document)


def test_the_document_is_public_and_not_cached_stale(client):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200 and "Authorization" not in response.request.headers
    assert response.headers["Cache-Control"] == "no-cache"


def test_the_docs_page_serves_itself(client):
    page = client.get("/api/docs")
    assert page.status_code == 200 and page.mimetype == "text/html"
    html = page.get_data(as_text=True)
    assert "script-src 'self'" in page.headers["Content-Security-Policy"]
    assert page.headers["X-Content-Type-Options"] == "nosniff"
    assert 'data-spec-url="/api/openapi.json"' in html
    assets = re.findall(r'(?:src|href)="(/api/docs/assets/[^"]+)"', html)
    assert sorted(a.rsplit("/", 1)[-1] for a in assets) == ["docs.css", "docs.js"]
    for url in assets:
        asset = client.get(url)
        assert asset.status_code == 200, url
        assert asset.mimetype in ("text/css", "text/javascript", "application/javascript"), url
        body = asset.get_data(as_text=True)
        assert "http://" not in body and "https://" not in body, f"{url} must not load anything from elsewhere"
        asset.close()
    assert not re.search(r'(?:src|href)="(?:https?:)?//', html), "the page must not load from a CDN"


def test_the_docs_asset_route_is_not_swallowed_by_the_web_app(client):
    missing = client.get("/api/docs/assets/nope.js")
    assert missing.status_code == 404
    assert missing.get_json()["error"]["code"] == "not_found"
