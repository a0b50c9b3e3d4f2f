"""Run user-supplied regular expressions with a time bound, and spot catastrophic ones."""

from __future__ import annotations

import re
import time
from functools import lru_cache
from re import _constants as sre_constants  # type: ignore[attr-defined]
from re import _parser as sre_parse  # type: ignore[attr-defined]
from typing import Any

import regex

MAX_PATTERN_LENGTH = 500
FLAGS = regex.IGNORECASE | regex.MULTILINE | regex.VERSION0
_REPEATS = {sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT}
_POSSESSIVE = getattr(sre_constants, "POSSESSIVE_REPEAT", None)


class RegexTimeout(Exception):
    """A user regex ran past its time budget."""


@lru_cache(maxsize=256)
def compile_pattern(pattern: str) -> Any:
    """Compile a user pattern once (case-insensitive, multi-line)."""
    return regex.compile(pattern, FLAGS)


class Deadline:
    """A time budget shared by several regex runs."""

    def __init__(self, seconds: float) -> None:
        self.end = time.monotonic() + seconds

    def left(self) -> float:
        """Return the seconds left (0 when spent)."""
        return max(0.0, self.end - time.monotonic())


def search(pattern: str, text: str, deadline: Deadline) -> Any:
    """Search text with a pattern; raise RegexTimeout when the budget runs out."""
    left = deadline.left()
    if left <= 0:
        raise RegexTimeout(pattern)
    try:
        return compile_pattern(pattern).search(text, timeout=left)
    except TimeoutError as exc:
        raise RegexTimeout(pattern) from exc


def _unbounded(node_max: int) -> bool:
    return node_max == sre_constants.MAXREPEAT or node_max > 100


def _walk(items: Any, inside_repeat: bool) -> bool:
    """Return True when an unbounded repeat sits inside another repeat (e.g. `(a+)+`)."""
    for op, arg in items:
        if op in _REPEATS or (_POSSESSIVE is not None and op == _POSSESSIVE):
            lo, hi, sub = arg
            if op != _POSSESSIVE and _unbounded(hi) and inside_repeat:
                return True
            if _walk(sub, inside_repeat or (hi > 1 and op != _POSSESSIVE)):
                return True
        elif op == sre_constants.SUBPATTERN:
            if _walk(arg[-1], inside_repeat):
                return True
        elif op == sre_constants.BRANCH:
            if any(_walk(branch, inside_repeat) for branch in arg[1]):
                return True
    return False


def pattern_problem(pattern: str) -> str | None:
    """Return why a pattern is refused (too long, does not compile, nested quantifiers), or None."""
    if len(pattern) > MAX_PATTERN_LENGTH:
        return f"pattern longer than {MAX_PATTERN_LENGTH} characters"
    try:
        compiled = compile_pattern(pattern)
    except regex.error as exc:
        return f"pattern does not compile: {exc}"
    if compiled.groups > 1 and "value" not in compiled.groupindex:
        return "pattern has several groups: name the one to keep (?P<value>...)"
    try:
        parsed = sre_parse.parse(pattern, re.IGNORECASE)
    except (re.error, RecursionError):
        return None  # `regex` syntax that `re` lacks: the time bound still applies.
    if _walk(list(parsed), False):
        return "nested unbounded quantifiers (e.g. (a+)+) can take exponential time"
    return None
