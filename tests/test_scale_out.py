"""Several API processes behind HAProxy, and OCR workers that yield the CPU to the API.

Real processes throughout: two `wsgi.py` API processes, HAProxy in front of them (from the Debian
package; `.ci/run` installs it), Celery workers, PostgreSQL and Redis.
"""

from __future__ import annotations

import os
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit

import psutil
import pytest
import requests

from app.tasks import priority
from devserver.proxy import INSTALL_HINT, Proxy, find_haproxy
from tests.support import processes
from tests.support.images import png_bytes
from tests.test_socket_client import ContractClient

ROOT = Path(__file__).resolve().parent.parent
MAX_FILE = 300_000
CACHE_SECONDS = 2.0


def _base() -> Path:
    return Path(os.environ.get("OCRFLOW_TEST_BASE", ROOT / "var" / "test"))


def _need_haproxy() -> None:
    if find_haproxy() is None:
        pytest.fail(INSTALL_HINT)


class Cluster:
    """Two API processes and HAProxy in front of them."""

    def __init__(self, apis: list, proxy: Proxy) -> None:
        self.apis = apis  # [(process, direct url)]
        self.proxy = proxy
        self.url = f"http://{proxy.listen[0]}:{proxy.listen[1]}"

    def user(self) -> tuple[str, dict]:
        """Register and log in through the proxy; return the access token and its headers."""
        creds = {"email": f"scale-{uuid.uuid4().hex[:12]}@example.com", "password": "correct horse battery"}
        assert requests.post(self.url + "/api/auth/register", json=creds, timeout=30).status_code == 201
        token = requests.post(self.url + "/api/auth/login", json=creds, timeout=30).json()["access_token"]
        return token, {"Authorization": f"Bearer {token}"}


@pytest.fixture(scope="module")
def cluster(app, services):
    _need_haproxy()
    env = {"TRUSTED_PROXY_HOPS": "1", "OCR_MAX_FILE_SIZE": str(MAX_FILE), "AUTH_CACHE_SECONDS": str(CACHE_SECONDS)}
    apis = [processes.start_api(f"scale-api{n}", **env) for n in (1, 2)]
    backends = [("127.0.0.1", urlsplit(url).port) for _, url in apis]
    proxy = Proxy(_base() / "proxy-scale", ("127.0.0.1", processes.free_port()), backends).start()
    yield Cluster(apis, proxy)
    proxy.stop()
    for proc, _ in apis:
        processes.stop(proc)


def _nice(pid: int) -> int:
    return psutil.Process(pid).nice()


def _autogroup(pid: int) -> tuple[str, int] | None:
    """A process's autogroup and its nice value (`/autogroup-42 nice 10`); None without autogroups, or for a
    process that a CPU cgroup places elsewhere (the file reads empty)."""
    try:
        fields = Path(f"/proc/{pid}/autogroup").read_text().split()
    except OSError:
        return None
    if not fields:
        return None
    name, _, nice = fields
    return name, int(nice)


def test_ocr_worker_runs_at_a_lower_priority_than_the_api_and_the_other_queues(isolated_app, cluster):
    flask_app = isolated_app()
    normal = psutil.Process().nice()
    assert flask_app.config["OCR_WORKER_NICE"] > 0
    niced = min(19, normal + flask_app.config["OCR_WORKER_NICE"])
    ocr = processes.start_worker("nice-ocr", queues="ocr_queue", concurrency=1, flask_app=flask_app)
    other = processes.start_worker("nice-cpu", queues="ai_queue,notification_queue,default", concurrency=1,
                                   flask_app=flask_app)
    try:
        pool = psutil.Process(ocr.pid).children()
        assert pool, "the OCR worker has no pool process"
        assert [_nice(ocr.pid), *(p.nice() for p in pool)] == [niced] * (1 + len(pool))
        other_pool = psutil.Process(other.pid).children()
        assert other_pool
        assert [_nice(other.pid), *(p.nice() for p in other_pool)] == [normal] * (1 + len(other_pool))
        # With the kernel's autogroups, the OCR processes are a CPU group of their own at that nice value;
        # the other worker stays in the group of the session that started it.
        mine = _autogroup(os.getpid())
        if priority.autogroups_enabled():
            group = _autogroup(ocr.pid)
            assert group[0] != mine[0] and group[1] == niced
            assert [_autogroup(p.pid) for p in pool] == [group] * len(pool)
        else:
            assert _autogroup(ocr.pid) == mine
        assert [_autogroup(p) for p in (other.pid, *(c.pid for c in other_pool))] == [mine] * (1 + len(other_pool))
        # A pool process that dies is replaced at the same priority.
        pool[0].kill()
        fresh = _wait_for(lambda: [p for p in psutil.Process(ocr.pid).children() if p.pid != pool[0].pid], 60)
        assert [p.nice() for p in fresh] == [niced] * len(fresh)
    finally:
        processes.stop(ocr)
        processes.stop(other)
    assert [_nice(proc.pid) for proc, _ in cluster.apis] == [normal, normal]


def _wait_for(predicate, timeout: float):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError("timed out")


def test_uploads_through_the_proxy_are_accepted_and_spread_over_both_processes(cluster):
    _, headers = cluster.user()
    page = png_bytes(["PROXY 1"], width=300, size=24)
    before = cluster.proxy.responses()
    for n in range(12):
        answer = requests.post(cluster.url + "/api/ocr-async/process-async", headers=headers, timeout=30,
                               files={"file": (f"p{n}.png", page)}, data={"extract_format": "text"})
        assert answer.status_code == 202, answer.text
        job = answer.json()["ocr_result_id"]
        status = requests.get(cluster.url + f"/api/ocr-async/status/{job}", headers=headers, timeout=30)
        assert status.status_code == 200 and status.json()["ocr_result_id"] == job
    after = cluster.proxy.responses()
    served = {name: after[name] - before.get(name, 0) for name in after}
    assert sorted(served) == ["api1", "api2"]
    assert sum(served.values()) == 24 and min(served.values()) >= 4, f"answers per API process: {served}"


def test_an_oversized_upload_through_the_proxy_is_413_in_the_envelope(cluster):
    _, headers = cluster.user()
    big = png_bytes(["BIG"], width=300, size=24) + os.urandom(MAX_FILE + 50_000)
    answer = requests.post(cluster.url + "/api/ocr-async/process-async", headers=headers, timeout=60,
                           files={"file": ("big.png", big)})
    assert answer.status_code == 413
    assert answer.headers["Content-Type"].startswith("application/json")
    assert answer.json()["error"]["code"] == "file_too_large"


def test_bad_input_through_the_proxy_is_a_4xx_in_the_envelope(cluster):
    answer = requests.post(cluster.url + "/api/auth/login", data="{not json", timeout=30,
                           headers={"Content-Type": "application/json"})
    assert 400 <= answer.status_code < 500
    assert answer.json()["error"]["code"]
    answer = requests.get(cluster.url + "/api/ocr-async/results", timeout=30)
    assert answer.status_code == 401 and answer.json()["error"]["code"] == "unauthorized"


def test_the_proxy_answers_in_the_envelope_when_no_api_process_is_up():
    _need_haproxy()
    dead = ("127.0.0.1", processes.free_port())
    proxy = Proxy(_base() / "proxy-dead", ("127.0.0.1", processes.free_port()), [dead]).start()
    try:
        answer = requests.get(f"http://127.0.0.1:{proxy.listen[1]}/api/health", timeout=30)
    finally:
        proxy.stop()
    assert answer.status_code == 503
    assert answer.json()["error"]["code"] == "unavailable"
    assert answer.headers["Retry-After"] == "1"


def test_a_long_polling_socket_stays_with_its_process_and_gets_events_from_either(cluster):
    token, headers = cluster.user()
    sock = ContractClient(cluster.url, token, last_event_id=0, transports=("polling",)).connect()
    try:
        assert sock.sio.transport() == "polling"
        jobs = []
        page = png_bytes(["STICKY"], width=300, size=24)
        for n in range(6):  # the uploads land on both processes; the events reach the one socket
            answer = requests.post(cluster.url + "/api/ocr-async/process-async", headers=headers, timeout=30,
                                   files={"file": (f"s{n}.png", page)}, data={"force": "true"})
            assert answer.status_code == 202
            jobs.append(answer.json()["ocr_result_id"])
        sock.wait(lambda: {e["data"].get("ocr_result_id") for e in sock.delivered} >= set(jobs), 30,
                  "an event of every upload")
        time.sleep(1.0)  # more polls: a session sent to the other process would be refused there
        assert sock.sio.connected and sock.disconnect_reason is None
    finally:
        sock.close()


def test_a_revoked_token_is_refused_by_every_process_within_the_cache_bound(cluster):
    token, headers = cluster.user()
    direct = [url for _, url in cluster.apis]
    for url in direct:  # both processes have checked the token and keep the answer
        assert requests.get(url + "/api/auth/me", headers=headers, timeout=30).status_code == 200
    assert requests.post(direct[0] + "/api/auth/logout", headers=headers, timeout=30).status_code == 200
    revoked_at = time.monotonic()
    assert requests.get(direct[0] + "/api/auth/me", headers=headers, timeout=30).status_code == 401
    while requests.get(direct[1] + "/api/auth/me", headers=headers, timeout=30).status_code == 200:
        assert time.monotonic() - revoked_at <= CACHE_SECONDS + 0.5, "still accepted past the bound"
        time.sleep(0.05)
    refused_after = time.monotonic() - revoked_at
    assert refused_after <= CACHE_SECONDS + 0.5
    for url in [*direct, cluster.url]:
        answer = requests.get(url + "/api/ocr-async/results", headers=headers, timeout=30)
        assert answer.status_code == 401 and answer.json()["error"]["message"] == "Token has been revoked"


def test_make_run_starts_api_processes_behind_haproxy_that_share_one_signing_key(app, monkeypatch):
    _need_haproxy()
    import scripts.run as run

    port = processes.free_port()
    monkeypatch.setenv("API_PROCESSES", "2")
    monkeypatch.setenv("HOST", "127.0.0.1")
    monkeypatch.setenv("PORT", str(port))
    monkeypatch.setenv("JWT_SECRET_KEY", "a-signing-key-shared-by-every-api-process-0123456789")
    children: dict = {}
    proxy = run._start_api(children)
    try:
        assert sorted(children) == ["api1", "api2"] and proxy is not None
        direct = [f"http://127.0.0.1:{p}" for _, p in proxy.backends]
        for url in direct:
            processes_wait_http(url + "/api/health")
        cluster = Cluster([], proxy)
        _, headers = cluster.user()
        for url in [cluster.url, *direct]:  # a token issued through the proxy is good at every process
            assert requests.get(url + "/api/auth/me", headers=headers, timeout=30).status_code == 200
    finally:
        proxy.stop()
        for proc in children.values():
            processes.stop(proc)


def test_make_run_says_how_to_install_haproxy_when_it_is_missing(monkeypatch):
    import scripts.run as run

    monkeypatch.setenv("API_PROCESSES", "2")
    monkeypatch.setenv("HAPROXY", "/nonexistent/haproxy")
    children: dict = {}
    with pytest.raises(SystemExit) as stopped:
        run._start_api(children)
    assert "apt-get install -y haproxy" in str(stopped.value) and not children


def processes_wait_http(url: str, timeout: float = 60) -> None:
    """Wait until `url` answers."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            requests.get(url, timeout=2)
            return
        except requests.RequestException:
            time.sleep(0.2)
    raise TimeoutError(url)


def test_a_broadcast_reaches_every_socket_on_either_process_once_and_replays_from_a_cursor(app, cluster):
    """Each process receives the broadcast's `emit_batch` messages for every user and sends only to its own
    sockets: one user has a socket on each process, each socket gets the event once, numbered next."""
    import jwt
    from sqlalchemy import text

    from app.extensions import db

    admin_token, admin_headers = cluster.user()
    with app.app_context():
        db.session.execute(text("UPDATE users SET role = 'admin' WHERE id = :id"),
                           {"id": int(jwt.decode(admin_token, options={"verify_signature": False})["sub"])})
        db.session.commit()
    direct = [url for _, url in cluster.apis]
    users = [cluster.user() for _ in range(3)]
    before = [requests.get(cluster.url + "/api/notifications", headers=headers, timeout=30).json()["last_seq"]
              for _, headers in users]
    sockets = [ContractClient(direct[0], users[0][0], last_event_id=before[0]).connect(),
               ContractClient(direct[1], users[1][0], last_event_id=before[1], transports=("polling",)).connect(),
               ContractClient(direct[0], users[2][0], last_event_id=before[2]).connect(),
               ContractClient(direct[1], users[2][0], last_event_id=before[2]).connect()]
    owners = [0, 1, 2, 2]
    try:
        answer = requests.post(cluster.url + "/api/admin/broadcast", json={"message": "To everyone"},
                               headers=admin_headers, timeout=60)
        assert answer.status_code == 200
        with app.app_context():
            everyone = db.session.execute(text("SELECT count(*) FROM users")).scalar()
            db.session.rollback()
        assert answer.json()["recipients"] == answer.json()["published"] == everyone
        for sock, owner in zip(sockets, owners, strict=True):
            sock.wait_for_ids([before[owner] + 1], timeout=10)
        time.sleep(0.5)  # a second copy, from either process, would have come by now
        for sock, owner in zip(sockets, owners, strict=True):
            system = sock.events_of_type("system")
            assert [e["id"] for e in system] == [before[owner] + 1] and sock.duplicates == 0
            assert system[0]["message"] == "To everyone" and set(system[0]) == {
                "id", "type", "message", "data", "created_at"}
        late = ContractClient(direct[1], users[0][0], last_event_id=before[0]).connect()  # the other process
        assert [e["id"] for e in late.events_of_type("system")] == [before[0] + 1]
        late.close()
    finally:
        for sock in sockets:
            sock.close()
