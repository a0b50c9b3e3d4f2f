"""Reading order: blocks on one visual row become a `Line`, lines run top to bottom.

Rows are found in de-skewed coordinates (the page's skew is the median slope of the
wide boxes' top edges), then a block joins the row whose vertical span overlaps its
own by at least `ROW_OVERLAP` of the smaller height. This keeps `TOTAL … 32.72` on one
line even when the amount sits far right on a slightly tilted scan.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from statistics import median

from .types import Line, TextBlock

ROW_OVERLAP = 0.5
MAX_SKEW_DEG = 15.0
PAGE_SEPARATOR = "\n\n"


@dataclass
class _Placed:
    block: TextBlock
    x: float
    top: float
    bottom: float

    @property
    def height(self) -> float:
        return self.bottom - self.top


@dataclass
class _Row:
    members: list[_Placed] = field(default_factory=list)
    top: float = 0.0
    bottom: float = 0.0

    def add(self, item: _Placed) -> None:
        self.members.append(item)
        self.top = median(m.top for m in self.members)
        self.bottom = median(m.bottom for m in self.members)

    def overlap(self, item: _Placed) -> float:
        inter = min(self.bottom, item.bottom) - max(self.top, item.top)
        smaller = min(self.bottom - self.top, item.height)
        return inter / smaller if smaller > 0 else 0.0


def filter_blocks(blocks: Iterable[TextBlock], threshold: float) -> list[TextBlock]:
    """Keep blocks whose confidence is at least `threshold`."""
    return [b for b in blocks if b.confidence >= threshold]


def skew_angle(blocks: Sequence[TextBlock]) -> float:
    """Return the page's text skew in radians: median slope of wide boxes' top edges."""
    angles = []
    for b in blocks:
        (x0, y0), (x1, y1) = b.box[0], b.box[1]
        width, height = x1 - x0, _height(b)
        if width > 2 * height > 0:
            angles.append(math.atan2(y1 - y0, x1 - x0))
    if not angles:
        return 0.0
    angle = median(angles)
    return angle if abs(angle) <= math.radians(MAX_SKEW_DEG) else 0.0


def group_lines(blocks: Sequence[TextBlock]) -> list[Line]:
    """Group one page's blocks into visual rows, top to bottom, each left to right."""
    if not blocks:
        return []
    angle = skew_angle(blocks)
    placed = sorted((_place(b, angle) for b in blocks), key=lambda p: (p.top + p.bottom) / 2)
    rows: list[_Row] = []
    for item in placed:
        best = max(rows[-4:], key=lambda r: r.overlap(item), default=None)
        if best is not None and best.overlap(item) >= ROW_OVERLAP:
            best.add(item)
        else:
            row = _Row()
            row.add(item)
            rows.append(row)
    rows.sort(key=lambda r: (r.top + r.bottom) / 2)
    return [Line([m.block for m in sorted(r.members, key=lambda m: m.x)]) for r in rows]


def reading_order(blocks: Sequence[TextBlock]) -> list[TextBlock]:
    """Return blocks page by page in reading order (rows top to bottom, left to right)."""
    ordered: list[TextBlock] = []
    for page in sorted({b.page for b in blocks}):
        for line in group_lines([b for b in blocks if b.page == page]):
            ordered.extend(line.blocks)
    return ordered


def page_text(blocks: Sequence[TextBlock]) -> str:
    """Return one page's text: rows joined by newlines, blocks in a row by spaces."""
    return "\n".join(line.text for line in group_lines(blocks))


def document_text(blocks: Sequence[TextBlock]) -> str:
    """Return the text of every page, pages separated by a blank line."""
    pages = sorted({b.page for b in blocks})
    return PAGE_SEPARATOR.join(page_text([b for b in blocks if b.page == p]) for p in pages)


def _height(b: TextBlock) -> float:
    (_, y0), (_, y1), (_, y2), (_, y3) = b.box
    return ((y3 - y0) + (y2 - y1)) / 2


def _place(b: TextBlock, angle: float) -> _Placed:
    """Rotate the block's corners by -angle and keep its x and vertical span."""
    cos, sin = math.cos(-angle), math.sin(-angle)
    xs = [x * cos - y * sin for x, y in b.box]
    ys = [x * sin + y * cos for x, y in b.box]
    # Top and bottom as the mean of the two top and two bottom corners: robust to boxes
    # whose corners are not quite level.
    top = (ys[0] + ys[1]) / 2
    bottom = (ys[2] + ys[3]) / 2
    if bottom < top:
        top, bottom = bottom, top
    return _Placed(b, min(xs), top, bottom)
