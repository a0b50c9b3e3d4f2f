"""Auth flows against real PostgreSQL and Redis: register, login, refresh, logout, me, bad tokens."""

from __future__ import annotations

import base64
import json
import time
import uuid
from datetime import timedelta

import jwt as pyjwt
import pytest
from flask_jwt_extended import create_access_token


def _creds():
    return {"email": f"A-{uuid.uuid4().hex[:10]}@Example.com", "password": "s3cure-enough"}


def test_register_login_me_refresh_logout(client):
    creds = _creds()
    r = client.post("/api/auth/register", json=creds)
    assert r.status_code == 201
    assert r.get_json()["email"] == creds["email"].lower()
    assert "password" not in r.get_data(as_text=True)

    tokens = client.post("/api/auth/login", json=creds).get_json()
    assert set(tokens) == {"access_token", "refresh_token", "token_type", "expires_in"}
    assert tokens["token_type"] == "Bearer" and tokens["expires_in"] == 15 * 60
    access = {"Authorization": f"Bearer {tokens['access_token']}"}
    assert client.get("/api/auth/me", headers=access).get_json()["email"] == creds["email"].lower()

    refreshed = client.post("/api/auth/refresh", headers={"Authorization": f"Bearer {tokens['refresh_token']}"})
    assert refreshed.status_code == 200
    assert refreshed.get_json()["refresh_token"] != tokens["refresh_token"]  # rotated on use
    new_access = {"Authorization": f"Bearer {refreshed.get_json()['access_token']}"}
    assert client.get("/api/auth/me", headers=new_access).status_code == 200

    assert client.post("/api/auth/logout", headers=access).status_code == 200
    r = client.get("/api/auth/me", headers=access)
    assert r.status_code == 401
    assert r.get_json()["error"]["code"] == "unauthorized"
    # Logout ends the login: a token refreshed from it before the logout is revoked with it.
    assert client.get("/api/auth/me", headers=new_access).status_code == 401
    again = client.post("/api/auth/refresh", headers={"Authorization": f"Bearer {refreshed.get_json()['refresh_token']}"})
    assert again.status_code == 401


def test_a_reused_refresh_token_ends_the_whole_login(client, make_user):
    email, password, _ = make_user()
    first = client.post("/api/auth/login", json={"email": email, "password": password}).get_json()
    other_login = client.post("/api/auth/login", json={"email": email, "password": password}).get_json()
    bearer = lambda token: {"Authorization": f"Bearer {token}"}  # noqa: E731
    second = client.post("/api/auth/refresh", headers=bearer(first["refresh_token"])).get_json()
    assert client.get("/api/auth/me", headers=bearer(second["access_token"])).status_code == 200
    # The spent refresh token comes back (a stolen copy): the family is revoked, every token of it.
    reused = client.post("/api/auth/refresh", headers=bearer(first["refresh_token"]))
    assert reused.status_code == 401 and reused.get_json()["error"]["code"] == "refresh_reused"
    for token in (first["access_token"], second["access_token"]):
        assert client.get("/api/auth/me", headers=bearer(token)).status_code == 401
    assert client.post("/api/auth/refresh", headers=bearer(second["refresh_token"])).status_code == 401
    # Another login of the same account is another family: untouched.
    assert client.get("/api/auth/me", headers=bearer(other_login["access_token"])).status_code == 200


def test_revocation_is_stored_in_postgres(app, client, make_user):
    _, _, headers = make_user()
    client.post("/api/auth/logout", headers=headers)
    from app.extensions import db
    from app.models import RevokedToken

    token = headers["Authorization"].split()[1]
    jti = pyjwt.decode(token, options={"verify_signature": False})["jti"]
    with app.app_context():
        assert db.session.get(RevokedToken, jti) is not None


def test_register_validation_and_duplicates(client):
    r = client.post("/api/auth/register", json={"email": "not-an-email", "password": "short"})
    assert r.status_code == 422
    details = r.get_json()["error"]["details"]
    assert "email" in details and "password" in details
    creds = _creds()
    assert client.post("/api/auth/register", json=creds).status_code == 201
    dup = client.post("/api/auth/register", json={**creds, "email": creds["email"].upper()})
    assert dup.status_code == 409
    assert client.post("/api/auth/register", data="{not json", content_type="application/json").status_code == 422


def test_wrong_email_and_wrong_password_look_the_same(client):
    creds = _creds()
    client.post("/api/auth/register", json=creds)
    wrong_pw = client.post("/api/auth/login", json={**creds, "password": "wrong-password"})
    no_user = client.post("/api/auth/login", json={**creds, "email": "nobody-" + creds["email"]})
    assert wrong_pw.status_code == no_user.status_code == 401
    assert wrong_pw.get_json() == no_user.get_json()


def _forge(payload: dict, header: dict, signature: bytes = b"") -> str:
    enc = lambda obj: base64.urlsafe_b64encode(json.dumps(obj).encode()).rstrip(b"=").decode()  # noqa: E731
    return f"{enc(header)}.{enc(payload)}.{base64.urlsafe_b64encode(signature).rstrip(b'=').decode()}"


def _bad_tokens(app, client, make_user) -> dict[str, str | None]:
    email, password, headers = make_user()
    good = headers["Authorization"].split()[1]
    claims = pyjwt.decode(good, options={"verify_signature": False})
    tokens = client.post("/api/auth/login", json={"email": email, "password": password}).get_json()
    revoked = client.post("/api/auth/login", json={"email": email, "password": password}).get_json()
    client.post("/api/auth/logout", headers={"Authorization": f"Bearer {revoked['access_token']}"})
    with app.app_context():
        expired = create_access_token(identity=claims["sub"], expires_delta=timedelta(seconds=-5))
    return {
        "missing": None,
        "malformed": "not-a-jwt",
        "garbage-segments": "a.b.c",
        "expired": expired,
        "forged": pyjwt.encode({**claims, "exp": int(time.time()) + 600}, "another-secret-key-of-some-length!!",
                               algorithm="HS256"),
        "alg-none": _forge({**claims, "exp": int(time.time()) + 600}, {"alg": "none", "typ": "JWT"}),
        "revoked": revoked["access_token"],
        "refresh-as-access": tokens["refresh_token"],
    }


def test_every_bad_token_is_401_in_the_envelope(app, client, make_user):
    for name, token in _bad_tokens(app, client, make_user).items():
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        r = client.get("/api/auth/me", headers=headers)
        assert r.status_code == 401, name
        body = r.get_json()
        assert body["error"]["code"] == "unauthorized", name
        assert set(body["error"]) == {"code", "message", "details"}, name


def test_access_token_cannot_refresh(client, make_user):
    _, _, headers = make_user()
    assert client.post("/api/auth/refresh", headers=headers).status_code == 401


@pytest.fixture
def strict_login_app(services):
    from app import create_app

    return create_app("testing", SOCKETIO_ASYNC_MODE="threading", RATE_LIMIT_LOGIN="3/minute")


def test_login_is_rate_limited_per_account(strict_login_app):
    client = strict_login_app.test_client()
    creds = _creds()
    client.post("/api/auth/register", json=creds)
    codes = [client.post("/api/auth/login", json={**creds, "password": "wrong-pass"}).status_code
             for _ in range(4)]
    assert codes[:3] == [401, 401, 401]
    assert codes[3] == 429
    r = client.post("/api/auth/login", json=creds)
    assert r.status_code == 429
    assert r.get_json()["error"]["code"] == "rate_limited"
    assert int(r.headers["Retry-After"]) > 0


def test_production_refuses_a_weak_secret(monkeypatch):
    from app import create_app

    monkeypatch.setenv("JWT_SECRET_KEY", "short")
    with pytest.raises(RuntimeError, match="JWT_SECRET_KEY"):
        create_app("production")
    monkeypatch.delenv("JWT_SECRET_KEY")
    with pytest.raises(RuntimeError, match="JWT_SECRET_KEY"):
        create_app("production")


def test_bodies_above_the_route_limit_are_refused_before_parsing(client, auth_headers):
    big_login = b'{"email": "' + b"x" * 8192 + b'"}'
    r = client.post("/api/auth/login", data=big_login, content_type="application/json")
    assert r.status_code == 413 and r.get_json()["error"]["code"] == "payload_too_large"
    assert r.get_json()["error"]["details"]["limit_bytes"] == 4096
    huge = b'{"name": "' + b"n" * (2 * 2**20) + b'"}'
    r = client.post("/api/templates", data=huge, content_type="application/json", headers=auth_headers)
    assert r.status_code == 413 and r.get_json()["error"]["code"] == "payload_too_large"
    r = client.patch("/api/ocr-async/results/1/fields", data=huge, content_type="application/json",
                     headers=auth_headers)
    assert r.status_code == 413
    # Within the limit the route reads its body as before.
    assert client.post("/api/auth/login", json={"email": "nobody@example.com", "password": "x"}).status_code == 401


def test_registration_is_limited_per_address_and_can_be_closed_or_by_invite(isolated_app):
    from app.auth.registration import make_invite

    app = isolated_app(RATE_LIMIT_REGISTER="3/hour")
    client = app.test_client()
    env = {"REMOTE_ADDR": "192.0.2.77"}
    codes = [client.post("/api/auth/register", json=_creds(), environ_base=env).status_code for _ in range(4)]
    assert codes == [201, 201, 201, 429]
    assert client.post("/api/auth/register", json=_creds(), environ_base={"REMOTE_ADDR": "192.0.2.78"}).status_code == 201
    closed = isolated_app(REGISTRATION_MODE="closed").test_client().post("/api/auth/register", json=_creds())
    assert closed.status_code == 403 and closed.get_json()["error"]["code"] == "registration_closed"
    invite_app = isolated_app(REGISTRATION_MODE="invite")
    creds = _creds()
    with invite_app.app_context():
        invite = make_invite(creds["email"])
        other = make_invite("someone-else@example.com")
    by_invite = invite_app.test_client()
    assert by_invite.post("/api/auth/register", json=creds).get_json()["error"]["code"] == "invite_required"
    assert by_invite.post("/api/auth/register", json={**creds, "invite": other}).status_code == 403
    assert by_invite.post("/api/auth/register", json={**creds, "invite": invite}).status_code == 201


def test_an_unknown_registration_mode_is_refused():
    from app import create_app

    with pytest.raises(RuntimeError, match="REGISTRATION_MODE"):
        create_app("testing", REGISTRATION_MODE="sometimes")


def test_password_hashing_runs_off_the_gevent_loop():
    import subprocess
    import sys

    code = (
        "from gevent import monkey; monkey.patch_all()\n"
        "import threading\n"
        "from app import create_app\n"
        "from app.auth.hashing import off_loop\n"
        "app = create_app('testing', SOCKETIO_ASYNC_MODE='gevent')\n"
        "with app.app_context():\n"
        "    print(threading.get_native_id(), off_loop(threading.get_native_id))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True)
    loop_thread, hashing_thread = out.stdout.split()[-2:]
    assert loop_thread != hashing_thread


def test_failed_logins_slow_one_address_and_never_lock_the_account(isolated_app, make_user):
    app = isolated_app(LOGIN_FREE_FAILURES=3, LOGIN_FREE_FAILURES_PER_ADDRESS=100)
    email, password, _ = make_user()
    attacker = app.test_client()
    env_attacker, env_owner = {"REMOTE_ADDR": "198.51.100.7"}, {"REMOTE_ADDR": "203.0.113.9"}
    codes = [attacker.post("/api/auth/login", json={"email": email, "password": "wrong-pass"},
                           environ_base=env_attacker).status_code for _ in range(12)]
    assert codes[:3] == [401, 401, 401] and 429 in codes
    delayed = attacker.post("/api/auth/login", json={"email": email, "password": password}, environ_base=env_attacker)
    assert delayed.status_code == 429 and delayed.get_json()["error"]["code"] == "login_delayed"
    assert int(delayed.headers["Retry-After"]) >= 1
    # The owner, from another address, still logs in with the right password.
    owner = app.test_client().post("/api/auth/login", json={"email": email, "password": password},
                                   environ_base=env_owner)
    assert owner.status_code == 200 and owner.get_json()["access_token"]


def test_the_login_limiter_never_parses_the_body(isolated_app):
    app = isolated_app(RATE_LIMIT_LOGIN="2/minute")
    client = app.test_client()
    env = {"REMOTE_ADDR": "192.0.2.55"}
    codes = [client.post("/api/auth/login", data=b'{"email": ' + b"x" * 5000, content_type="application/json",
                         environ_base=env).status_code for _ in range(3)]
    assert codes == [413, 413, 413]  # refused by its size before any limiter or parser reads it
    codes = [client.post("/api/auth/login", json={"email": f"n{i}@example.com", "password": "x"},
                         environ_base=env).status_code for i in range(3)]
    assert codes == [401, 401, 429]


def test_a_token_is_verified_once_then_served_from_memory_until_it_expires(app, client, make_user, monkeypatch):
    from flask_jwt_extended import JWTManager

    _, _, headers = make_user()
    token = headers["Authorization"].split()[1]
    decodes = []
    library = JWTManager._decode_jwt_from_config

    def counted(self, *args, **kwargs):
        decodes.append(args[0])
        return library(self, *args, **kwargs)

    monkeypatch.setattr(JWTManager, "_decode_jwt_from_config", counted)
    assert client.get("/api/auth/me", headers=headers).status_code == 200
    parsed = []
    parse = pyjwt.api_jws.PyJWS._load
    monkeypatch.setattr(pyjwt.api_jws.PyJWS, "_load", lambda self, text: parsed.append(text) or parse(self, text))
    for _ in range(3):
        assert client.get("/api/auth/me", headers=headers).status_code == 200
    assert decodes.count(token) <= 1  # at most once (the first request may already have kept it)
    assert parsed == []  # neither its claims nor its header parsed again

    # The same claims under another key are a different text: verified, and refused.
    claims = pyjwt.decode(token, options={"verify_signature": False})
    forged = pyjwt.encode(claims, "another-secret-key-of-some-length!!", algorithm="HS256")
    assert client.get("/api/auth/me", headers={"Authorization": f"Bearer {forged}"}).status_code == 401
    assert forged in decodes

    # A kept token whose time runs out is refused like any expired one.
    from app.token_decoding import _EXTENSION

    with app.app_context():
        short = create_access_token(identity=claims["sub"], expires_delta=timedelta(seconds=2))
    short_headers = {"Authorization": f"Bearer {short}"}
    assert client.get("/api/auth/me", headers=short_headers).status_code == 200
    assert short in app.extensions[_EXTENSION]
    time.sleep(2.2)
    r = client.get("/api/auth/me", headers=short_headers)
    assert r.status_code == 401 and r.get_json()["error"]["message"] == "Token has expired"

    # Revocation is still checked per request: logout refuses the kept token at once in this process.
    assert client.post("/api/auth/logout", headers=headers).status_code == 200
    assert client.get("/api/auth/me", headers=headers).status_code == 401
