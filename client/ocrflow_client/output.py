"""Result files: one JSON line per input file, or a CSV row with the main fields (DESIGN §11)."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from pathlib import Path

from ocrflow_client.models import Job

MAIN_FIELDS = ("document_type", "language", "vendor", "invoice_number", "date", "time", "due_date", "currency",
               "subtotal", "tax", "total_amount", "iban", "needs_review")
CSV_COLUMNS = ("file", "ocr_result_id", "status", "error_code", "error_message", *MAIN_FIELDS)


def write_results(path: Path, jobs: Iterable[Job]) -> None:
    """Write `.jsonl` (or `.json`) lines, or `.csv` rows, by the file's extension."""
    if path.suffix.lower() == ".csv":
        _write_csv(path, jobs)
    else:
        with path.open("w", encoding="utf-8") as fh:
            for job in jobs:
                fh.write(json.dumps(job.to_line(), ensure_ascii=False) + "\n")


def csv_row(job: Job) -> dict:
    """A job's CSV row: its line with the main extracted fields flattened."""
    line = job.to_line()
    data = line.pop("extracted_data") or {}
    error = line.pop("error") or {}
    return {**line, "error_code": error.get("code"), "error_message": error.get("message"),
            **{name: _cell(data.get(name)) for name in MAIN_FIELDS}}


def _cell(value: object) -> object:
    """Flatten a field for one CSV cell: the language object `{code, confidence, detected}` is its code."""
    return value.get("code") if isinstance(value, dict) and "code" in value else value


def _write_csv(path: Path, jobs: Iterable[Job]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=CSV_COLUMNS)
        writer.writeheader()
        for job in jobs:
            writer.writerow(csv_row(job))
