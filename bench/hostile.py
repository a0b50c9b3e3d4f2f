"""Hostile-load drills: does the API stay responsive while someone attacks it?

Against a real `python wsgi.py` (gevent), an OCR worker, an extraction worker and beat, on embedded
PostgreSQL and Redis, each drill measures `GET /api/auth/me` and Socket.IO round trips (an acknowledged
`join_notifications` call on each of `--sockets` sockets) first on a quiet service (the baseline), then
while the attack runs:
- `costly-pdf`: a one-page PDF of 10,000 filled triangles is uploaded and its page image is asked for
  by three clients in a loop until the job ends. The API only streams stored previews (409 until the
  page is read); the OCR worker renders the page under `OCR_PAGE_TIMEOUT` (`--page-timeout`) and fails
  it `page_timeout`. (Rendered in the API process, as before, it stalled every request for ~50 s.)
- `register`: eight clients register accounts back to back (a password hash each, ~100 ms of CPU).

    .venv/bin/python bench/hostile.py [--seconds 10] [--sockets 20] [--page-timeout 20] [--skip-register]

Prints p50/p99/max per phase, the API process's CPU share (CPU seconds / wall seconds), and writes
bench/results/hostile.json. On a shared machine the figures include other processes' CPU contention
(the OCR worker renders the costly page at full speed beside the API): compare with the baseline.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import threading
import time
import uuid
from pathlib import Path

import psutil
import requests
import socketio

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import ROOT  # noqa: E402
from _stack import Stack  # noqa: E402

sys.path.insert(0, str(ROOT))
from tests.support.pdfs import costly_pdf  # noqa: E402

RESULTS = ROOT / "bench" / "results" / "hostile.json"


def _quantiles(values: list[float]) -> dict:
    ordered = sorted(values)
    if not ordered:
        return {"n": 0}
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    return {"n": len(ordered), "p50_ms": round(statistics.median(ordered) * 1000, 1),
            "p99_ms": round(p99 * 1000, 1), "max_ms": round(ordered[-1] * 1000, 1)}


class Probe:
    """`/me` calls and socket round trips in a loop, recording each latency until stopped."""

    def __init__(self, url: str, token: str, user_id: int, sockets: int, api_pid: int) -> None:
        self.url, self.token, self.user_id = url, token, user_id
        self.api = psutil.Process(api_pid)
        self.clients = []
        for _ in range(sockets):
            client = socketio.Client(reconnection=False)
            client.connect(url, auth={"token": token}, transports=["websocket"], wait_timeout=10)
            self.clients.append(client)
        self.me: list[float] = []
        self.sock: list[float] = []
        self.disconnected = 0
        self._stop = threading.Event()

    def _me_loop(self) -> None:
        session = requests.Session()
        headers = {"Authorization": f"Bearer {self.token}"}
        while not self._stop.is_set():
            started = time.monotonic()
            session.get(self.url + "/api/auth/me", headers=headers, timeout=120).raise_for_status()
            self.me.append(time.monotonic() - started)
            time.sleep(0.02)

    def _socket_loop(self) -> None:
        while not self._stop.is_set():
            for client in self.clients:
                if not client.connected:
                    continue
                started = time.monotonic()
                client.call("join_notifications", {"user_id": self.user_id}, timeout=120)
                self.sock.append(time.monotonic() - started)
            time.sleep(0.05)

    def measure(self, during) -> dict:
        """Run the probes while `during()` runs; return the latencies."""
        self.me, self.sock, self._stop = [], [], threading.Event()
        cpu_before, started = sum(self.api.cpu_times()[:2]), time.monotonic()
        threads = [threading.Thread(target=self._me_loop), threading.Thread(target=self._socket_loop)]
        for thread in threads:
            thread.start()
        try:
            during()
        finally:
            self._stop.set()
            for thread in threads:
                thread.join()
        elapsed = time.monotonic() - started
        api_cpu = sum(self.api.cpu_times()[:2]) - cpu_before
        return {"me": _quantiles(self.me), "socket_call": _quantiles(self.sock), "seconds": round(elapsed, 1),
                "api_cpu_share": round(api_cpu / elapsed, 3),
                "sockets_connected": sum(c.connected for c in self.clients), "sockets": len(self.clients)}

    def close(self) -> None:
        """Disconnect every socket."""
        for client in self.clients:
            if client.connected:
                client.disconnect()


def _account(url: str) -> tuple[str, int]:
    creds = {"email": f"bench-{uuid.uuid4().hex[:10]}@example.com", "password": "bench-password-1"}
    requests.post(url + "/api/auth/register", json=creds, timeout=30).raise_for_status()
    token = requests.post(url + "/api/auth/login", json=creds, timeout=30).json()["access_token"]
    me = requests.get(url + "/api/auth/me", headers={"Authorization": f"Bearer {token}"}, timeout=30).json()
    return token, me["id"]


def costly_pdf_attack(url: str, token: str) -> dict:
    """Upload the costly PDF and ask for its page until the job ends."""
    headers = {"Authorization": f"Bearer {token}"}
    files = {"file": ("costly.pdf", costly_pdf(pages=1, triangles=10000), "application/pdf")}
    job = requests.post(url + "/api/ocr-async/process-async", headers=headers, files=files,
                        data={"force": "true"}, timeout=60).json()["ocr_result_id"]
    page_url = f"{url}/api/ocr-async/results/{job}/pages/1.png"
    codes: dict[int, int] = {}
    done = threading.Event()

    def ask() -> None:
        while not done.is_set():
            code = requests.get(page_url, headers=headers, timeout=120).status_code
            codes[code] = codes.get(code, 0) + 1
            time.sleep(0.1)

    askers = [threading.Thread(target=ask) for _ in range(3)]
    for thread in askers:
        thread.start()
    started, status = time.monotonic(), {}
    while time.monotonic() - started < 180:
        status = requests.get(f"{url}/api/ocr-async/status/{job}", headers=headers, timeout=60).json()
        if status["status"] in ("completed", "failed", "cancelled"):
            break
        time.sleep(0.5)
    done.set()
    for thread in askers:
        thread.join()
    return {"job_status": status.get("status"), "error": (status.get("error") or {}).get("code"),
            "seconds": round(time.monotonic() - started, 1), "page_answers": codes}


def register_attack(url: str, seconds: float, clients: int = 8) -> dict:
    """Register accounts from `clients` threads for `seconds`."""
    counts = {"created": 0, "other": 0}
    deadline = time.monotonic() + seconds

    def loop() -> None:
        session = requests.Session()
        while time.monotonic() < deadline:
            creds = {"email": f"reg-{uuid.uuid4().hex}@example.com", "password": "bench-password-1"}
            code = session.post(url + "/api/auth/register", json=creds, timeout=60).status_code
            counts["created" if code == 201 else "other"] += 1

    threads = [threading.Thread(target=loop) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return {**counts, "per_second": round(counts["created"] / seconds, 1)}


def main() -> None:
    """Run both drills and print their figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=10.0, help="length of each baseline / register phase")
    parser.add_argument("--sockets", type=int, default=20)
    parser.add_argument("--page-timeout", type=float, default=20.0, help="OCR_PAGE_TIMEOUT of the OCR worker")
    parser.add_argument("--skip-register", action="store_true", help="run the baseline and costly-PDF phases only")
    args = parser.parse_args()
    results: dict = {"sockets": args.sockets, "seconds": args.seconds, "page_timeout": args.page_timeout,
                     "load_average": [round(v, 2) for v in psutil.getloadavg()]}
    with Stack("hostile", redis_db=13) as stack:
        env = {"RATE_LIMIT_REGISTER": "1000000/minute"}
        api, url = stack.start_api(**env)
        stack.start_worker("ocr", "ocr_queue", concurrency=1, OCR_PAGE_TIMEOUT=str(args.page_timeout), **env)
        stack.start_worker("ai", "ai_queue,notification_queue,default", concurrency=1, **env)
        stack.start_beat(**env)
        token, user_id = _account(url)
        probe = Probe(url, token, user_id, args.sockets, api.pid)
        try:
            results["baseline"] = probe.measure(lambda: time.sleep(args.seconds))
            attack: dict = {}
            results["costly_pdf"] = probe.measure(lambda: attack.update(costly_pdf_attack(url, token)))
            results["costly_pdf"]["attack"] = attack
            if not args.skip_register:
                registered: dict = {}
                results["register"] = probe.measure(lambda: registered.update(register_attack(url, args.seconds)))
                results["register"]["attack"] = registered
        finally:
            probe.close()
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")
    print(f"{'phase':<12} {'/me p50':>8} {'p99':>8} {'max':>8} | {'socket p50':>10} {'p99':>8} {'max':>8}  "
          f"sockets  API CPU")
    for phase in [p for p in ("baseline", "costly_pdf", "register") if p in results]:
        r = results[phase]
        print(f"{phase:<12} {r['me']['p50_ms']:>8} {r['me']['p99_ms']:>8} {r['me']['max_ms']:>8} | "
              f"{r['socket_call']['p50_ms']:>10} {r['socket_call']['p99_ms']:>8} {r['socket_call']['max_ms']:>8}  "
              f"{r['sockets_connected']}/{r['sockets']}    {r['api_cpu_share']:.0%}")
    print("costly PDF:", results["costly_pdf"]["attack"])
    if "register" in results:
        print("register:", results["register"]["attack"])


if __name__ == "__main__":
    main()
