"""Fixtures for the browser tests of the web app.

The server under test comes from, in this order:
- the environment variable ``OCRFLOW_WEB_BASE_URL`` (an already running
  ocrflow: API + Socket.IO + workers, serving the built ``web/dist``), or
- a ``web_base_url`` fixture provided by ``tests/conftest.py`` that starts the
  real service (PostgreSQL, Redis, Celery workers with the OCR engine).
Without either, or before ``app.create_app`` exists, the tests are skipped.
"""

import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "var" / "screenshots"
CHROMIUM = os.environ.get("OCRFLOW_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _backend_missing() -> str | None:
    """Say why the backend cannot be started from this checkout, or None."""
    init = ROOT / "app" / "__init__.py"
    if not init.exists() or "def create_app" not in init.read_text(encoding="utf-8"):
        return "the backend's app.create_app does not exist yet"
    if not (ROOT / "web" / "dist" / "index.html").exists():
        return "web/dist is not built (cd web && npm ci && npm run build)"
    return None


@pytest.fixture(scope="session")
def live_server(request) -> str:
    """Return the base URL of a running ocrflow that serves the web app."""
    url = os.environ.get("OCRFLOW_WEB_BASE_URL")
    if url:
        return url.rstrip("/")
    reason = _backend_missing()
    if reason:
        pytest.skip(f"e2e web tests need a live server: {reason}; or set OCRFLOW_WEB_BASE_URL")
    try:
        return str(request.getfixturevalue("web_base_url")).rstrip("/")
    except pytest.FixtureLookupError:
        pytest.skip("no web_base_url fixture in tests/conftest.py and OCRFLOW_WEB_BASE_URL is unset")


@pytest.fixture(scope="session")
def browser():
    """Launch Debian's chromium through Playwright (browsers cannot be downloaded here)."""
    sync_api = pytest.importorskip("playwright.sync_api", reason="pip install playwright")
    if not shutil.which(CHROMIUM) and not Path(CHROMIUM).exists():
        pytest.skip(f"chromium not found at {CHROMIUM} (apt-get install -y chromium)")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture(scope="session")
def screenshots() -> Path:
    """The folder screenshots are saved in (var/screenshots)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS


@pytest.fixture(scope="session")
def receipts() -> list[dict]:
    """Dev receipts with their labels, from ../shared/data/receipts-dev."""
    import json

    base = Path(os.environ.get("OCRFLOW_RECEIPTS_DEV", ROOT.parent / "shared" / "data" / "receipts-dev"))
    labels = base / "labels.jsonl"
    if not labels.exists():
        pytest.skip(f"dev receipts not found at {base}")
    rows = [json.loads(line) for line in labels.read_text(encoding="utf-8").splitlines() if line.strip()]
    for row in rows:
        row["path"] = base / row["file"]
    return rows
