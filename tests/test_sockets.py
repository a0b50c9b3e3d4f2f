"""Socket.IO against a real server process in each async mode, with a real python-socketio client.

Events are written through the app's own `write_event` (and published after commit by the
publisher, through Redis) unless a test needs a job; one test runs a real job on a real worker.
"""

from __future__ import annotations

import http.client
import socket
import statistics
import time
from datetime import timedelta
from types import SimpleNamespace
from urllib.parse import urlsplit

import pytest
import requests
import socketio
from flask_jwt_extended import create_access_token, create_refresh_token

from tests.support import processes
from tests.test_socket_client import ContractClient

pytestmark = pytest.mark.timeout(120)


@pytest.fixture(scope="module", params=["gevent", "eventlet"])
def api(request, app, services):
    """A real API + Socket.IO server process in the given async mode (heartbeat every 2 s)."""
    proc, url = processes.start_api(f"api-sockets-{request.param}", mode=request.param, SOCKET_HEARTBEAT_S="2")
    yield SimpleNamespace(proc=proc, url=url, mode=request.param)
    processes.stop(proc)


@pytest.fixture
def user(app, client, make_user):
    """A fresh user: id, access token and headers."""
    return new_user(client, make_user)


def new_user(client, make_user, prefix: str = "sock") -> SimpleNamespace:
    """Register and log in a user; return its id, token and headers."""
    _, _, headers = make_user(prefix)
    me = client.get("/api/auth/me", headers=headers).get_json()
    return SimpleNamespace(id=me["id"], token=headers["Authorization"].split()[1], headers=headers)


def write_events(app, user_id: int, n: int, type_: str = "ocr_completed", **data) -> list[int]:
    """Write and commit `n` events for a user, one transaction each; return their seqs."""
    from app.jobs.events import write_event

    seqs = []
    with app.app_context():
        for i in range(n):
            seqs.append(write_event(user_id, type_, f"event {i}", {"i": i, **data},
                                    ocr_result_id=data.get("ocr_result_id"), batch_id=data.get("batch_id"))["id"])
    return seqs


def token_for(app, user_id: int, **kwargs) -> str:
    """Mint an access (or refresh) token for a user."""
    with app.app_context():
        if kwargs.pop("refresh", False):
            return create_refresh_token(identity=str(user_id))
        return create_access_token(identity=str(user_id), additional_claims={"role": "user"}, **kwargs)


def refused(url: str, auth) -> str:
    """Connect with `auth` and return the refusal message (fail if it connects)."""
    sio = socketio.Client(reconnection=False)
    try:
        sio.connect(url, auth=auth, transports=["websocket"], wait_timeout=5)
    except socketio.exceptions.ConnectionError as exc:
        return str(exc)
    sio.disconnect()
    raise AssertionError(f"connected with {auth!r}")


def test_health_names_the_async_mode(api):
    body = requests.get(api.url + "/api/health", timeout=5).json()
    assert body["components"]["socketio"]["async_mode"] == api.mode


def test_keep_alive_answers_do_not_wait_for_a_delayed_ack(api):
    """The server turns Nagle off on accepted connections (else ~40 ms per keep-alive request on Linux)."""
    parts = urlsplit(api.url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    conn.connect()
    conn.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    latencies = []
    for _ in range(12):
        started = time.perf_counter()
        conn.request("POST", "/api/no-such-route", body=b"x" * 2000, headers={"Content-Type": "text/plain"})
        response = conn.getresponse()
        response.read()
        latencies.append(time.perf_counter() - started)
    conn.close()
    assert response.status == 404
    assert statistics.median(latencies[2:]) < 0.02, latencies


def test_bad_tokens_are_refused(api, app, user, client):
    assert refused(api.url, None)
    assert refused(api.url, {"last_event_id": 0})
    assert refused(api.url, {"token": "not-a-jwt"})
    assert refused(api.url, {"token": token_for(app, user.id, refresh=True)})
    expired = token_for(app, user.id, expires_delta=timedelta(seconds=-5))
    assert refused(api.url, {"token": expired})
    revoked = token_for(app, user.id)
    assert client.post("/api/auth/logout", headers={"Authorization": f"Bearer {revoked}"}).status_code == 200
    assert refused(api.url, {"token": revoked})
    # The token is never read from the URL.
    sio = socketio.Client(reconnection=False)
    with pytest.raises(socketio.exceptions.ConnectionError):
        sio.connect(f"{api.url}?token={user.token}", transports=["websocket"], wait_timeout=5)


def test_events_reach_their_owner_only(api, app, client, make_user):
    alice, bob = new_user(client, make_user, "alice"), new_user(client, make_user, "bob")
    a = ContractClient(api.url, alice.token).connect()
    b = ContractClient(api.url, bob.token).connect()
    seqs = write_events(app, alice.id, 2)
    a.wait_for_ids(seqs)
    # Bob cannot join Alice's room; he is told so and gets nothing of hers.
    assert b.sio.call("join_notifications", {"user_id": alice.id}, timeout=5) == {"status": "refused"}
    assert b.events_named("error")[-1]["code"] == "forbidden"
    assert a.sio.call("join_notifications", {"user_id": alice.id}, timeout=5)["status"] == "joined"
    more = write_events(app, alice.id, 1)
    a.wait_for_ids(more)
    time.sleep(0.3)
    assert a.ids == seqs + more and a.duplicates == 0
    assert b.delivered == []
    a.close()
    b.close()


def test_reconnect_replays_exactly_the_missed_events(api, app, user):
    c = ContractClient(api.url, user.token).connect()
    first = write_events(app, user.id, 2)
    c.wait_for_ids(first)
    c.close()
    missed = write_events(app, user.id, 5)
    c.reconnect()
    assert c.ids == first + missed
    assert [p["id"] for p in c.events_of_type("ocr_completed")][-5:] == missed
    assert c.unexpected == []  # nothing under a type's own name: every user event is `notification`
    assert c.events_named("replay_done")[-1]["last_seq"] == missed[-1]
    assert c.duplicates == 0
    c.close()


def test_no_cursor_means_no_replay(api, app, user):
    seqs = write_events(app, user.id, 3)
    c = ContractClient(api.url, user.token, last_event_id=None).connect()
    assert c.delivered == []
    assert c.events_named("replay_done") == [{"last_seq": seqs[-1]}]
    c.close()


def test_replay_sends_latest_progress_per_job(api, app, user):
    for job in (101, 102):
        for progress in (10, 40, 70):
            write_events(app, user.id, 1, "ocr_progress", ocr_result_id=job, progress=progress)
    done = write_events(app, user.id, 1, "ocr_completed", ocr_result_id=101)
    c = ContractClient(api.url, user.token).connect()
    kinds = [(p["type"], p["data"].get("ocr_result_id"), p["data"].get("progress")) for p in c.delivered]
    assert kinds == [("ocr_progress", 101, 70), ("ocr_progress", 102, 70), ("ocr_completed", 101, None)]
    assert c.cursor == done[0]
    c.close()


def test_sync_and_heartbeat(api, app, user):
    c = ContractClient(api.url, user.token, sync_on_heartbeat=False).connect()
    c.wait(lambda: c.events_named("heartbeat"), 5, "a heartbeat")
    seqs = write_events(app, user.id, 3)
    c.wait_for_ids(seqs)
    c.wait(lambda: c.events_named("heartbeat")[-1]["last_seq"] == seqs[-1], 5, "heartbeat last_seq")
    c.replaying = True
    assert c.sio.call("sync", {"after": seqs[0]}, timeout=5) == {"status": "ok"}
    c.wait(lambda: not c.replaying, 5, "replay_done after sync")
    assert c.ids == seqs and c.duplicates == 2
    c.close()


def test_revoked_token_disconnects_its_socket(api, app, client, user):
    token = token_for(app, user.id)
    c = ContractClient(api.url, token).connect()
    other = ContractClient(api.url, user.token).connect()
    assert client.post("/api/auth/logout", headers={"Authorization": f"Bearer {token}"}).status_code == 200
    c.wait(lambda: c.disconnect_reason is not None, 5, "disconnect after logout")
    assert c.events_named("error")[-1]["code"] == "token_revoked"
    time.sleep(0.5)
    assert other.sio.connected
    other.close()


def test_a_foreign_origin_is_refused_by_default(api, user):
    sio = socketio.Client(reconnection=False)
    with pytest.raises((socketio.exceptions.ConnectionError, ValueError)):  # the client words a 400 either way
        sio.connect(api.url, auth={"token": user.token}, headers={"Origin": "http://evil.example"},
                    transports=["websocket"], wait_timeout=5)
    assert not sio.connected
    polling = requests.get(api.url + "/socket.io/?EIO=4&transport=polling", timeout=5,
                           headers={"Origin": "http://evil.example"})
    assert polling.status_code == 400 and "access-control-allow-origin" not in polling.headers
    assert requests.get(api.url + "/socket.io/?EIO=4&transport=polling", timeout=5,
                        headers={"Origin": api.url}).status_code == 200
    same = socketio.Client(reconnection=False)
    same.connect(api.url, auth={"token": user.token}, transports=["websocket"], wait_timeout=5)  # its own origin
    assert same.connected
    same.disconnect()


def test_logout_disconnects_the_sockets_of_tokens_refreshed_from_the_login(api, app, client, make_user):
    email, password, _ = make_user("family")
    tokens = client.post("/api/auth/login", json={"email": email, "password": password}).get_json()
    refreshed = client.post("/api/auth/refresh", headers={"Authorization": f"Bearer {tokens['refresh_token']}"})
    c = ContractClient(api.url, refreshed.get_json()["access_token"]).connect()
    assert client.post("/api/auth/logout", headers={"Authorization": f"Bearer {tokens['access_token']}"}).status_code == 200
    c.wait(lambda: c.disconnect_reason is not None, 5, "disconnect after logout")
    assert c.events_named("error")[-1]["code"] == "token_revoked"


def test_expired_token_disconnects_its_socket(api, app, user):
    c = ContractClient(api.url, token_for(app, user.id, expires_delta=timedelta(seconds=2))).connect()
    c.wait(lambda: c.disconnect_reason is not None, 6, "disconnect at expiry")
    assert c.events_named("error")[-1]["code"] == "token_expired"


def test_cursor_older_than_retention_gets_replay_truncated_first(api, app, user):
    from sqlalchemy import text

    from app.extensions import db
    from app.jobs.cleaner import clean_expired

    old = write_events(app, user.id, 3)
    kept = write_events(app, user.id, 2)
    with app.app_context():
        db.session.execute(text("UPDATE events SET created_at = now() - interval '30 days' "
                                "WHERE user_id = :u AND seq = ANY(:s)"), {"u": user.id, "s": old})
        db.session.commit()
        clean_expired()
    c = ContractClient(api.url, user.token, last_event_id=1).connect()
    names = [name for name, _ in c.received]
    assert names[0] == "replay_truncated"
    assert c.events_named("replay_truncated")[0]["oldest_available"] == kept[0]
    assert c.ids == kept
    c.close()
    fresh = ContractClient(api.url, user.token, last_event_id=old[-1]).connect()
    assert fresh.events_named("replay_truncated") == [] and fresh.ids == kept
    fresh.close()


@pytest.mark.timeout(120)
def test_many_sockets_connecting_at_once_all_get_their_replay(api, app, user):
    """More simultaneous connects than the server's pool has connections (10 + 20 overflow)."""
    import threading

    seqs = write_events(app, user.id, 3)
    clients = [ContractClient(api.url, user.token) for _ in range(60)]
    errors = []

    def connect(c):
        try:
            c.connect(timeout=30)
        except Exception as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(repr(exc))

    threads = [threading.Thread(target=connect, args=(c,)) for c in clients]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert errors == []
    assert all(c.ids == seqs for c in clients)
    for c in clients:
        c.close()


def test_admin_broadcast_reaches_connected_sockets(api, app, client, make_user):
    from sqlalchemy import text

    from app.extensions import db

    admin, someone = new_user(client, make_user, "bcadmin"), new_user(client, make_user, "bcuser")
    with app.app_context():
        db.session.execute(text("UPDATE users SET role = 'admin' WHERE id = :id"), {"id": admin.id})
        db.session.commit()
    c = ContractClient(api.url, someone.token).connect()
    r = requests.post(api.url + "/api/admin/broadcast", json={"message": "Hello all"}, headers=admin.headers,
                      timeout=30)
    assert r.status_code == 200
    c.wait(lambda: any(p["type"] == "system" for p in c.delivered), 10, "the broadcast")
    event = c.delivered[-1]
    assert event["message"] == "Hello all" and event["data"] == {} and set(event) == {
        "id", "type", "message", "data", "created_at"}
    c.close()
