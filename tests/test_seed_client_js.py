"""The seeds' JavaScript client, run by Node with socket.io-client against the live service.

It connects with its default transports (long-polling, then the upgrade), puts only the token in
`auth`, emits `join_notifications`, and listens on the one `notification` event: a real upload must
reach it as `ocr_completed`, and a reconnect from a cursor must replay every missed event once, in order.
"""

from __future__ import annotations

import json
import queue
import shutil
import subprocess
import threading
import time
from pathlib import Path

import pytest
import requests
from sqlalchemy import text

from tests.support.jobs import receipt_bytes
from tests.test_sockets import new_user

pytestmark = pytest.mark.timeout(240)
CLIENT_DIR = Path(__file__).resolve().parent / "js"


class NodeClient:
    """`node seed_client.mjs` as a child process whose JSON lines are read on a thread."""

    def __init__(self, url: str, token: str, user_id: int, last_event_id: int | None = None) -> None:
        args = ["node", str(CLIENT_DIR / "seed_client.mjs"), url, token, str(user_id)]
        if last_event_id is not None:
            args.append(str(last_event_id))
        self.proc = subprocess.Popen(args, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
                                     cwd=CLIENT_DIR)
        self.lines: list[dict] = []
        self._queue: queue.Queue[dict] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            if line.strip():
                self._queue.put(json.loads(line))

    def wait(self, predicate, timeout: float, what: str) -> dict:
        """Return the first line (new or seen) for which `predicate` holds."""
        for line in self.lines:
            if predicate(line):
                return line
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = self._queue.get(timeout=0.2)
            except queue.Empty:
                continue
            self.lines.append(line)
            if predicate(line):
                return line
        raise AssertionError(f"timed out waiting for {what}; saw {self.lines[-8:]}")

    def drain(self, settle: float = 0.3) -> None:
        """Take every line printed so far (waiting `settle` seconds for stragglers)."""
        deadline = time.monotonic() + settle
        while time.monotonic() < deadline:
            try:
                self.lines.append(self._queue.get(timeout=0.05))
            except queue.Empty:
                continue

    def notifications(self) -> list[dict]:
        """Every `notification` payload seen so far."""
        self.drain()
        return [line["payload"] for line in self.lines if line["kind"] == "notification"]

    def close(self) -> None:
        """Ask the client to quit; kill it if it does not."""
        if self.proc.poll() is None:
            try:
                assert self.proc.stdin is not None
                self.proc.stdin.write("quit\n")
                self.proc.stdin.flush()
                self.proc.wait(timeout=5)
            except (OSError, subprocess.TimeoutExpired):
                self.proc.kill()


@pytest.fixture(scope="module")
def node_client_ready():
    """Fail clearly when Node or the client's npm packages are missing (`make test` installs them)."""
    if shutil.which("node") is None:
        pytest.fail("node is not installed: the JavaScript client test needs node >= 20")
    if not (CLIENT_DIR / "node_modules" / "socket.io-client").is_dir():
        pytest.fail("tests/js has no node_modules: run `cd tests/js && npm ci` (make test does)")


def test_the_seeds_client_hears_a_real_job_complete(node_client_ready, live_api, worker, client, make_user):
    user = new_user(client, make_user, "seedjs")
    node = NodeClient(live_api, user.token, user.id)
    try:
        node.wait(lambda line: line["kind"] == "connect", 20, "connect")
        joined = node.wait(lambda line: line["kind"] == "joined", 20, "join_notifications ack")
        assert joined["ack"] == {"status": "joined", "room": f"user:{user.id}"}, joined
        response = requests.post(f"{live_api}/api/ocr-async/process-async", headers=user.headers, timeout=30,
                                 files={"file": ("receipt.jpg", receipt_bytes("X51005255805.jpg"))})
        assert response.status_code == 202, response.text
        job = response.json()["ocr_result_id"]
        assert response.json()["notification"]["socketio"]["event"] == "notification"
        done = node.wait(lambda line: line["kind"] == "completed" and line["ocr_result_id"] == job, 180,
                         "ocr_completed on `notification`")
        assert done["ocr_result_id"] == job
        node.wait(lambda line: line["kind"] == "upgrade" and line["transport"] == "websocket", 10,
                  "the upgrade from long-polling to WebSocket")
        payloads = node.notifications()
        completed = [p for p in payloads if p["type"] == "ocr_completed"]
        assert len(completed) == 1 and set(completed[0]) == {"id", "type", "message", "data", "created_at"}
        assert completed[0]["data"]["result"]["page_count"] == 1
        node.drain()
        assert [line for line in node.lines if line["kind"] == "other"] == []
    finally:
        node.close()


def test_a_reconnect_replays_every_missed_event_on_notification(node_client_ready, live_api, app, client,
                                                              make_user):
    from tests.test_sockets import write_events

    user = new_user(client, make_user, "seedjs-replay")
    first = write_events(app, user.id, 2)
    node = NodeClient(live_api, user.token, user.id, last_event_id=0)
    try:
        node.wait(lambda line: line["kind"] == "replay_done", 20, "replay_done")
        assert [p["id"] for p in node.notifications()] == first
    finally:
        node.close()
    missed = write_events(app, user.id, 3, "ocr_progress", ocr_result_id=9, progress=50)
    missed += write_events(app, user.id, 2, "ocr_completed", ocr_result_id=9)
    again = NodeClient(live_api, user.token, user.id, last_event_id=first[-1])
    try:
        again.wait(lambda line: line["kind"] == "replay_done", 20, "replay_done after reconnect")
        seen = again.notifications()
        # Replay keeps the latest progress of a job and every other event, in order, once each.
        expected = [missed[2], missed[3], missed[4]]
        assert [p["id"] for p in seen] == expected
        assert [p["type"] for p in seen] == ["ocr_progress", "ocr_completed", "ocr_completed"]
        with app.app_context():
            from app.extensions import db

            stored = db.session.execute(text("SELECT count(*) FROM events WHERE user_id = :u"),
                                        {"u": user.id}).scalar()
            db.session.rollback()
        assert stored == len(first) + len(missed)
    finally:
        again.close()
