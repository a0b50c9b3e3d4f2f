"""Export a user's jobs as CSV, XLSX or JSON Lines, streamed from a server-side cursor.

Rows are read `CHUNK` at a time (never the whole result set), and only the columns an export
needs: never the text, the blocks or the stored file. CSV and JSON Lines are written as the
rows arrive; XLSX goes through openpyxl's write-only workbook into a temporary file that is
then streamed and removed.
"""

from __future__ import annotations

import csv
import io
import json
import os
import tempfile
from collections.abc import Iterable, Iterator
from datetime import datetime
from typing import Any

from sqlalchemy import select

from app.extensions import db
from app.models import OcrResult

CHUNK = 500
FORMATS = {"csv": "text/csv; charset=utf-8", "jsonl": "application/x-ndjson",
           "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
JOB_COLUMNS = ("ocr_result_id", "task_id", "batch_id", "status", "filename", "created_at", "finished_at",
               "page_count", "confidence_score", "error_code")
FIELD_COLUMNS = ("document_type", "language", "invoice_number", "date", "due_date", "vendor", "seller_tax_id",
                 "buyer", "currency", "subtotal", "tax", "total_amount", "iban", "needs_review")
COLUMNS = JOB_COLUMNS + FIELD_COLUMNS
ITEM_COLUMNS = ("ocr_result_id", "line", "description", "quantity", "unit_price", "amount", "tax_rate")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_SELECTED = (OcrResult.id, OcrResult.task_id, OcrResult.batch_id, OcrResult.status, OcrResult.original_filename,
             OcrResult.created_at, OcrResult.finished_at, OcrResult.page_count, OcrResult.confidence_score,
             OcrResult.error_code, OcrResult.extracted_data)


def job_rows(user_id: int, filters: dict) -> Iterator[Any]:
    """Yield the user's jobs matching `filters` (oldest first), fetched in chunks from a server-side cursor."""
    query = select(*_SELECTED).where(OcrResult.user_id == user_id)
    if filters.get("status"):
        query = query.where(OcrResult.status == filters["status"])
    if filters.get("batch_id"):
        query = query.where(OcrResult.batch_id == filters["batch_id"])
    if filters.get("from"):
        query = query.where(OcrResult.created_at >= filters["from"])
    if filters.get("to"):
        query = query.where(OcrResult.created_at < filters["to"])
    query = query.order_by(OcrResult.created_at, OcrResult.id).execution_options(yield_per=CHUNK)
    result = db.session.execute(query)
    try:
        yield from result
    finally:
        result.close()


def flat(row: Any) -> dict[str, Any]:
    """Return one job's export columns."""
    data = row.extracted_data or {}
    seller = data.get("seller") if isinstance(data.get("seller"), dict) else {}
    buyer = data.get("buyer") if isinstance(data.get("buyer"), dict) else {}
    out = {"ocr_result_id": row.id, "task_id": str(row.task_id), "batch_id": str(row.batch_id or "") or None,
           "status": row.status, "filename": row.original_filename, "created_at": _iso(row.created_at),
           "finished_at": _iso(row.finished_at), "page_count": row.page_count,
           "confidence_score": row.confidence_score, "error_code": row.error_code}
    for name in FIELD_COLUMNS:
        out[name] = data.get(name)
    out["vendor"] = data.get("vendor") or seller.get("name")
    out["seller_tax_id"] = seller.get("tax_id")
    out["buyer"] = buyer.get("name")
    review = data.get("needs_review")
    out["needs_review"] = bool(review) if review is not None else None
    return out


def line_items(row: Any) -> list[dict[str, Any]]:
    """Return one job's line items as export rows."""
    items = (row.extracted_data or {}).get("line_items") or []
    out = []
    for n, item in enumerate(items, start=1):
        if isinstance(item, dict):
            out.append({"ocr_result_id": row.id, "line": n} | {k: _scalar(item.get(k)) for k in ITEM_COLUMNS[2:]})
    return out


def csv_stream(rows: Iterable[Any]) -> Iterator[str]:
    """Yield a CSV header and one line per job."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    for count, row in enumerate(rows, start=1):
        values = flat(row)
        writer.writerow([_cell(values[c]) for c in COLUMNS])
        if count % 100 == 0:
            yield _drain(buffer)
    yield _drain(buffer)


def jsonl_stream(rows: Iterable[Any]) -> Iterator[str]:
    """Yield one JSON object per job: its columns, its line items and every extracted field."""
    for row in rows:
        record = flat(row) | {"line_items": line_items(row), "extracted_data": row.extracted_data}
        yield json.dumps(record, ensure_ascii=False, default=str) + "\n"


def xlsx_stream(rows: Iterable[Any]) -> Iterator[bytes]:
    """Write a workbook (sheets `jobs` and `line_items`) to a temporary file, then yield its bytes."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    jobs, items = workbook.create_sheet("jobs"), workbook.create_sheet("line_items")
    jobs.append(COLUMNS)
    items.append(ITEM_COLUMNS)
    for row in rows:
        values = flat(row)
        jobs.append([_cell(values[c]) for c in COLUMNS])
        for item in line_items(row):
            items.append([_cell(item[c]) for c in ITEM_COLUMNS])
    fd, path = tempfile.mkstemp(prefix="ocrflow-export-", suffix=".xlsx")
    try:
        os.close(fd)
        workbook.save(path)
        with open(path, "rb") as fh:
            while chunk := fh.read(64 * 1024):
                yield chunk
    finally:
        os.unlink(path)


def _drain(buffer: io.StringIO) -> str:
    text = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    return text


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _scalar(value: Any) -> Any:
    return json.dumps(value, ensure_ascii=False) if isinstance(value, dict | list) else value


def _cell(value: Any) -> Any:
    """A spreadsheet-safe value: text that a spreadsheet would run as a formula is quoted."""
    value = _scalar(value)
    if isinstance(value, str) and value.startswith(_FORMULA_START) and not _number(value):
        return "'" + value
    return value


def _number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True
