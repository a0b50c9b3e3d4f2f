"""Every route of the URL map, tried with every kind of bad token, and with another user's good one.

Walks `app.url_map`, so a route added later is covered without touching this file: each non-public
route must answer 401 in the envelope to a missing, malformed, expired, forged, `alg=none`, revoked
or refresh token; each route that takes an id must answer 404 when the id belongs to someone else
(never 200 and never the owner's data), and the admin route 403 to a plain user.
"""

from __future__ import annotations

import io
import re

import pytest

from tests.support.images import png_bytes
from tests.test_auth import _bad_tokens
from tests.test_openapi import NOT_API, PUBLIC, REFRESH

# Served without a bearer token by design: the docs page's own assets.
STATIC = {"openapi.static"}
ADMIN = {"notifications.broadcast"}


def _routes(app):
    for rule in app.url_map.iter_rules():
        if rule.endpoint in NOT_API or rule.endpoint in STATIC or rule.endpoint == "static":
            continue
        path = re.sub(r"<(?:[^>:]+:)?([^>]+)>", r"{\1}", rule.rule)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            if (method, path) in PUBLIC or (method, path) == REFRESH:
                continue
            yield method, path, rule


@pytest.fixture
def owned(isolated_app, make_user):
    """An owner with one of everything an id can name, and a stranger."""
    app = isolated_app()
    client = app.test_client()
    owner, stranger = make_user("owner")[2], make_user("stranger")[2]
    hook = client.post("/api/webhooks", headers=owner,
                       json={"url": "https://hooks.example.com/in", "events": ["ocr_progress", "ocr_completed"]})
    assert hook.status_code == 201, hook.get_json()
    template = client.post("/api/templates", headers=owner, json={
        "name": "Acme", "keywords": ["ACME"], "fields": {"invoice_number": r"INV\s*(?P<value>\d+)"}})
    assert template.status_code == 201, template.get_json()
    bulk = client.post("/api/ocr-async/process-bulk", headers=owner, content_type="multipart/form-data",
                       data={"files": [(io.BytesIO(png_bytes(["owner's page"])), "mine.png")]})
    assert bulk.status_code == 202, bulk.get_json()
    job = bulk.get_json()["accepted"][0]
    hook_id = hook.get_json()["id"]
    deliveries = client.get(f"/api/webhooks/{hook_id}/deliveries", headers=owner).get_json()["items"]
    assert deliveries, "the owner's webhook has a delivery to resend"
    ids = {"ocr_result_id": job["ocr_result_id"], "task_id": job["task_id"], "batch_id": bulk.get_json()["batch_id"],
           "template_id": template.get_json()["id"], "webhook_id": hook_id, "delivery_id": deliveries[0]["id"],
           "page": 1}
    return app, client, owner, stranger, ids


def _call(client, method: str, rule, ids: dict, headers: dict):
    url = rule.rule
    for name in rule.arguments:
        url = re.sub(rf"<(?:[^>:]+:)?{name}>", str(ids[name]), url)
    body = {"vendor": "x", "message": "x", "name": "x", "keywords": ["X"], "fields": {}, "url": "https://a.example",
            "events": ["ocr_completed"]}
    return client.open(url, method=method, headers=headers, json=body)


def test_every_route_refuses_every_bad_token(owned, make_user):
    app, client, _owner, _stranger, ids = owned
    tokens = _bad_tokens(app, client, make_user)
    spec = client.get("/api/openapi.json").get_json()
    checked = 0
    for method, path, rule in _routes(app):
        # Logout takes either token so that a refresh token can be revoked too; the spec says which do.
        takes_refresh = {"refreshToken": []} in spec["paths"][path][method.lower()]["security"]
        for name, token in tokens.items():
            if name == "refresh-as-access" and takes_refresh:
                continue
            headers = {"Authorization": f"Bearer {token}"} if token else {}
            r = _call(client, method, rule, ids, headers)
            assert r.status_code == 401, f"{method} {path} with a {name} token: {r.status_code}"
            assert r.get_json()["error"]["code"] == "unauthorized", f"{method} {path} {name}"
            checked += 1
    assert checked >= 25 * len(tokens)


def test_every_id_taking_route_hides_other_users_things(owned):
    app, client, owner, stranger, ids = owned
    tried = []
    for method, path, rule in _routes(app):
        if rule.endpoint in ADMIN:
            r = _call(client, method, rule, ids, stranger)
            assert r.status_code == 403, f"{method} {path}: {r.status_code}"
            continue
        if not rule.arguments:
            continue
        r = _call(client, method, rule, ids, stranger)
        assert r.status_code == 404, f"{method} {path} with another user's ids: {r.status_code} {r.get_data()[:200]}"
        assert r.get_json()["error"]["code"].endswith("not_found"), f"{method} {path}: {r.get_json()}"
        tried.append(path)
    assert len(tried) >= 12, tried
    # Nothing the stranger tried changed the owner's things.
    status = client.get(f"/api/ocr-async/status/{ids['ocr_result_id']}", headers=owner).get_json()
    assert status["status"] == "queued"
    assert client.get(f"/api/templates/{ids['template_id']}", headers=owner).status_code == 200
    assert client.get(f"/api/webhooks/{ids['webhook_id']}/deliveries", headers=owner).status_code == 200
    # The stranger's own lists stay empty.
    for url in ("/api/ocr-async/results", "/api/templates", "/api/webhooks", "/api/notifications"):
        body = client.get(url, headers=stranger).get_json()
        assert not body.get("items"), (url, body)
