"""HAProxy in front of several API processes: its config under `var/`, run as a child in the foreground.

The REST API is stateless (JWT) and is spread over the processes by least connections. Socket.IO is
sticky: a long-polling session lives in one process, so the first answer of a session sets a cookie that
names its process and the client's next requests go back to it; a process that is down is skipped and
the client opens a new session on another one. Errors the proxy itself answers (no process up, a
timeout) are JSON in the API's error envelope.
"""

from __future__ import annotations

import json
import resource
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Sequence
from pathlib import Path

from devserver.process import child_setup

INSTALL_HINT = ("HAProxy is not installed: `sudo apt-get install -y haproxy` (Debian/Ubuntu) puts it on PATH; "
                "or set HAPROXY=/path/to/haproxy")
STICKY_COOKIE = "ocrflow_api"

# Answers the proxy gives itself, in the API's envelope instead of HAProxy's HTML pages.
_OWN_ERRORS = {
    400: ("Bad Request", "bad_request", "The request could not be read"),
    408: ("Request Timeout", "request_timeout", "The request took too long to arrive"),
    413: ("Payload Too Large", "payload_too_large", "The request body is too large"),
    502: ("Bad Gateway", "unavailable", "The API process did not answer; retry shortly"),
    503: ("Service Unavailable", "unavailable", "No API process is available; retry shortly"),
    504: ("Gateway Timeout", "unavailable", "The API process did not answer in time; retry shortly"),
}


def find_haproxy(explicit: str | None = None) -> str | None:
    """Return the haproxy executable (`explicit`, else on PATH or in /usr/sbin), or None."""
    if explicit:
        return explicit if Path(explicit).exists() else None
    return shutil.which("haproxy") or shutil.which("haproxy", path="/usr/sbin:/usr/local/sbin")


def error_page(status: int) -> str:
    """One raw HTTP answer for HAProxy's `errorfile`, its body in the error envelope."""
    reason, code, message = _OWN_ERRORS[status]
    body = json.dumps({"error": {"code": code, "message": message, "details": None}})
    headers = [f"HTTP/1.0 {status} {reason}", "Cache-Control: no-cache", "Connection: close",
               "Content-Type: application/json", f"Content-Length: {len(body)}"]
    if status in (502, 503, 504):
        headers.append("Retry-After: 1")
    return "\r\n".join(headers) + "\r\n\r\n" + body


def max_connections(ceiling: int = 40000) -> int:
    """Connections HAProxy may hold: each takes two descriptors (client and server side) of its limit."""
    _soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard == resource.RLIM_INFINITY:
        return ceiling
    return max(256, min(ceiling, (hard - 200) // 2))


def render(listen: tuple[str, int], backends: Sequence[tuple[str, int]], home: Path,
           connections: int | None = None) -> str:
    """The HAProxy configuration for `backends` behind `listen`; writes its error pages under `home`."""
    connections = connections or max_connections()
    home.mkdir(parents=True, exist_ok=True)
    errorfiles = []
    for status in _OWN_ERRORS:
        page = home / f"{status}.http"
        page.write_text(error_page(status))
        errorfiles.append(f"    errorfile {status} {page}")
    check = "check inter 1s fall 1 rise 1 on-marked-down shutdown-sessions"
    api = [f"    server api{n} {host}:{port} {check}" for n, (host, port) in enumerate(backends, 1)]
    sockets = [f"    server api{n} {host}:{port} {check} cookie api{n}" for n, (host, port) in enumerate(backends, 1)]
    host, port = listen
    return "\n".join([
        "global",
        f"    maxconn {connections}",
        "    log stderr format raw local0 warning",
        "",
        "defaults",
        "    mode http",
        "    log global",
        "    option redispatch",
        "    retries 2",
        "    timeout connect 2s",
        "    timeout client 1h",
        "    timeout server 1h",
        "    timeout tunnel 1h",
        "    timeout http-request 60s",
        "    timeout queue 10s",
        *errorfiles,
        "",
        "frontend public",
        f"    bind {host}:{port}",
        f"    maxconn {connections}",
        "    option forwardfor",
        "    use_backend sockets if { path_beg /socket.io/ }",
        "    default_backend api",
        "",
        "backend api",
        "    balance leastconn",
        *api,
        "",
        "backend sockets",
        "    balance leastconn",
        f"    cookie {STICKY_COOKIE} insert indirect nocache httponly",
        *sockets,
        "",
    ])


class Proxy:
    """HAProxy listening on `listen` in front of `backends`, its config and logs in `home`."""

    def __init__(self, home: Path, listen: tuple[str, int], backends: Sequence[tuple[str, int]],
                 executable: str | None = None) -> None:
        self.home, self.listen, self.backends = home, listen, list(backends)
        self.executable = find_haproxy(executable)
        self.proc: subprocess.Popen | None = None

    @property
    def config_file(self) -> Path:
        """Where the generated configuration is written."""
        return self.home / "haproxy.cfg"

    def start(self, timeout: float = 15) -> Proxy:
        """Write the config, check it, start HAProxy in the foreground and wait until it accepts connections."""
        if self.executable is None:
            raise RuntimeError(INSTALL_HINT)
        self.config_file.write_text(render(self.listen, self.backends, self.home))
        checked = subprocess.run([self.executable, "-c", "-q", "-f", str(self.config_file)],
                                 capture_output=True, text=True)
        if checked.returncode != 0:
            raise RuntimeError(f"HAProxy refused {self.config_file}: {checked.stderr or checked.stdout}")
        log = open(self.home / "haproxy.log", "ab")  # noqa: SIM115 - the child owns it
        self.proc = subprocess.Popen([self.executable, "-db", "-f", str(self.config_file)], stdout=log,
                                     stderr=subprocess.STDOUT, preexec_fn=child_setup(signal.SIGTERM))
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"HAProxy exited with {self.proc.returncode}; see {self.home / 'haproxy.log'}")
            try:
                socket.create_connection(self.listen, timeout=0.5).close()
                return self
            except OSError:
                time.sleep(0.1)
        raise TimeoutError(f"HAProxy did not listen on {self.listen[0]}:{self.listen[1]}")

    def stop(self, timeout: float = 10) -> None:
        """Stop HAProxy (SIGTERM, then SIGKILL after `timeout`)."""
        if self.proc is None or self.proc.poll() is not None:
            return
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
