"""The `ocrflow_client` package and the `ocrflow` command against the live stack.

A real API process, a real Celery worker with the OCR engine, PostgreSQL and Redis: the command is run
as a subprocess (in a pseudo-terminal where its bars are checked), the library in this process.
"""

from __future__ import annotations

import json
import os
import pty
import re
import select
import shutil
import signal
import stat
import subprocess
import sys
import threading
import time
from datetime import timedelta
from pathlib import Path

import pytest
import requests
from ocrflow_client import AuthError, Client

from tests.support import processes
from tests.support.images import png_bytes
from tests.support.jobs import RECEIPTS
from tests.support.stack import scalar, wait_until
from tests.test_sockets import token_for, write_events

pytestmark = pytest.mark.timeout(240)
OCRFLOW = Path(sys.executable).parent / "ocrflow"
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


@pytest.fixture
def account(client, make_user):
    """A fresh user: id, email, password and an access token."""
    email, password, headers = make_user("cli")
    me = client.get("/api/auth/me", headers=headers).get_json()
    return type("Account", (), {"id": me["id"], "email": email, "password": password,
                                "token": headers["Authorization"].split()[1]})


@pytest.fixture
def home(tmp_path):
    """An isolated config and state dir for the command."""
    return {"XDG_CONFIG_HOME": str(tmp_path / "config"), "XDG_STATE_HOME": str(tmp_path / "state")}


def cli_env(url: str, home: dict, **extra: str) -> dict:
    """The command's environment: the server URL, the isolated dirs, no inherited token."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("OCRFLOW_")}
    return {**env, **home, "OCRFLOW_URL": url, "COLUMNS": "120", **extra}


def jobs_of(app, user_id: int) -> int:
    """Count the user's job rows in PostgreSQL."""
    return scalar(app, "SELECT count(*) FROM ocr_results WHERE user_id = :u", u=user_id)


def small_documents(folder: Path, n: int, tag: str) -> list[Path]:
    """Write `n` small distinct PNGs (content does not matter, only that each is a different document)."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        path = folder / f"doc-{i:03d}.png"
        path.write_bytes(png_bytes([f"{tag} DOCUMENT {i}", f"TOTAL {i}.00"], width=420, size=24))
        paths.append(path)
    return paths


def run_in_pty(args: list[str], env: dict, timeout: float = 180) -> tuple[int, str]:
    """Run a command with its stdout and stderr on a pseudo-terminal; return (exit code, what it drew)."""
    master, slave = pty.openpty()
    proc = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=slave, stderr=slave, env=env, close_fds=True)
    os.close(slave)
    chunks: list[bytes] = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        ready, _, _ = select.select([master], [], [], 0.2)
        if ready:
            try:
                data = os.read(master, 65536)
            except OSError:
                data = b""
            if not data:
                break
            chunks.append(data)
        elif proc.poll() is not None:
            break
    os.close(master)
    code = proc.wait(timeout=10)
    return code, ANSI.sub("", b"".join(chunks).decode(errors="replace"))


def test_login_saves_a_refresh_token_readable_by_its_owner_only(live_api, account, home):
    done = subprocess.run([str(OCRFLOW), "login", "--email", account.email, "--password-stdin"],
                          input=account.password + "\n", env=cli_env(live_api, home), capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    saved = Path(home["XDG_CONFIG_HOME"]) / "ocrflow" / "config.json"
    assert stat.S_IMODE(saved.stat().st_mode) == 0o600
    body = json.loads(saved.read_text())
    assert body["url"] == live_api and body["email"] == account.email
    refreshed = requests.post(live_api + "/api/auth/refresh", timeout=10,
                              headers={"Authorization": f"Bearer {body['refresh_token']}"})
    assert refreshed.status_code == 200

    done = subprocess.run([str(OCRFLOW), "logout"], env=cli_env(live_api, home), capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0 and not saved.exists()
    refused = requests.post(live_api + "/api/auth/refresh", timeout=10,
                            headers={"Authorization": f"Bearer {body['refresh_token']}"})
    assert refused.status_code == 401


def test_the_saved_login_follows_the_rotated_refresh_token(live_api, account, home, monkeypatch):
    done = subprocess.run([str(OCRFLOW), "login", "--email", account.email, "--password-stdin"],
                          input=account.password + "\n", env=cli_env(live_api, home), capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    for name, value in home.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("OCRFLOW_TOKEN", raising=False)
    saved = Path(home["XDG_CONFIG_HOME"]) / "ocrflow" / "config.json"
    tokens = [json.loads(saved.read_text())["refresh_token"]]
    for _run in range(2):  # two runs of the command, each starting from the saved login
        client = Client.from_saved(live_api, journal=False)
        access = client.credentials.current()
        assert requests.get(live_api + "/api/auth/me", headers={"Authorization": f"Bearer {access}"},
                            timeout=10).status_code == 200
        client.close()
        tokens.append(json.loads(saved.read_text())["refresh_token"])
    assert len(set(tokens)) == 3  # each refresh spent the saved token and saved its successor


def test_submit_a_directory_writes_a_line_per_file_and_shows_progress(live_api, worker, app, account, home,
                                                                      tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    receipts = sorted((RECEIPTS / "images").glob("*.jpg"))[:10]
    for path in receipts:
        shutil.copy(path, folder / path.name)
    (folder / "broken.jpg").write_bytes(b"this is not an image at all" * 10)
    out = tmp_path / "results.jsonl"
    env = cli_env(live_api, home, OCRFLOW_TOKEN=account.token)

    code, drawn = run_in_pty([str(OCRFLOW), "submit", str(folder), "--wait", "--out", str(out),
                              "--batch-size", "4"], env)

    assert code == 1, drawn[-2000:]
    lines = [json.loads(line) for line in out.read_text().splitlines()]
    assert len(lines) == 11
    by_name = {Path(line["file"]).name: line for line in lines}
    bad = by_name.pop("broken.jpg")
    assert bad["status"] == "rejected" and bad["ocr_result_id"] is None and bad["error"]["code"]
    assert bad["extracted_data"] is None
    for name, line in by_name.items():
        assert line["status"] == "completed", (name, line)
        assert line["error"] is None and isinstance(line["ocr_result_id"], int)
        assert isinstance(line["extracted_data"], dict) and "total_amount" in line["extracted_data"]
    assert jobs_of(app, account.id) == 10
    # Per-document rows drawn from the live events: a receipt's name beside a stage of its own.
    stages = re.findall(r"(X\d+)\.jpg\s+(preprocessing|ocr|waiting_extraction|extraction|validation|saving)",
                        drawn)
    assert len({name for name, _ in stages}) >= 3, drawn[-3000:]
    assert "10 documents" in drawn or "11 documents" in drawn
    assert "completed" in drawn and "rejected" in drawn


def test_an_interrupted_run_resumes_without_uploading_twice(live_api, worker, app, account, home, tmp_path):
    files = small_documents(tmp_path / "in", 6, "RESUME")
    env = cli_env(live_api, home, OCRFLOW_TOKEN=account.token)
    args = [str(OCRFLOW), "submit", str(tmp_path / "in"), "--wait", "--batch-size", "2", "--concurrency", "1"]
    first = subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    accepted: dict[str, int] = {}
    for line in first.stderr:
        if line.startswith("accepted"):
            parts = line.split()
            accepted[parts[1]] = int(parts[3])
            if len(accepted) == 2:
                first.send_signal(signal.SIGINT)
                break
    rest = first.communicate(timeout=60)[1]
    assert first.returncode == 130, rest
    assert "run the same command again" in rest
    uploaded = jobs_of(app, account.id)
    assert 2 <= uploaded < len(files)

    out = tmp_path / "results.jsonl"
    second = subprocess.run([*args, "--out", str(out)], env=env, capture_output=True, text=True, timeout=180)

    assert second.returncode == 0, second.stderr
    resumed = {line.split()[1] for line in second.stderr.splitlines() if line.startswith("resumed")}
    assert set(accepted) <= resumed  # read back from the journal, not sent again
    lines = {line["file"]: line for line in map(json.loads, out.read_text().splitlines())}
    assert len(lines) == len(files) and all(line["status"] == "completed" for line in lines.values())
    for name, job_id in accepted.items():
        assert lines[name]["ocr_result_id"] == job_id
    assert jobs_of(app, account.id) == len(files)
    assert len({line["ocr_result_id"] for line in lines.values()}) == len(files)


def test_events_follow_across_an_api_restart_once_each_in_order(app, services, account):
    port = processes.free_port()
    proc, url = processes.start_api("api-client-restart", port=port)
    received: list = []
    stop = threading.Event()
    client = Client(url, account.token, retry_for=60)

    def read() -> None:
        for event in client.events(after=0):
            received.append(event)
            if stop.is_set():
                return

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    try:
        before = write_events(app, account.id, 5, type_="system")
        wait_until(lambda: len(received) >= 5, 20, what="the first events")
        processes.stop(proc)
        during = write_events(app, account.id, 5, type_="system")  # no API process is there to send them
        proc, _ = processes.start_api("api-client-restart", port=port)
        after = write_events(app, account.id, 5, type_="system")
        wait_until(lambda: len(received) >= 15, 60, what="every event after the restart")
        stop.set()
        write_events(app, account.id, 1, type_="system")  # wakes the reader so it can end
        reader.join(timeout=10)
    finally:
        processes.stop(proc)
        client.close()
    ids = [event.id for event in received]
    assert ids[:15] == before + during + after
    assert len(ids) == len(set(ids))


def test_an_expired_access_token_is_refreshed_mid_run(live_api, worker, app, account, tmp_path):
    refresh = token_for(app, account.id, refresh=True)
    short = token_for(app, account.id, expires_delta=timedelta(seconds=3))
    first, second = small_documents(tmp_path, 2, "REFRESH")
    client = Client(live_api, short, refresh_token=refresh, journal=False)
    try:
        client.follow()
        job1 = client.submit(first)
        time.sleep(4)  # the access token expires; the server drops the socket with `token_expired`
        job2 = client.submit(second)
        client.wait([job1, job2], timeout=120)
        stream = client._stream
        assert stream is not None and stream.connects >= 2
    finally:
        client.close()
    assert client.credentials.generation >= 1 and client.credentials.access != short
    assert (job1.status, job2.status) == ("completed", "completed")


def test_a_revoked_token_ends_the_run_with_exit_code_2(live_api, worker, app, account, home, tmp_path):
    small_documents(tmp_path / "in", 6, "REVOKE")
    env = cli_env(live_api, home, OCRFLOW_TOKEN=account.token)
    run = subprocess.Popen([str(OCRFLOW), "submit", str(tmp_path / "in"), "--wait", "--batch-size", "1",
                            "--concurrency", "1"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                           text=True)
    for line in run.stderr:
        if line.startswith("accepted"):
            break
    revoked = requests.post(live_api + "/api/auth/logout", timeout=10,
                            headers={"Authorization": f"Bearer {account.token}"})
    assert revoked.status_code == 200
    rest = run.communicate(timeout=60)[1]
    assert run.returncode == 2, rest
    assert "revoked" in rest


def test_library_refuses_a_revoked_token_with_a_typed_error(live_api, account, tmp_path):
    requests.post(live_api + "/api/auth/logout", timeout=10, headers={"Authorization": f"Bearer {account.token}"})
    (doc,) = small_documents(tmp_path, 1, "TYPED")
    with Client(live_api, account.token, journal=False) as client, pytest.raises(AuthError) as caught:
        client.submit(doc)
    assert caught.value.code == "token_revoked"


def test_export_writes_the_users_jobs(live_api, worker, account, home, tmp_path):
    probe = requests.get(live_api + "/api/ocr-async/results/export?format=jsonl", timeout=10,
                         headers={"Authorization": f"Bearer {account.token}"})
    if probe.status_code == 404:
        pytest.skip("GET /api/ocr-async/results/export is not served by this checkout")
    docs = small_documents(tmp_path / "in", 2, "EXPORT")
    with Client(live_api, account.token, journal=False) as client:
        client.follow()
        jobs = client.wait(client.submit_many(docs))
    out = tmp_path / "export.jsonl"
    done = subprocess.run([str(OCRFLOW), "export", "--out", str(out)], capture_output=True, text=True, timeout=60,
                          env=cli_env(live_api, home, OCRFLOW_TOKEN=account.token))
    assert done.returncode == 0, done.stderr
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    exported = {row["ocr_result_id"]: row["status"] for row in rows}
    assert exported == {job.ocr_result_id: "completed" for job in jobs}


def test_wait_falls_back_to_polling_when_the_socket_cannot_connect(live_api, worker, account, tmp_path,
                                                                    monkeypatch):
    from ocrflow_client import events

    def refused(self):
        raise OSError("the socket is blocked in this test")

    monkeypatch.setattr(events.EventStream, "_connect_once", refused)
    docs = small_documents(tmp_path, 2, "POLL")
    with Client(live_api, account.token, journal=False) as client:
        client._stream = events.EventStream(client.transport, after=None, connect_timeout=0.5).start(wait=False)
        jobs = client.wait(client.submit_many(docs), timeout=120)
        assert client._stream.connects == 0 and not client._stream.live
        polled = client.requests_made - len(docs)
    assert [job.status for job in jobs] == ["completed", "completed"]
    assert all(job.extracted_data is not None for job in jobs)
    assert polled >= len(docs)  # the results came from status reads


def test_status_and_watch_print_jobs_and_events(live_api, worker, app, account, home, tmp_path):
    (doc,) = small_documents(tmp_path, 1, "STATUS")
    with Client(live_api, account.token, journal=False) as client:
        job = client.submit(doc).wait(timeout=120)
    env = cli_env(live_api, home, OCRFLOW_TOKEN=account.token)
    shown = subprocess.run([str(OCRFLOW), "status", str(job.ocr_result_id), "--json"], env=env,
                           capture_output=True, text=True, timeout=60)
    assert shown.returncode == 0, shown.stderr
    line = json.loads(shown.stdout)
    assert (line["ocr_result_id"], line["status"], line["stage"]) == (job.ocr_result_id, "completed", "done")

    watch = subprocess.Popen([str(OCRFLOW), "watch", "--json", "--after", "0"], env=env, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True)
    seen = []
    for raw in watch.stdout:
        seen.append(json.loads(raw))
        if seen[-1]["type"] == "ocr_completed":
            break
    sent = write_events(app, account.id, 2, type_="system")
    while len(seen) < 2 or seen[-1]["id"] != sent[-1]:
        seen.append(json.loads(watch.stdout.readline()))
    watch.send_signal(signal.SIGINT)
    watch.wait(timeout=20)
    assert watch.returncode == 130
    ids = [event["id"] for event in seen]
    assert ids == sorted(set(ids)) and ids[-2:] == sent
    assert any(e["type"] == "ocr_completed" and e["data"]["ocr_result_id"] == job.ocr_result_id for e in seen)
