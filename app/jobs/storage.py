"""Stream uploads straight to `UPLOAD_DIR`: hashed and size-checked while they arrive."""

from __future__ import annotations

import hashlib
import os
import shutil
import uuid
from datetime import UTC, datetime
from pathlib import Path

from flask import Request, current_app
from werkzeug.exceptions import BadRequest

HEAD_BYTES = 2048


class UploadSink:
    """A write-only file for one multipart part: counts, hashes and stops storing past the limit."""

    def __init__(self, directory: Path, limit: int) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        self.path: Path | None = directory / f"{uuid.uuid4().hex}.part"
        self.limit = limit
        self.size = 0
        self.oversized = False
        self.head = bytearray()
        self._hash = hashlib.sha256()
        self._fh = open(self.path, "wb")  # noqa: SIM115 - closed in close() / finish()

    def write(self, chunk: bytes) -> int:
        """Take one chunk; past the limit, discard it and drop what was stored."""
        self.size += len(chunk)
        if self.oversized:
            return len(chunk)
        if self.size > self.limit:
            self.oversized = True
            self._discard()
            return len(chunk)
        if len(self.head) < HEAD_BYTES:
            self.head += chunk[: HEAD_BYTES - len(self.head)]
        self._hash.update(chunk)
        self._fh.write(chunk)
        return len(chunk)

    def seek(self, *_args) -> int:
        """Werkzeug rewinds finished parts; the bytes are already on disk."""
        return 0

    def read(self, *_args) -> bytes:
        """Parts are not read back through the parser."""
        return b""

    @property
    def sha256(self) -> str:
        """Return the hex digest of what was stored."""
        return self._hash.hexdigest()

    def keep(self, destination: Path) -> None:
        """Move the stored bytes to their final place."""
        self._fh.close()
        destination.parent.mkdir(parents=True, exist_ok=True)
        os.replace(self.path, destination)
        self.path = None

    def _discard(self) -> None:
        if not self._fh.closed:
            self._fh.close()
        if self.path is not None:
            self.path.unlink(missing_ok=True)
            self.path = None

    def close(self) -> None:
        """Delete the bytes unless they were kept (called when the request ends)."""
        self._discard()


class UploadRequest(Request):
    """A request whose file parts stream into `UploadSink`s under UPLOAD_DIR."""

    def get_json(self, force=False, silent=False, cache=True):
        """Parse JSON; a body nested too deeply for the parser is malformed, not a server error."""
        try:
            return super().get_json(force=force, silent=silent, cache=cache)
        except RecursionError:
            if silent:
                return None
            raise BadRequest("The JSON body is nested too deeply") from None

    def _get_file_stream(self, total_content_length, content_type, filename=None, content_length=None):
        cfg = current_app.config
        return UploadSink(Path(cfg["UPLOAD_DIR"]) / "tmp", cfg["OCR_MAX_FILE_SIZE"])


def final_path(user_id: int) -> Path:
    """Return a fresh generated storage path for a user's upload (the client's name is data only)."""
    month = datetime.now(UTC).strftime("%Y%m")
    return Path(current_app.config["UPLOAD_DIR"]) / str(user_id) / month / uuid.uuid4().hex


SEARCHABLE_SUFFIX = ".searchable.pdf"


def searchable_path(storage_path: str | Path) -> Path:
    """Return where the searchable PDF built from a stored upload is kept (beside it)."""
    return Path(f"{storage_path}{SEARCHABLE_SUFFIX}")


def stored_original(path: str | Path) -> str:
    """Return the stored upload a file in the upload directory belongs to (itself, or a derived file's)."""
    name = str(path)
    return name[: -len(SEARCHABLE_SUFFIX)] if name.endswith(SEARCHABLE_SUFFIX) else name


def free_bytes() -> int:
    """Return the free space where uploads are stored."""
    directory = Path(current_app.config["UPLOAD_DIR"])
    directory.mkdir(parents=True, exist_ok=True)
    return shutil.disk_usage(directory).free
