"""Webhooks: the API, durable fan-out, signed delivery by a real worker, retries, resend, SSRF at delivery."""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
import time
from collections import deque
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import redis
from celery import _state as celery_state
from sqlalchemy import text

from app.extensions import db
from tests.support import processes
from tests.support.jobs import receipt_bytes, upload, wait_for

HOOK_BROKER_DB = 15  # a Redis database of this module's own: only its worker reads it


class Receiver:
    """A threaded HTTP receiver on loopback that records requests and answers from a script."""

    def __init__(self) -> None:
        self.requests: list[dict] = []
        self.script: deque = deque()  # items: status, or (status, headers, delay_s)
        self._lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 - the http.server API
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                with receiver._lock:
                    receiver.requests.append({"path": self.path, "headers": dict(self.headers), "body": body,
                                              "at": time.monotonic()})
                    step = receiver.script.popleft() if receiver.script else 200
                status, headers, delay = step if isinstance(step, tuple) else (step, {}, 0)
                time.sleep(delay)
                self.send_response(status)
                for key, value in headers.items():
                    self.send_header(key, value)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"ok")

            def log_message(self, *_args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def wait(self, count: int, timeout: float = 15) -> list[dict]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if len(self.requests) >= count:
                return self.requests
            time.sleep(0.02)
        raise AssertionError(f"expected {count} requests, got {len(self.requests)}")

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture(scope="module")
def hook_app(services, app):
    """An app on a broker database of its own, allowing loopback targets (like the worker below)."""
    from app import create_app

    url = services.redis_url.rsplit("/", 1)[0] + f"/{HOOK_BROKER_DB}"
    redis.Redis.from_url(url).flushdb()
    previous = celery_state.get_current_app()
    flask_app = create_app("testing", SOCKETIO_ASYNC_MODE="threading", CELERY_BROKER_URL=url,
                           CELERY_RESULT_BACKEND=url, WEBHOOK_ALLOW_PRIVATE=["127.0.0.1"],
                           WEBHOOK_MAX_ATTEMPTS=4)
    yield flask_app
    previous.set_current()
    previous.set_default()


@pytest.fixture(scope="module")
def hook_worker(hook_app):
    """A real worker on every queue of the module's broker, allowed to deliver to 127.0.0.1."""
    proc = processes.start_worker(name="webhooks", concurrency=4, flask_app=hook_app,
                                  WEBHOOK_ALLOW_PRIVATE="127.0.0.1", WEBHOOK_MAX_ATTEMPTS="4")
    yield proc
    processes.stop(proc)


@pytest.fixture
def hook_client(hook_app):
    """A test client of the module's app (its messages go to the module's worker)."""
    return hook_app.test_client()


@pytest.fixture
def receiver():
    """A loopback receiver, closed after the test."""
    r = Receiver()
    yield r
    r.close()


def _user_id(client, headers) -> int:
    return client.get("/api/auth/me", headers=headers).get_json()["id"]


def _register(client, headers, url, events) -> dict:
    r = client.post("/api/webhooks", headers=headers, json={"url": url, "events": events})
    assert r.status_code == 201, r.get_json()
    return r.get_json()


def _emit(flask_app, user_id: int, *types: str) -> list[dict]:
    from app.jobs.events import write_event

    with flask_app.app_context():
        payloads = [write_event(user_id, t, f"{t} happened", {"n": i}) for i, t in enumerate(types)]
    return payloads


def _deliveries(client, headers, webhook_id, **query) -> list[dict]:
    r = client.get(f"/api/webhooks/{webhook_id}/deliveries", headers=headers, query_string=query)
    assert r.status_code == 200, r.get_json()
    return r.get_json()["items"]


def _wait_status(client, headers, webhook_id, status, count=1, timeout=20) -> list[dict]:
    deadline = time.monotonic() + timeout
    items = []
    while time.monotonic() < deadline:
        items = _deliveries(client, headers, webhook_id)
        if sum(d["status"] == status for d in items) >= count:
            return items
        time.sleep(0.05)
    raise AssertionError(f"deliveries did not reach {status}: {[(d['status'], d['attempt']) for d in items]}")


# --- the API -------------------------------------------------------------------------------------------


def test_create_shows_the_secret_once_and_lists_without_it(client, auth_headers):
    r = client.post("/api/webhooks", headers=auth_headers,
                    json={"url": "https://hooks.example.com/in", "events": ["ocr_completed", "ocr_failed"]})
    assert r.status_code == 201
    body = r.get_json()
    assert set(body) == {"id", "url", "events", "active", "created_at", "secret"}
    assert body["secret"].startswith("whsec_") and len(body["secret"]) > 40
    assert r.headers["Location"] == f"/api/webhooks/{body['id']}"
    listed = client.get("/api/webhooks", headers=auth_headers).get_json()["items"]
    assert listed == [{k: v for k, v in body.items() if k != "secret"}]
    assert "secret" not in json.dumps(listed)


def test_delete_and_other_users_get_404(client, make_user):
    _e, _p, owner = make_user()
    _e, _p, other = make_user()
    hook = _register(client, owner, "https://hooks.example.com/a", ["system"])
    for method, path in (("delete", f"/api/webhooks/{hook['id']}"),
                         ("get", f"/api/webhooks/{hook['id']}/deliveries"),
                         ("post", f"/api/webhooks/{hook['id']}/deliveries/1/resend")):
        r = getattr(client, method)(path, headers=other)
        assert r.status_code == 404 and r.get_json()["error"]["code"] == "webhook_not_found"
    assert client.get("/api/webhooks", headers=other).get_json()["items"] == []
    assert client.delete(f"/api/webhooks/{hook['id']}", headers=owner).status_code == 204
    assert client.delete(f"/api/webhooks/{hook['id']}", headers=owner).status_code == 404
    assert client.get("/api/webhooks", headers=owner).get_json()["items"] == []


@pytest.mark.parametrize("payload,field", [
    ({"events": ["system"]}, "url"),
    ({"url": "https://hooks.example.com/"}, "events"),
    ({"url": "https://hooks.example.com/", "events": []}, "events"),
    ({"url": "https://hooks.example.com/", "events": ["nope"]}, "events"),
    ({"url": "ftp://hooks.example.com/", "events": ["system"]}, "url"),
    ({"url": "hooks.example.com", "events": ["system"]}, "url"),
    ({"url": "https://hooks.example.com/", "events": ["system"], "extra": 1}, "extra"),
])
def test_invalid_input_is_422_in_the_envelope(client, auth_headers, payload, field):
    r = client.post("/api/webhooks", headers=auth_headers, json=payload)
    assert r.status_code == 422
    error = r.get_json()["error"]
    assert error["code"] == "validation_error" and field in error["details"]


@pytest.mark.parametrize("url", ["http://127.0.0.1/", "http://localhost:8080/", "http://10.0.0.1/",
                                 "http://169.254.169.254/latest/meta-data/", "http://[::1]/",
                                 "http://[::ffff:127.0.0.1]/", "http://2130706433/", "http://0x7f.1/",
                                 "http://0177.0.0.1/", "http://127.1/", "http://[fd00::1]/"])
def test_registering_a_private_or_numeric_trick_address_is_422(client, auth_headers, url):
    r = client.post("/api/webhooks", headers=auth_headers, json={"url": url, "events": ["system"]})
    assert r.status_code == 422, r.get_json()
    assert "url" in r.get_json()["error"]["details"]


def test_a_user_has_a_bounded_number_of_webhooks(client, auth_headers):
    for i in range(10):
        _register(client, auth_headers, f"https://hooks.example.com/{i}", ["system"])
    r = client.post("/api/webhooks", headers=auth_headers,
                    json={"url": "https://x.example.com/", "events": ["system"]})
    assert r.status_code == 409 and r.get_json()["error"]["code"] == "webhook_limit"


def test_fan_out_writes_deliveries_in_the_event_transaction(app, client, auth_headers, monkeypatch):
    from app.jobs import fanout

    monkeypatch.setattr(fanout, "send_delivery", lambda *_a, **_k: True)  # no worker in this test
    user_id = _user_id(client, auth_headers)
    hook = _register(client, auth_headers, "https://hooks.example.com/f", ["ocr_completed", "system"])
    _register(client, auth_headers, "https://hooks.example.com/g", ["ocr_failed"])
    from app.jobs.events import Outbox

    with app.app_context():
        outbox = Outbox()
        outbox.write(user_id, "system", "rolled back", {})
        outbox.rollback()
    _emit(app, user_id, "ocr_progress", "ocr_completed", "system", "ocr_cancelled")
    items = _deliveries(client, auth_headers, hook["id"])
    assert [d["event_type"] for d in items] == ["system", "ocr_completed"]  # newest first
    assert all(d["status"] == "pending" and d["attempt"] == 0 and d["attempt_log"] == [] for d in items)
    assert items[0]["payload"]["type"] == "system" and items[0]["event_id"] == items[0]["payload"]["id"]


# --- delivery by a real worker ---------------------------------------------------------------------------


@pytest.mark.timeout(90)
def test_signed_deliveries_of_the_chosen_types_only(hook_app, hook_worker, hook_client, make_user, receiver):
    _e, _p, headers = make_user()
    user_id = _user_id(hook_client, headers)
    hook = _register(hook_client, headers, receiver.url, ["ocr_completed", "system"])
    started = time.monotonic()
    payloads = _emit(hook_app, user_id, "ocr_progress", "ocr_completed", "ocr_failed", "system",
                     "ocr_progress")
    got = receiver.wait(2)
    latency = got[1]["at"] - started
    time.sleep(1.0)  # nothing else arrives
    assert len(receiver.requests) == 2
    sent = {p["type"]: p for p in payloads}
    items = _wait_status(hook_client, headers, hook["id"], "delivered", count=2)
    by_id = {str(d["id"]): d for d in items}
    for request in receiver.requests:
        h, body = request["headers"], request["body"]
        event = json.loads(body)
        assert h["X-Ocrflow-Event"] == event["type"] in ("ocr_completed", "system")
        assert event == sent[event["type"]]
        expected = hmac.new(hook["secret"].encode(), h["X-Ocrflow-Timestamp"].encode() + b"." + body,
                            hashlib.sha256).hexdigest()
        assert hmac.compare_digest(h["X-Ocrflow-Signature"], "sha256=" + expected)
        assert abs(time.time() - int(h["X-Ocrflow-Timestamp"])) < 30
        assert h["Content-Type"] == "application/json" and h["Host"] == f"127.0.0.1:{receiver.port}"
        assert request["path"] == "/hook"
        delivery = by_id[h["X-Ocrflow-Delivery"]]
        assert delivery["event_type"] == event["type"] and delivery["event_id"] == event["id"]
        assert delivery["response_code"] == 200 and delivery["delivered_at"]
        [entry] = delivery["attempt_log"]
        assert entry["attempt"] == 1 and entry["status"] == "delivered" and entry["response_code"] == 200
        assert entry["duration_ms"] >= 0 and entry["address"] == "127.0.0.1"
    print(f"\nwebhook latency commit -> second delivery received: {latency * 1000:.0f} ms")


@pytest.mark.timeout(90)
def test_failing_twice_then_succeeding_is_retried_with_backoff(hook_app, hook_worker, hook_client, make_user,
                                                               receiver):
    _e, _p, headers = make_user()
    hook = _register(hook_client, headers, receiver.url, ["ocr_failed"])
    receiver.script.extend([500, 503, 200])
    _emit(hook_app, _user_id(hook_client, headers), "ocr_failed")
    [delivery] = _wait_status(hook_client, headers, hook["id"], "delivered")
    log = delivery["attempt_log"]
    assert [(e["attempt"], e["status"], e["response_code"]) for e in log] == [
        (1, "failed", 500), (2, "failed", 503), (3, "delivered", 200)]
    assert log[0]["error"].startswith("HTTP 500")
    ids = {r["headers"]["X-Ocrflow-Delivery"] for r in receiver.requests}
    assert ids == {str(delivery["id"])} and len(receiver.requests) == 3
    gaps = [b["at"] - a["at"] for a, b in zip(receiver.requests, receiver.requests[1:], strict=False)]
    # testing backoff: 0.5 s then 1 s, each ±20 % jitter, plus the hop through the broker
    assert 0.35 < gaps[0] < 2.0 and 0.75 < gaps[1] < 3.0, gaps
    print(f"\nretry gaps: {[round(g, 2) for g in gaps]} s")


@pytest.mark.timeout(90)
def test_a_receiver_that_keeps_failing_ends_failed_after_the_last_attempt(hook_app, hook_worker, hook_client,
                                                                          make_user, receiver):
    _e, _p, headers = make_user()
    hook = _register(hook_client, headers, receiver.url, ["system"])
    receiver.script.extend([500] * 10)
    _emit(hook_app, _user_id(hook_client, headers), "system")
    [delivery] = _wait_status(hook_client, headers, hook["id"], "failed", timeout=30)
    assert delivery["attempt"] == 4 and len(delivery["attempt_log"]) == 4
    assert delivery["next_attempt_at"] is None and delivery["response_code"] == 500
    time.sleep(1.5)
    assert len(receiver.requests) == 4


@pytest.mark.timeout(90)
def test_resend_makes_a_new_delivery_of_the_same_event(hook_app, hook_worker, hook_client, make_user,
                                                       receiver):
    _e, _p, headers = make_user()
    hook = _register(hook_client, headers, receiver.url, ["batch_completed"])
    _emit(hook_app, _user_id(hook_client, headers), "batch_completed")
    [first] = _wait_status(hook_client, headers, hook["id"], "delivered")
    r = hook_client.post(f"/api/webhooks/{hook['id']}/deliveries/{first['id']}/resend", headers=headers)
    assert r.status_code == 202, r.get_json()
    again = r.get_json()
    assert again["id"] != first["id"] and again["status"] == "pending"
    assert again["event_id"] == first["event_id"]
    receiver.wait(2)
    assert receiver.requests[0]["body"] == receiver.requests[1]["body"]
    assert receiver.requests[1]["headers"]["X-Ocrflow-Delivery"] == str(again["id"])
    items = _wait_status(hook_client, headers, hook["id"], "delivered", count=2)
    assert [d["id"] for d in items] == [again["id"], first["id"]]
    missing = hook_client.post(f"/api/webhooks/{hook['id']}/deliveries/999999999/resend", headers=headers)
    assert missing.status_code == 404 and missing.get_json()["error"]["code"] == "delivery_not_found"


@pytest.mark.timeout(90)
def test_a_redirect_is_a_failed_attempt_and_is_not_followed(hook_app, hook_worker, hook_client, make_user,
                                                            receiver):
    other = Receiver()
    try:
        _e, _p, headers = make_user()
        hook = _register(hook_client, headers, receiver.url, ["system"])
        receiver.script.extend([(302, {"Location": other.url}, 0),
                                (302, {"Location": "http://10.0.0.1/"}, 0)])
        _emit(hook_app, _user_id(hook_client, headers), "system")
        receiver.wait(3)
        [delivery] = _wait_status(hook_client, headers, hook["id"], "delivered")
        first, second, third = delivery["attempt_log"]
        assert first["response_code"] == 302 and first["status"] == "failed"
        assert first["error"] == f"redirect to {other.url} not followed"
        assert second["error"] == "redirect to http://10.0.0.1/ not followed"
        assert third["status"] == "delivered"
        assert other.requests == []
    finally:
        other.close()


@pytest.mark.timeout(90)
def test_a_slow_receiver_does_not_hold_back_other_deliveries(hook_app, hook_worker, hook_client, make_user,
                                                             receiver):
    fast = Receiver()
    try:
        _e, _p, headers = make_user()
        slow_hook = _register(hook_client, headers, receiver.url, ["system"])
        _register(hook_client, headers, fast.url, ["system"])
        receiver.script.append((200, {}, 3.0))
        started = time.monotonic()
        _emit(hook_app, _user_id(hook_client, headers), "system")
        fast.wait(1, timeout=3)
        assert fast.requests[0]["at"] - started < 2.0
        _wait_status(hook_client, headers, slow_hook["id"], "delivered", timeout=15)
    finally:
        fast.close()


@pytest.mark.timeout(90)
def test_refused_at_delivery_even_when_registered_before(hook_app, hook_worker, hook_client, make_user):
    _e, _p, headers = make_user()
    user_id = _user_id(hook_client, headers)
    ids = []
    with hook_app.app_context():
        for url in ("http://10.0.0.1/", "http://[::1]:9/", "http://169.254.169.254/latest/meta-data/"):
            ids.append(db.session.execute(text(
                "INSERT INTO webhooks (user_id, url, secret, events) VALUES (:u, :url, 's', '[\"system\"]') "
                "RETURNING id"), {"u": user_id, "url": url}).scalar_one())
        db.session.commit()
    _emit(hook_app, user_id, "system")
    for webhook_id in ids:
        [delivery] = _wait_status(hook_client, headers, webhook_id, "failed")
        assert delivery["attempt"] == 1 and delivery["error"].startswith("refused: ")
        assert delivery["attempt_log"][0]["duration_ms"] < 1000


@pytest.mark.timeout(120)
def test_an_event_whose_message_was_lost_is_delivered_by_retry_due(hook_app, hook_worker, hook_client,
                                                                   make_user, receiver, monkeypatch):
    from app.jobs import fanout

    _e, _p, headers = make_user()
    hook = _register(hook_client, headers, receiver.url, ["ai_training"])
    with monkeypatch.context() as patch:  # the process "dies" between commit and send
        patch.setattr(fanout, "send_delivery", lambda *_a, **_k: False)
        _emit(hook_app, _user_id(hook_client, headers), "ai_training")
    time.sleep(0.5)
    assert receiver.requests == []
    assert [d["status"] for d in _deliveries(hook_client, headers, hook["id"])] == ["pending"]
    beat = processes.start_beat(name="beat-webhooks", CELERY_BROKER_URL=hook_app.config["CELERY_BROKER_URL"],
                                CELERY_RESULT_BACKEND=hook_app.config["CELERY_RESULT_BACKEND"])
    try:
        started = time.monotonic()
        receiver.wait(1, timeout=60)
        print(f"\nrescued by retry_due after {time.monotonic() - started:.1f} s (beat start included)")
    finally:
        processes.stop(beat)
    _wait_status(hook_client, headers, hook["id"], "delivered")


@pytest.mark.timeout(240)
def test_a_real_receipt_reaches_the_webhook_on_completion(hook_app, hook_worker, hook_client, make_user,
                                                          receiver, receipts):
    _e, _p, headers = make_user()
    _register(hook_client, headers, receiver.url, ["ocr_completed", "ocr_failed"])
    status, body = upload(hook_client, headers, receipt_bytes(receipts[0]["file"].split("/")[-1]))
    assert status == 202, body
    done = wait_for(hook_client, headers, body["ocr_result_id"], timeout=180)
    assert done["status"] == "completed"
    [request] = receiver.wait(1)
    event = json.loads(request["body"])
    assert event["type"] == "ocr_completed" and event["data"]["ocr_result_id"] == body["ocr_result_id"]
    time.sleep(0.5)
    assert len(receiver.requests) == 1  # no progress events: not subscribed


# --- one attempt, in process ----------------------------------------------------------------------------


def _direct_delivery(flask_app, user_id: int, url: str) -> int:
    with flask_app.app_context():
        webhook_id = db.session.execute(text(
            "INSERT INTO webhooks (user_id, url, secret, events) VALUES (:u, :url, 's', '[]') RETURNING id"),
            {"u": user_id, "url": url}).scalar_one()
        delivery_id = db.session.execute(text(
            "INSERT INTO webhook_deliveries (webhook_id, event_seq, event_type, payload, next_attempt_at) "
            "VALUES (:w, 1, 'system', '{\"id\": 1}', now()) RETURNING id"), {"w": webhook_id}).scalar_one()
        db.session.commit()
    return delivery_id


def _attempt(flask_app, delivery_id: int):
    from app.webhooks.delivery import attempt_delivery

    with flask_app.app_context():
        outcome = attempt_delivery(delivery_id, 0)
        row = db.session.execute(text("SELECT status, error, attempt_log FROM webhook_deliveries "
                                      "WHERE id = :i"), {"i": delivery_id}).one()
        db.session.rollback()
    return outcome, row


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "[::1]", "[::ffff:127.0.0.1]", "2130706433",
                                  "0x7f.1", "0177.0.0.1", "127.1", "10.0.0.1", "169.254.169.254"])
def test_refused_targets_are_never_connected(app, client, auth_headers, receiver, monkeypatch, host):
    monkeypatch.setitem(app.config, "WEBHOOK_ALLOW_PRIVATE", [])
    delivery_id = _direct_delivery(app, _user_id(client, auth_headers), f"http://{host}:{receiver.port}/hook")
    outcome, row = _attempt(app, delivery_id)
    assert outcome.status == "failed" and outcome.retry_in is None
    assert row.status == "failed" and row.error.startswith("refused: "), row.error
    assert row.attempt_log[0]["error"] == row.error and row.attempt_log[0]["response_code"] is None
    assert receiver.requests == []


def test_a_redirect_to_a_private_address_is_not_followed(app, client, auth_headers, receiver, monkeypatch):
    monkeypatch.setitem(app.config, "WEBHOOK_ALLOW_PRIVATE", ["127.0.0.1"])
    receiver.script.append((302, {"Location": "http://10.0.0.1/"}, 0))
    delivery_id = _direct_delivery(app, _user_id(client, auth_headers), receiver.url)
    outcome, row = _attempt(app, delivery_id)
    assert outcome.status == "retrying" and row.status == "pending"
    [entry] = row.attempt_log
    assert entry["response_code"] == 302 and entry["error"] == "redirect to http://10.0.0.1/ not followed"
    assert entry["duration_ms"] < 1000  # 10.0.0.1 is unreachable here: following it would have hung
    assert len(receiver.requests) == 1


def test_a_trickling_receiver_is_cut_off_at_the_deadline(app, client, auth_headers, monkeypatch):
    import socket

    monkeypatch.setitem(app.config, "WEBHOOK_ALLOW_PRIVATE", ["127.0.0.1"])
    monkeypatch.setitem(app.config, "WEBHOOK_DEADLINE_S", 1.5)
    monkeypatch.setitem(app.config, "WEBHOOK_READ_TIMEOUT_S", 1.0)
    listener = socket.create_server(("127.0.0.1", 0))
    stop = threading.Event()

    def trickle():
        conn, _ = listener.accept()
        conn.recv(65536)
        conn.sendall(b"HTTP/1.1 200 OK\r\n")
        while not stop.wait(0.3):  # one header byte at a time, never finishing
            try:
                conn.sendall(b"X")
            except OSError:
                break
        conn.close()

    threading.Thread(target=trickle, daemon=True).start()
    try:
        delivery_id = _direct_delivery(app, _user_id(client, auth_headers),
                                       f"http://127.0.0.1:{listener.getsockname()[1]}/")
        started = time.monotonic()
        outcome, row = _attempt(app, delivery_id)
        elapsed = time.monotonic() - started
    finally:
        stop.set()
        listener.close()
    assert outcome.status == "retrying" and 1.3 < elapsed < 3.0, elapsed
    assert "deadline" in row.attempt_log[0]["error"]


def make_ca_and_cert(hostname: str) -> tuple[bytes, bytes, bytes]:
    """A throwaway CA and a server certificate for `hostname` signed by it (PEM)."""
    import datetime

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    now = datetime.datetime.now(datetime.UTC)
    ca_key, key = ec.generate_private_key(ec.SECP256R1()), ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "ocrflow test CA")])
    ca = (x509.CertificateBuilder().subject_name(ca_name).issuer_name(ca_name).public_key(ca_key.public_key())
          .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(minutes=5))
          .not_valid_after(now + datetime.timedelta(hours=1))
          .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
          .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=False,
                                       key_encipherment=False, data_encipherment=False, key_agreement=False,
                                       key_cert_sign=True, crl_sign=True, encipher_only=False,
                                       decipher_only=False), critical=True)
          .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False)
          .sign(ca_key, hashes.SHA256()))
    cert = (x509.CertificateBuilder()
            .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, hostname)]))
            .issuer_name(ca_name).public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(minutes=5))
            .not_valid_after(now + datetime.timedelta(hours=1))
            .add_extension(x509.SubjectAlternativeName([x509.DNSName(hostname)]), critical=False)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()),
                           critical=False)
            .sign(ca_key, hashes.SHA256()))
    pem = serialization.Encoding.PEM
    key_pem = key.private_bytes(pem, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    return ca.public_bytes(pem), cert.public_bytes(pem), key_pem


def test_https_verifies_the_original_host_name_on_the_checked_address(app, tmp_path):
    import ssl

    pytest.importorskip("cryptography")
    from app.webhooks import client as hook_client
    from app.webhooks.guard import parse_url

    ca_pem, cert_pem, key_pem = make_ca_and_cert("hooks.example.test")
    (tmp_path / "cert.pem").write_bytes(cert_pem)
    (tmp_path / "key.pem").write_bytes(key_pem)
    server_ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server_ctx.load_cert_chain(tmp_path / "cert.pem", tmp_path / "key.pem")
    seen = {}

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802
            seen["host"] = self.headers["Host"]
            self.rfile.read(int(self.headers["Content-Length"]))
            self.send_response(204)
            self.end_headers()

        def log_message(self, *_args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.socket = server_ctx.wrap_socket(server.socket, server_side=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    client_ctx = ssl.create_default_context(cadata=ca_pem.decode())
    port = server.server_address[1]
    try:
        good = parse_url(f"https://hooks.example.test:{port}/in")
        resp = hook_client.post(good, "127.0.0.1", b"{}", {}, hook_client.Limits(), client_ctx)
        assert resp.status == 204 and seen["host"] == f"hooks.example.test:{port}"
        wrong = parse_url(f"https://other.example.test:{port}/in")
        with pytest.raises(ssl.SSLCertVerificationError):
            hook_client.post(wrong, "127.0.0.1", b"{}", {}, hook_client.Limits(), client_ctx)
    finally:
        server.shutdown()
        server.server_close()


def test_backoff_doubles_with_jitter_and_a_cap(app):
    import random

    from app.webhooks.delivery import backoff
    from app.webhooks.settings import get_settings

    settings = get_settings({**app.config, "WEBHOOK_RETRY_BASE_S": 10, "WEBHOOK_RETRY_MAX_S": 60})
    rand = random.Random(1)
    delays = [backoff(n, settings, rand) for n in range(1, 6)]
    for delay, nominal in zip(delays, [10, 20, 40, 60, 60], strict=True):
        assert 0.8 * nominal <= delay <= 1.2 * nominal
    from app.config import DevelopmentConfig, TestingConfig

    assert get_settings(vars(TestingConfig())).retry_base == 0.5
    assert get_settings(vars(DevelopmentConfig())).retry_base == 10.0


def test_the_retry_scan_is_on_the_beat_schedule(app):
    schedule = app.extensions["celery"].conf.beat_schedule
    assert schedule["webhooks"]["task"] == "ocrflow.notify.retry_due"


def test_an_admin_broadcast_fans_out_to_system_webhooks_only(app, client, make_user, monkeypatch):
    from app.notifications import broadcast as bulk

    sent = []
    monkeypatch.setattr(bulk, "send_delivery", lambda delivery_id, _attempt: sent.append(delivery_id) or True)
    _e, _p, admin = make_user()
    _e, _p, subscribed = make_user()
    _e, _p, other = make_user()
    with app.app_context():
        db.session.execute(text("UPDATE users SET role = 'admin' WHERE id = :id"), {"id": _user_id(client, admin)})
        db.session.commit()
    hook = _register(client, subscribed, "https://hooks.example.com/system", ["system", "ocr_completed"])
    elsewhere = _register(client, other, "https://hooks.example.com/done", ["ocr_completed"])
    r = client.post("/api/admin/broadcast", json={"message": "Maintenance"}, headers=admin)
    assert r.status_code == 200
    items = _deliveries(client, subscribed, hook["id"])
    last_seq = client.get("/api/notifications", headers=subscribed).get_json()["last_seq"]
    assert [(d["event_type"], d["event_id"], d["payload"]["message"]) for d in items] == [
        ("system", last_seq, "Maintenance")]
    assert _deliveries(client, other, elsewhere["id"]) == []
    assert items[0]["id"] in sent  # other tests' users with a `system` webhook get theirs too
