"""Reading order and row grouping on hand-built blocks."""

from __future__ import annotations

import math

from app.ocr.layout import document_text, filter_blocks, group_lines, page_text, reading_order, skew_angle
from app.ocr.types import TextBlock


def block(text: str, x: float, y: float, w: float, h: float = 30, *, angle_deg: float = 0.0,
          conf: float = 0.99, page: int = 1) -> TextBlock:
    """A box of w × h with its top-left at (x, y), rotated by angle_deg about the page origin."""
    a = math.radians(angle_deg)
    c, s = math.cos(a), math.sin(a)
    pts = [(x, y), (x + w, y), (x + w, y + h), (x, y + h)]
    rot = [(px * c - py * s, px * s + py * c) for px, py in pts]
    return TextBlock(text, conf, (rot[0], rot[1], rot[2], rot[3]), page)


def test_total_and_amount_far_apart_make_one_line() -> None:
    blocks = [block("32.72", 620, 402, 80), block("TOTAL", 40, 400, 90), block("THANK YOU", 200, 470, 150)]
    assert [ln.text for ln in group_lines(blocks)] == ["TOTAL 32.72", "THANK YOU"]


def test_rows_are_grouped_on_a_skewed_page() -> None:
    # 3° of skew moves the right end of a 700 px row down by ~37 px: more than a box height.
    rows = [("ITEM A", "1.00"), ("ITEM B", "2.00"), ("TOTAL", "3.00")]
    blocks = []
    for i, (label, amount) in enumerate(rows):
        y = 100 + i * 40
        blocks += [block(amount, 650, y, 60, angle_deg=3), block(label, 40, y, 200, angle_deg=3)]
    assert math.isclose(math.degrees(skew_angle(blocks)), 3, abs_tol=0.1)
    assert [ln.text for ln in group_lines(blocks)] == ["ITEM A 1.00", "ITEM B 2.00", "TOTAL 3.00"]


def test_counter_clockwise_skew_too() -> None:
    blocks = [block("9.90", 650, 300, 60, angle_deg=-4), block("CASH", 40, 300, 120, angle_deg=-4),
              block("CHANGE", 40, 340, 140, angle_deg=-4), block("0.10", 650, 340, 60, angle_deg=-4)]
    assert page_text(blocks) == "CASH 9.90\nCHANGE 0.10"


def test_lines_that_only_touch_stay_apart() -> None:
    blocks = [block("A", 10, 100, 40, 30), block("B", 300, 120, 40, 30)]  # 10 px of 30 overlap
    assert [ln.text for ln in group_lines(blocks)] == ["A", "B"]


def test_tall_and_short_boxes_on_one_row() -> None:
    blocks = [block("BIG", 10, 100, 200, 60), block("small", 400, 120, 60, 20)]
    assert page_text(blocks) == "BIG small"


def test_reading_order_is_top_to_bottom_then_left_to_right() -> None:
    blocks = [block("c", 300, 200, 40), block("a", 10, 100, 40), block("d", 10, 300, 40),
              block("b", 200, 101, 40)]
    assert [b.text for b in reading_order(blocks)] == ["a", "b", "c", "d"]


def test_reading_order_keeps_pages_apart() -> None:
    blocks = [block("p2", 10, 10, 40, page=2), block("p1-low", 10, 500, 40), block("p1-top", 10, 10, 40)]
    assert [b.text for b in reading_order(blocks)] == ["p1-top", "p1-low", "p2"]
    assert document_text(blocks) == "p1-top\np1-low\n\np2"


def test_confidence_threshold_filter() -> None:
    blocks = [block("keep", 0, 0, 40, conf=0.7), block("drop", 0, 50, 40, conf=0.69), block("hi", 0, 90, 40)]
    assert [b.text for b in filter_blocks(blocks, 0.7)] == ["keep", "hi"]
    assert filter_blocks(blocks, 0.0) == blocks


def test_empty_page() -> None:
    assert group_lines([]) == []
    assert page_text([]) == ""
    assert skew_angle([]) == 0.0
