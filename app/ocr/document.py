"""Read a whole document page by page: the one call the OCR worker makes."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass

from .engine import Engine
from .errors import Cancelled
from .layout import document_text, filter_blocks, reading_order
from .pages import Document
from .types import EngineInfo, PageInfo, TextBlock

OnPage = Callable[[int, int], None]
ShouldStop = Callable[[], bool]


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


def recognize_document(
    document: Document,
    engine: Engine,
    *,
    on_page: OnPage | None = None,
    should_stop: ShouldStop | None = None,
    confidence_threshold: float = 0.0,
) -> DocumentResult:
    """OCR every page of `document` in order.

    `should_stop()` is asked before each page (True raises `Cancelled`); `on_page(n, total)`
    is called after page n (1-based) is read. Blocks below `confidence_threshold` are dropped.
    """
    blocks: list[TextBlock] = []
    info: EngineInfo | None = None
    total = document.page_count
    for index, image in enumerate(_pages(document, should_stop)):
        page_no = index + 1
        found = engine.recognize(image)
        del image
        info = _merge_info(info, engine.info)
        kept = filter_blocks(found, confidence_threshold)
        blocks.extend(dataclasses.replace(b, page=page_no) for b in kept)
        if on_page is not None:
            on_page(page_no, total)
    ordered = reading_order(blocks)
    return DocumentResult(
        blocks=ordered,
        text=document_text(ordered),
        pages=list(document.pages),
        engine_info=info or engine.info,
        page_count=total,
    )


def _pages(document: Document, should_stop: ShouldStop | None):  # type: ignore[no-untyped-def]
    """Yield pages, asking `should_stop` before decoding each one."""
    for index in range(document.page_count):
        if should_stop is not None and should_stop():
            raise Cancelled(index)
        yield document.page_image(index)


def _merge_info(seen: EngineInfo | None, page: EngineInfo) -> EngineInfo:
    """Keep the first fallback seen: a document read partly on CPU says so."""
    if seen is not None and seen.fallback_reason:
        return seen
    return page
