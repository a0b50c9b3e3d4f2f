"""The engine's lines and extraction's rows are one grouping (`app.ocr.layout`)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.extraction.rows import document_text as rows_text
from app.extraction.rows import group_rows
from app.ocr.layout import document_text, group_lines, reading_order
from app.ocr.types import TextBlock

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
SETS = ("receipts-dev", "receipts-train")


def _labelled() -> list[list[TextBlock]]:
    out = []
    for name in SETS:
        path = DATA / name / "labels.jsonl"
        if not path.is_file():
            continue
        for raw in path.read_text(encoding="utf-8").splitlines():
            lines = json.loads(raw)["lines"] if raw.strip() else []
            out.append([TextBlock(ln["text"], 1.0, _box(ln["box"]), 1) for ln in lines])
    return out


def _box(b: list[float]) -> tuple:
    return ((b[0], b[1]), (b[2], b[3]), (b[4], b[5]), (b[6], b[7]))


def _same_grouping(blocks: list[TextBlock]) -> None:
    rows = group_rows(blocks)
    lines = [line for page in sorted({b.page for b in blocks})
             for line in group_lines([b for b in blocks if b.page == page])]
    assert [r.blocks for r in rows] == [ln.blocks for ln in lines]
    assert rows_text(rows) == document_text(blocks).replace("\n\n", "\n")
    assert [b for r in rows for b in r.blocks] == [b for b in reading_order(blocks) if b.text.strip()]


@pytest.mark.skipif(not (DATA / SETS[0] / "labels.jsonl").is_file(), reason="shared receipts not present")
def test_engine_lines_and_extraction_rows_agree_on_every_labelled_receipt() -> None:
    receipts = _labelled()
    assert len(receipts) >= 40
    for blocks in receipts:
        _same_grouping(blocks)


def test_two_pages_and_blank_blocks() -> None:
    def b(text: str, x: float, y: float, page: int = 1) -> TextBlock:
        return TextBlock(text, 0.9, ((x, y), (x + 80, y), (x + 80, y + 20), (x, y + 20)), page)

    blocks = [b("TOTAL", 10, 100), b("9.00", 300, 102), b("  ", 150, 101), b("p2", 10, 10, 2),
              b("stacked", 10, 40), b("word", 15, 52)]
    _same_grouping(blocks)
    assert [r.text for r in group_rows(blocks)] == ["stacked", "word", "TOTAL 9.00", "p2"]
