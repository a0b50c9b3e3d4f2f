"""A short-lived, per-process memory of what a token's checks found: revoked or not, its user there or not.

Every authenticated request otherwise reads the blocklist and the user row (two round trips and ~1 ms of
the process's CPU each). An answer is kept `AUTH_CACHE_SECONDS` (a few seconds); a revocation made in
this process is seen at once, one made in another process within that bound; so is the revocation of a
token's family (its login: logout, a reused refresh token). A token seen revoked stays refused (revocation
is never undone).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from flask import current_app

from app.errors import Unauthorized

_MAX_ENTRIES = 50_000
_revoked: dict[str, tuple[float, bool]] = {}
_users: dict[int, float] = {}
_families: dict[str, float] = {}


def _bound() -> float:
    return float(current_app.config["AUTH_CACHE_SECONDS"])


def _prune(entries: dict, now: float) -> None:
    """Drop expired entries once the memory has grown large (many distinct tokens)."""
    if len(entries) < _MAX_ENTRIES:
        return
    for key, value in list(entries.items()):
        until = value[0] if isinstance(value, tuple) else value
        if until <= now:
            entries.pop(key, None)
    if len(entries) >= _MAX_ENTRIES:
        entries.clear()


def token_revoked(jti: str, lookup: Callable[[], bool], family: str | None = None) -> bool:
    """Whether the token `jti` (of `family`) is revoked: `lookup()` at most once per bound, a revocation for good."""
    if family is not None and family in _families:
        return True
    bound = _bound()
    if bound <= 0:
        return lookup()
    now = time.monotonic()
    known = _revoked.get(jti)
    if known is not None and (known[1] or known[0] > now):
        return known[1]
    revoked = lookup()
    _prune(_revoked, now)
    _revoked[jti] = (now + bound, revoked)
    return revoked


def forget_token(jti: str) -> None:
    """Mark a token revoked in this process now (called where it is revoked)."""
    _revoked[jti] = (float("inf"), True)


def forget_family(family: str) -> None:
    """Mark every token of a login revoked in this process now (called where the family is revoked)."""
    _prune(_families, time.monotonic())
    _families[family] = float("inf")


def user_exists(user_id: int, lookup: Callable[[], bool]) -> bool:
    """Whether the user is there: `lookup()` at most once per bound while it is."""
    bound = _bound()
    now = time.monotonic()
    if bound > 0 and _users.get(user_id, 0.0) > now:
        return True
    exists = lookup()
    if exists and bound > 0:
        _prune(_users, now)
        _users[user_id] = now + bound
    return exists


def clear() -> None:
    """Forget everything (tests)."""
    _revoked.clear()
    _users.clear()
    _families.clear()


class LazyUser:
    """The token's user, read from the database the first time one of its fields is used."""

    __slots__ = ("id", "_loader", "_row")

    def __init__(self, user_id: int, loader: Callable[[int], Any]) -> None:
        self.id = user_id
        self._loader = loader
        self._row: Any = None

    def __getattr__(self, name: str) -> Any:
        if self._row is None:
            self._row = self._loader(self.id)
            if self._row is None:
                raise Unauthorized("Unknown user")  # removed after its token was checked
        return getattr(self._row, name)
