"""Pages: sniffing, bounds before decoding, EXIF orientation, multi-page PDF and TIFF."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from app.ocr.document import Budget, Previews, recognize_document
from app.ocr.errors import Cancelled, DocumentTimeout, OcrError, OcrInputError, PageTimeout
from app.ocr.formats import SNIFF_BYTES, sniff
from app.ocr.layout import page_text
from app.ocr.pages import open_document
from app.ocr.types import EngineInfo, TextBlock
from tests.ocr_helpers import (
    ROOT,
    encrypted_pdf,
    multi_page,
    norm,
    ocr_config,
    pdf_with_pages,
    png_blank,
    png_header_only,
    real_engine,
    receipt,
    rgb,
    with_orientation,
)

RECEIPT_A = "X51005255805.jpg"
RECEIPT_B = "X51005441407.jpg"


@pytest.fixture(scope="module")
def engine():  # type: ignore[no-untyped-def]
    return real_engine()


class FakeEngine:
    """Returns one block per page with the page's width as text."""

    info = EngineInfo("fake", "fake", "cpu")

    def __init__(self) -> None:
        self.calls = 0

    def recognize(self, page_image: np.ndarray) -> list[TextBlock]:
        self.calls += 1
        box = ((0.0, 0.0), (10.0, 0.0), (10.0, 10.0), (0.0, 10.0))
        return [TextBlock(str(page_image.shape[1]), 0.9, box)]


# ---- sniffing ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fmt", "expected"),
    [("JPEG", "image/jpeg"), ("PNG", "image/png"), ("TIFF", "image/tiff"), ("WEBP", "image/webp"),
     ("BMP", "image/bmp"), ("PDF", "application/pdf")],
)
def test_sniff_by_content(fmt: str, expected: str, tmp_path: Path) -> None:
    out = tmp_path / "file.bin"
    Image.new("RGB", (8, 8), "white").save(out, format=fmt)
    assert sniff(out.read_bytes()[:SNIFF_BYTES]) == expected


@pytest.mark.parametrize("head", [b"", b"hello", b"GIF89a....", b"BM not a bitmap, just text", b"<html>%PDF"])
def test_sniff_rejects_others(head: bytes) -> None:
    assert sniff(head) is None or head.startswith(b"<html>")


def test_sniff_pdf_after_leading_junk() -> None:
    assert sniff(b"\r\n\x00junk" + b"%PDF-1.7\n") == "application/pdf"


# ---- bounds, checked before decoding -------------------------------------------------------

_BOUNDS_SCRIPT = textwrap.dedent(
    """
    import json, sys, time
    sys.path.insert(0, {root!r})
    from app.ocr.config import OcrConfig
    from app.ocr.errors import OcrInputError
    from app.ocr.pages import open_document
    cfg = OcrConfig(max_pages=3)
    out = {{}}
    for name in sys.argv[1:]:
        start = time.perf_counter()
        try:
            doc = open_document(name, cfg)
            doc.page_image(0)
            code = "ok"
        except OcrInputError as exc:
            code = exc.code
        out[name] = [code, time.perf_counter() - start]
    # VmHWM belongs to this process image; ru_maxrss would carry over the forking parent's peak.
    with open("/proc/self/status") as fh:
        hwm = next(line for line in fh if line.startswith("VmHWM:"))
    out["peak_rss_mb"] = int(hwm.split()[1]) / 1024
    print(json.dumps(out))
    """
)


def test_out_of_bounds_files_fail_fast_without_decoding(tmp_path: Path) -> None:
    jpeg = receipt(RECEIPT_A).path.read_bytes()
    files = {
        "huge.png": (png_header_only(30000, 30000), "image_too_large"),
        # 48 Mpx: above OCR_MAX_PIXELS, below Pillow's own bomb limit.
        "above-limit.png": (png_header_only(8000, 6000), "image_too_large"),
        # The same, with all its pixel data (432 MB decoded): nothing may decode it to read its EXIF.
        "above-limit-complete.png": (png_blank(12000, 12000), "image_too_large"),
        "huge-page.pdf": (pdf_with_pages([(56693.0, 56693.0)]), "image_too_large"),  # 20 m × 20 m
        "truncated.jpg": (jpeg[: len(jpeg) // 3], "corrupt_file"),
        "encrypted.pdf": (encrypted_pdf(), "encrypted_pdf"),
        "no-pages.pdf": (pdf_with_pages([]), "empty_document"),
        "many-pages.pdf": (pdf_with_pages([(612, 792)] * 4), "too_many_pages"),
        "garbage.pdf": (b"%PDF-1.4\n" + b"\x00" * 200, "corrupt_file"),
        "notes.txt": (b"just some text", "unsupported_format"),
        "empty.jpg": (b"", "empty_document"),
    }
    for name, (data, _) in files.items():
        (tmp_path / name).write_bytes(data)
    proc = subprocess.run(
        [sys.executable, "-c", _BOUNDS_SCRIPT.format(root=str(ROOT)), *files],
        cwd=tmp_path, capture_output=True, text=True, timeout=60, check=True,
    )
    result = json.loads(proc.stdout)
    for name, (_, code) in files.items():
        got, seconds = result[name]
        assert got == code, name
        assert seconds < 1.0, name
    # A 30000×30000 RGB page alone would take 2.7 GB; the 20 m PDF page at 200 dpi, 74 GB.
    assert result["peak_rss_mb"] < 300


def test_tiff_with_more_frames_than_allowed(tmp_path: Path) -> None:
    frames = [Image.new("L", (20, 20), v) for v in range(5)]
    frames[0].save(tmp_path / "five.tif", save_all=True, append_images=frames[1:])
    with pytest.raises(OcrInputError) as err:
        open_document(tmp_path / "five.tif", ocr_config(max_pages=4))
    assert err.value.code == "too_many_pages"
    assert open_document(tmp_path / "five.tif", ocr_config(max_pages=5)).page_count == 5


def test_pdf_page_size_from_points_and_dpi(tmp_path: Path) -> None:
    path = tmp_path / "a4.pdf"
    path.write_bytes(pdf_with_pages([(595.0, 842.0), (842.0, 595.0)]))
    doc = open_document(path, ocr_config(pdf_dpi=144))
    assert [(p.width, p.height, p.dpi) for p in doc.pages] == [(1190, 1684, 144), (1684, 1190, 144)]
    assert doc.page_image(1).shape == (1190, 1684, 3)


def test_image_modes_become_rgb(tmp_path: Path) -> None:
    Image.new("RGBA", (30, 20), (0, 0, 0, 0)).save(tmp_path / "clear.png")
    Image.new("I;16", (30, 20), 4000).save(tmp_path / "deep.png")
    Image.new("CMYK", (30, 20), (0, 0, 0, 0)).save(tmp_path / "cmyk.jpg")
    for name in ("clear.png", "deep.png", "cmyk.jpg"):
        page = open_document(tmp_path / name, ocr_config()).page_image(0)
        assert page.shape == (20, 30, 3) and page.dtype == np.uint8, name
    assert open_document(tmp_path / "clear.png", ocr_config()).page_image(0).min() == 255


# ---- orientation, multi-page documents, progress and cancel ---------------------------------


def test_exif_orientation_gives_the_upright_page_and_text(tmp_path: Path, engine) -> None:  # type: ignore[no-untyped-def]
    src = receipt(RECEIPT_B).path
    upright = rgb(src)
    upright_text = page_text(engine.recognize(upright))
    for orientation in (6, 8):
        path = with_orientation(src, orientation, tmp_path / f"o{orientation}.png")
        doc = open_document(path, ocr_config())
        assert (doc.pages[0].width, doc.pages[0].height) == (upright.shape[1], upright.shape[0])
        page = doc.page_image(0)
        assert np.array_equal(page, upright)
    assert page_text(engine.recognize(page)) == upright_text


@pytest.mark.parametrize("fmt", ["PDF", "TIFF"])
def test_multi_page_documents_in_order(fmt: str, tmp_path: Path, engine) -> None:  # type: ignore[no-untyped-def]
    names = [RECEIPT_B, RECEIPT_A]
    path = multi_page([receipt(n).path for n in names], fmt, tmp_path / f"two.{fmt.lower()}")
    doc = open_document(path, ocr_config())
    assert doc.page_count == 2
    calls: list[tuple[int, int]] = []
    result = recognize_document(doc, engine, on_page=lambda n, total: calls.append((n, total)))
    assert calls == [(1, 2), (2, 2)]
    assert result.page_count == 2 and len(result.pages) == 2
    assert [b.page for b in result.blocks] == sorted(b.page for b in result.blocks)
    for page_no, name in enumerate(names, start=1):
        text = norm(" ".join(b.text for b in result.blocks if b.page == page_no))
        assert norm(receipt(name).total) in text


def test_should_stop_cancels_before_the_next_page(tmp_path: Path) -> None:
    frames = [Image.new("RGB", (100 + i, 50), "white") for i in range(4)]
    frames[0].save(tmp_path / "four.tif", save_all=True, append_images=frames[1:])
    doc = open_document(tmp_path / "four.tif", ocr_config())
    fake = FakeEngine()
    pages_seen: list[int] = []
    with pytest.raises(Cancelled) as err:
        recognize_document(doc, fake, on_page=lambda n, _: pages_seen.append(n),
                           should_stop=lambda: len(pages_seen) >= 2)
    assert pages_seen == [1, 2] and fake.calls == 2 and err.value.pages_done == 2
    assert err.value.code == "cancelled"


def test_document_result_numbers_pages_and_filters(tmp_path: Path) -> None:
    frames = [Image.new("RGB", (100 + i, 50), "white") for i in range(3)]
    frames[0].save(tmp_path / "three.tif", save_all=True, append_images=frames[1:])
    result = recognize_document(open_document(tmp_path / "three.tif", ocr_config()), FakeEngine())
    assert [(b.page, b.text) for b in result.blocks] == [(1, "100"), (2, "101"), (3, "102")]
    assert result.text == "100\n\n101\n\n102"
    assert recognize_document(open_document(tmp_path / "three.tif", ocr_config()), FakeEngine(),
                              confidence_threshold=0.95).blocks == []


def test_a_costly_pdf_page_is_abandoned_at_its_budget(tmp_path: Path) -> None:
    from tests.support.pdfs import costly_pdf

    path = tmp_path / "costly.pdf"
    path.write_bytes(costly_pdf(pages=1, triangles=10000))
    doc = open_document(path, ocr_config())
    started = time.monotonic()
    with pytest.raises(PageTimeout) as err:
        doc.page_image(0, budget=0.3)
    # Rendered whole at 200 dpi this page takes tens of seconds; PDFium stops at the next pause point.
    assert time.monotonic() - started < 3.0 and err.value.code == "page_timeout"


def test_a_bounded_render_gives_the_same_pixels_as_the_unbounded_one(tmp_path: Path) -> None:
    from tests.support.pdfs import costly_pdf

    path = tmp_path / "small.pdf"
    path.write_bytes(costly_pdf(pages=1, triangles=300, size=400))
    doc = open_document(path, ocr_config(pdf_dpi=100))
    bounded = doc.page_image(0, budget=60.0)
    assert bounded.shape == (556, 556, 3)
    assert np.array_equal(bounded, doc.page_image(0))


def test_a_page_over_budget_fails_alone_and_the_document_goes_on(tmp_path: Path) -> None:
    from tests.support.pdfs import costly_pdf

    path = tmp_path / "mixed.pdf"
    path.write_bytes(costly_pdf(pages=3, triangles=10000, cheap=(1, 3)))
    doc = open_document(path, ocr_config(pdf_dpi=100))
    seen: list[int] = []
    pages: list[int] = []
    engine = FakeEngine()
    result = recognize_document(doc, engine, budget=Budget(page_seconds=0.5), text_layer=None,
                                previews=Previews(save=lambda n, image: seen.append(n)),
                                on_page=lambda n, total: pages.append(n))
    assert [p.error for p in result.pages] == [None, "page_timeout", None]
    assert result.pages[1].to_dict()["error"] == "page_timeout" and "error" not in result.pages[0].to_dict()
    assert seen == [1, 3] and pages == [1, 2, 3] and engine.calls == 2
    assert sorted({b.page for b in result.blocks}) == [1, 3]


def test_a_document_whose_every_page_is_over_budget_fails_page_timeout(tmp_path: Path) -> None:
    from tests.support.pdfs import costly_pdf

    path = tmp_path / "costly.pdf"
    path.write_bytes(costly_pdf(pages=2, triangles=10000))
    doc = open_document(path, ocr_config(pdf_dpi=100))
    with pytest.raises(OcrError) as err:
        recognize_document(doc, FakeEngine(), budget=Budget(page_seconds=0.2), text_layer=None)
    assert err.value.code == "page_timeout"


def test_a_document_over_its_total_budget_fails_timeout(tmp_path: Path) -> None:
    from tests.support.pdfs import costly_pdf

    path = tmp_path / "costly.pdf"
    path.write_bytes(costly_pdf(pages=5, triangles=10000, cheap=(1,)))
    doc = open_document(path, ocr_config(pdf_dpi=100))
    started = time.monotonic()
    with pytest.raises(DocumentTimeout) as err:
        recognize_document(doc, FakeEngine(), text_layer=None,
                           budget=Budget(page_seconds=30.0, base_seconds=0.2, seconds_per_page=0.1))
    # 0.2 + 5 x 0.1 s: the second page's render is cut at the document's budget, not its own 30 s.
    assert err.value.code == "timeout" and err.value.pages_done == 1
    assert time.monotonic() - started < 5.0
    assert Budget(base_seconds=30, seconds_per_page=10).total(5) == 80 and Budget(page_seconds=1).total(5) is None


def test_every_image_page_hands_its_pixels_to_the_previews(tmp_path: Path) -> None:
    frames = [Image.new("RGB", (100 + i, 50), "white") for i in range(3)]
    frames[0].save(tmp_path / "three.tif", save_all=True, append_images=frames[1:])
    stored: dict[int, tuple[int, ...]] = {}
    recognize_document(open_document(tmp_path / "three.tif", ocr_config()), FakeEngine(),
                       previews=Previews(save=lambda n, image: stored.update({n: image.shape})))
    assert sorted(stored) == [1, 2, 3] and [shape[1] for shape in stored.values()] == [100, 101, 102]


def test_a_preview_is_display_sized_and_grey_only_when_the_page_has_no_colour() -> None:
    import io

    from app.ocr.preview import preview_png

    grey_page = np.full((3000, 1000, 3), 240, dtype=np.uint8)
    grey_page[100:200, 100:900] = 20
    colour_page = grey_page.copy()
    colour_page[:, :, 0] = 255
    for page, mode in ((grey_page, "L"), (colour_page, "RGB")):
        with Image.open(io.BytesIO(preview_png(page, max_side=1600))) as picture:
            assert picture.format == "PNG" and picture.mode == mode
            assert picture.size == (533, 1600)
    with Image.open(io.BytesIO(preview_png(grey_page[:500, :400]))) as small:
        assert small.size == (400, 500)  # never enlarged
