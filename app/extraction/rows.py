"""Group OCR blocks into visual rows and index the document's text."""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field

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
        return statistics.median(_height(b) for b in self.blocks)

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


def _height(block: TextBlock) -> float:
    (x0, y0), (x1, y1), (x2, y2), (x3, y3) = block.box
    return max(1.0, (math.hypot(x3 - x0, y3 - y0) + math.hypot(x2 - x1, y2 - y1)) / 2)


def _angle(block: TextBlock) -> float | None:
    (x0, y0), (x1, y1) = block.box[0], block.box[1]
    width = math.hypot(x1 - x0, y1 - y0)
    if width < 2 * _height(block):
        return None
    return math.atan2(y1 - y0, x1 - x0)


def _skew(blocks: Sequence[TextBlock]) -> float:
    angles = [a for a in map(_angle, blocks) if a is not None and abs(a) < 0.35]
    return statistics.median(angles) if angles else 0.0


@dataclass
class _Slot:
    center: float
    height: float
    blocks: list[TextBlock]
    xs: list[tuple[float, float]]


def _x_range(block: TextBlock) -> tuple[float, float]:
    return min(x for x, _ in block.box), max(x for x, _ in block.box)


def _collides(slot: _Slot, xr: tuple[float, float]) -> bool:
    for lo, hi in slot.xs:
        overlap = min(hi, xr[1]) - max(lo, xr[0])
        if overlap > 0.5 * min(hi - lo, xr[1] - xr[0]):
            return True
    return False


def _page_rows(blocks: Sequence[TextBlock]) -> list[list[TextBlock]]:
    tan = math.tan(_skew(blocks))

    def center(b: TextBlock) -> float:
        # De-skew: measure y along the page's text direction, not the image's.
        return sum(y - x * tan for x, y in b.box) / 4

    slots: list[_Slot] = []
    for block in sorted(blocks, key=center):
        c, h, xr = center(block), _height(block), _x_range(block)
        best, best_overlap = None, 0.0
        for slot in slots[-8:]:
            overlap = min(slot.center + slot.height / 2, c + h / 2) - max(
                slot.center - slot.height / 2, c - h / 2
            )
            if overlap > 0.5 * min(h, slot.height) and overlap > best_overlap and not _collides(slot, xr):
                best, best_overlap = slot, overlap
        if best is None:
            slots.append(_Slot(c, h, [block], [xr]))
            continue
        n = len(best.blocks)
        best.center = (best.center * n + c) / (n + 1)
        best.height = (best.height * n + h) / (n + 1)
        best.blocks.append(block)
        best.xs.append(xr)
    slots.sort(key=lambda s: s.center)
    return [sorted(s.blocks, key=lambda b: _x_range(b)[0]) for s in slots]


def group_rows(blocks: Sequence[TextBlock]) -> list[Row]:
    """Group blocks into rows by vertical overlap (per page, de-skewed), top to bottom."""
    rows: list[Row] = []
    for page in sorted({b.page for b in blocks}):
        page_blocks = [b for b in blocks if b.page == page and b.text.strip()]
        for row_blocks in _page_rows(page_blocks):
            rows.append(Row(row_blocks, page, len(rows)))
    return rows


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
