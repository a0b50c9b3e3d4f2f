"""Open an uploaded file as pages: bounds checked before decoding, pages decoded one at a time.

Page count and each page's pixel size are read from headers (Pillow's lazy open, PDF
page size in points × dpi / 72) and checked against `max_pages` and `max_pixels`
before any pixel is decoded or rendered. A page above `max_pixels` is an error
(`image_too_large`), never silently scaled down: the client learns that the file is
out of bounds and the worker never allocates more than one bounded page at a time.
"""

from __future__ import annotations

import math
import re
import time
import warnings
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image, UnidentifiedImageError

from .config import OcrConfig
from .errors import (
    CORRUPT_FILE,
    EMPTY_DOCUMENT,
    ENCRYPTED_PDF,
    IMAGE_TOO_LARGE,
    TOO_MANY_PAGES,
    UNSUPPORTED_FORMAT,
    OcrInputError,
    PageTimeout,
)
from .formats import MULTI_PAGE_IMAGES, sniff
from .types import PageInfo

PDF = "application/pdf"
_SWAPPING_ORIENTATIONS = (5, 6, 7, 8)
_EXIF_ORIENTATION = 0x0112
# EXIF orientation → the transpose that makes the image upright (1 and anything unknown: none).
_TRANSPOSES = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}
_EMPTY_PAGE_TREE = re.compile(rb"/Count\s*0(?![\d.])")
_PAGE_COUNT = re.compile(rb"/Count\s*[1-9]")


@dataclass
class Document:
    """An opened upload: its type and page sizes, known before any page is decoded."""

    path: Path
    content_type: str
    pages: list[PageInfo]
    pdf_dpi: int = 200
    _frames: list[int] = field(default_factory=list, repr=False)

    @property
    def page_count(self) -> int:
        """Return the number of pages."""
        return len(self.pages)

    def page_image(self, index: int, budget: float | None = None) -> np.ndarray:
        """Decode or render page `index` (0-based) as an RGB uint8 array.

        A PDF page is rendered progressively and abandoned with `PageTimeout` once it has taken
        `budget` seconds (PDFium pauses between page objects); an image page is bounded by its pixels.
        """
        self._check_index(index)
        if self.content_type == PDF:
            return _render_pdf_page(self.path, index, self.pdf_dpi / 72, budget)
        return _decode_frame(self.path, self._frames[index] if self._frames else 0)

    def preview_image(self, index: int, max_side: int, budget: float | None = None) -> np.ndarray:
        """Return page `index` for display: a PDF page rendered with its longer side at most `max_side`.

        Used for pages read without being rendered (a PDF's text layer); bounded like `page_image`.
        """
        self._check_index(index)
        if self.content_type != PDF:
            return self.page_image(index, budget)
        info = self.pages[index]
        scale = self.pdf_dpi / 72 * min(1.0, max_side / max(info.width, info.height))
        return _render_pdf_page(self.path, index, scale, budget)

    def _check_index(self, index: int) -> None:
        if not 0 <= index < self.page_count:
            raise IndexError(f"page {index + 1} of {self.page_count}")


def open_document(path: str | Path, cfg: OcrConfig) -> Document:
    """Open `path`, sniff its type and check its pages against the bounds in `cfg`.

    Raises `OcrInputError` with a stable code; decodes no pixel data.
    """
    path = Path(path)
    try:
        with path.open("rb") as fh:
            head = fh.read(1024)
    except OSError as exc:
        raise OcrInputError(CORRUPT_FILE, f"cannot read the file: {exc.strerror}") from exc
    if not head:
        raise OcrInputError(EMPTY_DOCUMENT, "the file is empty")
    content_type = sniff(head)
    if content_type is None:
        raise OcrInputError(UNSUPPORTED_FORMAT, "not a JPEG, PNG, TIFF, WebP, BMP or PDF file")
    if content_type == PDF:
        pages = _pdf_pages(path, cfg)
        return Document(path, content_type, pages, pdf_dpi=cfg.pdf_dpi)
    pages, frames = _image_pages(path, content_type, cfg)
    return Document(path, content_type, pages, _frames=frames)


def check_page(info: PageInfo, number: int, cfg: OcrConfig) -> None:
    """Raise `image_too_large` when one page has more pixels than `cfg.max_pixels`."""
    if info.width <= 0 or info.height <= 0:
        raise OcrInputError(CORRUPT_FILE, f"page {number} has no pixels")
    if info.width * info.height > cfg.max_pixels:
        raise OcrInputError(
            IMAGE_TOO_LARGE,
            f"page {number} is {info.width}×{info.height} px, above the limit of {cfg.max_pixels} pixels",
        )


def _check_count(count: int, cfg: OcrConfig) -> None:
    if count == 0:
        raise OcrInputError(EMPTY_DOCUMENT, "the document has no pages")
    if count > cfg.max_pages:
        raise OcrInputError(TOO_MANY_PAGES, f"{count} pages, above the limit of {cfg.max_pages}")


# ---- images ---------------------------------------------------------------------------


@contextmanager
def _lazy_image(path: Path) -> Iterator[Image.Image]:
    """Open an image header-only; Pillow's bomb check is ours to answer, not a crash."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            im = Image.open(path)
    except Image.DecompressionBombError as exc:
        raise OcrInputError(IMAGE_TOO_LARGE, f"the image is too large: {exc}") from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise OcrInputError(CORRUPT_FILE, f"the image cannot be read: {exc}") from exc
    with im:
        yield im


def _image_pages(path: Path, content_type: str, cfg: OcrConfig) -> tuple[list[PageInfo], list[int]]:
    """Read each frame's size from headers; only TIFF has more than one page."""
    pages: list[PageInfo] = []
    frames: list[int] = []
    with _lazy_image(path) as im:
        multi = content_type in MULTI_PAGE_IMAGES
        frame = 0
        while True:
            if frame >= cfg.max_pages:
                if _has_frame(im, frame):
                    _check_count(frame + 1, cfg)
                break
            if frame and not _has_frame(im, frame):
                break
            info = _frame_info(im)
            check_page(info, frame + 1, cfg)
            pages.append(info)
            frames.append(frame)
            frame += 1
            if not multi:
                break
    _check_count(len(pages), cfg)
    return pages, frames


def _has_frame(im: Image.Image, frame: int) -> bool:
    try:
        im.seek(frame)
    except EOFError:
        return False
    except (OSError, ValueError, SyntaxError) as exc:
        raise OcrInputError(CORRUPT_FILE, f"page {frame + 1} cannot be read: {exc}") from exc
    return True


def _frame_info(im: Image.Image) -> PageInfo:
    """Size after EXIF rotation, and dpi, of the current frame (headers only)."""
    width, height = im.size
    if _orientation(im) in _SWAPPING_ORIENTATIONS:
        width, height = height, width
    return PageInfo(width=width, height=height, dpi=_dpi(im.info))


def _orientation(im: Image.Image) -> int:
    """The EXIF orientation found in the headers, read without decoding pixels.

    A PNG's `eXIf` chunk placed after the pixel data is ignored: Pillow's `getexif()` would decode the
    whole image to reach it, before its size was checked. Decoding uses this same value, so the page's
    recorded size and the pixels read always agree.
    """
    if im.format == "PNG" and "exif" not in im.info:
        return 1
    try:
        value = int(im.getexif().get(_EXIF_ORIENTATION, 1))
    except (OSError, ValueError, TypeError, SyntaxError):
        return 1
    return value if value in _TRANSPOSES else 1


def _dpi(info: Mapping[Any, Any]) -> int | None:
    dpi = info.get("dpi")
    try:
        value = round(float(dpi[0])) if dpi else 0
    except (TypeError, ValueError, IndexError):
        return None
    return value if value > 0 else None


def _decode_frame(path: Path, frame: int) -> np.ndarray:
    """Decode one frame to RGB with EXIF orientation applied."""
    with _lazy_image(path) as im:
        try:
            if frame:
                im.seek(frame)
            orientation = _orientation(im)
            im.load()
            upright = im.transpose(_TRANSPOSES[orientation]) if orientation in _TRANSPOSES else im
            return _to_rgb_array(upright)
        except (OSError, ValueError, SyntaxError, EOFError) as exc:
            raise OcrInputError(CORRUPT_FILE, f"page {frame + 1} cannot be decoded: {exc}") from exc


def _to_rgb_array(im: Image.Image) -> np.ndarray:
    """Convert any Pillow mode to RGB uint8; transparency goes onto white, 16-bit is rescaled."""
    if im.mode in ("I;16", "I;16B", "I;16L", "I", "F"):
        arr = np.asarray(im, dtype=np.float32)
        top = float(arr.max()) or 1.0
        gray = np.clip(arr * (255.0 / top), 0, 255).astype(np.uint8)
        return np.ascontiguousarray(np.repeat(gray[:, :, None], 3, axis=2))
    if im.mode in ("RGBA", "LA", "PA") or (im.mode == "P" and "transparency" in im.info):
        rgba = im.convert("RGBA")
        canvas = Image.new("RGB", rgba.size, (255, 255, 255))
        canvas.paste(rgba, mask=rgba.getchannel("A"))
        im = canvas
    elif im.mode != "RGB":
        im = im.convert("RGB")
    return np.asarray(im, dtype=np.uint8)


# ---- PDF ------------------------------------------------------------------------------


def _open_pdf(path: Path) -> Any:
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    try:
        return pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        raise _pdf_load_error(path, getattr(exc, "err_code", None), pdfium_c) from exc


def _pdf_load_error(path: Path, code: int | None, pdfium_c: Any) -> OcrInputError:
    """Name why PDFium refused a file.

    PDFium's error code is process-wide and is not reset when it refuses a document with
    an empty page tree, so the code is read together with what the file itself declares
    (files are bounded by the upload limit, reading one whole is fine).
    """
    data = path.read_bytes()
    if _EMPTY_PAGE_TREE.search(data) and not _PAGE_COUNT.search(data):
        return OcrInputError(EMPTY_DOCUMENT, "the PDF has no pages")
    if code in (pdfium_c.FPDF_ERR_PASSWORD, pdfium_c.FPDF_ERR_SECURITY) and b"/Encrypt" in data:
        return OcrInputError(ENCRYPTED_PDF, "the PDF is encrypted with a password")
    return OcrInputError(CORRUPT_FILE, "the PDF cannot be read")


def _pdf_pages(path: Path, cfg: OcrConfig) -> list[PageInfo]:
    """Page sizes in pixels at `pdf_dpi` from the page boxes, without rendering."""
    pdf = _open_pdf(path)
    try:
        count = len(pdf)
        _check_count(count, cfg)
        pages = []
        for index in range(count):
            width_pt, height_pt = _pdf_page_size(pdf, index)
            info = PageInfo(
                width=max(1, round(width_pt * cfg.pdf_dpi / 72)),
                height=max(1, round(height_pt * cfg.pdf_dpi / 72)),
                dpi=cfg.pdf_dpi,
            )
            check_page(info, index + 1, cfg)
            pages.append(info)
        return pages
    finally:
        pdf.close()


def _pdf_page_size(pdf: Any, index: int) -> tuple[float, float]:
    import pypdfium2 as pdfium

    try:
        width, height = pdf.get_page_size(index)
        page = pdf[index]
        turned = page.get_rotation() in (90, 270)  # rendering applies /Rotate: so must the page's size
        page.close()
    except pdfium.PdfiumError as exc:
        raise OcrInputError(CORRUPT_FILE, f"page {index + 1} of the PDF cannot be read") from exc
    return (float(height), float(width)) if turned else (float(width), float(height))


def _render_pdf_page(path: Path, index: int, scale: float, budget: float | None = None) -> np.ndarray:
    """Render one PDF page at `scale` pixels per point to RGB, within `budget` seconds when one is given."""
    import pypdfium2 as pdfium

    pdf = _open_pdf(path)
    try:
        page = pdf[index]
        try:
            image = _render_upright(page, scale, budget, index + 1)
        finally:
            page.close()
    except pdfium.PdfiumError as exc:
        raise OcrInputError(CORRUPT_FILE, f"page {index + 1} of the PDF cannot be rendered") from exc
    finally:
        pdf.close()
    return np.asarray(image, dtype=np.uint8)


def _render_upright(page: Any, scale: float, budget: float | None = None, number: int = 1) -> Image.Image:
    """Render a page as a viewer shows it: PDFium turns it by its /Rotate, the bitmap must follow.

    (pypdfium2's `render` sizes the bitmap from the unturned page, squeezing a turned page.) With a
    `budget`, the page is rendered progressively and abandoned with `PageTimeout` once it is spent.
    """
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    width, height = math.ceil(page.get_width() * scale), math.ceil(page.get_height() * scale)
    if page.get_rotation() in (90, 270):
        width, height = height, width
    bitmap = pdfium.PdfBitmap.new_native(width, height, pdfium_c.FPDFBitmap_BGR, rev_byteorder=True)
    bitmap.fill_rect((255, 255, 255, 255), 0, 0, width, height)
    flags = pdfium_c.FPDF_ANNOT | pdfium_c.FPDF_REVERSE_BYTE_ORDER
    if budget is None:
        pdfium_c.FPDF_RenderPageBitmap(bitmap, page, 0, 0, width, height, 0, flags)
    else:
        _render_progressively(page, bitmap, (width, height), flags, budget, number)
    return bitmap.to_pil().convert("RGB")


def _render_progressively(page: Any, bitmap: Any, size: tuple[int, int], flags: int, budget: float,
                          number: int) -> None:
    """Render into `bitmap`, asking PDFium to pause between objects once `budget` seconds are spent."""
    import ctypes

    import pypdfium2.raw as pdfium_c

    deadline = time.monotonic() + budget

    @ctypes.CFUNCTYPE(ctypes.c_int, ctypes.POINTER(pdfium_c.IFSDK_PAUSE))
    def need_to_pause(_pause: Any) -> int:
        return int(time.monotonic() > deadline)

    pause = pdfium_c.IFSDK_PAUSE(version=1)
    pause.NeedToPauseNow = need_to_pause
    try:
        status = pdfium_c.FPDF_RenderPageBitmap_Start(bitmap, page, 0, 0, *size, 0, flags, ctypes.byref(pause))
        while status == pdfium_c.FPDF_RENDER_TOBECONTINUED:
            if time.monotonic() > deadline:
                raise PageTimeout(number, budget)
            status = pdfium_c.FPDF_RenderPage_Continue(page, ctypes.byref(pause))
    finally:
        pdfium_c.FPDF_RenderPage_Close(page)
    if status != pdfium_c.FPDF_RENDER_DONE:
        raise OcrInputError(CORRUPT_FILE, f"page {number} of the PDF cannot be rendered")
