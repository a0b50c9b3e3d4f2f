"""The client's own logic: the event contract's buffering, keys, result lines, and pacing over real HTTP.

The pacing checks use a small local HTTP server that answers as the API would under load (429 and 503 with
`Retry-After`, a dropped connection); the flows against the real service are in test_client.py.
"""

from __future__ import annotations

import base64
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from ocrflow_client import Client, OcrflowError
from ocrflow_client.events import EventStream
from ocrflow_client.local import idempotency_key
from ocrflow_client.models import ErrorInfo, Job
from ocrflow_client.output import csv_row


def fake_token(kind: str = "access", sub: str = "7") -> str:
    """An unsigned JWT-shaped token (the client only reads its claims; the fake server never checks it)."""
    def part(obj: dict) -> str:
        return base64.urlsafe_b64encode(json.dumps(obj).encode()).decode().rstrip("=")
    return f"{part({'alg': 'none'})}.{part({'type': kind, 'sub': sub, 'exp': time.time() + 600})}.sig"


class FakeSocket:
    """Records what the stream sends."""

    def __init__(self) -> None:
        self.sent: list[tuple[str, dict]] = []

    def emit(self, name: str, data: dict) -> None:
        self.sent.append((name, data))


def stream_with(after: int | None) -> EventStream:
    client = Client("http://127.0.0.1:9", fake_token(), journal=False)
    stream = EventStream(client.transport, after=after)
    stream._sio = FakeSocket()
    return stream


def payload(event_id: int, type_: str = "system") -> dict:
    return {"id": event_id, "type": type_, "message": "", "data": {}, "created_at": None}


def drain(stream: EventStream) -> list[int]:
    ids = []
    while (event := stream.get(timeout=0)) is not None:
        ids.append(event.id)
    return ids


def test_events_are_buffered_until_replay_done_then_delivered_in_order_once():
    stream = stream_with(after=3)
    for event_id in (6, 4, 5, 6, 2, 3):  # live and replayed interleaved, a duplicate, ids at or below the cursor
        stream._on_notification(payload(event_id))
    assert drain(stream) == []
    stream._on_replay_done({"last_seq": 5})
    stream._on_notification(payload(5))
    stream._on_notification(payload(7))
    assert drain(stream) == [4, 5, 6, 7]
    assert stream.cursor == 7


def test_a_heartbeat_ahead_of_the_cursor_asks_for_sync_and_buffers_again():
    stream = stream_with(after=0)
    stream._on_replay_done({"last_seq": 10})
    stream._on_heartbeat({"last_seq": 10})
    assert stream._sio.sent == []
    stream._on_heartbeat({"last_seq": 12})
    assert stream._sio.sent == [("sync", {"after": 10})]
    stream._on_notification(payload(12))
    stream._on_notification(payload(11))
    assert drain(stream) == []
    stream._on_replay_done({"last_seq": 12})
    assert drain(stream) == [11, 12]


def test_without_a_cursor_nothing_older_than_the_connect_is_delivered():
    stream = stream_with(after=None)
    stream._on_replay_done({"last_seq": 40})
    stream._on_notification(payload(39))
    stream._on_notification(payload(41))
    assert drain(stream) == [41]


def test_the_idempotency_key_follows_the_file_and_the_options():
    sha = "ab" * 32
    assert idempotency_key(sha, {"language": "pl"}) == idempotency_key(sha, {"language": "pl", "priority": None})
    assert idempotency_key(sha, {"language": "pl"}) != idempotency_key(sha, {"language": "de"})
    assert idempotency_key(sha, {}) != idempotency_key("cd" * 32, {})
    assert len(idempotency_key(sha, {})) <= 255


def test_result_lines_and_csv_rows():
    rejected = Job(None, status="rejected", file="bad.jpg", error=ErrorInfo("unsupported_file", "not an image"))
    assert rejected.to_line() == {"file": "bad.jpg", "ocr_result_id": None, "status": "rejected",
                                  "error": {"code": "unsupported_file", "message": "not an image"},
                                  "extracted_data": None}
    done = Job(5, status="completed", file="a.jpg", extracted_data={"total_amount": 9.5, "currency": "PLN",
                                                                    "line_items": [], "language": {
                                                                        "code": "pl", "confidence": 0.9,
                                                                        "detected": True}})
    row = csv_row(done)
    assert (row["ocr_result_id"], row["total_amount"], row["currency"], row["error_code"]) == (5, 9.5, "PLN", None)
    assert row["language"] == "pl"


class Script:
    """What the fake server answers to each upload, in order, and what it saw."""

    def __init__(self, answers: list):
        self.answers = answers
        self.seen: list[dict] = []


def serve(script: Script) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *_args) -> None:
            pass

        def do_POST(self) -> None:
            self.rfile.read(int(self.headers["Content-Length"]))
            script.seen.append({"key": self.headers.get("Idempotency-Key"), "at": time.monotonic()})
            answer = script.answers.pop(0)
            if answer == "drop":
                self.close_connection = True
                self.connection.shutdown(2)
                return
            status, headers, body = answer
            data = json.dumps(body).encode()
            self.send_response(status)
            for name, value in {**headers, "Content-Type": "application/json",
                                "Content-Length": str(len(data))}.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(data)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


ACCEPTED = (202, {}, {"ocr_result_id": 11, "task_id": "t", "status": "queued"})
LIMITED = (429, {"Retry-After": "1"}, {"error": {"code": "rate_limited", "message": "slow down"}})
BUSY = (503, {"Retry-After": "1"}, {"error": {"code": "low_disk", "message": "later"}})


@pytest.mark.parametrize("trouble", [LIMITED, BUSY, "drop"])
def test_an_upload_is_retried_with_the_same_key_after_retry_after(tmp_path, trouble):
    script = Script([trouble, ACCEPTED])
    server = serve(script)
    doc = tmp_path / "a.png"
    doc.write_bytes(b"\x89PNG fake")
    try:
        with Client(f"http://127.0.0.1:{server.server_port}", fake_token(), journal=False) as client:
            job = client.submit(doc)
    finally:
        server.shutdown()
    assert job.ocr_result_id == 11
    first, second = script.seen
    assert first["key"] == second["key"] and first["key"].startswith("ocrflow-")
    if trouble != "drop":
        assert second["at"] - first["at"] >= 0.9  # waited Retry-After


def test_a_refused_upload_in_a_bulk_is_a_rejected_job_and_the_rest_go_on(tmp_path):
    refused = (415, {}, {"error": {"code": "unsupported_file", "message": "not a document"}})
    script = Script([refused, ACCEPTED, refused])
    server = serve(script)
    docs = [tmp_path / "a.bin", tmp_path / "b.png"]
    for i, doc in enumerate(docs):
        doc.write_bytes(b"x" * (i + 1))
    try:
        with Client(f"http://127.0.0.1:{server.server_port}", fake_token(), journal=False) as client:
            jobs = client.submit_many(docs, batch_size=1)
            with pytest.raises(OcrflowError) as caught:
                client.submit(docs[0])  # one file alone raises the typed error
    finally:
        server.shutdown()
    assert caught.value.code == "unsupported_file" and caught.value.status == 415
    assert [(j.status, j.error.code if j.error else None) for j in jobs] == [("rejected", "unsupported_file"),
                                                                              ("queued", None)]
