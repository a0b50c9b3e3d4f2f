"""Helpers to upload files and wait for jobs in the tests."""

from __future__ import annotations

import io
import time
from pathlib import Path

RECEIPTS = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "receipts-dev"
TERMINAL = ("completed", "failed", "cancelled")


def receipt_bytes(name: str) -> bytes:
    """Return a dev receipt's bytes by file name (e.g. 'X51005255805.jpg')."""
    return (RECEIPTS / "images" / name).read_bytes()


def upload(client, headers: dict, data: bytes, filename: str = "receipt.jpg", **form) -> tuple[int, dict]:
    """POST one file to process-async; return (status, body)."""
    extra_headers = form.pop("extra_headers", {})
    payload = {"file": (io.BytesIO(data), filename), **{k: str(v) for k, v in form.items()}}
    r = client.post("/api/ocr-async/process-async", headers={**headers, **extra_headers}, data=payload,
                    content_type="multipart/form-data")
    return r.status_code, r.get_json()


def wait_for(client, headers: dict, job_id: int, statuses=TERMINAL, timeout: float = 120) -> dict:
    """Poll a job's status until it is in `statuses`."""
    deadline = time.monotonic() + timeout
    body = {}
    while time.monotonic() < deadline:
        body = client.get(f"/api/ocr-async/status/{job_id}", headers=headers).get_json()
        if body.get("status") in statuses:
            return body
        time.sleep(0.2)
    raise AssertionError(f"job {job_id} did not reach {statuses}: {body.get('status')} {body.get('task_info')}")
