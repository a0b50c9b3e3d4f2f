"""Reading order: blocks on one visual row become a `Line`, lines run top to bottom.

The one row grouper of the project: the engine's text, extraction's rows and template
learning all read rows from `group_lines`. Rows are found in de-skewed coordinates (the
page's skew is the median slope of the wide boxes' top edges); a block joins the row whose
vertical span overlaps its own by more than `ROW_OVERLAP` of the smaller height, unless it
would cover a block already on that row (two stacked words are two rows). This keeps
`TOTAL … 32.72` on one line even when the amount sits far right on a slightly tilted scan.
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
# A block is compared with the last few rows only: rows far above cannot take it.
LOOKBACK_ROWS = 8


@dataclass
class _Row:
    center: float
    height: float
    blocks: list[TextBlock] = field(default_factory=list)
    xs: list[tuple[float, float]] = field(default_factory=list)

    def overlap(self, center: float, height: float) -> float:
        """Return the vertical overlap of the row's span and a block's span, in pixels."""
        return min(self.center + self.height / 2, center + height / 2) - max(
            self.center - self.height / 2, center - height / 2
        )

    def collides(self, xr: tuple[float, float]) -> bool:
        """Tell whether a block's x range covers more than half of a block already on the row."""
        for lo, hi in self.xs:
            inter = min(hi, xr[1]) - max(lo, xr[0])
            if inter > 0.5 * min(hi - lo, xr[1] - xr[0]):
                return True
        return False

    def add(self, block: TextBlock, center: float, height: float, xr: tuple[float, float]) -> None:
        """Add a block; the row's centre and height become the running means."""
        n = len(self.blocks)
        self.center = (self.center * n + center) / (n + 1)
        self.height = (self.height * n + height) / (n + 1)
        self.blocks.append(block)
        self.xs.append(xr)


def filter_blocks(blocks: Iterable[TextBlock], threshold: float) -> list[TextBlock]:
    """Keep blocks whose confidence is at least `threshold`."""
    return [b for b in blocks if b.confidence >= threshold]


def block_height(b: TextBlock) -> float:
    """Return a block's height along its own left and right edges (at least 1 px)."""
    (x0, y0), (x1, y1), (x2, y2), (x3, y3) = b.box
    return max(1.0, (math.hypot(x3 - x0, y3 - y0) + math.hypot(x2 - x1, y2 - y1)) / 2)


def x_range(b: TextBlock) -> tuple[float, float]:
    """Return the smallest and largest x of a block's corners."""
    xs = [x for x, _ in b.box]
    return min(xs), max(xs)


def skew_angle(blocks: Sequence[TextBlock]) -> float:
    """Return the page's text skew in radians: median slope of wide boxes' top edges."""
    angles = []
    for b in blocks:
        (x0, y0), (x1, y1) = b.box[0], b.box[1]
        if math.hypot(x1 - x0, y1 - y0) >= 2 * block_height(b):
            angles.append(math.atan2(y1 - y0, x1 - x0))
    if not angles:
        return 0.0
    angle = median(angles)
    return angle if abs(angle) <= math.radians(MAX_SKEW_DEG) else 0.0


def _usable(b: TextBlock) -> bool:
    return bool(b.text.strip()) and all(math.isfinite(v) for p in b.box for v in p)


def group_lines(blocks: Sequence[TextBlock]) -> list[Line]:
    """Group one page's blocks into visual rows, top to bottom, each left to right.

    Blocks without text or with a non-finite corner are left out."""
    blocks = [b for b in blocks if _usable(b)]
    if not blocks:
        return []
    tan = math.tan(skew_angle(blocks))

    def center(b: TextBlock) -> float:
        # De-skew: measure y along the page's text direction, not the image's.
        return sum(y - x * tan for x, y in b.box) / 4

    rows: list[_Row] = []
    for b in sorted(blocks, key=center):
        c, h, xr = center(b), block_height(b), x_range(b)
        best, best_overlap = None, 0.0
        for row in rows[-LOOKBACK_ROWS:]:
            overlap = row.overlap(c, h)
            if overlap > ROW_OVERLAP * min(h, row.height) and overlap > best_overlap and not row.collides(xr):
                best, best_overlap = row, overlap
        if best is None:
            best = _Row(c, 0.0)
            rows.append(best)
        best.add(b, c, h, xr)
    rows.sort(key=lambda r: r.center)
    return [Line(sorted(r.blocks, key=lambda b: x_range(b)[0])) for r in rows]


def page_lines(blocks: Sequence[TextBlock]) -> list[tuple[int, Line]]:
    """Return (page, line) for every page in order, each page's lines top to bottom."""
    return [
        (page, line)
        for page in sorted({b.page for b in blocks})
        for line in group_lines([b for b in blocks if b.page == page])
    ]


def reading_order(blocks: Sequence[TextBlock]) -> list[TextBlock]:
    """Return blocks page by page in reading order (rows top to bottom, left to right)."""
    return [b for _, line in page_lines(blocks) for b in line.blocks]


def page_text(blocks: Sequence[TextBlock]) -> str:
    """Return one page's text: rows joined by newlines, blocks in a row by spaces."""
    return "\n".join(line.text for line in group_lines(blocks))


def document_text(blocks: Sequence[TextBlock]) -> str:
    """Return the text of every page, pages separated by a blank line."""
    pages = sorted({b.page for b in blocks})
    return PAGE_SEPARATOR.join(page_text([b for b in blocks if b.page == p]) for p in pages)
