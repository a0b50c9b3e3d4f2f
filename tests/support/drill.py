"""The load drill: many clients upload through a real API to real workers while faults are injected.

The drill talks to the service only as its users do (HTTP and Socket.IO) and checks the outcome in
PostgreSQL and on disk: every accepted job reaches exactly one terminal state with exactly one
terminal event, each owner's socket delivers exactly one terminal event per job, and no stored file
is left without its job (nor a job without its file).
"""

from __future__ import annotations

import random
import signal
import statistics
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import psutil
import psycopg2
import requests

from devserver import EmbeddedServices
from tests.support import processes
from tests.support.images import png_bytes
from tests.support.jobs import receipt_bytes
from tests.support.stack import pool_children
from tests.test_socket_client import ContractClient

TERMINAL_EVENTS = ("ocr_completed", "ocr_failed", "ocr_cancelled")
TERMINAL_STATES = ("completed", "failed", "cancelled")
RETRYABLE = (429, 502, 503, 504)
RECEIPTS = ("X51005255805.jpg", "X51005361907.jpg", "X51005441407.jpg")

# Short leases and dispatch intervals so a killed worker's job is back in seconds, not minutes.
FAST = {"OCR_LEASE_SECONDS": "4", "OCR_REDISPATCH_AFTER": "6", "OCR_DISPATCH_INTERVAL": "1",
        "OCR_MAX_ATTEMPTS": "5", "JWT_ACCESS_MINUTES": "240", "SOCKET_HEARTBEAT_S": "5",
        "DB_POOL_SIZE": "20"}


@dataclass
class Plan:
    """What the drill sends: `jobs` documents from `clients` users over about `upload_seconds`."""

    jobs: int
    clients: int
    upload_seconds: float
    bulk_size: int = 5
    bulk_share: float = 0.3     # share of documents sent in bulk requests
    bad_share: float = 0.02     # truncated images: each must end `failed` (or be rejected with a 4xx)
    receipt_share: float = 0.02  # real dev receipts (the rest are small generated pages)
    polling_share: float = 0.0  # clients whose socket uses long-polling only (as a browser without websockets)
    faults: tuple[str, ...] = ()


@dataclass
class Document:
    name: str
    data: bytes
    bad: bool = False


@dataclass
class ClientLog:
    """What one client sent and saw."""

    email: str
    accepted: dict[int, Document] = field(default_factory=dict)
    rejected: list[tuple[Document, dict]] = field(default_factory=list)
    ack_ms: list[float] = field(default_factory=list)
    retries: int = 0
    ambiguous_bulks: int = 0
    errors: list[str] = field(default_factory=list)
    socket: ContractClient | None = None
    reconnects: int = 0


class DrillStack:
    """A durable PostgreSQL and Redis, one API process, two OCR worker processes, a CPU worker and beat."""

    def __init__(self, base: Path, ocr_workers: int = 2) -> None:
        self.base = base
        self.ocr_workers = ocr_workers
        self.services = EmbeddedServices(base_dir=base / "services", durable=True)
        self.upload_dir = base / "uploads"
        self.env: dict[str, str] = {}
        self.api: requests.Session | None = None
        self.api_proc = None
        self.url = ""
        self.port = 0
        self.workers: dict[str, object] = {}
        self.beat = None

    # -- lifecycle ----------------------------------------------------------------------------
    def start(self) -> DrillStack:
        import shutil

        shutil.rmtree(self.upload_dir, ignore_errors=True)
        self.services.start()
        from tests.support.services import fresh_database

        database = fresh_database(self.services.database_url, "ocrflow_drill")
        redis_url = self.services.redis_url
        import redis as redis_lib

        redis_lib.Redis.from_url(redis_url).flushall()
        self.env = {"DATABASE_URL": database, "REDIS_URL": redis_url, "CELERY_BROKER_URL": redis_url,
                    "CELERY_RESULT_BACKEND": redis_url, "RATELIMIT_STORAGE_URI": redis_url,
                    "UPLOAD_DIR": str(self.upload_dir), "OCRFLOW_TEST_BASE": str(self.base), **FAST}
        migrate = processes.run_flask(["db", "upgrade"], **self.env)
        assert migrate.returncode == 0, migrate.stdout
        self.port = processes.free_port()
        self.start_api()
        for n in range(self.ocr_workers):
            self.start_ocr_worker(n)
        self.workers["cpu"] = processes.start_worker(
            "drill-cpu", queues="ai_queue,notification_queue,default", concurrency=1, wait=False, **self.env)
        self.beat = processes.start_beat("drill-beat", **self.env)
        from app import create_app

        control = create_app("testing", SOCKETIO_ASYNC_MODE="threading", CELERY_BROKER_URL=redis_url,
                             CELERY_RESULT_BACKEND=redis_url)
        for name, proc in self.workers.items():
            processes.wait_for_worker(f"drill-{name}@{processes.hostname()}", proc, control)
        return self

    def start_api(self) -> None:
        self.api_proc, self.url = processes.start_api("drill-api", port=self.port, **self.env)

    def start_ocr_worker(self, n: int) -> None:
        self.workers[f"ocr{n}"] = processes.start_worker(f"drill-ocr{n}", queues="ocr_queue", concurrency=1,
                                                         wait=False, **self.env)

    def stop(self) -> None:
        for proc in [self.api_proc, self.beat, *self.workers.values()]:
            if proc is not None:
                processes.stop(proc)
        self.services.stop()

    # -- faults ---------------------------------------------------------------------------------
    def kill_ocr_child(self) -> int:
        """SIGKILL the pool process of every OCR worker (each is mid-job under load)."""
        killed = 0
        for name, proc in self.workers.items():
            if name.startswith("ocr"):
                for child in pool_children(proc):
                    child.send_signal(signal.SIGKILL)
                    killed += 1
        return killed

    def kill_ocr_worker(self) -> None:
        """SIGKILL one OCR worker's main process and its pool, then start a new one."""
        proc = self.workers["ocr0"]
        children = pool_children(proc)
        proc.kill()
        proc.wait()
        for child in children:
            try:
                child.kill()
            except psutil.NoSuchProcess:
                pass
        self.start_ocr_worker(0)

    def restart_redis(self) -> None:
        """Crash Redis (SIGKILL) and start it again on the same port and append-only file.

        Up to a second of writes may be lost (`appendfsync everysec`); the dispatcher sends again the
        jobs whose messages went with them.
        """
        self.services.kill_redis()
        time.sleep(1.0)
        self.services.start_redis()

    def restart_postgres(self) -> None:
        """Crash PostgreSQL (SIGKILL of the postmaster) and start it again; it runs crash recovery."""
        self.services.kill_postgres()
        time.sleep(1.0)
        self.services.start_postgres()

    def restart_api(self) -> None:
        """SIGKILL the API process with its sockets connected and start a new one on the same port."""
        self.api_proc.kill()
        self.api_proc.wait()
        self.start_api()

    def before_file_check(self) -> None:
        """What a stack does before the files are checked (nothing here; see the scale-out drill)."""

    def ocr_rss_mb(self) -> list[float]:
        """RSS of every OCR pool process, in MB."""
        sizes = []
        for name, proc in list(self.workers.items()):
            if name.startswith("ocr"):
                for child in pool_children(proc):
                    try:
                        sizes.append(child.memory_info().rss / 2**20)
                    except psutil.NoSuchProcess:
                        pass
        return sizes

    # -- checks ---------------------------------------------------------------------------------
    def query(self, sql: str, params: tuple = ()) -> list[tuple]:
        with psycopg2.connect(self.env["DATABASE_URL"]) as conn, conn.cursor() as cur:
            cur.execute(sql, params)
            rows = cur.fetchall()
        conn.close()
        return rows


# ---- the clients ------------------------------------------------------------------------------


def documents(plan: Plan, client: int, rng: random.Random) -> list[Document]:
    """This client's documents: small generated pages, a few real receipts, a few truncated images."""
    count = plan.jobs // plan.clients + (1 if client < plan.jobs % plan.clients else 0)
    docs = []
    for n in range(count):
        roll = rng.random()
        name = f"c{client}-{n}"
        if roll < plan.bad_share:
            docs.append(Document(f"{name}.png", png_bytes([f"broken {name}"])[:300], bad=True))
        elif roll < plan.bad_share + plan.receipt_share:
            docs.append(Document(f"{name}.jpg", receipt_bytes(rng.choice(RECEIPTS))))
        else:
            docs.append(Document(f"{name}.png", png_bytes([f"DRILL {name}", f"TOTAL {rng.randint(1, 999)}.{n % 100:02d}"],
                                                          width=520, size=28)))
    return docs


class DrillClient(threading.Thread):
    """One user: a socket that follows the event contract, and uploads paced over the plan's window."""

    def __init__(self, stack: DrillStack, plan: Plan, index: int, start_at: float) -> None:
        super().__init__(name=f"drill-client-{index}", daemon=True)
        self.stack, self.plan, self.index, self.start_at = stack, plan, index, start_at
        self.rng = random.Random(index)
        self.log = ClientLog(email=f"drill-{index}-{uuid.uuid4().hex[:8]}@example.com")
        self.http = requests.Session()
        self.token = ""
        self.user_id = 0
        self.stop_watch = threading.Event()

    # -- HTTP with retries, as a careful script does ---------------------------------------------
    def _request(self, method: str, path: str, *, ambiguous_ok: bool = True, **kwargs) -> requests.Response:
        deadline = time.monotonic() + 180
        while True:
            try:
                response = self.http.request(method, self.stack.url + path, timeout=30, **kwargs)
                if response.status_code not in RETRYABLE:
                    return response
                wait = float(response.headers.get("Retry-After", "1") or 1)
            except requests.RequestException as exc:
                if not ambiguous_ok:
                    raise
                self.log.errors.append(type(exc).__name__)
                wait = 0.5
            if time.monotonic() > deadline:
                raise AssertionError(f"{method} {path} kept failing for 180 s")
            self.log.retries += 1
            time.sleep(min(wait, 2.0))

    def setup(self) -> None:
        password = "correct horse battery"
        body = {"email": self.log.email, "password": password}
        assert self._request("POST", "/api/auth/register", json=body).status_code == 201
        tokens = self._request("POST", "/api/auth/login", json=body).json()
        self.token = tokens["access_token"]
        self.http.headers["Authorization"] = f"Bearer {self.token}"
        self.user_id = int(self._request("GET", "/api/auth/me").json()["id"])
        polling = self.index < round(self.plan.clients * self.plan.polling_share)
        self.log.socket = ContractClient(self.stack.url, self.token, last_event_id=0,
                                         transports=("polling",) if polling else ("websocket",)).connect()
        threading.Thread(target=self._keep_socket, daemon=True, name=f"drill-socket-{self.index}").start()

    def _keep_socket(self) -> None:
        """Reconnect from the delivered cursor whenever the socket drops (as the web app does)."""
        sock = self.log.socket
        while not self.stop_watch.is_set():
            if not sock.sio.connected:
                try:
                    sock.reconnect(timeout=10)
                    self.log.reconnects += 1
                except Exception:  # noqa: BLE001 - the API is restarting; try again
                    time.sleep(0.5)
                    continue
            self.stop_watch.wait(0.3)

    # -- uploads -----------------------------------------------------------------------------------
    def run(self) -> None:
        try:
            self._upload_all()
        except Exception as exc:  # noqa: BLE001 - reported by the drill
            self.log.errors.append(f"client stopped: {exc!r}")
            raise

    def _upload_all(self) -> None:
        docs = documents(self.plan, self.index, self.rng)
        requests_ = []
        i = 0
        while i < len(docs):
            if self.rng.random() < self.plan.bulk_share and len(docs) - i >= 2:
                size = min(self.plan.bulk_size, len(docs) - i)
                requests_.append(docs[i:i + size])
                i += size
            else:
                requests_.append([docs[i]])
                i += 1
        gap = self.plan.upload_seconds / max(1, len(requests_))
        for n, group in enumerate(requests_):
            delay = self.start_at + n * gap + self.rng.uniform(0, gap) - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            form = {"priority": self.rng.choice(("low", "normal", "high")),
                    "extract_format": self.rng.choice(("text", "json"))}
            if len(group) == 1:
                self._single(group[0], form)
            else:
                self._bulk(group, form)

    def _single(self, doc: Document, form: dict) -> None:
        key = uuid.uuid4().hex
        started = time.monotonic()
        response = self._request("POST", "/api/ocr-async/process-async", headers={"Idempotency-Key": key},
                                 files={"file": (doc.name, doc.data)}, data=form)
        self.log.ack_ms.append((time.monotonic() - started) * 1000)
        if response.status_code == 202:
            self.log.accepted[response.json()["ocr_result_id"]] = doc
        elif 400 <= response.status_code < 500 and doc.bad:
            self.log.rejected.append((doc, response.json()))
        else:
            raise AssertionError(f"{doc.name}: {response.status_code} {response.text[:300]}")

    def _bulk(self, docs: list[Document], form: dict) -> None:
        files = [("files", (d.name, d.data)) for d in docs]
        started = time.monotonic()
        while True:
            try:
                response = self._request("POST", "/api/ocr-async/process-bulk", files=files, data=form,
                                         ambiguous_ok=False)
                break
            except requests.RequestException:
                # The answer was lost: the bulk may or may not have been stored. Send it again; a copy
                # that was stored is found by name when the drill checks its jobs.
                self.log.ambiguous_bulks += 1
                time.sleep(0.5)
        self.log.ack_ms.append((time.monotonic() - started) * 1000)
        if response.status_code == 422 and all(d.bad for d in docs):
            self.log.rejected.extend((d, response.json()) for d in docs)
            return
        assert response.status_code == 202, f"bulk: {response.status_code} {response.text[:300]}"
        body = response.json()
        by_name = {d.name: d for d in docs}
        for item in body["accepted"]:
            self.log.accepted[item["ocr_result_id"]] = by_name[item["filename"]]
        for item in body["rejected"]:
            doc = by_name[item["filename"]]
            assert doc.bad, f"good file {doc.name} rejected: {item}"
            self.log.rejected.append((doc, item))


# ---- running a drill ---------------------------------------------------------------------------


@dataclass
class Outcome:
    jobs: int
    seconds: float
    jobs_per_minute: float
    ack_p50_ms: float
    ack_p99_ms: float
    fault_log: list[dict]
    rss_mb: dict
    retries: int
    ambiguous_bulks: int
    reconnects: int
    statuses: dict


def run(stack: DrillStack, plan: Plan) -> Outcome:
    """Run the plan against the stack, inject its faults, and check every guarantee; return the figures."""
    start_at = time.monotonic() + 2.0
    clients = [DrillClient(stack, plan, i, start_at) for i in range(plan.clients)]
    for client in clients:
        client.setup()
    rss_samples: list[tuple[float, float]] = []
    done_rows = lambda: stack.query(  # noqa: E731
        "SELECT count(*) FROM ocr_results WHERE status IN ('completed', 'failed', 'cancelled')")[0][0]
    sampling = threading.Event()

    def sample_rss() -> None:
        while not sampling.is_set():
            try:
                finished = done_rows()
            except psycopg2.Error:
                finished = None
            sizes = stack.ocr_rss_mb()
            if sizes and finished is not None:
                rss_samples.append((finished, max(sizes)))
            sampling.wait(2.0)

    sampler = threading.Thread(target=sample_rss, daemon=True)
    sampler.start()
    for client in clients:
        client.start()
    fault_log = inject(stack, plan, start_at, done_rows)
    for client in clients:
        client.join(timeout=plan.upload_seconds + 600)
    errors = [e for c in clients for e in c.log.errors if e.startswith("client stopped")]
    assert not errors, errors
    accepted = {job: c for c in clients for job in c.log.accepted}
    users = tuple(c.user_id for c in clients)

    def unfinished() -> int:
        return stack.query("SELECT count(*) FROM ocr_results WHERE user_id = ANY(%s) AND status NOT IN "
                           "('completed', 'failed', 'cancelled')", (list(users),))[0][0]

    deadline = time.monotonic() + 900
    while unfinished() and time.monotonic() < deadline:
        time.sleep(1.0)
    assert unfinished() == 0, f"{unfinished()} jobs never reached a terminal state"
    last_finish = stack.query("SELECT extract(epoch FROM max(finished_at) - min(created_at)) FROM ocr_results "
                              "WHERE user_id = ANY(%s)", (list(users),))[0][0]
    sampling.set()

    check_jobs(stack, clients, accepted, users)
    check_sockets(stack, clients)
    if "restart_api" in plan.faults:
        dropped = [c.index for c in clients if c.log.reconnects == 0]
        assert not dropped, f"clients whose socket never reconnected after the API restart: {dropped}"
    stack.before_file_check()
    check_files(stack)
    statuses = dict(stack.query("SELECT status, count(*) FROM ocr_results WHERE user_id = ANY(%s) GROUP BY 1",
                                (list(users),)))
    acks = sorted(ms for c in clients for ms in c.log.ack_ms)
    rss = rss_summary(rss_samples)
    for client in clients:
        client.stop_watch.set()
        client.log.socket.close()
    total = sum(statuses.values())
    return Outcome(jobs=total, seconds=round(float(last_finish), 1),
                   jobs_per_minute=round(total / float(last_finish) * 60, 1),
                   ack_p50_ms=round(statistics.median(acks), 1),
                   ack_p99_ms=round(acks[min(len(acks) - 1, int(len(acks) * 0.99))], 1),
                   fault_log=fault_log, rss_mb=rss, retries=sum(c.log.retries for c in clients),
                   ambiguous_bulks=sum(c.log.ambiguous_bulks for c in clients),
                   reconnects=sum(c.log.reconnects for c in clients), statuses=statuses)


def inject(stack: DrillStack, plan: Plan, start_at: float, done_rows) -> list[dict]:
    """Inject the plan's faults, spread evenly over the upload window; time how each heals."""
    log = []
    if not plan.faults:
        return log
    step = plan.upload_seconds / (len(plan.faults) + 1)
    probe = Probe(stack)
    actions = {"kill_ocr_child": stack.kill_ocr_child, "kill_ocr_worker": stack.kill_ocr_worker,
               "restart_redis": stack.restart_redis, "restart_postgres": stack.restart_postgres,
               "restart_api": stack.restart_api}
    for n, fault in enumerate(plan.faults, start=1):
        delay = start_at + n * step - time.monotonic()
        if delay > 0:
            time.sleep(delay)
        before = _retry(done_rows)
        began = time.monotonic()
        actions[fault]()
        back = time.monotonic() - began
        _until(probe.accepted)
        accept = time.monotonic() - began
        _until(lambda b=before: _retry(done_rows) > b)
        progress = time.monotonic() - began
        log.append({"fault": fault, "back_s": round(back, 1), "uploads_ok_s": round(accept, 1),
                    "jobs_finishing_s": round(progress, 1)})
        print(f"fault {fault}: component back after {back:.1f}s; from the fault, uploads accepted again after "
              f"{accept:.1f}s, jobs finishing after {progress:.1f}s", flush=True)
    return log


def _retry(fn, tries: int = 120):
    for _ in range(tries):
        try:
            return fn()
        except psycopg2.Error:
            time.sleep(0.5)
    return fn()


def _until(predicate, timeout: float = 300) -> float:
    began = time.monotonic()
    while not predicate():
        if time.monotonic() - began > timeout:
            raise AssertionError("the service did not heal within 300 s")
        time.sleep(0.2)
    return time.monotonic() - began


class Probe:
    """A user of its own that uploads one tiny page to time when uploads are accepted again."""

    def __init__(self, stack: DrillStack) -> None:
        self.stack = stack
        self.http = requests.Session()
        body = {"email": f"probe-{uuid.uuid4().hex[:8]}@example.com", "password": "correct horse battery"}
        requests.post(stack.url + "/api/auth/register", json=body, timeout=30).raise_for_status()
        token = requests.post(stack.url + "/api/auth/login", json=body, timeout=30).json()["access_token"]
        self.http.headers["Authorization"] = f"Bearer {token}"
        self.sent = 0

    def accepted(self) -> bool:
        self.sent += 1
        page = png_bytes([f"probe {self.sent}"], width=300, size=24)
        try:
            response = self.http.post(self.stack.url + "/api/ocr-async/process-async", timeout=5,
                                      headers={"Idempotency-Key": f"probe-{self.sent}"},
                                      files={"file": ("probe.png", page)}, data={"extract_format": "text"})
        except requests.RequestException:
            return False
        return response.status_code == 202


def check_jobs(stack: DrillStack, clients: list[DrillClient], accepted: dict, users: tuple) -> None:
    """Exactly one terminal state and event per job; good documents completed, bad ones failed with a code."""
    rows = stack.query(
        "SELECT j.id, j.user_id, j.status, j.error_code, j.original_filename, "
        "  (SELECT count(*) FROM events e WHERE e.ocr_result_id = j.id AND e.type = ANY(%s)) "
        "FROM ocr_results j WHERE j.user_id = ANY(%s)", (list(TERMINAL_EVENTS), list(users)))
    by_id = {r[0]: r for r in rows}
    missing = [job for job in accepted if job not in by_id]
    assert not missing, f"accepted jobs missing from the database: {missing[:10]}"
    wrong_events = [(r[0], r[5]) for r in rows if r[5] != 1]
    assert not wrong_events, f"jobs without exactly one terminal event: {wrong_events[:10]}"
    for client in clients:
        for job, doc in client.log.accepted.items():
            row = by_id[job]
            assert row[1] == client.user_id
            if doc.bad:
                assert row[2] == "failed" and row[3], f"bad {doc.name}: {row}"
            else:
                assert row[2] == "completed", f"good {doc.name} ended {row[2]} ({row[3]})"
        for _doc, answer in client.log.rejected:
            assert answer.get("error", {}).get("code"), answer
    # Jobs the drill does not know by id come only from bulks whose answer was lost and were sent again.
    unknown = [r for r in rows if r[0] not in accepted]
    allowed = sum(c.log.ambiguous_bulks for c in clients) * clients[0].plan.bulk_size
    assert len(unknown) <= allowed, f"{len(unknown)} jobs nobody was told about: {unknown[:5]}"


def check_sockets(stack: DrillStack, clients: list[DrillClient]) -> None:
    """Each owner's socket delivers exactly one terminal event per job, and only for its own jobs."""
    for client in clients:
        jobs = {r[0] for r in stack.query("SELECT id FROM ocr_results WHERE user_id = %s", (client.user_id,))}
        sock = client.log.socket
        sock.wait(lambda s=sock, j=jobs: set(_terminal_counts(s)) >= j, 120,
                  f"terminal events of client {client.index}")
        counts = _terminal_counts(sock)
        assert set(counts) == jobs, f"events for jobs of someone else: {set(counts) - jobs}"
        assert all(n == 1 for n in counts.values()), {j: n for j, n in counts.items() if n != 1}
        foreign = [e for e in sock.delivered if e["data"].get("ocr_result_id") not in jobs
                   and e["data"].get("ocr_result_id") is not None]
        assert not foreign, foreign[:3]


def _terminal_counts(sock: ContractClient) -> dict[int, int]:
    """How many terminal events the socket delivered per job."""
    counts: dict[int, int] = {}
    for event in list(sock.delivered):
        if event["type"] in TERMINAL_EVENTS:
            job = event["data"]["ocr_result_id"]
            counts[job] = counts.get(job, 0) + 1
    return counts


def check_files(stack: DrillStack) -> None:
    """Every stored file belongs to a job and every job's file is there; no upload part is left over.

    A searchable PDF kept beside an upload belongs to that upload's job; the page previews of a document
    (`previews/<user>/<sha256>/`) belong to a job of that user with a stored copy of that document.
    """
    from app.jobs.storage import stored_original

    previews = stack.upload_dir / "previews"
    stored_files = [p for p in stack.upload_dir.rglob("*") if p.is_file() and previews not in p.parents]
    shown = {(d.parent.name, d.name) for d in previews.glob("*/*") if d.is_dir()}
    kept = {(str(r[0]), r[1]) for r in stack.query("SELECT DISTINCT user_id, sha256 FROM ocr_results "
                                                    "WHERE storage_path IS NOT NULL")}
    assert not shown - kept, f"{len(shown - kept)} previews of no stored document, e.g. {sorted(shown - kept)[:3]}"
    stored = {str(p.resolve()) for p in stored_files if stored_original(p) == str(p)}
    beside = {str(Path(stored_original(p)).resolve()) for p in stored_files if stored_original(p) != str(p)}
    referenced = {r[0] for r in stack.query("SELECT DISTINCT storage_path FROM ocr_results "
                                            "WHERE storage_path IS NOT NULL")}
    referenced = {str(Path(p).resolve()) for p in referenced}
    orphans = sorted((stored | beside) - referenced)
    lost = sorted(referenced - stored)
    assert not orphans, f"{len(orphans)} orphaned files, e.g. {orphans[:3]}"
    assert not lost, f"{len(lost)} jobs lost their file, e.g. {lost[:3]}"


def rss_summary(samples: list[tuple[float, float]]) -> dict:
    """Largest OCR process RSS near the start, in the middle and at the end of the run, by jobs finished."""
    if not samples:
        return {}
    last = samples[-1][0]

    def near(fraction: float) -> float:
        target = last * fraction
        return round(min(samples, key=lambda s: abs(s[0] - target))[1], 0)

    return {"jobs_finished": last, "at_5pct": near(0.05), "at_50pct": near(0.5), "at_end": near(1.0),
            "max": round(max(s[1] for s in samples), 0)}
