"""The one registry of event types: every derived list agrees with it, and a new type needs only it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from app.jobs import event_types
from app.jobs.event_types import EventType

WEB_SRC = Path(__file__).resolve().parents[1] / "web" / "src"


@pytest.fixture
def throwaway():
    """A type defined only in the registry, for the length of one test."""
    name = "test_throwaway_event"
    event_types.register(EventType(name, "Defined by a test only.", inbox=True, webhook=True))
    yield name
    event_types.unregister(name)


def test_derived_lists_follow_the_flags():
    everything = event_types.names()
    assert everything == ("ocr_progress", "ocr_completed", "ocr_failed", "ocr_cancelled", "batch_completed",
                          "ai_training", "system")
    assert event_types.terminal_types() == ("ocr_completed", "ocr_failed", "ocr_cancelled")
    assert "ocr_progress" not in event_types.inbox_types()
    assert set(event_types.inbox_types()) == set(everything) - {"ocr_progress"}
    assert event_types.webhook_types() == everything
    with pytest.raises(ValueError):
        event_types.register(EventType("system", "twice"))
    with pytest.raises(KeyError):
        event_types.get("no_such_type")


def test_a_type_added_to_the_registry_reaches_webhooks_inbox_openapi_and_the_web_app(app, client, make_user,
                                                                                   throwaway):
    from app.jobs.events import write_event
    from app.openapi.spec import build_spec

    _e, _p, headers = make_user("registry")
    # Webhooks accept it.
    r = client.post("/api/webhooks", headers=headers,
                    json={"url": "https://hooks.example.com/registry", "events": [throwaway]})
    assert r.status_code == 201, r.get_json()
    refused = client.post("/api/webhooks", headers=headers,
                          json={"url": "https://hooks.example.com/x", "events": ["not_a_type"]})
    assert refused.status_code == 422
    # The inbox keeps it.
    user_id = client.get("/api/auth/me", headers=headers).get_json()["id"]
    with app.app_context():
        payload = write_event(user_id, throwaway, "made by a test", {"n": 1})
    inbox = client.get("/api/notifications", headers=headers).get_json()
    assert [item["type"] for item in inbox["items"]] == [throwaway]
    assert inbox["items"][0]["id"] == payload["id"]
    # The OpenAPI document lists it.
    document = build_spec(app)
    schemas = document["components"]["schemas"]
    assert throwaway in schemas["Event"]["properties"]["type"]["enum"]
    assert throwaway in schemas["WebhookCreate"]["properties"]["events"]["items"]["enum"]
    # The web app reads the types from the API.
    body = client.get("/api/notifications/types", headers=headers).get_json()
    assert body["socket_event"] == "notification"
    listed = {t["name"]: t for t in body["types"]}
    assert list(listed) == list(event_types.names()) and listed[throwaway]["inbox"] is True


def test_the_web_app_has_no_list_of_its_own():
    socket_js = (WEB_SRC / "socket.js").read_text()
    assert f"SOCKET_EVENT = '{event_types.SOCKET_EVENT}'" in socket_js
    # One listener for every type: a type the app does not know is still delivered, never dropped.
    assert "socket.on(SOCKET_EVENT" in socket_js and "for (const type of" not in socket_js
    names = "|".join(event_types.names())
    literal_list = re.compile(r"[\[(]\s*(?:['\"](?:" + names + r")['\"]\s*,\s*){4,}")
    for source in WEB_SRC.rglob("*.js"):
        # A view may react to a few types by name; a literal list of most of them copies the registry.
        assert not literal_list.search(source.read_text()), f"{source.name} lists the event types itself"
    assert "api.eventTypes()" in (WEB_SRC / "notifications.js").read_text()


def test_the_openapi_enums_match_the_registry(app):
    from app.openapi.spec import build_spec

    schemas = build_spec(app)["components"]["schemas"]
    assert schemas["Event"]["properties"]["type"]["enum"] == list(event_types.names())
    assert schemas["WebhookCreate"]["properties"]["events"]["items"]["enum"] == list(event_types.webhook_types())


def test_the_api_docs_show_the_notification_client(client):
    description = client.get("/api/openapi.json").get_json()["info"]["description"]
    assert 'socket.on("notification"' in description and "auth: { token" in description
