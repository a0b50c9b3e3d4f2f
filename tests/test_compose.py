"""docker-compose.yml describes production: services, volumes and commands (no Docker engine here)."""

from __future__ import annotations

import contextlib
import io
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent


def _compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_services_and_commands():
    services = _compose()["services"]
    assert {"postgres", "redis", "api", "worker-ocr-gpu", "worker-cpu", "beat", "flower"} <= set(services)
    assert services["api"]["command"] == ["python", "wsgi.py"]
    gpu = services["worker-ocr-gpu"]
    assert gpu["command"][:4] == ["celery", "-A", "app.worker", "worker"]
    assert gpu["command"][gpu["command"].index("-Q") + 1] == "ocr_queue"
    assert gpu["deploy"]["resources"]["reservations"]["devices"][0]["capabilities"] == ["gpu"]
    # A container's nice orders only its own processes: the OCR worker's cgroup weighs less than the API's.
    assert gpu["cpu_shares"] < services["api"].get("cpu_shares", 1024)
    cpu = services["worker-cpu"]["command"]
    assert set(cpu[cpu.index("-Q") + 1].split(",")) == {"ai_queue", "notification_queue", "default"}
    assert services["beat"]["command"][:4] == ["celery", "-A", "app.worker", "beat"]
    flower = " ".join(services["flower"]["command"])
    assert "-A app.worker flower" in flower and "--basic-auth=" in flower


def test_the_proxy_fronts_api_replicas_with_sticky_sockets():
    from devserver.proxy import main

    services = _compose()["services"]
    api, proxy = services["api"], services["proxy"]
    assert "ports" not in api and api["expose"] == ["5000"]
    assert api["deploy"]["replicas"] == "${API_REPLICAS:-2}"
    assert api["environment"]["TRUSTED_PROXY_HOPS"] == "1"
    assert proxy["image"].startswith("haproxy:") and proxy["ports"] == ["5000:5000"]
    assert "./deploy/haproxy.cfg:/usr/local/etc/haproxy/haproxy.cfg:ro" in proxy["volumes"]
    config = (ROOT / "deploy" / "haproxy.cfg").read_text()
    assert "server-template api 1-8 api:5000" in config
    assert "cookie ocrflow_api insert indirect nocache httponly dynamic" in config
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        main([])
    assert out.getvalue() == config, "deploy/haproxy.cfg is stale: python -m devserver.proxy > deploy/haproxy.cfg"


def test_redis_is_durable_and_never_evicts():
    command = _compose()["services"]["redis"]["command"]
    assert command[command.index("--appendonly") + 1] == "yes"
    assert command[command.index("--maxmemory-policy") + 1] == "noeviction"


def test_one_shared_upload_volume():
    compose = _compose()
    assert "uploads" in compose["volumes"]
    for name in ("api", "worker-ocr-gpu", "worker-cpu"):
        service = compose["services"][name]
        assert "uploads:/data/uploads" in service["volumes"], name
        assert service["environment"]["UPLOAD_DIR"] == "/data/uploads", name


def test_every_command_names_a_real_entry_point():
    assert (ROOT / "wsgi.py").exists() and (ROOT / "app" / "worker.py").exists()
    assert (ROOT / "Dockerfile").exists() and (ROOT / "requirements-gpu.txt").exists()
