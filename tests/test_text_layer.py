"""Text layer first: born-digital PDF pages are read from their text, garbage layers are OCRed."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from app.ocr.document import Budget, Previews, recognize_document
from app.ocr.errors import OcrInputError
from app.ocr.pages import open_document
from app.ocr.textlayer import (
    EMPTY,
    INVISIBLE,
    SPARSE,
    TOO_LARGE,
    UNMAPPED,
    USABLE,
    agreement,
    read_text_layer,
)
from app.ocr.types import EngineInfo, TextBlock
from tests.ocr_helpers import ocr_config, real_engine
from tests.support.images import text_image
from tests.support.pdfs import (
    born_digital,
    costly_pdf,
    dense_text,
    many_pages,
    picture_pdf,
    private_use_text,
    type3_without_unicode,
)

INVOICE = [(60, 60, "ACME Trading GmbH", 18), (60, 100, "Invoice No. INV-2024-0042", 12),
           (60, 120, "Invoice date: 14.03.2024", 12), (60, 400, "Total due", 12), (420, 400, "1,234.56 EUR", 12)]


class FakeEngine:
    """Reads every page as one block saying 'ocr'; counts its calls."""

    info = EngineInfo("fake", "fake", "cpu")

    def __init__(self) -> None:
        self.calls = 0

    def recognize(self, image: np.ndarray) -> list[TextBlock]:
        self.calls += 1
        h, w = image.shape[:2]
        return [TextBlock("ocr", 0.9, ((0, 0), (w, 0), (w, h), (0, h)))]


@pytest.fixture(scope="module")
def engine():  # type: ignore[no-untyped-def]
    return real_engine()


def _layer(path: Path, index: int = 0):  # type: ignore[no-untyped-def]
    doc = open_document(path, ocr_config())
    return doc, read_text_layer(path, index, doc.pages[index])


def _ink_covered(doc, blocks: list[TextBlock], index: int = 0) -> float:  # type: ignore[no-untyped-def]
    """Share of the rendered page's dark pixels that lie inside the blocks' boxes."""
    image = doc.page_image(index)
    dark = image.min(axis=2) < 128
    inside = np.zeros_like(dark)
    for b in blocks:
        (x0, y0), (x1, y1) = b.box[0], b.box[2]
        inside[max(0, int(y0)):int(y1) + 1, max(0, int(x0)):int(x1) + 1] = True
    return float((dark & inside).sum() / max(1, dark.sum()))


def test_born_digital_page_is_read_from_its_text(tmp_path: Path) -> None:
    doc, layer = _layer(born_digital(tmp_path / "inv.pdf", [INVOICE]))
    assert layer.verdict == USABLE and layer.unmapped == 0
    texts = [b.text for b in layer.blocks]
    assert texts == ["ACME Trading GmbH", "Invoice No. INV-2024-0042", "Invoice date: 14.03.2024", "Total due",
                     "1,234.56 EUR"]
    assert all(b.source == "text_layer" and b.confidence == 1.0 for b in layer.blocks)
    assert _ink_covered(doc, layer.blocks) > 0.99


@pytest.mark.parametrize(("rotation", "upright"), [(90, True), (180, True), (90, False), (270, False)])
def test_boxes_follow_the_page_rotation(tmp_path: Path, rotation: int, upright: bool) -> None:
    from reportlab.pdfgen import canvas

    path = tmp_path / "rot.pdf"
    c = canvas.Canvas(str(path), pagesize=(595, 842))
    c.setPageRotation(rotation)
    if upright:  # drawn turned back, as a landscape page is: the text reads upright on the turned page
        c.translate(*{90: (595, 0), 180: (595, 842)}[rotation])
        c.rotate(rotation)
    c.setFont("Helvetica", 16)
    c.drawString(72, 300, "Rotated page text 42.00")
    c.showPage()
    c.save()
    doc, layer = _layer(path)
    assert layer.verdict == USABLE
    if upright:
        assert [b.text for b in layer.blocks] == ["Rotated page text 42.00"]
    assert _ink_covered(doc, layer.blocks) > 0.99
    image = doc.page_image(0)
    assert (doc.pages[0].width, doc.pages[0].height) == (image.shape[1], image.shape[0])
    assert (image.shape[1] > image.shape[0]) == (rotation in (90, 270))


def test_document_records_the_source_of_each_page(tmp_path: Path) -> None:
    picture = text_image(["A scanned page"], width=1000)
    pdf = born_digital(tmp_path / "a.pdf", [INVOICE])
    scan = picture_pdf(tmp_path / "b.pdf", [picture])
    mixed = _concat([pdf, scan], tmp_path / "mixed.pdf")
    fake = FakeEngine()
    seen: list[tuple[int, int]] = []
    result = recognize_document(open_document(mixed, ocr_config()), fake,
                                on_page=lambda n, total: seen.append((n, total)))
    assert seen == [(1, 2), (2, 2)] and fake.calls == 1
    assert [p.source for p in result.pages] == ["text_layer", "ocr"]
    assert [p.to_dict()["source"] for p in result.pages] == ["text_layer", "ocr"]
    assert {(b.page, b.source) for b in result.blocks} == {(1, "text_layer"), (2, "ocr")}
    assert "Invoice No. INV-2024-0042" in result.text.splitlines()
    assert result.engine_info.name == "fake"


def test_a_text_layer_document_never_builds_the_engine(tmp_path: Path) -> None:
    def no_engine():  # type: ignore[no-untyped-def]
        raise AssertionError("the engine was built")

    result = recognize_document(open_document(born_digital(tmp_path / "a.pdf", [INVOICE, INVOICE]), ocr_config()),
                                no_engine)
    assert [p.source for p in result.pages] == ["text_layer", "text_layer"]
    assert result.engine_info.name == "text_layer" and result.confidence == 1.0


@pytest.mark.parametrize("make", [type3_without_unicode, private_use_text])
def test_glyphs_without_unicode_are_ocred(tmp_path: Path, make) -> None:  # type: ignore[no-untyped-def]
    path = make(tmp_path / "bad.pdf", ["INVOICE 2024-001", "TOTAL 123.45 EUR"])
    _doc, layer = _layer(path)
    assert layer.verdict == UNMAPPED and layer.blocks == []
    fake = FakeEngine()
    result = recognize_document(open_document(path, ocr_config()), fake)
    assert fake.calls == 1 and result.pages[0].source == "ocr" and result.pages[0].text_layer == UNMAPPED


def test_a_scan_with_a_few_real_words_on_it_is_ocred(tmp_path: Path) -> None:
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    path = tmp_path / "stamped.pdf"
    c = canvas.Canvas(str(path), pagesize=(595, 842))
    c.drawImage(ImageReader(text_image(["Invoice 123", "Total 45.00"], width=1200)), 0, 0, 595, 842)
    c.setFont("Helvetica", 8)
    c.drawString(20, 10, "Scanned by ACME archive, page 1")  # a stamp added by a document system
    c.showPage()
    c.save()
    _doc, layer = _layer(path)
    assert layer.verdict == SPARSE
    fake = FakeEngine()
    result = recognize_document(open_document(path, ocr_config()), fake)
    assert fake.calls == 1 and result.pages[0].source == "ocr"
    # The same words on a page of text alone are the page's whole content: read from the layer.
    _doc, plain = _layer(born_digital(tmp_path / "plain.pdf", [[(20, 800, "Scanned by ACME archive, page 1", 8)]]))
    assert plain.verdict == USABLE


def test_a_page_without_text_is_ocred(tmp_path: Path) -> None:
    path = picture_pdf(tmp_path / "scan.pdf", [text_image(["nothing in the layer"])])
    _doc, layer = _layer(path)
    assert layer.verdict == EMPTY
    result = recognize_document(open_document(path, ocr_config()), FakeEngine())
    assert result.pages[0].source == "ocr"


def test_a_million_characters_on_a_page_falls_back_to_ocr(tmp_path: Path) -> None:
    path = dense_text(tmp_path / "dense.pdf", 1_000_000)
    _doc, layer = _layer(path)
    assert layer.verdict == TOO_LARGE and layer.chars > 900_000 and layer.blocks == []
    fake = FakeEngine()
    result = recognize_document(open_document(path, ocr_config()), fake)
    assert fake.calls == 1 and result.pages[0].source == "ocr"


def test_ten_thousand_pages_are_refused_before_reading(tmp_path: Path) -> None:
    path = many_pages(tmp_path / "many.pdf", 10_000)
    with pytest.raises(OcrInputError) as err:
        open_document(path, ocr_config())
    assert err.value.code == "too_many_pages"


def test_an_invisible_layer_that_disagrees_with_the_picture_is_ocred(tmp_path: Path, engine) -> None:  # type: ignore[no-untyped-def]
    lines = ["Invoice number 58213", "Total amount 971.40", "Thank you for your order"]
    picture = text_image(lines, width=1200, size=40)
    wrong = [(15, 15 + i * 23, text, 14) for i, text in
             enumerate(["lnvoce nunber 5B2l3", "TotaI arnount 97I.4O", "Tbank yon tor yonr ordcr"])]
    path = picture_pdf(tmp_path / "bad-ocr.pdf", [picture], [wrong])
    _doc, layer = _layer(path)
    assert layer.verdict == INVISIBLE
    result = recognize_document(open_document(path, ocr_config()), engine)
    assert result.pages[0].source == "ocr" and result.pages[0].text_layer == INVISIBLE
    assert "971.40" in result.text


def test_an_invisible_layer_that_agrees_with_the_picture_is_used(tmp_path: Path, engine) -> None:  # type: ignore[no-untyped-def]
    lines = ["Invoice number 58213", "Total amount 971.40", "Thank you for your order"]
    picture = text_image(lines, width=1200, size=40)
    right = [(15, 15 + i * 23, text, 14) for i, text in enumerate(lines)]
    path = picture_pdf(tmp_path / "good-ocr.pdf", [picture], [right])
    result = recognize_document(open_document(path, ocr_config()), engine)
    assert result.pages[0].source == "text_layer"
    assert result.text.splitlines() == lines


def test_agreement_is_word_f1() -> None:
    def blocks(*texts: str) -> list[TextBlock]:
        return [TextBlock(t, 1.0, ((0, 0), (1, 0), (1, 1), (0, 1))) for t in texts]

    assert agreement(blocks("Total: 12.00"), blocks("TOTAL 12.00")) == 1.0
    assert agreement(blocks("a b c d"), blocks("a b x y")) == 0.5
    assert agreement(blocks("a b"), blocks()) == 0.0


def _concat(paths: list[Path], out: Path) -> Path:
    import pypdfium2 as pdfium

    merged = pdfium.PdfDocument.new()
    for p in paths:
        src = pdfium.PdfDocument(str(p))
        merged.import_pages(src)
    merged.save(str(out))
    return out


def test_pdf_pages_render_in_their_own_colours(tmp_path: Path) -> None:
    from reportlab.pdfgen import canvas

    path = tmp_path / "colours.pdf"
    c = canvas.Canvas(str(path), pagesize=(200, 200))
    c.setFillColorRGB(1, 0, 0)
    c.rect(0, 0, 100, 200, fill=1, stroke=0)
    c.setFillColorRGB(0, 0, 1)
    c.rect(100, 0, 100, 200, fill=1, stroke=0)
    c.showPage()
    c.save()
    image = open_document(path, ocr_config(pdf_dpi=72)).page_image(0)
    assert image.shape == (200, 200, 3)
    assert image[100, 50].tolist() == [255, 0, 0] and image[100, 150].tolist() == [0, 0, 255]


def test_pages_read_from_their_text_get_a_display_sized_preview_too(tmp_path: Path) -> None:
    picture = text_image(["A scanned page"], width=1000)
    mixed = _concat([born_digital(tmp_path / "a.pdf", [INVOICE]), picture_pdf(tmp_path / "b.pdf", [picture])],
                    tmp_path / "mixed.pdf")
    doc = open_document(mixed, ocr_config())
    stored: dict[int, np.ndarray] = {}
    result = recognize_document(doc, FakeEngine(), previews=Previews(save=stored.__setitem__, max_side=400))
    assert [p.source for p in result.pages] == ["text_layer", "ocr"]
    assert sorted(stored) == [1, 2]
    height, width = stored[1].shape[:2]
    assert max(height, width) in (400, 401) and abs(width / height - 595 / 842) < 0.01
    assert stored[1].min() < 100  # the invoice's text is drawn on it
    assert stored[2].shape[:2] == (doc.pages[1].height, doc.pages[1].width)  # the render OCR read


def test_a_text_layer_page_too_costly_to_preview_keeps_its_text(tmp_path: Path) -> None:
    path = tmp_path / "costly-text.pdf"
    path.write_bytes(costly_pdf(pages=1, triangles=10000, lines=["Invoice INV-2024-0042", "Total due 1234.56 EUR"]))
    doc = open_document(path, ocr_config())

    def no_engine():  # type: ignore[no-untyped-def]
        raise AssertionError("the engine was built")

    stored: list[int] = []
    result = recognize_document(doc, no_engine, budget=Budget(page_seconds=0.3),
                                previews=Previews(save=lambda n, image: stored.append(n)))
    assert result.pages[0].source == "text_layer" and result.pages[0].error == "page_timeout"
    assert "Total due 1234.56 EUR" in result.text and stored == []
