"""Searchable PDFs and text-layer-first reading, end to end: API, real worker, real OCR engine."""

from __future__ import annotations

import io
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from tests.support.images import png_bytes
from tests.support.jobs import receipt_bytes, upload, wait_for
from tests.support.pdfs import born_digital

INVOICE = [(60, 60, "ACME Trading GmbH", 18), (60, 100, "Invoice No. INV-2024-0042", 12),
           (60, 400, "Total due", 12), (420, 400, "1,234.56 EUR", 12)]


def _norm(text: str) -> str:
    return "".join(text.split()).casefold()


def _done(client, headers, data: bytes, name: str) -> dict:  # type: ignore[no-untyped-def]
    status, body = upload(client, headers, data, name, force="true")
    assert status == 202, body
    done = wait_for(client, headers, body["ocr_result_id"], timeout=180)
    assert done["status"] == "completed", done
    return done


def _pdf(client, headers, job_id: int) -> pdfium.PdfDocument:  # type: ignore[no-untyped-def]
    r = client.get(f"/api/ocr-async/results/{job_id}/searchable.pdf", headers=headers)
    assert r.status_code == 200, r.get_json()
    assert r.mimetype == "application/pdf" and r.headers["X-Content-Type-Options"] == "nosniff"
    return pdfium.PdfDocument(io.BytesIO(r.data))


def _job_pages(app, job_id: int) -> list[dict]:  # type: ignore[no-untyped-def]
    from app.extensions import db
    from app.models import OcrResult

    with app.app_context():
        return db.session.get(OcrResult, job_id).pages


@pytest.mark.timeout(300)
def test_receipt_photo_becomes_a_pdf_whose_words_sit_on_their_boxes(app, client, make_user, worker, receipts):
    label = receipts[1]
    _, _, headers = make_user()
    done = _done(client, headers, receipt_bytes(label["file"].split("/")[-1]), "receipt.jpg")
    blocks = [b for b in done["text_blocks"] if b["text"].strip()]
    assert blocks and all(b["source"] == "ocr" for b in blocks)
    assert [p["source"] for p in _job_pages(app, done["ocr_result_id"])] == ["ocr"]
    pdf = _pdf(client, headers, done["ocr_result_id"])
    assert len(pdf) == 1
    page = pdf[0]
    textpage = page.get_textpage()
    width_pt, height_pt = page.get_size()
    sx, sy = width_pt / label["width"], height_pt / label["height"]
    assert _norm(label["total"]) in _norm(textpage.get_text_range())
    inside = 0
    for b in blocks:  # each recognised phrase is found inside its own box, where it is printed
        xs, ys = [p[0] for p in b["bounding_box"]], [p[1] for p in b["bounding_box"]]
        found = textpage.get_text_bounded(left=min(xs) * sx - 1, right=max(xs) * sx + 1,
                                          top=height_pt - min(ys) * sy + 1, bottom=height_pt - max(ys) * sy - 1)
        inside += _norm(b["text"]) in _norm(found)
    assert inside >= 0.95 * len(blocks)
    words = textpage.get_text_range()
    positions = [_norm(words).find(_norm(b["text"])) for b in blocks[:10]]
    assert positions == sorted(positions) and min(positions) >= 0  # in reading order


@pytest.mark.timeout(300)
def test_born_digital_pdf_is_read_from_its_text_and_returned_as_it_was(app, client, make_user, worker,
                                                                      tmp_path: Path):
    _, _, headers = make_user()
    data = born_digital(tmp_path / "inv.pdf", [INVOICE]).read_bytes()
    done = _done(client, headers, data, "invoice.pdf")
    assert [b["text"] for b in done["text_blocks"]] == [
        "ACME Trading GmbH", "Invoice No. INV-2024-0042", "Total due", "1,234.56 EUR"]
    assert {b["source"] for b in done["text_blocks"]} == {"text_layer"}
    assert done["engine"]["name"] == "text_layer" and done["confidence_score"] == 1.0
    assert [p["source"] for p in _job_pages(app, done["ocr_result_id"])] == ["text_layer"]
    r = client.get(f"/api/ocr-async/results/{done['ocr_result_id']}/searchable.pdf", headers=headers)
    assert r.status_code == 200 and r.data == data


@pytest.mark.timeout(300)
def test_a_page_without_text_gives_a_valid_pdf_and_links_and_owners_are_checked(client, make_user, worker):
    _, _, headers = make_user()
    _, _, stranger = make_user("stranger")
    blank = png_bytes([], width=600)
    done = _done(client, headers, blank, "blank.png")
    job_id = done["ocr_result_id"]
    pdf = _pdf(client, headers, job_id)
    assert len(pdf) == 1 and pdf[0].get_textpage().count_chars() == 0
    assert client.get(f"/api/ocr-async/results/{job_id}/searchable.pdf", headers=stranger).status_code == 404
    assert client.get(f"/api/ocr-async/results/{job_id}/searchable.pdf").status_code == 401
    links = client.post(f"/api/ocr-async/results/{job_id}/links", headers=headers).get_json()
    r = client.get(links["searchable_pdf_url"])
    assert r.status_code == 200 and r.data.startswith(b"%PDF")
    forged = links["file_url"].replace("/file?", "/searchable.pdf?")
    assert client.get(forged).status_code == 401  # a link made for the file opens nothing else
    status, cached = upload(client, headers, blank, "again.png")  # the same file: a cached result
    assert status == 202 and cached["cache_hit"] is True
    again = client.get(f"/api/ocr-async/results/{cached['ocr_result_id']}/searchable.pdf", headers=headers)
    assert again.status_code == 200 and again.data == client.get(
        f"/api/ocr-async/results/{job_id}/searchable.pdf", headers=headers).data


def test_a_mixed_pdf_keeps_its_text_page_and_gains_hidden_text_on_its_scanned_page(tmp_path: Path) -> None:
    from app.ocr.document import recognize_document
    from app.ocr.pages import open_document
    from app.ocr.searchable import build_searchable_pdf
    from app.ocr.types import EngineInfo, TextBlock
    from tests.ocr_helpers import ocr_config
    from tests.support.images import text_image
    from tests.support.pdfs import picture_pdf

    class OneBlock:
        info = EngineInfo("fake", "fake", "cpu")

        def recognize(self, image):  # type: ignore[no-untyped-def]
            return [TextBlock("Scanned total 42.00", 0.9, ((40, 40), (600, 40), (600, 90), (40, 90)))]

    text_page = born_digital(tmp_path / "a.pdf", [INVOICE])
    scanned = picture_pdf(tmp_path / "b.pdf", [text_image(["Scanned total 42.00"], width=900)])
    merged = pdfium.PdfDocument.new()
    for part in (text_page, scanned):
        merged.import_pages(pdfium.PdfDocument(str(part)))
    merged.save(str(tmp_path / "mixed.pdf"))
    document = open_document(tmp_path / "mixed.pdf", ocr_config())
    result = recognize_document(document, OneBlock())
    build_searchable_pdf(document, result.blocks, result.pages, tmp_path / "out.pdf")
    out = pdfium.PdfDocument(str(tmp_path / "out.pdf"))
    assert len(out) == 2
    assert "Invoice No. INV-2024-0042" in out[0].get_textpage().get_text_range()
    page = out[1]
    scale = page.get_size()[0] / document.pages[1].width
    height = page.get_size()[1]
    inside = page.get_textpage().get_text_bounded(left=40 * scale - 1, right=600 * scale + 1,
                                                  top=height - 40 * scale + 1, bottom=height - 90 * scale - 1)
    assert _norm(inside) == _norm("Scanned total 42.00")


@pytest.mark.timeout(300)
def test_garbage_and_oversized_text_layers_are_ocred_by_the_worker(app, client, make_user, worker, tmp_path: Path):
    from tests.support.pdfs import dense_text, type3_without_unicode

    _, _, headers = make_user()
    for make, verdict in ((type3_without_unicode, "unmapped"), (dense_text, "too_large")):
        path = make(tmp_path / f"{verdict}.pdf", ["INVOICE 2024-001", "TOTAL 123.45 EUR"]) \
            if verdict == "unmapped" else make(tmp_path / f"{verdict}.pdf", 1_000_000)
        done = _done(client, headers, path.read_bytes(), path.name)
        pages = _job_pages(app, done["ocr_result_id"])
        assert [(p["source"], p["text_layer"]) for p in pages] == [("ocr", verdict)]


def test_hidden_text_keeps_what_the_font_encodes_and_never_swaps_letters() -> None:
    from app.ocr.searchable import _winansi

    assert _winansi("Zażółć Straße €12,50") == "Zazólc Straße €12,50"
    assert _winansi("Tổng cộng đ") == "Tong cong d"
    assert _winansi("合计") == "??"
