"""`Client`: submit documents, follow them by live events (polling when the socket is down), export results."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from ocrflow_client import local
from ocrflow_client.auth import Credentials
from ocrflow_client.errors import AuthError, NotFound, OcrflowError, WaitTimeout
from ocrflow_client.events import EventStream
from ocrflow_client.models import Event, Job
from ocrflow_client.transport import Transport

API = "/api/ocr-async"
OPTIONS = ("language", "priority", "template_id", "confidence_threshold", "extract_format", "force")
POLL_WHEN_DOWN_S = 5.0  # poll unfinished jobs this often while the socket is down
QUIET_POLL_S = 60.0  # and a job no event has touched for this long, even while it is up
UNCLAIMED_MAX = 10_000


class Client:
    """A connection to one ocrflow server as one user."""

    def __init__(self, url: str | None = None, token: str | None = None, *, refresh_token: str | None = None,
                 email: str | None = None, password: str | None = None, timeout: float = 60,
                 retry_for: float = 600, journal: bool = True):
        url = url or os.environ.get("OCRFLOW_URL") or "http://127.0.0.1:5000"
        token = token or os.environ.get("OCRFLOW_TOKEN")
        self.credentials = Credentials(url, token, refresh_token, email, password)
        self.transport = Transport(self.credentials, timeout=timeout, retry_for=retry_for)
        self.url = self.credentials.url
        self.use_journal = journal
        self._journal: local.Journal | None = None
        self._stream: EventStream | None = None
        self._stream_lock = threading.Lock()
        self._jobs: dict[int, list[Job]] = {}
        self._unclaimed: dict[int, list[Event]] = {}
        self._touched: dict[int, float] = {}
        self._cond = threading.Condition()
        self._listeners: list[Callable[[Job], None]] = []

    @classmethod
    def from_saved(cls, url: str | None = None, **kwargs) -> Client:
        """Build from `OCRFLOW_URL`/`OCRFLOW_TOKEN`, else the login saved by `ocrflow login`."""
        saved = local.load_login()
        url = url or os.environ.get("OCRFLOW_URL") or saved.get("url")
        token = os.environ.get("OCRFLOW_TOKEN")
        from_login = False
        if not token and saved.get("refresh_token") and (url or "").rstrip("/") == saved.get("url", "").rstrip("/"):
            token, from_login = saved["refresh_token"], True
        if not token:
            raise AuthError("no_credentials", "Not logged in: run `ocrflow login` or set OCRFLOW_TOKEN")
        client = cls(url, token, **kwargs)
        if from_login:  # refresh tokens rotate on use: keep the saved login on the current one

            def keep(new: str) -> None:
                local.save_login(saved["url"], saved.get("email", ""), new)

            client.credentials.on_rotated = keep
        return client

    @property
    def requests_made(self) -> int:
        """HTTP requests made so far (socket handshakes included)."""
        return self.transport.requests

    def close(self) -> None:
        """Close the event stream and the HTTP session."""
        with self._stream_lock:
            if self._stream is not None:
                self._stream.close()
                self._stream = None
        self.transport.session.close()

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *_exc) -> None:
        self.close()

    # -- jobs ------------------------------------------------------------------------------------
    def status(self, ocr_result_id: int) -> Job:
        """Read a job's state (and its result or error once final)."""
        job = Job(int(ocr_result_id), _client=self)
        self._refresh(job)
        self._register(job)
        return job

    def submit(self, path: str | os.PathLike, **options) -> Job:
        """Upload one file (resumable: the same file and options give the same job); raise if refused."""
        job = self._submit_one(Path(path), _clean(options))
        if job.status == "rejected" and job.error is not None:
            raise OcrflowError(job.error.code, job.error.message)
        return job

    def submit_many(self, paths: Iterable[str | os.PathLike], batch_size: int = 50, concurrency: int = 4,
                    on_job: Callable[[Job], None] | None = None, **options) -> list[Job]:
        """Upload files `batch_size` at a time (at most that many in memory); a refused file is a rejected Job."""
        options = _clean(options)
        workers = max(1, min(concurrency, batch_size))
        jobs: list[Job] = []
        batch: list[Path] = []
        pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="ocrflow-upload")

        def one(path: Path) -> Job:
            job = self._submit_one(path, options, rejected_ok=True)
            if on_job is not None:
                on_job(job)
            return job

        try:
            for path in [*map(Path, paths), None]:
                if path is not None:
                    batch.append(path)
                if batch and (path is None or len(batch) >= batch_size):
                    jobs += pool.map(one, batch)
                    batch = []
        finally:
            # Interrupted: uploads in flight finish (and are journaled); the rest never start.
            pool.shutdown(wait=True, cancel_futures=True)
        return jobs

    def cancel(self, job: Job) -> str:
        """Ask the server to cancel a job; return the status it answers."""
        body = self.transport.request("POST", f"{API}/cancel/{job.task_id}").json()
        return body.get("status", "")

    def _submit_one(self, path: Path, options: dict, rejected_ok: bool = False) -> Job:
        job = Job(None, status="uploading", file=str(path), _client=self)
        try:
            sha = local.file_sha256(path)
            key = local.idempotency_key(sha, options)
            known = self.journal.get(key) if self.use_journal else None
            if known is not None and self._pick_up(job, known):
                return job
            self._upload(job, path, key, options)
        except OcrflowError as exc:
            if isinstance(exc, AuthError) or not rejected_ok:
                raise
            job.status, job.error = "rejected", _error(exc)
        except OSError as exc:
            job.status, job.error = "rejected", _error(OcrflowError("unreadable_file", str(exc)))
        return job

    def _pick_up(self, job: Job, known: int) -> bool:
        """Take up a job a previous run created; False when it no longer exists."""
        job.ocr_result_id = known
        try:
            self._refresh(job)
        except NotFound:
            job.ocr_result_id = None
            return False
        job.resumed = True
        self._register(job)
        return True

    def _upload(self, job: Job, path: Path, key: str, options: dict) -> None:
        data = path.read_bytes()
        form = {k: str(v).lower() if isinstance(v, bool) else str(v) for k, v in options.items()}
        response = self.transport.request(
            "POST", f"{API}/process-async", headers={"Idempotency-Key": key}, data=form,
            files=lambda: {"file": (path.name, data, "application/octet-stream")})

        body = response.json()
        job.ocr_result_id = int(body["ocr_result_id"])
        job.update_from_status(body)
        if self.use_journal:
            self.journal.record(key, job.ocr_result_id)
        if job.done:
            self._refresh(job)  # a final job from the 202 (a cache hit, an earlier run): fetch its result
        self._register(job)

    def _refresh(self, job: Job) -> None:
        body = self.transport.request("GET", f"{API}/status/{job.ocr_result_id}").json()
        job.update_from_status(body)
        self._touched[job.ocr_result_id or 0] = time.monotonic()

    @property
    def journal(self) -> local.Journal:
        """The resume journal of this user on this server."""
        if self._journal is None:
            self._journal = local.Journal(self.url, self.credentials.user_id)
        return self._journal

    # -- waiting ---------------------------------------------------------------------------------
    def listen(self, callback: Callable[[Job], None]) -> None:
        """Call `callback(job)` whenever a job changes while waiting (used by progress displays)."""
        self._listeners.append(callback)

    def follow(self) -> EventStream:
        """Start following live events for `wait` (call before submitting, so no event is missed)."""
        with self._stream_lock:
            if self._stream is None:
                self._stream = EventStream(self.transport, after=None)
                self._stream.start(wait=False)
                threading.Thread(target=self._dispatch, args=(self._stream,), name="ocrflow-dispatch",
                                 daemon=True).start()
            stream = self._stream
        stream.wait_live(stream.connect_timeout + 5)
        return stream

    def wait(self, jobs: Iterable[Job], timeout: float | None = None) -> list[Job]:
        """Block until every job is final; events drive it, status polls fill in while the socket is down."""
        jobs = list(jobs)
        already_following = self._stream is not None and self._stream.live
        stream = self.follow()
        if not already_following:
            for job in self._pending(jobs):  # events before the socket was up were not seen
                self._refresh(job)
        deadline = None if timeout is None else time.monotonic() + timeout
        last_poll = time.monotonic()
        while pending := self._pending(jobs):
            stream.raise_fatal()
            if deadline is not None and time.monotonic() >= deadline:
                raise WaitTimeout("timeout", f"{len(pending)} job(s) not finished after {timeout}s")
            with self._cond:
                self._cond.wait(0.5)
            now = time.monotonic()
            if not stream.live and now - last_poll >= POLL_WHEN_DOWN_S:
                last_poll = now
                self._poll(pending, self._refresh)
            else:
                self._poll([j for j in pending if now - self._touched.get(j.ocr_result_id or 0, now) > QUIET_POLL_S],
                           self._refresh)
        return jobs

    def _poll(self, jobs: list[Job], refresh) -> None:
        for job in jobs:
            refresh(job)
            self._notify(job)

    def _pending(self, jobs: list[Job]) -> list[Job]:
        with self._cond:
            return [j for j in jobs if j.ocr_result_id is not None and not (j.done and j.has_result)]

    def _register(self, job: Job) -> None:
        if job.ocr_result_id is None:
            return
        with self._cond:
            self._jobs.setdefault(job.ocr_result_id, []).append(job)
            self._touched.setdefault(job.ocr_result_id, time.monotonic())
            for event in self._unclaimed.pop(job.ocr_result_id, []):
                job.update_from_event(event)

    def _dispatch(self, stream: EventStream) -> None:
        """Apply the stream's events to registered jobs (kept aside briefly for jobs not registered yet)."""
        while self._stream is stream:
            try:
                event = stream.get(timeout=0.5)
            except OcrflowError:
                with self._cond:
                    self._cond.notify_all()
                return
            if event is None or event.ocr_result_id is None:
                continue
            with self._cond:
                targets = self._jobs.get(event.ocr_result_id)
                if targets is None:
                    self._keep_unclaimed(event)
                    continue
                for job in targets:
                    job.update_from_event(event)
                self._touched[event.ocr_result_id] = time.monotonic()
                self._cond.notify_all()
            for job in targets:
                self._notify(job)

    def _keep_unclaimed(self, event: Event) -> None:
        self._unclaimed.setdefault(event.ocr_result_id or 0, []).append(event)
        if len(self._unclaimed) > UNCLAIMED_MAX:
            self._unclaimed.pop(next(iter(self._unclaimed)))

    def _notify(self, job: Job) -> None:
        for callback in self._listeners:
            callback(job)

    # -- events and export -----------------------------------------------------------------------
    def events(self, after: int | None = 0, timeout: float | None = None) -> Iterator[Event]:
        """Yield events after the cursor `after` (None: only new ones), then follow live; once each, in order.

        With `timeout`, stop after that many seconds without an event.
        """
        stream = EventStream(self.transport, after=after).start(wait=False)
        try:
            while True:
                event = stream.get(timeout=timeout if timeout is not None else 1.0)
                if event is not None:
                    yield event
                elif timeout is not None:
                    return
        finally:
            stream.close()

    def export(self, dest: str | os.PathLike, format: str = "jsonl", batch_id: str | None = None,
               status: str | None = None, from_: str | None = None, to: str | None = None) -> Path:
        """Stream `GET /results/export` (csv, xlsx or jsonl) into `dest`; return its path."""
        params = {k: v for k, v in (("format", format), ("batch_id", batch_id), ("status", status),
                                    ("from", from_), ("to", to)) if v}
        response = self.transport.request("GET", f"{API}/results/export", params=params, stream=True,
                                          timeout=(10, 300))
        path = Path(dest)
        with path.open("wb") as fh:
            for chunk in response.iter_content(1 << 16):
                fh.write(chunk)
        return path


def _clean(options: dict) -> dict:
    unknown = set(options) - set(OPTIONS)
    if unknown:
        raise TypeError(f"unknown option(s): {', '.join(sorted(unknown))}")
    return {k: v for k, v in options.items() if v is not None}


def _error(exc: OcrflowError):
    from ocrflow_client.models import ErrorInfo

    return ErrorInfo(exc.code, exc.message)
