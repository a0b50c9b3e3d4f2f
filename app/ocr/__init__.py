"""Framework-free OCR engine layer: pages in, text blocks out.

Importing this package loads no OCR library (no paddleocr, onnxruntime or cv2): the
engine is built lazily by `get_engine` / `build_engine` inside a worker process.
"""

from __future__ import annotations

from .config import OcrConfig, from_settings
from .errors import (
    Cancelled,
    DocumentTimeout,
    EngineError,
    EngineUnavailable,
    OcrError,
    OcrInputError,
    PageTimeout,
)
from .types import EngineInfo, Line, PageInfo, TextBlock

__all__ = [
    "Cancelled",
    "DocumentTimeout",
    "EngineError",
    "EngineInfo",
    "EngineUnavailable",
    "Line",
    "OcrConfig",
    "OcrError",
    "OcrInputError",
    "PageInfo",
    "PageTimeout",
    "TextBlock",
    "from_settings",
]
