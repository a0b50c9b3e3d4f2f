"""The one JSON error envelope for 404, 405, 413, 422 and 500."""

from __future__ import annotations


def _envelope(r, status: int, code: str) -> dict:
    assert r.status_code == status
    body = r.get_json()
    assert set(body) == {"error"}
    assert body["error"]["code"] == code
    assert body["error"]["message"]
    return body


def test_404_is_json(client):
    _envelope(client.get("/api/nope"), 404, "not_found")


def test_405_is_json(client):
    r = client.delete("/api/auth/login")
    _envelope(r, 405, "method_not_allowed")
    assert "POST" in r.headers["Allow"]


def test_413_is_json(app, client):
    limit = app.config["MAX_CONTENT_LENGTH"]
    r = client.post("/api/auth/register", data=b"x" * (limit + 1), content_type="application/json")
    _envelope(r, 413, "payload_too_large")


def test_422_has_field_details(client):
    body = _envelope(client.post("/api/auth/register", json={"email": 3}), 422, "validation_error")
    assert "email" in body["error"]["details"] and "password" in body["error"]["details"]


def test_500_hides_the_stack(app):
    from app import create_app

    app = create_app("testing", SOCKETIO_ASYNC_MODE="threading")

    @app.get("/api/_boom_for_test")
    def _boom():
        raise RuntimeError("secret internals")

    r = app.test_client().get("/api/_boom_for_test")
    body = _envelope(r, 500, "internal_error")
    assert "secret internals" not in r.get_data(as_text=True)
    assert "Traceback" not in r.get_data(as_text=True)
    assert body["error"]["details"] is None


def test_a_connection_lost_under_an_open_transaction_does_not_turn_the_answer_into_a_500(isolated_app):
    import psycopg2
    from sqlalchemy import text

    from app.extensions import db

    flask_app = isolated_app()

    @flask_app.get("/_test/lost-connection")
    def _lost():
        pid = db.session.execute(text("SELECT pg_backend_pid()")).scalar()  # opens a transaction, left open
        killer = psycopg2.connect(flask_app.config["SQLALCHEMY_DATABASE_URI"].replace("+psycopg2", ""))
        killer.autocommit = True
        killer.cursor().execute("SELECT pg_terminate_backend(%s)", (pid,))
        killer.close()
        return {"answered": True}

    response = flask_app.test_client().get("/_test/lost-connection")
    assert response.status_code == 200 and response.get_json() == {"answered": True}
    with flask_app.app_context():  # the pool recovers: the next request's session works
        assert db.session.execute(text("SELECT 1")).scalar() == 1
