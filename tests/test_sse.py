"""Server-Sent Events against a real server process in each async mode: stream, replay, filters, tickets, 401s."""

from __future__ import annotations

import json
import socket
import threading
import time
from unittest import mock

import pytest
import requests

from tests.support import processes
from tests.test_sockets import new_user, write_events

pytestmark = pytest.mark.timeout(90)


@pytest.fixture(scope="module", params=["gevent", "eventlet"])
def api(request, app, services):
    """An API process in each async mode."""
    proc, url = processes.start_api(f"api-sse-{request.param}", mode=request.param)
    yield type("Api", (), {"proc": proc, "url": url})
    processes.stop(proc)


@pytest.fixture
def user(client, make_user):
    """A fresh user."""
    return new_user(client, make_user, "sse")


class Stream:
    """Read an SSE response in a thread, collecting (event, id, data) messages and comments."""

    def __init__(self, response: requests.Response):
        self.response = response
        self.messages: list[dict] = []
        self.comments: list[str] = []
        self._thread = threading.Thread(target=self._read, daemon=True)
        self._thread.start()

    def _read(self) -> None:
        current: dict = {}
        try:
            for line in self.response.iter_lines(decode_unicode=True):
                if line == "":
                    if current:
                        self.messages.append(current)
                    current = {}
                elif line.startswith(":"):
                    self.comments.append(line)
                else:
                    field, _, value = line.partition(": ")
                    current[field] = value
        except (requests.RequestException, AttributeError):
            pass

    @property
    def events(self) -> list[dict]:
        """Parsed `notification` payloads."""
        return [json.loads(m["data"]) for m in self.messages if m.get("event") == "notification"]

    def wait(self, count: int, timeout: float = 5) -> list[dict]:
        """Wait for at least `count` notifications."""
        deadline = time.monotonic() + timeout
        while len(self.events) < count and time.monotonic() < deadline:
            time.sleep(0.05)
        assert len(self.events) >= count, self.messages
        return self.events

    def close(self) -> None:
        """Drop the connection (shut the socket so the reading thread returns at once)."""
        sock = self.response.raw._fp.fp.raw._sock  # http.client's socket under urllib3
        sock.shutdown(socket.SHUT_RDWR)
        self._thread.join(timeout=5)
        self.response.close()


def _open(url: str, **kwargs) -> Stream:
    response = requests.get(url + "/api/ocr-async/events", stream=True, timeout=(5, 30), **kwargs)
    assert response.status_code == 200, response.text
    assert response.headers["Content-Type"].startswith("text/event-stream")
    return Stream(response)


def test_stream_sends_live_events_and_replays_after_last_event_id(api, app, user):
    before = write_events(app, user.id, 2)
    stream = _open(api.url, headers=user.headers)  # no cursor: live from now
    time.sleep(0.3)
    live = write_events(app, user.id, 3)
    events = stream.wait(3)
    assert [e["id"] for e in events] == live
    assert [m["id"] for m in stream.messages if m.get("event") == "notification"] == [str(s) for s in live]
    assert set(events[0]) == {"id", "type", "message", "data", "created_at"}
    stream.close()

    replay = _open(api.url, headers={**user.headers, "Last-Event-ID": str(before[0])})
    assert [e["id"] for e in replay.wait(4)] == before[1:] + live
    replay.close()
    by_query = _open(api.url, headers=user.headers, params={"last_event_id": live[1]})
    assert [e["id"] for e in by_query.wait(1)] == live[2:]
    by_query.close()


def test_filters_by_job_and_batch(api, app, user):
    write_events(app, user.id, 1, "ocr_progress", ocr_result_id=501, progress=10)
    job = write_events(app, user.id, 1, "ocr_completed", ocr_result_id=501)
    write_events(app, user.id, 1, "ocr_completed", ocr_result_id=502)
    batch = write_events(app, user.id, 1, "batch_completed", batch_id="b-1")
    by_job = _open(api.url, headers=user.headers, params={"ocr_result_id": 501})
    events = by_job.wait(2)
    assert [(e["type"], e["data"]["ocr_result_id"]) for e in events] == [("ocr_progress", 501),
                                                                        ("ocr_completed", 501)]
    assert events[1]["id"] == job[0]
    by_job.close()
    by_batch = _open(api.url, headers=user.headers, params={"batch_id": "b-1"})
    assert [e["id"] for e in by_batch.wait(1)] == batch
    by_batch.close()


def test_ticket_opens_one_stream_and_never_shows_in_logs(api, app, user):
    r = requests.post(api.url + "/api/ocr-async/events/ticket", headers=user.headers, timeout=5)
    assert r.status_code == 200
    ticket = r.json()["ticket"]
    assert r.json()["expires_in"] == 60
    stream = _open(api.url, params={"ticket": ticket})
    seqs = write_events(app, user.id, 1)
    assert [e["id"] for e in stream.wait(1)] == seqs
    stream.close()
    again = requests.get(api.url + "/api/ocr-async/events", params={"ticket": ticket}, timeout=5)
    assert again.status_code == 401 and again.json()["error"]["code"] == "ticket_used"
    assert ticket not in api.proc.log_path.read_text(errors="replace")


def test_bad_credentials_get_401_envelopes(api, app, user):
    from app.notifications.sse import issue_ticket

    def get(**kwargs):
        r = requests.get(api.url + "/api/ocr-async/events", timeout=5, **kwargs)
        assert r.status_code == 401, r.text
        return r.json()["error"]["code"]

    assert get() == "unauthorized"
    assert get(headers={"Authorization": "Bearer nonsense"}) == "unauthorized"
    assert get(params={"ticket": "nonsense"}) == "invalid_ticket"
    with app.app_context():
        claims = {"sub": str(user.id), "jti": "x", "exp": time.time() + 600}
        with mock.patch("itsdangerous.timed.time.time", return_value=time.time() - 120):
            expired = issue_ticket(claims)
    assert get(params={"ticket": expired}) == "ticket_expired"
    assert requests.post(api.url + "/api/ocr-async/events/ticket", timeout=5).status_code == 401


def test_stream_ends_when_its_token_expires(api, app, user):
    from datetime import timedelta

    from tests.test_sockets import token_for

    short = token_for(app, user.id, expires_delta=timedelta(seconds=2))
    stream = _open(api.url, headers={"Authorization": f"Bearer {short}"})
    stream._thread.join(timeout=6)
    assert not stream._thread.is_alive()
    assert stream.messages[-1] == {"event": "error", "data": '{"code": "token_expired"}'}


def test_bad_parameters_get_422_before_the_ticket_is_spent(api, app, user):
    r = requests.post(api.url + "/api/ocr-async/events/ticket", headers=user.headers, timeout=5)
    ticket = r.json()["ticket"]
    url = api.url + "/api/ocr-async/events"
    for params in ({"batch_id": "a\x00b"}, {"ocr_result_id": "1\x00"}, {"ocr_result_id": str(2**70)}):
        bad = requests.get(url, params={**params, "ticket": ticket}, timeout=5)
        assert bad.status_code == 422 and bad.json()["error"]["code"] == "validation_error", (params, bad.text)
    stream = _open(api.url, params={"ticket": ticket})  # the ticket was not spent by the refusals
    seqs = write_events(app, user.id, 1)
    assert [e["id"] for e in stream.wait(1)] == seqs
    stream.close()


def test_an_unexpected_error_ends_the_stream_with_an_error_event():
    from app.notifications import sse

    viewer = sse.Viewer(1, "jti", time.time() + 60)
    with mock.patch.object(sse.store, "iter_replay", side_effect=RuntimeError("boom")):
        frames = list(sse.stream(mock.Mock(), viewer, 0, {}))
    assert frames[0].startswith("retry: ")
    assert frames[-1] == 'event: error\ndata: {"code": "stream_error"}\n\n'
