"""Group OCR blocks into visual rows and index the document's text."""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field

from app.ocr.layout import block_height, page_lines
from app.ocr.types import TextBlock

BoxList = list[list[float]]


@dataclass
class Row:
    """Blocks on one visual row of one page, left to right, with their text offsets."""

    blocks: list[TextBlock]
    page: int
    index: int = 0
    spans: list[tuple[int, int]] = field(default_factory=list)
    text: str = ""

    def __post_init__(self) -> None:
        parts: list[str] = []
        pos = 0
        for block in self.blocks:
            text = " ".join(block.text.split())
            self.spans.append((pos, pos + len(text)))
            parts.append(text)
            pos += len(text) + 1
        self.text = " ".join(parts)

    @property
    def top(self) -> float:
        """Return the smallest y of the row's blocks."""
        return min(y for b in self.blocks for _, y in b.box)

    @property
    def bottom(self) -> float:
        """Return the largest y of the row's blocks."""
        return max(y for b in self.blocks for _, y in b.box)

    @property
    def height(self) -> float:
        """Return the median block height of the row."""
        return statistics.median(block_height(b) for b in self.blocks)

    def blocks_in(self, start: int, end: int) -> list[TextBlock]:
        """Return the blocks whose text overlaps the character span [start, end)."""
        return [b for b, (s, e) in zip(self.blocks, self.spans, strict=True) if s < end and start < e]

    def confidence(self, start: int = 0, end: int | None = None) -> float:
        """Return the lowest OCR confidence of the blocks in a span (whole row by default)."""
        blocks = self.blocks_in(start, len(self.text) if end is None else end)
        return min((b.confidence for b in blocks), default=0.0)


def union_box(blocks: Sequence[TextBlock]) -> BoxList | None:
    """Return the axis-aligned box around blocks of the first page among them, as four [x, y]."""
    if not blocks:
        return None
    page = blocks[0].page
    pts = [p for b in blocks if b.page == page for p in b.box]
    x0, x1 = min(x for x, _ in pts), max(x for x, _ in pts)
    y0, y1 = min(y for _, y in pts), max(y for _, y in pts)
    return [
        [round(x0, 1), round(y0, 1)],
        [round(x1, 1), round(y0, 1)],
        [round(x1, 1), round(y1, 1)],
        [round(x0, 1), round(y1, 1)],
    ]


def group_rows(blocks: Sequence[TextBlock]) -> list[Row]:
    """Group blocks into rows with the engine's row grouper (`app.ocr.layout`), top to bottom."""
    return [Row(line.blocks, page, i) for i, (page, line) in enumerate(page_lines(blocks))]


def document_text(rows: Sequence[Row]) -> str:
    """Return the text of rows, one row per line."""
    return "\n".join(r.text for r in rows)


def locate(rows: Sequence[Row], start: int, end: int) -> list[tuple[Row, int, int]]:
    """Map a span of `document_text(rows)` to (row, start, end) spans inside rows."""
    out = []
    pos = 0
    for row in rows:
        row_end = pos + len(row.text)
        if pos < end and start < row_end + 1:
            out.append((row, max(start, pos) - pos, min(end, row_end) - pos))
        pos = row_end + 1
    return out
