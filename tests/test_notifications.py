"""The inbox (`/api/notifications`) and the admin broadcast, on real PostgreSQL and Redis."""

from __future__ import annotations

import json
import time

import redis
from sqlalchemy import text

from tests.test_sockets import new_user, write_events


def _make_admin(app, user_id: int) -> None:
    from app.extensions import db

    with app.app_context():
        db.session.execute(text("UPDATE users SET role = 'admin' WHERE id = :id"), {"id": user_id})
        db.session.commit()


def test_inbox_lists_lasting_events_with_read_flags(app, client, make_user):
    u = new_user(client, make_user, "inbox")
    write_events(app, u.id, 2, "ocr_progress", ocr_result_id=7, progress=40)
    done = write_events(app, u.id, 1, "ocr_completed", ocr_result_id=7)
    failed = write_events(app, u.id, 1, "ocr_failed", ocr_result_id=8)
    system = write_events(app, u.id, 1, "system")
    body = client.get("/api/notifications", headers=u.headers).get_json()
    assert [item["id"] for item in body["items"]] == done + failed + system
    assert {item["type"] for item in body["items"]} == {"ocr_completed", "ocr_failed", "system"}
    assert body["unread_count"] == 3 and body["last_seq"] == system[0]
    assert all(item["read"] is False and set(item) >= {"id", "type", "message", "data", "created_at"}
               for item in body["items"])

    after = client.get(f"/api/notifications?after={done[0]}&limit=1", headers=u.headers).get_json()
    assert [item["id"] for item in after["items"]] == failed
    newest = client.get("/api/notifications?limit=2", headers=u.headers).get_json()
    assert [item["id"] for item in newest["items"]] == failed + system

    r = client.post("/api/notifications/read", json={"seqs": done + [99999]}, headers=u.headers)
    assert r.get_json() == {"updated": 1, "unread_count": 2}
    unread = client.get("/api/notifications?unread=true", headers=u.headers).get_json()
    assert [item["id"] for item in unread["items"]] == failed + system
    read = client.get("/api/notifications", headers=u.headers).get_json()["items"][0]
    assert read["read"] is True and read["read_at"]

    assert client.post("/api/notifications/read", json={"all": True}, headers=u.headers).get_json() == \
        {"updated": 2, "unread_count": 0}


def test_inbox_is_per_user_and_validated(app, client, make_user):
    alice, bob = new_user(client, make_user, "ia"), new_user(client, make_user, "ib")
    mine = write_events(app, alice.id, 1, "system")
    assert client.get("/api/notifications", headers=bob.headers).get_json()["items"] == []
    r = client.post("/api/notifications/read", json={"seqs": mine}, headers=bob.headers)
    assert r.get_json()["updated"] == 0
    assert client.get("/api/notifications", headers=alice.headers).get_json()["unread_count"] == 1
    assert client.get("/api/notifications").status_code == 401
    for bad in ("after=-1", "limit=0", "limit=10000", "after=x"):
        r = client.get(f"/api/notifications?{bad}", headers=alice.headers)
        assert r.status_code == 422 and r.get_json()["error"]["code"] == "validation_error"
    r = client.post("/api/notifications/read", json={}, headers=alice.headers)
    assert r.status_code == 422


def test_broadcast_is_for_admins_and_reaches_every_user(app, client, make_user, services):
    from app.extensions import db

    admin, someone = new_user(client, make_user, "admin"), new_user(client, make_user, "plain")
    r = client.post("/api/admin/broadcast", json={"message": "hi"}, headers=someone.headers)
    assert r.status_code == 403 and r.get_json()["error"]["code"] == "admin_required"
    _make_admin(app, admin.id)
    assert client.post("/api/admin/broadcast", json={}, headers=admin.headers).status_code == 422

    pubsub = redis.Redis.from_url(services.redis_url).pubsub(ignore_subscribe_messages=True)
    pubsub.subscribe("flask-socketio")
    before = client.get("/api/notifications", headers=someone.headers).get_json()["last_seq"]
    r = client.post("/api/admin/broadcast", json={"message": "Maintenance at 22:00"}, headers=admin.headers)
    assert r.status_code == 200
    with app.app_context():
        users = db.session.execute(text("SELECT count(*) FROM users")).scalar()
        unpublished = db.session.execute(text(
            "SELECT count(*) FROM events WHERE type = 'system' AND published_at IS NULL")).scalar()
        db.session.rollback()
    assert r.get_json()["recipients"] == users and r.get_json()["published"] == users
    assert unpublished == 0

    inbox = client.get("/api/notifications", headers=someone.headers).get_json()
    last = inbox["items"][-1]
    assert last["type"] == "system" and last["message"] == "Maintenance at 22:00"
    assert last["id"] == inbox["last_seq"] == before + 1
    rooms, deadline = set(), time.monotonic() + 5
    while time.monotonic() < deadline and not {f"user:{admin.id}", f"user:{someone.id}"} <= rooms:
        message = pubsub.get_message(timeout=0.5)
        packet = json.loads(message["data"]) if message else {}
        if packet.get("method") == "emit_batch" and packet["event"] == "notification":
            rooms.update(room for room, payload in packet["items"] if json.loads(payload)["type"] == "system")
    assert {f"user:{admin.id}", f"user:{someone.id}"} <= rooms
    pubsub.close()


def test_an_upload_publishes_its_event_with_a_pool_of_one_connection(isolated_app, make_user):
    """The publisher marks an event published only after the request's own connection is back in the pool."""
    from app.extensions import db
    from tests.support.images import png_bytes
    from tests.support.jobs import upload

    app = isolated_app(SQLALCHEMY_ENGINE_OPTIONS={"pool_size": 1, "max_overflow": 0, "pool_timeout": 3,
                                                  "pool_pre_ping": True})
    headers = make_user("pool-of-one")[2]
    started = time.monotonic()
    status, body = upload(app.test_client(), headers, png_bytes(["one connection"]), "one.png")
    elapsed = time.monotonic() - started
    assert status == 202, body
    with app.app_context():
        published = db.session.execute(text(
            "SELECT published_at IS NOT NULL FROM events WHERE ocr_result_id = :id"),
            {"id": body["ocr_result_id"]}).scalar_one()
        db.session.remove()
    assert published and elapsed < 2.5  # a second connection would have waited the pool timeout (3 s)
