"""Access and refresh tokens: who we are, and getting a fresh access token when one expires."""

from __future__ import annotations

import base64
import json
import threading
import time
from collections.abc import Callable

import requests

from ocrflow_client.errors import AuthError, OcrflowError


def claims_of(token: str) -> dict:
    """Read a JWT's claims without verifying it (the server verifies; we only read `type`, `sub`, `exp`)."""
    try:
        payload = token.split(".")[1]
        return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    except (IndexError, ValueError):
        raise AuthError("bad_token", "The token is not a JWT") from None


def is_revocation(message: str) -> bool:
    """Whether a 401's message says the token was revoked (then refreshing would undo a logout)."""
    return "revoked" in message.lower()


class Credentials:
    """The tokens of one user: an access token, refreshed from a refresh token (or a password) when it expires."""

    def __init__(self, url: str, token: str | None = None, refresh_token: str | None = None,
                 email: str | None = None, password: str | None = None, timeout: float = 30):
        self.url = url.rstrip("/")
        self.access: str | None = None
        self.refresh_token = refresh_token
        self.email, self.password = email, password
        self.timeout = timeout
        self.generation = 0
        # Called with the new refresh token each time the server rotates it (a spent one cannot be used again).
        self.on_rotated: Callable[[str], None] | None = None
        self._lock = threading.Lock()
        if token:
            kind = claims_of(token).get("type")
            if kind == "refresh":
                self.refresh_token = token
            else:
                self.access = token
        if not (self.access or self.refresh_token or (email and password)):
            raise AuthError("no_credentials", "No token: run `ocrflow login` or set OCRFLOW_TOKEN")

    @property
    def user_id(self) -> str:
        """The user id (`sub`) the tokens belong to."""
        return str(claims_of(self.current()).get("sub"))

    def current(self) -> str:
        """Return a usable access token, getting one first if there is none."""
        with self._lock:
            if self.access is None:
                self._renew()
            assert self.access is not None
            return self.access

    def renew(self, seen_generation: int) -> None:
        """Get a new access token unless another thread already did since `seen_generation`."""
        with self._lock:
            if self.generation == seen_generation:
                self._renew()

    def _renew(self) -> None:
        if self.refresh_token:
            body = self._post("/api/auth/refresh", headers={"Authorization": f"Bearer {self.refresh_token}"})
            rotated = body.get("refresh_token")
            if rotated and rotated != self.refresh_token:
                self.refresh_token = rotated
                if self.on_rotated is not None:
                    self.on_rotated(rotated)
        elif self.email and self.password:
            body = self._post("/api/auth/login", json={"email": self.email, "password": self.password})
            self.refresh_token = body.get("refresh_token")
        else:
            raise AuthError("token_expired", "The access token expired and there is no refresh token; "
                            "run `ocrflow login` again")
        self.access = body["access_token"]
        self.generation += 1

    def login(self) -> dict:
        """Exchange email and password for tokens; return the server's answer."""
        with self._lock:
            self.refresh_token = None
            self._renew()
            return {"access_token": self.access, "refresh_token": self.refresh_token}

    def _post(self, path: str, **kwargs) -> dict:
        for attempt in range(5):
            try:
                response = requests.post(self.url + path, timeout=self.timeout, **kwargs)
            except requests.RequestException:
                time.sleep(min(8, 0.5 * 2 ** attempt))
                continue
            if response.status_code in (429, 503) and attempt < 4:
                time.sleep(float(response.headers.get("Retry-After") or 1))
                continue
            if response.ok:
                return response.json()
            error = OcrflowError.from_response(response)
            if response.status_code == 401 and path.endswith("/refresh"):
                what = "revoked" if is_revocation(error.message) else "no longer valid"
                raise AuthError("login_required", f"The saved login was {what} ({error.message}); "
                                "run `ocrflow login` again", 401)
            raise error
        raise AuthError("auth_unreachable", f"Could not reach {self.url} to refresh the token")
