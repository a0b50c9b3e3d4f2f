"""The scale-out drill: two API processes behind HAProxy while each is SIGKILLed and started again.

20 users (half on websockets, half on long-polling) upload through the proxy and follow their events;
each API process in turn is killed with its sockets connected and started again on its port. Every
client reconnects (to either process), replays from its cursor and sees every terminal event exactly
once; uploads cut off by a kill are sent again with the same Idempotency-Key and accepted once; no job
or file is lost (the checks of `tests/support/drill.py`).
"""

from __future__ import annotations

import dataclasses
import json
import time
import uuid
from pathlib import Path

import psutil
import pytest
import requests

from devserver.proxy import INSTALL_HINT, Proxy, find_haproxy
from tests.support import processes
from tests.support.drill import DrillStack, Plan, run
from tests.support.images import png_bytes

ROOT = Path(__file__).resolve().parents[2]


class ScaleOutStack(DrillStack):
    """The drill's stack with `api_processes` API processes behind HAProxy on the public port."""

    def __init__(self, base: Path, api_processes: int = 2) -> None:
        super().__init__(base)
        self.api_ports: list[int] = []
        self.api_procs: list = []
        self.api_count = api_processes
        self.proxy: Proxy | None = None
        self.restarts = 0
        self.connections_at_kill: list[int] = []
        self.orphans_swept = 0
        self.accepted_while_down_s: list[float] = []
        self._probe: requests.Session | None = None

    def _probe_upload(self, timeout: float = 30) -> float:
        """Upload through the proxy until one is accepted; return the seconds it took (a process is down)."""
        if self._probe is None:
            self._probe = requests.Session()
            creds = {"email": f"scale-probe-{uuid.uuid4().hex[:8]}@example.com", "password": "correct horse battery"}
            assert self._probe.post(self.url + "/api/auth/register", json=creds, timeout=30).status_code == 201
            token = self._probe.post(self.url + "/api/auth/login", json=creds, timeout=30).json()["access_token"]
            self._probe.headers["Authorization"] = f"Bearer {token}"
        began = time.monotonic()
        while time.monotonic() - began < timeout:
            try:
                answer = self._probe.post(self.url + "/api/ocr-async/process-async", timeout=10,
                                          files={"file": ("probe.png", png_bytes(["SCALE PROBE"], width=300, size=24))},
                                          headers={"Idempotency-Key": f"probe-{self.restarts}"})
                if answer.status_code == 202:
                    return round(time.monotonic() - began, 2)
            except requests.RequestException:
                pass
            time.sleep(0.1)
        raise AssertionError(f"no upload accepted within {timeout} s while one API process was down")

    def start_api(self) -> None:
        env = {**self.env, "TRUSTED_PROXY_HOPS": "1"}
        self.api_ports = [processes.free_port() for _ in range(self.api_count)]
        self.api_procs = [processes.start_api(f"drill-api{n}", port=port, **env)[0]
                          for n, port in enumerate(self.api_ports)]
        self.api_proc = self.api_procs[0]
        self.proxy = Proxy(self.base / "proxy", ("127.0.0.1", self.port),
                           [("127.0.0.1", port) for port in self.api_ports]).start()
        self.url = f"http://127.0.0.1:{self.port}"

    def restart_api(self) -> None:
        """SIGKILL the next API process (in turn) with its sockets connected; start it again on its port."""
        n = self.restarts % self.api_count
        self.restarts += 1
        proc = self.api_procs[n]
        self.connections_at_kill.append(len([c for c in psutil.Process(proc.pid).net_connections("tcp")
                                             if c.status == psutil.CONN_ESTABLISHED]))
        proc.kill()
        proc.wait()
        self.accepted_while_down_s.append(self._probe_upload())
        env = {**self.env, "TRUSTED_PROXY_HOPS": "1"}
        self.api_procs[n] = processes.start_api(f"drill-api{n}", port=self.api_ports[n], **env)[0]

    def before_file_check(self) -> None:
        """Run the cleaner's orphan sweep as if its grace period had passed.

        An API process killed between storing an upload and committing its job leaves the file with no
        job; the cleaner removes such files after `ORPHAN_FILE_GRACE_SECONDS`. Every job's file must stay.
        """
        from app import create_app
        from app.config import sqlalchemy_url
        from app.jobs.cleaner import sweep_orphans

        app = create_app("testing", SOCKETIO_ASYNC_MODE="threading", UPLOAD_DIR=str(self.upload_dir.resolve()),
                         SQLALCHEMY_DATABASE_URI=sqlalchemy_url(self.env["DATABASE_URL"]))
        with app.app_context():
            self.orphans_swept = sweep_orphans(0)

    def stop(self) -> None:
        if self.proxy is not None:
            self.proxy.stop()
        for proc in self.api_procs[1:]:
            processes.stop(proc)
        super().stop()


@pytest.fixture
def stack():
    if find_haproxy() is None:
        pytest.fail(INSTALL_HINT)
    drill = ScaleOutStack(ROOT / "var" / "drill-scale").start()
    yield drill
    drill.stop()


def _check(stack: ScaleOutStack, plan: Plan, outcome) -> None:
    assert outcome.jobs >= plan.jobs * (1 - plan.bad_share * 3)
    # Every process was killed once at least, so every client lost its socket once at least.
    assert stack.restarts >= stack.api_count
    assert outcome.reconnects >= plan.clients
    # While a process was down, uploads through the proxy were accepted by the other one.
    assert len(stack.accepted_while_down_s) == stack.restarts
    # Each process held connections (sockets, uploads) from the proxy when it was killed.
    assert all(n > 0 for n in stack.connections_at_kill), stack.connections_at_kill
    for n, port in enumerate(stack.api_ports):  # both processes are back and answer directly
        assert requests.get(f"http://127.0.0.1:{port}/api/health", timeout=10).status_code == 200, n


@pytest.mark.timeout(600)
def test_small_scale_out_drill(stack):
    plan = Plan(jobs=40, clients=20, upload_seconds=24, faults=("restart_api", "restart_api"),
                polling_share=0.5, receipt_share=0.0)
    outcome = run(stack, plan)
    _check(stack, plan, outcome)
    print(f"\nsmall scale-out drill: {json.dumps(dataclasses.asdict(outcome))}; "
          f"connections of the killed processes: {stack.connections_at_kill}; "
          f"seconds to an accepted upload with one process down: {stack.accepted_while_down_s}; "
          f"files of uploads cut off by a kill, swept by the cleaner: {stack.orphans_swept}")


@pytest.mark.slow
@pytest.mark.timeout(3600)
def test_scale_out_drill_400_jobs(stack):
    plan = Plan(jobs=400, clients=20, upload_seconds=180, faults=("restart_api",) * 6, polling_share=0.5)
    outcome = run(stack, plan)
    _check(stack, plan, outcome)
    figures = {"plan": dataclasses.asdict(plan), **dataclasses.asdict(outcome)}
    print(f"\nscale-out drill: {json.dumps(figures, indent=1)}")
    (ROOT / "bench" / "results" / "drill-scale-out.json").write_text(json.dumps(figures, indent=1) + "\n")
