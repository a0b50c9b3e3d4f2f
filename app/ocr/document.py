"""Read a whole document page by page: the one call the OCR worker makes.

A PDF page whose text layer is usable is read from it (exact text, milliseconds); any
other page is rendered and OCRed. Each page records which of the two read it.

Every page is rendered under a time budget (`Budget`): a page over it is recorded with the error
`page_timeout` and the next page goes on; a document over its total budget (scaled by its page
count) stops with `timeout`. Each page's image, as rendered for reading (or, for a page read from
its text layer, rendered at display size), is handed to `Previews.save`.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from .engine import Engine
from .errors import PAGE_TIMEOUT, Cancelled, DocumentTimeout, OcrError, PageTimeout
from .layout import document_text, filter_blocks, reading_order
from .pages import PDF, Document
from .preview import PREVIEW_MAX_SIDE
from .textlayer import INVISIBLE, TextLayerLimits, agreement, read_text_layer
from .types import EngineInfo, PageInfo, TextBlock

OnPage = Callable[[int, int], None]
OnPreview = Callable[[int, np.ndarray], None]
ShouldStop = Callable[[], bool]
EngineSource = Engine | Callable[[], Engine]

TEXT_LAYER_INFO = EngineInfo(name="text_layer", model="pdfium", device="cpu")
SAMPLE_BAND = 0.2  # share of the page height OCRed to check an invisible text layer
SAMPLE_AGREEMENT = 0.6  # word F1 between that sample and the layer needed to trust the layer


@dataclass(frozen=True)
class Budget:
    """Time bounds of one document: seconds per page's rendering, and a total scaled by its page count."""

    page_seconds: float | None = None
    base_seconds: float = 0.0
    seconds_per_page: float | None = None

    def total(self, pages: int) -> float | None:
        """Return the document's budget in seconds, or None when unbounded."""
        if self.seconds_per_page is None:
            return None
        return self.base_seconds + self.seconds_per_page * pages


@dataclass(frozen=True)
class Previews:
    """Where each page's image goes once rendered (`save(n, rgb)`), and the display size of unrendered pages."""

    save: OnPreview
    max_side: int = PREVIEW_MAX_SIDE


class _Clock:
    """The time left to a document and to its next page."""

    def __init__(self, budget: Budget, pages: int) -> None:
        self.budget, self.limit, self.started = budget, budget.total(pages), time.monotonic()

    def check(self, pages_done: int) -> float | None:
        """Return the seconds left to the document; raise `DocumentTimeout` when they are spent."""
        left = None if self.limit is None else self.limit - (time.monotonic() - self.started)
        if left is not None and left <= 0:
            raise DocumentTimeout(pages_done, self.limit or 0.0)
        return left

    def page_seconds(self, pages_done: int) -> float | None:
        """Return the next page's render budget: its own, or what is left to the document when less."""
        left = self.check(pages_done)
        bounds = [b for b in (self.budget.page_seconds, left) if b is not None]
        return min(bounds) if bounds else None


@dataclass(frozen=True)
class DocumentResult:
    """Blocks of every page in reading order, the text, page sizes and what read them."""

    blocks: list[TextBlock]
    text: str
    pages: list[PageInfo]
    engine_info: EngineInfo
    page_count: int

    @property
    def confidence(self) -> float | None:
        """Return the mean block confidence, or None when no text was found."""
        if not self.blocks:
            return None
        return sum(b.confidence for b in self.blocks) / len(self.blocks)


class _Engines:
    """Build the OCR engine only when a page needs it: a born-digital PDF never loads it."""

    def __init__(self, source: EngineSource) -> None:
        self._source = source
        self._engine: Engine | None = source if isinstance(source, Engine) else None
        self.info: EngineInfo | None = None

    def get(self) -> Engine:
        if self._engine is None:
            self._engine = self._source()  # type: ignore[operator]
        return self._engine

    def recognize(self, image: np.ndarray) -> list[TextBlock]:
        engine = self.get()
        found = engine.recognize(image)
        if self.info is None or not self.info.fallback_reason:  # keep the first fallback seen
            self.info = engine.info
        return found


def recognize_document(
    document: Document,
    engine: EngineSource,
    *,
    on_page: OnPage | None = None,
    should_stop: ShouldStop | None = None,
    confidence_threshold: float = 0.0,
    text_layer: TextLayerLimits | None = TextLayerLimits(),
    budget: Budget | None = None,
    previews: Previews | None = None,
) -> DocumentResult:
    """Read every page of `document` in order, from its text layer where usable, else by OCR.

    `engine` is an engine or a function building one (called at the first page OCR needs).
    `should_stop()` is asked before each page (True raises `Cancelled`); `on_page(n, total)`
    is called after page n (1-based) is read. OCR blocks below `confidence_threshold` are
    dropped. `text_layer=None` OCRs every page. A page rendered past `budget.page_seconds`
    gets `error="page_timeout"` (no text unless its text layer gave it); when no page could be
    read the document fails `page_timeout`, and past its total budget, `timeout`.
    """
    engines = _Engines(engine)
    blocks: list[TextBlock] = []
    pages: list[PageInfo] = []
    total = document.page_count
    clock = _Clock(budget or Budget(), total)
    for index in range(total):
        if should_stop is not None and should_stop():
            raise Cancelled(index)
        seconds = clock.page_seconds(index)
        try:
            found, info = _read_page(document, index, engines, text_layer, seconds, previews)
        except PageTimeout as exc:
            clock.check(index)  # cut short by the document's budget, not its own: the document ends
            found, info = [], dataclasses.replace(document.pages[index], error=exc.code)
        if info.source == "ocr":
            found = filter_blocks(found, confidence_threshold)
        blocks.extend(dataclasses.replace(b, page=index + 1) for b in found)
        pages.append(info)
        if on_page is not None:
            on_page(index + 1, total)
    if all(p.error is not None and p.source != "text_layer" for p in pages):
        raise OcrError(PAGE_TIMEOUT, f"every page took longer than its time budget of "
                                     f"{(budget or Budget()).page_seconds or 0:g} s to render")
    ordered = reading_order(blocks)
    return DocumentResult(blocks=ordered, text=document_text(ordered), pages=pages,
                          engine_info=engines.info or TEXT_LAYER_INFO, page_count=total)


def render_previews(document: Document, previews: Previews, page_seconds: float | None = None) -> dict[int, str]:
    """Render each page at display size for `previews.save`; return the error code of each page that failed.

    For documents read before their previews were stored: each page is bounded like a page being read.
    """
    failed: dict[int, str] = {}
    for index in range(document.page_count):
        try:
            previews.save(index + 1, document.preview_image(index, previews.max_side, page_seconds))
        except OcrError as exc:
            failed[index + 1] = exc.code
    return failed


def _read_page(document: Document, index: int, engines: _Engines, limits: TextLayerLimits | None,
               seconds: float | None = None,
               previews: Previews | None = None) -> tuple[list[TextBlock], PageInfo]:
    """Read one page (its rendering bounded by `seconds`); return its blocks and page info with `source` set."""
    info = document.pages[index]
    verdict = None
    if document.content_type == PDF and limits is not None:
        layer = read_text_layer(document.path, index, info, limits)
        verdict = layer.verdict
        if layer.usable:
            read = dataclasses.replace(info, source="text_layer", text_layer=verdict)
            return layer.blocks, _preview_unrendered(document, index, read, seconds, previews)
        image = _rendered(document, index, seconds, previews)
        if verdict == INVISIBLE and _sample_agrees(layer.blocks, image, engines):
            return layer.blocks, dataclasses.replace(info, source="text_layer", text_layer=verdict)
    else:
        image = _rendered(document, index, seconds, previews)
    found = engines.recognize(image)
    del image
    return found, dataclasses.replace(info, source="ocr", text_layer=verdict)


def _rendered(document: Document, index: int, seconds: float | None, previews: Previews | None) -> np.ndarray:
    """Render or decode a page for reading and hand it to the previews."""
    image = document.page_image(index, seconds)
    if previews is not None:
        previews.save(index + 1, image)
    return image


def _preview_unrendered(document: Document, index: int, info: PageInfo, seconds: float | None,
                        previews: Previews | None) -> PageInfo:
    """Render a page read from its text layer at display size for its preview; over budget it keeps its text."""
    if previews is None:
        return info
    try:
        previews.save(index + 1, document.preview_image(index, previews.max_side, seconds))
    except PageTimeout as exc:
        return dataclasses.replace(info, error=exc.code)
    return info


def _sample_agrees(layer: list[TextBlock], image: np.ndarray, engines: _Engines) -> bool:
    """OCR the band of the page densest in layer text; trust the layer when the words agree."""
    if not layer:
        return False
    height = image.shape[0]
    band = max(1, int(height * SAMPLE_BAND))
    centres = [(b.box[0][1] + b.box[2][1]) / 2 for b in layer]
    start = max(range(0, max(1, height - band + 1), max(1, band // 2)),
                key=lambda s: sum(s <= c < s + band for c in centres))
    inside = [b for b, c in zip(layer, centres, strict=True) if start <= c < start + band]
    top = max(0, int(min(b.box[0][1] for b in inside)) - 4)
    bottom = min(height, int(max(b.box[2][1] for b in inside)) + 4)
    found = engines.recognize(np.ascontiguousarray(image[top:bottom]))
    return agreement(inside, found) >= SAMPLE_AGREEMENT
