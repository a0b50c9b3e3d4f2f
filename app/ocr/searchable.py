"""Write a searchable PDF: the document's pages with invisible text at the recognised boxes.

An image upload becomes a PDF of its pages (each stored as JPEG) under an invisible layer; a PDF
keeps its own pages, and only its OCRed pages gain the invisible layer. Selecting or searching
the result finds each recognised phrase where it is printed. Built with PDFium (pypdfium2).
"""

from __future__ import annotations

import ctypes
import io
import unicodedata
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .pages import PDF, Document
from .types import PageInfo, TextBlock

DEFAULT_DPI = 200  # for images that do not say theirs: A4 at 200 dpi is a plausible page
JPEG_QUALITY = 85
_SCALE = 16  # PDFium maps integer device units: work on a 16× larger device for sub-pixel precision


def build_searchable_pdf(document: Document, blocks: Sequence[TextBlock], pages: Sequence[PageInfo],
                         out: str | Path) -> None:
    """Write `document` with `blocks` as an invisible text layer to `out`."""
    import pypdfium2 as pdfium

    if document.content_type == PDF:
        pdf = pdfium.PdfDocument(str(document.path))
    else:
        pdf = pdfium.PdfDocument.new()
    try:
        font = _font(pdf)
        for index, info in enumerate(pages):
            if document.content_type != PDF:
                _image_page(pdf, document, index, info)
            if info.source == "text_layer":
                continue  # the page's own text is already there
            page = pdf[index]
            try:
                for block in blocks:
                    if block.page == index + 1 and block.text.strip():
                        _add_text(pdf, page, font, block, info)
                page.gen_content()
            finally:
                page.close()
        pdf.save(str(out))
    finally:
        pdf.close()


def needs_building(document: Document, pages: Sequence[PageInfo]) -> bool:
    """Whether a searchable PDF must be built: not for a PDF whose every page was read from its text."""
    return document.content_type != PDF or any(p.source != "text_layer" for p in pages)


def _font(pdf: Any) -> Any:
    import pypdfium2.raw as raw

    return raw.FPDFText_LoadStandardFont(pdf.raw, b"Helvetica")


def _image_page(pdf: Any, document: Document, index: int, info: PageInfo) -> None:
    """Append page `index` of an image document as a page of its size at its dpi, image as JPEG."""
    import pypdfium2 as pdfium
    from PIL import Image

    dpi = info.dpi or DEFAULT_DPI
    width_pt, height_pt = info.width * 72 / dpi, info.height * 72 / dpi
    buffer = io.BytesIO()
    Image.fromarray(document.page_image(index)).save(buffer, format="JPEG", quality=JPEG_QUALITY)
    buffer.seek(0)
    page = pdf.new_page(width_pt, height_pt)
    try:
        image = pdfium.PdfImage.new(pdf)
        image.load_jpeg(buffer, inline=True)
        image.set_matrix(pdfium.PdfMatrix(width_pt, 0, 0, height_pt, 0, 0))
        page.insert_obj(image)
        page.gen_content()
    finally:
        page.close()


def _to_page(page: Any, info: PageInfo, x: float, y: float) -> tuple[float, float]:
    """Map a pixel of the rendered page to page points (PDFium's inverse transform)."""
    import pypdfium2.raw as raw

    px, py = ctypes.c_double(), ctypes.c_double()
    raw.FPDF_DeviceToPage(page.raw, 0, 0, info.width * _SCALE, info.height * _SCALE, 0,
                          round(x * _SCALE), round(y * _SCALE), ctypes.byref(px), ctypes.byref(py))
    return px.value, py.value


def _add_text(pdf: Any, page: Any, font: Any, block: TextBlock, info: PageInfo) -> None:
    """Place `block.text` invisibly so that it spans the block's box."""
    import pypdfium2.raw as raw

    xs, ys = [p[0] for p in block.box], [p[1] for p in block.box]
    corners = [_to_page(page, info, x, y) for x in (min(xs), max(xs)) for y in (min(ys), max(ys))]
    left, right = min(c[0] for c in corners), max(c[0] for c in corners)
    bottom, top = min(c[1] for c in corners), max(c[1] for c in corners)
    size = max(1.0, (top - bottom) * 0.8)
    obj = raw.FPDFPageObj_CreateTextObj(pdf.raw, font, ctypes.c_float(size))
    encoded = (_winansi(block.text) + "\0").encode("utf-16-le")
    buffer = ctypes.create_string_buffer(encoded, len(encoded))
    raw.FPDFText_SetText(obj, ctypes.cast(buffer, ctypes.POINTER(raw.FPDF_WCHAR)))
    raw.FPDFTextObj_SetTextRenderMode(obj, raw.FPDF_TEXTRENDERMODE_INVISIBLE)
    width = _width(obj)
    stretch = (right - left) / width if width > 0 else 1.0
    baseline = bottom + (top - bottom) * 0.2
    raw.FPDFPageObj_Transform(obj, stretch, 0, 0, 1, left, baseline)
    raw.FPDFPage_InsertObject(page.raw, obj)


def _winansi(text: str) -> str:
    """Keep what the standard font can encode; other letters lose their marks ('ạ' → 'a'), never become others."""
    out = []
    for ch in text:
        try:
            ch.encode("cp1252")
            out.append(ch)
        except UnicodeEncodeError:
            base = _NO_DECOMPOSITION.get(ch) or "".join(
                c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c))
            out.append(base if base and _encodable(base) else "?")
    return "".join(out)


_NO_DECOMPOSITION = {"ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ħ": "h", "ı": "i"}


def _encodable(text: str) -> bool:
    try:
        text.encode("cp1252")
    except UnicodeEncodeError:
        return False
    return True


def _width(obj: Any) -> float:
    import pypdfium2.raw as raw

    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    if not raw.FPDFPageObj_GetBounds(obj, ctypes.byref(left), ctypes.byref(bottom), ctypes.byref(right),
                                     ctypes.byref(top)):
        return 0.0
    return float(right.value - left.value)
