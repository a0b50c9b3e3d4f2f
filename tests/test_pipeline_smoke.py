"""A dev receipt through the real pipeline: upload → queued → processing → completed."""

from __future__ import annotations

import pytest

from tests.support.jobs import receipt_bytes, upload, wait_for


@pytest.mark.timeout(180)
def test_receipt_completes_with_its_total(client, auth_headers, worker, receipts):
    label = receipts[0]
    status, body = upload(client, auth_headers, receipt_bytes(label["file"].split("/")[-1]))
    assert status == 202, body
    done = wait_for(client, auth_headers, body["ocr_result_id"])
    assert done["status"] == "completed", done
    assert label["total"] in done["extracted_text"]
