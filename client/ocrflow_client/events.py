"""The live event stream on Socket.IO, kept to DESIGN §6's contract across reconnects.

Connect with `auth={"token", "last_event_id"}`; buffer events until `replay_done` and deliver the buffer
in id order; drop ids already delivered; on a heartbeat whose `last_seq` is ahead, `sync` and buffer again;
after a drop (API restart, expired token) reconnect from the last delivered id. The reader sees each
event once, in order.
"""

from __future__ import annotations

import logging
import queue
import threading
import time

import socketio

from ocrflow_client.errors import AuthError, ServiceUnavailable
from ocrflow_client.models import Event
from ocrflow_client.transport import Transport, _backoff

log = logging.getLogger("ocrflow_client")
SEEN_KEEP = 100_000  # delivered ids remembered below the cursor, for dedupe


class EventStream:
    """A background Socket.IO connection delivering `Event`s, in order and once, to a queue."""

    def __init__(self, transport: Transport, after: int | None = None, retry_for: float | None = None,
                 connect_timeout: float = 10):
        self.transport = transport
        self.cursor = after
        self.floor = after or 0
        self.retry_for = transport.retry_for if retry_for is None else retry_for
        self.connect_timeout = connect_timeout
        self.events: queue.Queue[Event] = queue.Queue()
        self.fatal: Exception | None = None
        self.truncated: dict | None = None
        self.connects = 0
        self._replaying = True
        self._buffer: dict[int, dict] = {}
        self._seen: set[int] = set()
        self._lock = threading.Lock()
        self._live = threading.Event()
        self._dropped = threading.Event()
        self._closed = threading.Event()
        self._last_error: dict = {}
        self._sio: socketio.Client | None = None
        self._thread = threading.Thread(target=self._run, name="ocrflow-events", daemon=True)

    # -- public --------------------------------------------------------------------------------
    def start(self, wait: bool = True) -> EventStream:
        """Start connecting; with `wait`, block until the first replay is done (or it fails)."""
        self._thread.start()
        if wait:
            self.wait_live(self.connect_timeout + 5)
        return self

    def wait_live(self, timeout: float) -> bool:
        """Block until connected and caught up; raise the stream's fatal error, if any."""
        deadline = time.monotonic() + timeout
        while not self._live.wait(0.1):
            self.raise_fatal()
            if time.monotonic() >= deadline:
                return False
        return True

    @property
    def live(self) -> bool:
        """Whether the socket is connected and its replay is done."""
        return self._live.is_set()

    def get(self, timeout: float | None = None) -> Event | None:
        """Return the next event, or None after `timeout` seconds."""
        try:
            return self.events.get(timeout=timeout)
        except queue.Empty:
            self.raise_fatal()
            return None

    def raise_fatal(self) -> None:
        """Raise the error that stopped the stream, if one did."""
        if self.fatal is not None:
            raise self.fatal

    def close(self) -> None:
        """Disconnect and stop reconnecting."""
        self._closed.set()
        self._dropped.set()
        sio = self._sio
        if sio is not None and sio.connected:
            try:
                sio.disconnect()
            except Exception:  # noqa: BLE001 - closing a half-open socket
                pass
        if self._thread.is_alive() and self._thread is not threading.current_thread():
            self._thread.join(timeout=5)

    # -- the connect loop ----------------------------------------------------------------------
    def _run(self) -> None:
        down_since: float | None = None
        attempt = 0
        while not self._closed.is_set():
            try:
                self._connect_once()
                down_since, attempt = None, 0
                self._dropped.wait()
            except AuthError as exc:
                self.fatal = exc
                return
            except Exception as exc:  # noqa: BLE001 - any failed connect is retried within the budget
                log.info("event stream: connect failed (%s)", exc)
                self._discard_socket()
            self._live.clear()
            if self._closed.is_set():
                return
            try:
                self._after_drop()
            except AuthError as exc:
                self.fatal = exc
                return
            now = time.monotonic()
            down_since = down_since or now
            if now - down_since > self.retry_for:
                self.fatal = ServiceUnavailable("events_unreachable", "The event stream stayed down for "
                                                f"{self.retry_for:.0f}s")
                return
            attempt += 1
            self._closed.wait(_backoff(attempt) if attempt > 1 else 0.2)

    def _connect_once(self) -> None:
        self._dropped.clear()
        self._last_error = {}
        sio = socketio.Client(reconnection=False)
        for name, handler in (("notification", self._on_notification), ("replay_done", self._on_replay_done),
                              ("replay_truncated", self._on_truncated), ("heartbeat", self._on_heartbeat),
                              ("error", self._on_error), ("connect_error", self._on_connect_error),
                              ("disconnect", self._on_disconnect)):
            sio.on(name, handler)
        with self._lock:
            self._replaying = True
            self._buffer.clear()
        self._sio = sio
        auth = {"token": self.transport.credentials.current(), "last_event_id": self.cursor}
        self.transport.count()
        sio.connect(self.transport.url, auth=auth, transports=["websocket"], wait_timeout=self.connect_timeout)
        self.connects += 1

    def _discard_socket(self) -> None:
        sio, self._sio = self._sio, None
        if sio is not None:
            try:
                sio.disconnect()
            except Exception:  # noqa: BLE001 - a socket that never connected
                pass

    def _after_drop(self) -> None:
        """Decide from the server's last word whether a fresh token is needed, or none will do."""
        code = str(self._last_error.get("code") or "")
        message = str(self._last_error.get("message") or "")
        if code == "token_revoked" or "revoked" in message.lower():
            raise AuthError("token_revoked", f"The server refused the token: {message or code}", 401)
        if code in ("token_expired", "unauthorized"):
            c = self.transport.credentials
            if not (c.refresh_token or (c.email and c.password)):
                raise AuthError(code, f"The server refused the token: {message or code}", 401)
            c.renew(c.generation)

    # -- handlers (run on the socket's thread) ---------------------------------------------------
    def _on_notification(self, payload: dict) -> None:
        with self._lock:
            event_id = int(payload.get("id", 0))
            if event_id <= self.floor or event_id in self._seen or event_id in self._buffer:
                return
            if self._replaying:
                self._buffer[event_id] = payload
            else:
                self._deliver(payload)

    def _on_replay_done(self, data: dict) -> None:
        with self._lock:
            for event_id in sorted(self._buffer):
                self._deliver(self._buffer[event_id])
            self._buffer.clear()
            self._replaying = False
            last = int((data or {}).get("last_seq") or 0)
            self.cursor = max(self.cursor or 0, last)
            if not self._seen:
                self.floor = max(self.floor, self.cursor)  # started without a cursor: nothing older is wanted
        self._live.set()

    def _on_heartbeat(self, data: dict) -> None:
        last = int((data or {}).get("last_seq") or 0)
        with self._lock:
            behind = not self._replaying and last > (self.cursor or 0)
            if behind:
                self._replaying = True
        if behind and self._sio is not None:
            self._sio.emit("sync", {"after": self.cursor or 0})

    def _on_truncated(self, data: dict) -> None:
        self.truncated = data or {}
        log.warning("events before %s are past retention and were not replayed", (data or {}).get("oldest_available"))

    def _on_error(self, data: dict) -> None:
        self._last_error = data if isinstance(data, dict) else {"message": str(data)}

    def _on_connect_error(self, data) -> None:
        if isinstance(data, dict):
            inner = data.get("data")
            self._last_error = inner if isinstance(inner, dict) else data
        else:
            self._last_error = {"message": str(data)}

    def _on_disconnect(self, *_args) -> None:
        self._live.clear()
        self._dropped.set()

    def _deliver(self, payload: dict) -> None:
        event = Event.of(payload)
        self._seen.add(event.id)
        self.cursor = max(self.cursor or 0, event.id)
        if len(self._seen) > 2 * SEEN_KEEP:
            low = self.cursor - SEEN_KEEP
            self._seen = {i for i in self._seen if i > low}
            self.floor = max(self.floor, low)
        self.events.put(event)
