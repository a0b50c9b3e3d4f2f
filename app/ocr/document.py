"""Read a whole document page by page: the one call the OCR worker makes.

A PDF page whose text layer is usable is read from it (exact text, milliseconds); any
other page is rendered and OCRed. Each page records which of the two read it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from .engine import Engine
from .errors import Cancelled
from .layout import document_text, filter_blocks, reading_order
from .pages import PDF, Document
from .textlayer import INVISIBLE, TextLayerLimits, agreement, read_text_layer
from .types import EngineInfo, PageInfo, TextBlock

OnPage = Callable[[int, int], None]
ShouldStop = Callable[[], bool]
EngineSource = Engine | Callable[[], Engine]

TEXT_LAYER_INFO = EngineInfo(name="text_layer", model="pdfium", device="cpu")
SAMPLE_BAND = 0.2  # share of the page height OCRed to check an invisible text layer
SAMPLE_AGREEMENT = 0.6  # word F1 between that sample and the layer needed to trust the layer


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
) -> DocumentResult:
    """Read every page of `document` in order, from its text layer where usable, else by OCR.

    `engine` is an engine or a function building one (called at the first page OCR needs).
    `should_stop()` is asked before each page (True raises `Cancelled`); `on_page(n, total)`
    is called after page n (1-based) is read. OCR blocks below `confidence_threshold` are
    dropped. `text_layer=None` OCRs every page.
    """
    engines = _Engines(engine)
    blocks: list[TextBlock] = []
    pages: list[PageInfo] = []
    total = document.page_count
    for index in range(total):
        if should_stop is not None and should_stop():
            raise Cancelled(index)
        found, info = _read_page(document, index, engines, text_layer)
        if info.source == "ocr":
            found = filter_blocks(found, confidence_threshold)
        blocks.extend(dataclasses.replace(b, page=index + 1) for b in found)
        pages.append(info)
        if on_page is not None:
            on_page(index + 1, total)
    ordered = reading_order(blocks)
    return DocumentResult(blocks=ordered, text=document_text(ordered), pages=pages,
                          engine_info=engines.info or TEXT_LAYER_INFO, page_count=total)


def _read_page(document: Document, index: int, engines: _Engines,
               limits: TextLayerLimits | None) -> tuple[list[TextBlock], PageInfo]:
    """Read one page; return its blocks and its page info with `source` set."""
    info = document.pages[index]
    verdict = None
    if document.content_type == PDF and limits is not None:
        layer = read_text_layer(document.path, index, info, limits)
        verdict = layer.verdict
        if layer.usable:
            return layer.blocks, dataclasses.replace(info, source="text_layer", text_layer=verdict)
        image = document.page_image(index)
        if verdict == INVISIBLE and _sample_agrees(layer.blocks, image, engines):
            return layer.blocks, dataclasses.replace(info, source="text_layer", text_layer=verdict)
    else:
        image = document.page_image(index)
    found = engines.recognize(image)
    del image
    return found, dataclasses.replace(info, source="ocr", text_layer=verdict)


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
