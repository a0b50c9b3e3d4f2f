"""What `ocrflow submit` shows while it runs: rich bars on a terminal, plain lines otherwise, or nothing."""

from __future__ import annotations

import sys
import threading
import time
from collections import Counter

from rich.console import Console
from rich.progress import BarColumn, Progress, TaskID, TextColumn, TimeElapsedColumn
from rich.table import Table

from ocrflow_client.models import Job


class Display:
    """The silent display (`--quiet`, `--json`); the base of the others."""

    def start(self, total: int) -> None:
        """The run begins with `total` files."""

    def accepted(self, job: Job) -> None:
        """A file was uploaded (or picked up) or refused."""

    def update(self, job: Job) -> None:
        """A job changed stage, progress or status."""

    def note(self, text: str) -> None:
        """A line worth telling (pacing waits, reconnects)."""

    def stop(self) -> None:
        """The run ended."""


class Lines(Display):
    """Plain lines on stderr, one per upload and per stage change, for logs and pipes."""

    def __init__(self, stream=None):
        self.stream = stream or sys.stderr
        self._last: dict[int, tuple] = {}
        self._lock = threading.Lock()

    def _print(self, text: str) -> None:
        with self._lock:
            print(text, file=self.stream, flush=True)

    def accepted(self, job: Job) -> None:
        """Print the upload's outcome."""
        if job.status == "rejected":
            self._print(f"rejected  {job.file}  {job.error.code if job.error else ''}: "
                        f"{job.error.message if job.error else ''}")
        else:
            self._print(f"{'resumed' if job.resumed else 'accepted':<9} {job.file}  job {job.ocr_result_id}  {job.status}")
            self._last[job.ocr_result_id or 0] = (job.status, job.stage)

    def update(self, job: Job) -> None:
        """Print a stage change or the final state."""
        key = (job.status, job.stage)
        if job.ocr_result_id is None or self._last.get(job.ocr_result_id) == key:
            return
        self._last[job.ocr_result_id] = key
        if job.status == "failed":
            self._print(f"failed    {job.file}  job {job.ocr_result_id}  {job.error.code if job.error else ''}")
        elif job.done:
            self._print(f"{job.status:<9} {job.file}  job {job.ocr_result_id}")
        else:
            self._print(f"progress  {job.file}  job {job.ocr_result_id}  {job.stage} {job.progress}%")

    def note(self, text: str) -> None:
        """Print a note."""
        self._print(text)


class Bars(Display):
    """One bar for the run and one per document in flight, fed by the live events."""

    def __init__(self, console: Console):
        self.console = console
        self.progress = Progress(TextColumn("{task.description}"), BarColumn(), TextColumn("{task.percentage:>3.0f}%"),
                                 TimeElapsedColumn(), console=console, transient=False)
        self._overall: TaskID | None = None
        self._rows: dict[int, TaskID] = {}
        self._final: set[int] = set()
        self._lock = threading.Lock()

    def start(self, total: int) -> None:
        """Show the run's bar."""
        self.progress.start()
        self._overall = self.progress.add_task(f"{total} documents", total=total)

    def accepted(self, job: Job) -> None:
        """Count a refused file as done; add a row for an accepted one."""
        if job.status == "rejected":
            self._finish_one()
            self.console.print(f"[red]rejected[/] {job.file}: {job.error.code if job.error else ''}")
        else:
            self.update(job)

    def update(self, job: Job) -> None:
        """Move the document's bar, and the run's when it ends."""
        if job.ocr_result_id is None:
            return
        with self._lock:
            row = self._rows.get(job.ocr_result_id)
            if row is None:
                if job.status == "queued" or (job.done and job.status == "completed"):
                    self._count_final(job)  # rows only for documents being read: a long queue stays off screen
                    return
                row = self._rows[job.ocr_result_id] = self.progress.add_task("", total=100)
            name = (job.file or str(job.ocr_result_id)).rsplit("/", 1)[-1]
            self.progress.update(row, completed=100 if job.done else job.progress,
                                 description=f"  {name[:32]:<32} {job.status if job.done else job.stage or job.status}")
            if job.done:
                self.progress.update(row, visible=job.status != "completed")
            self._count_final(job)

    def _count_final(self, job: Job) -> None:
        if job.done and job.ocr_result_id is not None and job.ocr_result_id not in self._final:
            self._final.add(job.ocr_result_id)
            self._finish_one()

    def _finish_one(self) -> None:
        if self._overall is not None:
            self.progress.advance(self._overall)

    def note(self, text: str) -> None:
        """Print a note above the bars."""
        self.console.print(text)

    def stop(self) -> None:
        """Stop redrawing."""
        self.progress.stop()


def summary(jobs: list[Job], seconds: float, requests: int) -> dict:
    """Counts by status, failure codes, time and requests, for the end of a run."""
    statuses = Counter(j.status for j in jobs)
    codes: dict[str, Counter] = {}
    for job in jobs:
        if job.error is not None:
            codes.setdefault(job.status, Counter())[job.error.code] += 1
    return {"files": len(jobs), "statuses": dict(statuses), "errors": {s: dict(c) for s, c in codes.items()}, "seconds": round(seconds, 2),
            "requests": requests}


def print_summary(console: Console, facts: dict) -> None:
    """Print the summary table."""
    table = Table(title=f"{facts['files']} files in {facts['seconds']:.1f}s ({facts['requests']} requests)")
    table.add_column("status")
    table.add_column("files", justify="right")
    table.add_column("error codes")
    for status, n in sorted(facts["statuses"].items()):
        codes = ", ".join(f"{c} ×{k}" for c, k in sorted(facts["errors"].get(status, {}).items()))
        table.add_row(status, str(n), codes)
    console.print(table)


def now() -> float:
    """A monotonic clock, for the run's time."""
    return time.monotonic()
