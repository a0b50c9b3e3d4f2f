"""Read a PDF page's own text layer: phrases with boxes in page pixels, and whether to trust it.

A born-digital page carries its exact text; reading it costs milliseconds where OCR costs
seconds. The layer is trusted only by measurement: it must hold letters, its glyphs must
map to Unicode, it must not be oversized, and a layer drawn invisibly over a picture (an
earlier OCR's output) is only trusted after our own OCR of a sample of the page agrees.
"""

from __future__ import annotations

import ctypes
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .types import PageInfo, TextBlock

USABLE = "usable"
INVISIBLE = "invisible"  # usable only once a sample OCR agrees with it
EMPTY = "empty"
NO_LETTERS = "no_letters"
UNMAPPED = "unmapped"
TOO_LARGE = "too_large"
SPARSE = "sparse"  # a few words over a picture of the page: a scan with a stamp or a header added
UNREADABLE = "unreadable"

_INVISIBLE_MODES = (3, 7)  # PDF text render modes that paint nothing (3: invisible, 7: clip only)
_BAD_CODES = (0, 0xFFFD, 0xFFFE, 0xFFFF)
_LIGATURES = range(0xFB00, 0xFB50)

Mapper = Callable[[float, float], tuple[float, float]]


@dataclass(frozen=True)
class TextLayerLimits:
    """Bounds and thresholds of the usable-layer decision."""

    max_chars: int = 50_000
    min_letters: int = 3
    min_letter_ratio: float = 0.5
    max_unmapped_ratio: float = 0.05
    max_invisible_ratio: float = 0.5
    phrase_gap: float = 0.8  # words closer than this × their height form one phrase, as OCR boxes do
    sparse_chars: int = 200  # below this many characters, a page mostly covered by pictures is OCRed
    picture_share: float = 0.5
    max_objects: int = 2000  # page objects looked at when measuring the pictures' share


@dataclass
class LayerReading:
    """What a page's text layer holds and the verdict on it."""

    verdict: str
    blocks: list[TextBlock] = field(default_factory=list)
    chars: int = 0
    letters: int = 0
    alnum: int = 0
    unmapped: int = 0
    invisible: int = 0

    @property
    def usable(self) -> bool:
        """Whether the layer can be used without OCR."""
        return self.verdict == USABLE


@dataclass
class _Char:
    text: str
    box: tuple[float, float, float, float]  # left, top, right, bottom in pixels


def read_text_layer(path: str | Path, index: int, info: PageInfo,
                    limits: TextLayerLimits | None = None) -> LayerReading:
    """Read page `index` (0-based) of the PDF at `path` and judge its text layer."""
    import pypdfium2 as pdfium

    limits = limits or TextLayerLimits()
    try:
        pdf = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError:
        return LayerReading(UNREADABLE)
    try:
        return _read_page(pdf, index, info, limits)
    except pdfium.PdfiumError:
        return LayerReading(UNREADABLE)
    finally:
        pdf.close()


def _read_page(pdf: Any, index: int, info: PageInfo, limits: TextLayerLimits) -> LayerReading:
    import pypdfium2.raw as raw

    page = pdf[index]
    textpage = page.get_textpage()
    try:
        count = raw.FPDFText_CountChars(textpage.raw)
        if count <= 0:
            return LayerReading(EMPTY)
        if count > limits.max_chars:
            return LayerReading(TOO_LARGE, chars=count)
        reading = LayerReading(EMPTY)
        chars = list(_chars(textpage.raw, _mapper(page.raw, info), reading))
        reading.verdict = _verdict(reading, limits)
        if reading.verdict == USABLE and reading.chars < limits.sparse_chars \
                and _picture_share(page, limits.max_objects) > limits.picture_share:
            reading.verdict = SPARSE
    finally:
        textpage.close()
        page.close()
    if reading.verdict in (USABLE, INVISIBLE):
        reading.blocks = [_block(ws) for ws in _phrases(_words(chars), limits.phrase_gap)]
    return reading


def _verdict(r: LayerReading, limits: TextLayerLimits) -> str:
    if r.chars == 0:
        return EMPTY
    if r.unmapped > limits.max_unmapped_ratio * r.chars:
        return UNMAPPED
    if r.letters < limits.min_letters or r.alnum < limits.min_letter_ratio * r.chars:
        return NO_LETTERS
    if r.invisible > limits.max_invisible_ratio * r.chars:
        return INVISIBLE
    return USABLE


def _picture_share(page: Any, max_objects: int) -> float:
    """Share of the page's area under its images (their boxes summed, capped at 1)."""
    import pypdfium2.raw as raw

    width, height = page.get_size()
    covered = 0.0
    for n, obj in enumerate(page.get_objects(filter=[raw.FPDF_PAGEOBJ_IMAGE], max_depth=2)):
        if n >= max_objects:
            break
        left, bottom, right, top = obj.get_bounds()
        covered += max(0.0, min(right, width) - max(left, 0.0)) * max(0.0, min(top, height) - max(bottom, 0.0))
    return min(1.0, covered / (width * height)) if width * height > 0 else 0.0


def _mapper(page_raw: Any, info: PageInfo) -> Mapper:
    """Map page points to rendered pixels with PDFium's own transform (crop box and /Rotate).

    PDFium adds the page's /Rotate itself; `info` already has the turned page's size.
    """
    import pypdfium2.raw as raw

    scale = 16  # PDFium answers in integers: map onto a 16× larger device for sub-pixel precision

    def device(x: float, y: float) -> tuple[float, float]:
        dx, dy = ctypes.c_int(), ctypes.c_int()
        raw.FPDF_PageToDevice(page_raw, 0, 0, info.width * scale, info.height * scale, 0, x, y,
                              ctypes.byref(dx), ctypes.byref(dy))
        return dx.value / scale, dy.value / scale

    (ox, oy), (ux, uy), (vx, vy) = device(0, 0), device(1000, 0), device(0, 1000)
    ax, ay, bx, by = (ux - ox) / 1000, (uy - oy) / 1000, (vx - ox) / 1000, (vy - oy) / 1000
    return lambda x, y: (ox + ax * x + bx * y, oy + ay * x + by * y)


def _chars(tp: Any, to_px: Mapper, reading: LayerReading) -> Iterator[_Char | None]:
    """Yield each drawn character with its pixel box (None between words); count what is seen."""
    import pypdfium2.raw as raw

    rect = raw.FS_RECTF()
    for i in range(raw.FPDFText_CountChars(tp)):
        code = raw.FPDFText_GetUnicode(tp, i)
        if raw.FPDFText_IsGenerated(tp, i) == 1 or (code < 0x110000 and chr(code).isspace()):
            yield None
            continue
        reading.chars += 1
        text = chr(code) if 0 < code < 0x110000 else "\ufffd"
        if _unmapped(tp, i, code, text):
            reading.unmapped += 1
            yield None
            continue
        kind = unicodedata.category(text)[0]
        reading.letters += kind == "L"
        reading.alnum += kind in "LN"
        obj = raw.FPDFText_GetTextObject(tp, i)
        if obj and raw.FPDFTextObj_GetTextRenderMode(obj) in _INVISIBLE_MODES:
            reading.invisible += 1
        # The loose box spans the font's ascent to descent and the glyph's advance: boxes of one
        # line share their height and neighbouring glyphs touch, as an OCR line box would.
        if not raw.FPDFText_GetLooseCharBox(tp, i, ctypes.byref(rect)):
            yield None
            continue
        corners = [to_px(x, y) for x in (rect.left, rect.right) for y in (rect.bottom, rect.top)]
        xs, ys = [c[0] for c in corners], [c[1] for c in corners]
        if code in _LIGATURES:
            text = unicodedata.normalize("NFKC", text)
        yield _Char(text, (min(xs), min(ys), max(xs), max(ys)))


def _unmapped(tp: Any, index: int, code: int, text: str) -> bool:
    """Whether a glyph has no real Unicode value (no ToUnicode map, private use, control code)."""
    import pypdfium2.raw as raw

    if code in _BAD_CODES or raw.FPDFText_HasUnicodeMapError(tp, index) == 1:
        return True
    return unicodedata.category(text) in ("Co", "Cc", "Cn", "Cs")


def _words(chars: list[_Char | None]) -> list[list[_Char]]:
    """Split characters into words at spaces, line changes and wide gaps."""
    words: list[list[_Char]] = []
    current: list[_Char] = []
    for ch in chars:
        if ch is None or (current and not _continues(current[-1], ch)):
            if current:
                words.append(current)
            current = [] if ch is None else [ch]
        else:
            current.append(ch)
    if current:
        words.append(current)
    return words


def _continues(prev: _Char, ch: _Char) -> bool:
    """Whether `ch` follows `prev` in the same word: same row, no wide gap, no step back."""
    height = max(prev.box[3] - prev.box[1], ch.box[3] - ch.box[1], 1.0)
    same_row = abs((prev.box[1] + prev.box[3]) - (ch.box[1] + ch.box[3])) / 2 < 0.5 * height
    gap = ch.box[0] - prev.box[2]
    return same_row and -0.5 * height < gap < 0.5 * height


def _phrases(words: list[list[_Char]], gap_ratio: float) -> Iterator[list[list[_Char]]]:
    """Join neighbouring words of one row into phrases, as OCR detection boxes them."""
    phrase: list[list[_Char]] = []
    for word in words:
        if phrase and not _near(_span(phrase[-1]), _span(word), gap_ratio):
            yield phrase
            phrase = []
        phrase.append(word)
    if phrase:
        yield phrase


def _span(word: list[_Char]) -> tuple[float, float, float, float]:
    return (min(c.box[0] for c in word), min(c.box[1] for c in word),
            max(c.box[2] for c in word), max(c.box[3] for c in word))


def _near(a: tuple[float, float, float, float], b: tuple[float, float, float, float], ratio: float) -> bool:
    height = max(a[3] - a[1], b[3] - b[1], 1.0)
    same_row = abs((a[1] + a[3]) - (b[1] + b[3])) / 2 < 0.4 * height
    return same_row and -0.2 * height <= b[0] - a[2] <= ratio * height


def _block(phrase: list[list[_Char]]) -> TextBlock:
    """One phrase as a text block (words joined by a space), confidence 1, source text_layer."""
    left = min(_span(w)[0] for w in phrase)
    top = min(_span(w)[1] for w in phrase)
    right = max(_span(w)[2] for w in phrase)
    bottom = max(_span(w)[3] for w in phrase)
    text = " ".join("".join(c.text for c in w) for w in phrase)
    box = ((left, top), (right, top), (right, bottom), (left, bottom))
    return TextBlock(text=text, confidence=1.0, box=box, source="text_layer")


def tokens(blocks: list[TextBlock]) -> list[str]:
    """Return the blocks' words, case-folded, with surrounding punctuation removed."""
    out = []
    for b in blocks:
        for word in b.text.split():
            cleaned = word.strip(".,:;!?()[]{}\"'`*|-_/\\").casefold()
            if cleaned:
                out.append(cleaned)
    return out


def agreement(layer: list[TextBlock], ocr: list[TextBlock]) -> float:
    """Return the F1 of the two word multisets: 1.0 when OCR reads exactly what the layer says."""
    from collections import Counter

    a, b = Counter(tokens(layer)), Counter(tokens(ocr))
    if not a and not b:
        return 1.0
    common = sum((a & b).values())
    if common == 0:
        return 0.0
    precision, recall = common / sum(b.values()), common / sum(a.values())
    return 2 * precision * recall / (precision + recall)
