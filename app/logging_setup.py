"""Structured JSON logs with secrets and query strings scrubbed."""

from __future__ import annotations

import json
import logging
import re
import sys

from flask import Flask

_SCRUB = [
    (re.compile(r"(\?|&)[^\s\"']*"), r"\1<scrubbed>"),
    (re.compile(r"(Bearer\s+)[A-Za-z0-9._-]+"), r"\1<token>"),
    (re.compile(r"eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*"), "<token>"),
]


def scrub(text: str) -> str:
    """Remove query strings and tokens from a log line."""
    for pattern, replacement in _SCRUB:
        text = pattern.sub(replacement, text)
    return text


class JsonFormatter(logging.Formatter):
    """One JSON object per line, carrying job and task ids when given as `extra`."""

    FIELDS = ("ocr_result_id", "task_id", "user_id", "queue", "event")

    def format(self, record: logging.LogRecord) -> str:
        """Render the record as JSON."""
        entry = {
            "ts": self.formatTime(record, "%Y-%m-%dT%H:%M:%S"),
            "level": record.levelname,
            "logger": record.name,
            "msg": scrub(record.getMessage()),
        }
        for name in self.FIELDS:
            if hasattr(record, name):
                entry[name] = str(getattr(record, name))
        if record.exc_info:
            entry["exc"] = scrub(self.formatException(record.exc_info))
        return json.dumps(entry)


class ScrubFilter(logging.Filter):
    """Scrub query strings from werkzeug's access log."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Rewrite the message in place."""
        record.msg = scrub(record.getMessage())
        record.args = ()
        return True


def configure_logging(app: Flask) -> None:
    """Install the JSON formatter once per process."""
    root = logging.getLogger()
    if getattr(root, "_ocrflow_configured", False):
        return
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter())
    root.addHandler(handler)
    root.setLevel(logging.INFO if not app.config.get("TESTING") else logging.WARNING)
    for name in ("werkzeug", "engineio", "socketio", "geventwebsocket.handler"):
        logging.getLogger(name).addFilter(ScrubFilter())
    root._ocrflow_configured = True  # type: ignore[attr-defined]
