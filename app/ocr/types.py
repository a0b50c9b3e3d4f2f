"""Plain data types shared by the engine and extraction layers."""

from __future__ import annotations

from dataclasses import dataclass, field

Point = tuple[float, float]
Box = tuple[Point, Point, Point, Point]


@dataclass(frozen=True)
class TextBlock:
    """One recognised piece of text with its box in the page's own pixels."""

    text: str
    confidence: float
    box: Box
    page: int = 1
    source: str = "ocr"  # "ocr" or "text_layer": what read it

    def to_dict(self) -> dict:
        """Return the JSON shape used by the API (`bounding_box` as four [x, y])."""
        return {
            "text": self.text,
            "bounding_box": [[round(x, 1), round(y, 1)] for x, y in self.box],
            "confidence": round(self.confidence, 4),
            "page": self.page,
            "source": self.source,
        }


@dataclass(frozen=True)
class EngineInfo:
    """What read the page: engine name, model, device and why it fell back, if it did."""

    name: str
    model: str
    device: str
    fallback_reason: str | None = None

    def to_dict(self) -> dict:
        """Return the `engine` JSON object of a result."""
        return {
            "name": self.name,
            "model": self.model,
            "device": self.device,
            "fallback_reason": self.fallback_reason,
        }


@dataclass(frozen=True)
class PageInfo:
    """Size of one page as stored (`pages` JSON): pixels and dpi."""

    width: int
    height: int
    dpi: int | None = None
    source: str | None = None  # "text_layer" or "ocr" once the page is read
    text_layer: str | None = None  # the verdict on a PDF page's text layer (textlayer.py)
    error: str | None = None  # why the page has no image (`page_timeout`): an OCR page then has no text

    def to_dict(self) -> dict:
        """Return the `pages` JSON entry of this page."""
        out: dict = {"width": self.width, "height": self.height, "dpi": self.dpi}
        if self.source is not None:
            out["source"] = self.source
        if self.text_layer is not None:
            out["text_layer"] = self.text_layer
        if self.error is not None:
            out["error"] = self.error
        return out


@dataclass
class Line:
    """Blocks on one visual row, left to right."""

    blocks: list[TextBlock] = field(default_factory=list)

    @property
    def text(self) -> str:
        """Return the row's text: blocks joined by a space, runs of spaces inside a block as one."""
        return " ".join(" ".join(b.text.split()) for b in self.blocks)
