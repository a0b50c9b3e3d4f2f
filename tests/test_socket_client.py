"""A Socket.IO client that follows the contract of DESIGN §6, and checks of its own logic.

The contract: buffer every event from the (re)connect until `replay_done`, then deliver the buffer
in id order; dedupe by `id`; when a heartbeat's `last_seq` is ahead of the cursor, `sync` (and
buffer again until its `replay_done`). Following it, a client sees every event once, in order.
"""

from __future__ import annotations

import threading
import time

import socketio

SOCKET_EVENT = "notification"  # every user event, its payload carrying `type` (DESIGN §6)


class ContractClient:
    """A python-socketio client that delivers each event once, in order."""

    def __init__(self, base_url: str, token: str, last_event_id: int | None = 0, sync_on_heartbeat: bool = True,
                 transports: tuple[str, ...] = ("websocket",)):
        self.base_url = base_url
        self.transports = list(transports)  # ["polling"]: long-polling only, as a browser without websockets
        self.token = token
        self.floor = last_event_id or 0
        self.cursor = self.floor
        self.start_cursor = last_event_id
        self.sync_on_heartbeat = sync_on_heartbeat
        self.replaying = False
        self.buffer: dict[int, dict] = {}
        self.seen: set[int] = set()
        self.delivered: list[dict] = []
        self.received: list[tuple[str, dict]] = []  # every packet, for assertions on the raw stream
        self.duplicates = 0
        self.disconnect_reason: str | None = None
        self._cond = threading.Condition()
        self.sio = socketio.Client(reconnection=False)
        self.sio.on(SOCKET_EVENT, self._event_handler(SOCKET_EVENT))
        self.sio.on("*", self._unexpected)
        self.unexpected: list[tuple[str, object]] = []  # packets under any other name
        self.sio.on("replay_done", self._replay_done)
        self.sio.on("replay_truncated", lambda data: self._record("replay_truncated", data))
        self.sio.on("heartbeat", self._heartbeat)
        self.sio.on("error", lambda data: self._record("error", data))
        self.sio.on("disconnect", self._disconnected)

    # -- connection -------------------------------------------------------------------------
    def connect(self, wait_replay: bool = True, timeout: float = 10) -> ContractClient:
        """Connect (websocket unless told) with the token and cursor in `auth`; wait for `replay_done`."""
        with self._cond:
            self.replaying = True  # replayed events may arrive before the connect handshake completes
            self.disconnect_reason = None
        auth = {"token": self.token, "last_event_id": self.start_cursor}
        self.sio.connect(self.base_url, auth=auth, transports=self.transports, wait_timeout=timeout)
        if wait_replay:
            self.wait(lambda: not self.replaying, timeout, "replay_done")
        return self

    def reconnect(self, **kwargs) -> ContractClient:
        """Disconnect and connect again from the delivered cursor (a fresh socket)."""
        self.close()
        self.start_cursor = self.cursor
        fresh = socketio.Client(reconnection=False)
        fresh.handlers = self.sio.handlers
        self.sio = fresh
        return self.connect(**kwargs)

    def close(self) -> None:
        """Disconnect if connected."""
        if self.sio.connected:
            self.sio.disconnect()

    # -- waiting ------------------------------------------------------------------------------
    def wait(self, predicate, timeout: float = 10, what: str = "condition") -> None:
        """Block until `predicate()` holds."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while not predicate():
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(f"timed out waiting for {what}; delivered ids={self.ids[-10:]}")
                self._cond.wait(min(left, 0.2))

    def wait_for_ids(self, ids, timeout: float = 10) -> None:
        """Block until every id in `ids` was delivered."""
        wanted = set(ids)
        self.wait(lambda: wanted <= self.seen, timeout, f"ids {sorted(wanted)[:5]}…")

    @property
    def ids(self) -> list[int]:
        """Delivered event ids, in delivery order."""
        return [event["id"] for event in self.delivered]

    def events_named(self, name: str) -> list[dict]:
        """Raw packets received under `name`."""
        return [data for event, data in self.received if event == name]

    def events_of_type(self, type_: str) -> list[dict]:
        """Raw `notification` packets whose payload has `type_`."""
        return [data for event, data in self.received if event == SOCKET_EVENT and data.get("type") == type_]

    # -- the contract -------------------------------------------------------------------------
    def offer(self, payload: dict) -> None:
        """Take one event payload: buffer while replaying, else deliver if new."""
        event_id = payload["id"]
        if event_id <= self.floor or event_id in self.seen or event_id in self.buffer:
            self.duplicates += 1
            return
        if self.replaying:
            self.buffer[event_id] = payload
        else:
            self._deliver(payload)

    def finish_replay(self, last_seq: int) -> None:
        """Deliver the buffer in id order and leave replay mode."""
        for event_id in sorted(self.buffer):
            self._deliver(self.buffer[event_id])
        self.buffer.clear()
        self.replaying = False
        self.cursor = max(self.cursor, last_seq)

    def _deliver(self, payload: dict) -> None:
        self.seen.add(payload["id"])
        self.cursor = max(self.cursor, payload["id"])
        self.delivered.append(payload)

    def _event_handler(self, name: str):
        def handler(data):
            with self._cond:
                self.received.append((name, data))
                self.offer(data)
                self._cond.notify_all()
        return handler

    def _unexpected(self, name: str, data=None) -> None:
        with self._cond:
            self.unexpected.append((name, data))
            self._cond.notify_all()

    def _record(self, name: str, data) -> None:
        with self._cond:
            self.received.append((name, data))
            self._cond.notify_all()

    def _replay_done(self, data) -> None:
        with self._cond:
            self.received.append(("replay_done", data))
            self.finish_replay(int(data["last_seq"]))
            self._cond.notify_all()

    def _heartbeat(self, data) -> None:
        with self._cond:
            self.received.append(("heartbeat", data))
            behind = int(data["last_seq"]) > self.cursor
            if behind and self.sync_on_heartbeat and not self.replaying:
                self.replaying = True
                after = self.cursor
            else:
                after = None
            self._cond.notify_all()
        if after is not None:
            self.sio.emit("sync", {"after": after})

    def _disconnected(self, reason=None) -> None:
        with self._cond:
            self.disconnect_reason = reason or "disconnected"
            self._cond.notify_all()


def _payload(event_id: int, type_: str = "ocr_completed") -> dict:
    return {"id": event_id, "type": type_, "message": "", "data": {}, "created_at": "2026-01-01T00:00:00+00:00"}


def test_contract_buffers_until_replay_done_and_dedupes():
    client = ContractClient("http://unused", "token", last_event_id=3)
    client.replaying = True
    for event_id in (7, 4, 5, 7, 3, 6):  # live 7 interleaved with the replay of 4..7, and an old 3
        client.offer(_payload(event_id))
    assert client.delivered == []
    client.finish_replay(7)
    client.offer(_payload(7))
    client.offer(_payload(8))
    assert client.ids == [4, 5, 6, 7, 8]
    assert client.duplicates == 3
    assert client.cursor == 8


def test_contract_replay_done_moves_cursor_past_skipped_progress():
    client = ContractClient("http://unused", "token", last_event_id=0)
    client.replaying = True
    client.offer(_payload(3, "ocr_progress"))  # 1 and 2 were older progress of the same job
    client.finish_replay(3)
    assert client.ids == [3] and client.cursor == 3
