"""A user's corrections become training rows: the next receipt of the same seller is read right.

End to end through the API, the Celery worker and the real OCR engine: the scorer misreads a
seller's layout (the total is printed after `Settled`, between two larger amounts); once the
user corrects one receipt, their next receipt of that seller takes the total from the row the
correction pointed to. Another user's receipts are not affected.
"""

from __future__ import annotations

import pytest

from tests.support.images import png_bytes
from tests.support.jobs import upload, wait_for


def _receipt(n: int, total: str, other: str) -> bytes:
    return png_bytes(["NORTHWIND TRADERS LTD", "12 Harbour Road, Portsmouth", f"Invoice INV{n:04d}",
                      "Date 03/04/2024", "Widget        2 x 3.10", f"Carried forward   {other}",
                      f"Settled   {total}", f"Loyalty points   {other}", "Thank you"])


def _extract(client, headers, data: bytes, name: str) -> dict:
    status, body = upload(client, headers, data, name, force="true")
    assert status == 202, body
    done = wait_for(client, headers, body["ocr_result_id"])
    assert done["status"] == "completed", done
    return done


@pytest.mark.timeout(400)
def test_a_corrected_receipt_improves_the_users_next_receipt_of_that_seller(client, make_user, worker):
    alice, bob = make_user()[2], make_user()[2]
    first = _extract(client, alice, _receipt(1, "6.20", "15.00"), "r1.png")
    assert first["extracted_data"]["total_amount"] != 6.20  # the layout the scorer gets wrong

    r = client.patch(f"/api/ocr-async/results/{first['ocr_result_id']}/fields", headers=alice,
                     json={"total_amount": 6.20, "vendor": "NORTHWIND TRADERS LTD"})
    assert r.status_code == 200, r.get_json()

    second = _extract(client, alice, _receipt(2, "9.30", "21.00"), "r2.png")["extracted_data"]
    assert second["total_amount"] == 9.30
    assert second["fields"]["total_amount"]["source"] == "model"

    stranger = _extract(client, bob, _receipt(2, "9.30", "21.00"), "r2.png")["extracted_data"]
    assert stranger["total_amount"] != 9.30  # another user's corrections are not theirs
