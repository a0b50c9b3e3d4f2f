"""What the client keeps on this machine: the saved login (config dir) and the resume journal (state dir)."""

from __future__ import annotations

import hashlib
import json
import os
import threading
import time
from pathlib import Path

JOURNAL_DAYS = 30


def config_dir() -> Path:
    """`$XDG_CONFIG_HOME/ocrflow`, else `~/.config/ocrflow`."""
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "ocrflow"


def state_dir() -> Path:
    """`$XDG_STATE_HOME/ocrflow`, else `~/.local/state/ocrflow`."""
    base = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(base) / "ocrflow"


def save_login(url: str, email: str, refresh_token: str) -> Path:
    """Write the login (URL, email, refresh token) readable by the owner only (mode 0600)."""
    path = config_dir() / "config.json"
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as fh:
        json.dump({"url": url, "email": email, "refresh_token": refresh_token}, fh)
    os.chmod(path, 0o600)  # an older file may have had wider rights
    return path


def load_login() -> dict:
    """Return the saved login, or {}."""
    path = config_dir() / "config.json"
    try:
        return json.loads(path.read_text())
    except (OSError, ValueError):
        return {}


def forget_login() -> bool:
    """Delete the saved login; return whether there was one."""
    try:
        (config_dir() / "config.json").unlink()
        return True
    except FileNotFoundError:
        return False


def file_sha256(path: Path) -> str:
    """Hash a file in chunks (it is not held in memory)."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def idempotency_key(sha256: str, options: dict) -> str:
    """The upload's Idempotency-Key: the file's hash and the options, so a rerun finds the same job."""
    canonical = json.dumps({k: v for k, v in sorted(options.items()) if v is not None}, sort_keys=True)
    return "ocrflow-" + hashlib.sha256(f"{sha256}\n{canonical}".encode()).hexdigest()


class Journal:
    """Idempotency key → job id, for one user on one server: a rerun asks for the job instead of uploading."""

    def __init__(self, url: str, user_id: str, directory: Path | None = None):
        name = hashlib.sha256(f"{url.rstrip('/')}|{user_id}".encode()).hexdigest()[:20]
        self.path = (directory or state_dir() / "journal") / f"{name}.jsonl"
        self._lock = threading.Lock()
        self._jobs = self._load()

    def _load(self) -> dict[str, int]:
        jobs: dict[str, int] = {}
        oldest = time.time() - JOURNAL_DAYS * 86400
        try:
            lines = self.path.read_text().splitlines()
        except OSError:
            return jobs
        for line in lines:
            try:
                entry = json.loads(line)
            except ValueError:
                continue  # a line cut short by an interrupted write
            if entry.get("t", 0) >= oldest:
                jobs[entry["key"]] = int(entry["id"])
        return jobs

    def get(self, key: str) -> int | None:
        """Return the job id recorded for a key."""
        return self._jobs.get(key)

    def record(self, key: str, job_id: int) -> None:
        """Append a key's job id (flushed at once: the run may be interrupted any moment)."""
        with self._lock:
            if self._jobs.get(key) == job_id:
                return
            self._jobs[key] = job_id
            self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            with self.path.open("a") as fh:
                fh.write(json.dumps({"key": key, "id": job_id, "t": int(time.time())}) + "\n")

    def forget(self, key: str) -> None:
        """Drop a key whose job no longer exists."""
        with self._lock:
            self._jobs.pop(key, None)
