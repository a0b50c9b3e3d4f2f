"""POST a webhook to an address that was checked, never following redirects, within a deadline.

The socket connects to the checked IP; the `Host` header and, for https, the TLS server name and the
certificate check use the original host. Every read is bounded by the read timeout and by what is left
of the attempt's deadline, so a receiver that trickles bytes cannot hold a worker for long.
"""

from __future__ import annotations

import http.client
import io
import socket
import ssl
import time
from dataclasses import dataclass

from app.webhooks.guard import Target


@dataclass(frozen=True)
class Limits:
    """Timeouts (seconds) and the most response bytes read."""

    connect: float = 3.0
    read: float = 5.0
    deadline: float = 10.0
    max_response_bytes: int = 65536


@dataclass(frozen=True)
class Response:
    """What the receiver answered."""

    status: int
    reason: str
    location: str | None
    excerpt: str


class ConnectFailed(OSError):
    """No TCP connection could be made to the address (worth trying the host's next address)."""


class DeadlineExceeded(TimeoutError):
    """The attempt ran past its overall deadline."""


class _DeadlineReader(io.RawIOBase):
    def __init__(self, sock: socket.socket, deadline: float, read_timeout: float) -> None:
        super().__init__()
        self._sock, self._deadline, self._read_timeout = sock, deadline, read_timeout

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        left = self._deadline - time.monotonic()
        if left <= 0:
            raise DeadlineExceeded("the receiver took longer than the delivery deadline")
        self._sock.settimeout(min(self._read_timeout, left))
        try:
            return self._sock.recv_into(buffer)
        except TimeoutError:
            if left < self._read_timeout:
                raise DeadlineExceeded("the receiver took longer than the delivery deadline") from None
            raise


class _DeadlineSocket:
    """What `HTTPResponse` reads from: a socket whose file enforces the deadline."""

    def __init__(self, sock: socket.socket, deadline: float, read_timeout: float) -> None:
        self._reader = _DeadlineReader(sock, deadline, read_timeout)

    def makefile(self, _mode: str = "rb") -> io.BufferedReader:
        return io.BufferedReader(self._reader)

    def close(self) -> None:
        """Leave the real socket open while the response is read; `post` closes it."""


class PinnedConnection(http.client.HTTPConnection):
    """An HTTP(S) connection to a fixed address that speaks to the original host."""

    def __init__(self, address: str, target: Target, limits: Limits, deadline: float,
                 context: ssl.SSLContext | None = None) -> None:
        super().__init__(address, target.port, timeout=limits.connect)
        self._target, self._limits, self._deadline = target, limits, deadline
        self._context = context

    def connect(self) -> None:
        """Connect to the checked address; wrap TLS with the original host's name."""
        try:
            sock = socket.create_connection((self.host, self.port), self.timeout)
        except OSError as exc:
            raise ConnectFailed(str(exc)) from exc
        try:
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            sock.settimeout(max(0.01, min(self._limits.read, self._deadline - time.monotonic())))
            if self._target.tls:
                context = self._context or ssl.create_default_context()
                sock = context.wrap_socket(sock, server_hostname=self._target.host)
        except BaseException:
            sock.close()
            raise
        self.sock = sock

    def getresponse(self) -> http.client.HTTPResponse:
        """Read the response through the deadline-bounded reader."""
        sock = self.sock
        self.sock = _DeadlineSocket(sock, self._deadline, self._limits.read)  # type: ignore[assignment]
        try:
            return super().getresponse()
        finally:
            self.sock = sock  # closed by `post` once the body is read


def post(target: Target, address: str, body: bytes, headers: dict[str, str], limits: Limits,
         context: ssl.SSLContext | None = None) -> Response:
    """POST `body` to `target` through `address`; redirects are returned, never followed."""
    deadline = time.monotonic() + limits.deadline
    conn = PinnedConnection(address, target, limits, deadline, context)
    try:
        conn.request("POST", target.path, body=body,
                     headers={"Host": target.host_header, "Content-Length": str(len(body)), **headers})
        resp = conn.getresponse()
        data = resp.read(limits.max_response_bytes)
        return Response(resp.status, resp.reason, resp.getheader("Location"),
                        data[:512].decode("utf-8", "replace"))
    finally:
        conn.close()
