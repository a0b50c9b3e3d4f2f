"""HTTP with the client's manners: bearer token and refresh, 429/503 `Retry-After`, retried dropped connections."""

from __future__ import annotations

import logging
import random
import threading
import time
from collections.abc import Callable

import requests
from requests.adapters import HTTPAdapter

from ocrflow_client.auth import Credentials, is_revocation
from ocrflow_client.errors import AuthError, OcrflowError, ServiceUnavailable

log = logging.getLogger("ocrflow_client")
RETRY_STATUSES = (429, 502, 503, 504)
NETWORK_ERRORS = (requests.ConnectionError, requests.Timeout, requests.exceptions.ChunkedEncodingError)


class Transport:
    """One `requests.Session` per client; counts the requests it makes."""

    def __init__(self, credentials: Credentials, timeout: float = 60, retry_for: float = 600,
                 pool: int = 16):
        self.credentials = credentials
        self.url = credentials.url
        self.timeout = timeout
        self.retry_for = retry_for
        self.session = requests.Session()
        adapter = HTTPAdapter(pool_connections=pool, pool_maxsize=pool)
        self.session.mount("http://", adapter)
        self.session.mount("https://", adapter)
        self.requests = 0
        self._count_lock = threading.Lock()
        self.on_wait: Callable[[str, float], None] | None = None

    def count(self, n: int = 1) -> None:
        """Count requests made outside this transport (e.g. the socket's handshake)."""
        with self._count_lock:
            self.requests += n

    def request(self, method: str, path: str, *, files: Callable[[], dict] | None = None,
                **kwargs) -> requests.Response:
        """Send a request until it gets a final answer; raise the typed error of a non-2xx one.

        `files` is a factory so a retried upload sends the same bytes again (with the same Idempotency-Key).
        """
        deadline = time.monotonic() + self.retry_for
        timeout = kwargs.pop("timeout", self.timeout)
        refreshed = False
        attempt = 0
        while True:
            attempt += 1
            generation = self.credentials.generation
            headers = {**kwargs.pop("headers", {}), "Authorization": f"Bearer {self.credentials.current()}"}
            kwargs["headers"] = headers
            try:
                self.count()
                response = self.session.request(method, self.url + path, files=files() if files else None,
                                                timeout=timeout, **kwargs)
            except NETWORK_ERRORS as exc:
                self._pause(deadline, _backoff(attempt), f"connection problem ({exc.__class__.__name__})")
                continue
            if response.status_code == 401 and not refreshed:
                error = OcrflowError.from_response(response)
                if is_revocation(error.message) or not self._can_renew():
                    raise AuthError("token_revoked" if is_revocation(error.message) else "unauthorized",
                                    f"The server refused the token: {error.message}", 401)
                self.credentials.renew(generation)
                refreshed = True
                continue
            if response.status_code in RETRY_STATUSES:
                wait = _retry_after(response, attempt)
                if response.status_code == 429:
                    deadline = max(deadline, time.monotonic() + wait + 1)  # pacing is not a failure
                self._pause(deadline, wait, f"HTTP {response.status_code}", response)
                continue
            if not response.ok:
                raise OcrflowError.from_response(response)
            return response

    def _can_renew(self) -> bool:
        c = self.credentials
        return bool(c.refresh_token or (c.email and c.password))

    def _pause(self, deadline: float, seconds: float, why: str, response=None) -> None:
        if time.monotonic() + seconds > deadline:
            if response is not None:
                raise ServiceUnavailable.from_response(response)
            raise ServiceUnavailable("unreachable", f"{self.url}: {why}; gave up after {self.retry_for:.0f}s")
        log.info("%s; retrying in %.1fs", why, seconds)
        if self.on_wait is not None:
            self.on_wait(why, seconds)
        time.sleep(seconds)


def _retry_after(response: requests.Response, attempt: int) -> float:
    try:
        return max(0.0, float(response.headers["Retry-After"]))
    except (KeyError, ValueError):
        return _backoff(attempt)


def _backoff(attempt: int) -> float:
    return min(10.0, 0.25 * 2 ** min(attempt, 6)) * random.uniform(0.8, 1.2)
