"""Exports of a user's jobs: CSV, XLSX and JSON Lines, filters, owners, and memory that stays flat."""

from __future__ import annotations

import csv
import io
import json
import tracemalloc
import uuid

import pytest
from openpyxl import load_workbook
from sqlalchemy import text

URL = "/api/ocr-async/results/export"


def _user_id(client, headers) -> int:  # type: ignore[no-untyped-def]
    return client.get("/api/auth/me", headers=headers).get_json()["id"]


def _data(n: int) -> dict:
    return {"document_type": "invoice", "language": "en", "invoice_number": f"INV-{n:05d}", "date": "2024-03-14",
            "due_date": "2024-04-13", "vendor": "=HYPERLINK(\"x\")" if n == 0 else f"Seller {n}",
            "seller": {"name": f"Seller {n}", "tax_id": "DE136695976"}, "buyer": {"name": "Buyer Ltd"},
            "currency": "EUR", "subtotal": "100.00", "tax": "19.00", "total_amount": f"{119 + n}.00",
            "iban": "DE89370400440532013000", "needs_review": [],
            "line_items": [{"description": "Widget, large", "quantity": "2", "unit_price": "50.00",
                            "amount": "100.00", "tax_rate": "19"}]}


def _insert(app, user_id: int, count: int, *, status: str = "completed", batch: uuid.UUID | None = None,  # type: ignore[no-untyped-def]
            created: str = "2024-03-14T10:00:00+00:00") -> None:
    from app.extensions import db

    with app.app_context():
        db.session.execute(text(
            "INSERT INTO ocr_results (task_id, user_id, batch_id, status, stage, original_filename, "
            "extracted_data, page_count, created_at, updated_at) "
            "SELECT gen_random_uuid(), :user, :batch, :status, 'done', 'doc-' || n || '.pdf', "
            "jsonb_set(CAST(:data AS jsonb), '{invoice_number}', to_jsonb('INV-' || n)), 1, "
            "CAST(:created AS timestamptz) + n * interval '1 second', now() "
            "FROM generate_series(0, :count - 1) AS n"),
            {"user": user_id, "batch": batch, "status": status, "data": json.dumps(_data(0)), "created": created,
             "count": count})
        db.session.commit()


def _batch(app, user_id: int) -> uuid.UUID:  # type: ignore[no-untyped-def]
    from app.extensions import db

    batch = uuid.uuid4()
    with app.app_context():
        db.session.execute(text("INSERT INTO batches (id, user_id) VALUES (:id, :user)"), {"id": batch, "user": user_id})
        db.session.commit()
    return batch


def _csv(client, headers, **query) -> list[dict]:  # type: ignore[no-untyped-def]
    r = client.get(URL, headers=headers, query_string={"format": "csv", **query})
    assert r.status_code == 200, r.get_json()
    assert r.mimetype == "text/csv" and "attachment" in r.headers["Content-Disposition"]
    return list(csv.DictReader(io.StringIO(r.get_data(as_text=True))))


def test_formats_hold_the_right_rows(app, client, make_user):
    _, _, headers = make_user()
    _, _, other = make_user("other")
    me = _user_id(client, headers)
    batch = _batch(app, me)
    _insert(app, me, 3, batch=batch)
    _insert(app, me, 1, status="failed", created="2024-05-01T00:00:00+00:00")
    _insert(app, _user_id(client, other), 2)

    rows = _csv(client, headers)
    assert len(rows) == 4 and {r["status"] for r in rows} == {"completed", "failed"}
    first = rows[0]
    assert first["invoice_number"] == "INV-0" and first["total_amount"] == "119.00" and first["currency"] == "EUR"
    assert first["vendor"].startswith("'=") and first["seller_tax_id"] == "DE136695976"
    assert first["batch_id"] == str(batch) and first["needs_review"] == "False"

    r = client.get(URL, headers=headers, query_string={"format": "jsonl"})
    assert r.status_code == 200 and r.mimetype == "application/x-ndjson"
    records = [json.loads(line) for line in r.get_data(as_text=True).splitlines()]
    assert [x["invoice_number"] for x in records] == ["INV-0", "INV-1", "INV-2", "INV-0"]
    assert records[0]["line_items"] == [{"ocr_result_id": records[0]["ocr_result_id"], "line": 1,
                                         "description": "Widget, large", "quantity": "2", "unit_price": "50.00",
                                         "amount": "100.00", "tax_rate": "19"}]

    r = client.get(URL, headers=headers, query_string={"format": "xlsx"})
    assert r.status_code == 200
    book = load_workbook(io.BytesIO(r.data), read_only=True)
    assert book.sheetnames == ["jobs", "line_items"]
    jobs = list(book["jobs"].iter_rows(values_only=True))
    items = list(book["line_items"].iter_rows(values_only=True))
    assert len(jobs) == 5 and jobs[0][0] == "ocr_result_id" and len(items) == 5
    assert jobs[1][jobs[0].index("invoice_number")] == "INV-0"


def test_filters_and_bad_values(app, client, make_user):
    _, _, headers = make_user()
    me = _user_id(client, headers)
    batch = _batch(app, me)
    _insert(app, me, 2, batch=batch, created="2024-01-10T00:00:00+00:00")
    _insert(app, me, 3, status="failed", created="2024-02-10T00:00:00+00:00")
    assert len(_csv(client, headers, batch_id=str(batch))) == 2
    assert len(_csv(client, headers, status="failed")) == 3
    assert len(_csv(client, headers, **{"from": "2024-02-01"})) == 3
    assert len(_csv(client, headers, to="2024-02-01T00:00:00Z")) == 2
    assert len(_csv(client, headers, **{"from": "2024-01-10T00:00:01Z", "to": "2024-02-10T00:00:01Z"})) == 2
    assert _csv(client, headers, batch_id=str(uuid.uuid4())) == []
    # Any offset Python accepts is converted to UTC first (PostgreSQL refuses those beyond ±15:59).
    assert len(_csv(client, headers, **{"from": "2024-02-10T15:00:00+16:00"})) == 3
    for bad in ({"format": "pdf"}, {"status": "done"}, {"batch_id": "nope"}, {"from": "yesterday"},
                {"from": "2024-02-01", "to": "2024-01-01"}):
        r = client.get(URL, headers=headers, query_string=bad)
        assert r.status_code == 422, bad
        assert r.get_json()["error"]["details"], bad
    assert client.get(URL).status_code == 401


@pytest.mark.timeout(300)
@pytest.mark.parametrize("fmt", ["csv", "jsonl", "xlsx"])
def test_memory_stays_flat_as_jobs_grow(app, client, make_user, fmt: str):
    peaks = {}
    for count in (1000, 2000):
        _, _, headers = make_user(f"bulk{count}")
        _insert(app, _user_id(client, headers), count)
        tracemalloc.start()
        r = client.get(URL, headers=headers, query_string={"format": fmt}, buffered=False)
        size = sum(len(chunk) for chunk in r.response)
        peaks[count] = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        r.close()
        assert size > count * 100
    assert peaks[2000] < 1.5 * peaks[1000], peaks
