"""Imports run one way: transport (blueprints, sockets) → jobs → tasks → engine / extraction."""

from __future__ import annotations

import ast
from pathlib import Path

APP = Path(__file__).resolve().parents[1] / "app"
TRANSPORT = ("app.auth", "app.notifications", "app.ocr_async", "app.webhooks", "app.health",
             "app.templates_api", "app.openapi", "app.web", "app.metrics")


def _imports(package: str) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for path in (APP / package).rglob("*.py"):
        names: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module:
                names.add(node.module)
            elif isinstance(node, ast.Import):
                names.update(alias.name for alias in node.names)
        found[str(path.relative_to(APP))] = names
    return found


def _offenders(package: str, forbidden: tuple[str, ...]) -> list[str]:
    return sorted(f"{module} imports {name}" for module, names in _imports(package).items() for name in names
                  if any(name == f or name.startswith(f + ".") for f in forbidden))


def test_jobs_and_tasks_never_import_the_transport_layer():
    assert _offenders("jobs", TRANSPORT) == []
    # Sending a webhook is the notification queue's work: its task uses the delivery module (and what
    # that needs), never the blueprint's routes.
    delivery = ("app.webhooks.delivery", "app.webhooks.guard", "app.webhooks.client", "app.webhooks.signing",
                "app.webhooks.settings")
    assert [o for o in _offenders("tasks", TRANSPORT) if not o.endswith(delivery)] == []
    assert _offenders("tasks", ("app.webhooks.routes",)) == []


def test_engine_and_extraction_import_no_framework_and_nothing_above_them():
    above = ("app.jobs", "app.tasks", *TRANSPORT, "flask", "celery", "sqlalchemy", "socketio", "flask_socketio")
    assert _offenders("ocr", above) == []
    assert _offenders("extraction", above) == []


def test_jobs_never_reach_into_another_module_private_names():
    private = [f"{module}: {node.names[0].name} from {node.module}"
               for module, path in ((str(p.relative_to(APP)), p) for p in (APP / "jobs").rglob("*.py"))
               for node in ast.walk(ast.parse(path.read_text()))
               if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("app.")
               and any(alias.name.startswith("_") for alias in node.names)]
    assert private == []
