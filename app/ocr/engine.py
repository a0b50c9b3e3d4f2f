"""The `Engine` protocol, engine selection (`OCR_ENGINE`) and the per-process holder."""

from __future__ import annotations

import importlib.util
import threading
from pathlib import Path
from typing import Protocol, runtime_checkable

import numpy as np

from .config import OcrConfig
from .errors import EngineUnavailable
from .types import EngineInfo, TextBlock

ONNX_FILES = ("inference.onnx", "inference.yml")
PADDLE_FILES = ("inference.pdiparams", "inference.yml")
FETCH_HINT = "run `python scripts/fetch_models.py --dest <dir>` or set OCR_MODEL_DIR"


@runtime_checkable
class Engine(Protocol):
    """Reads one page: boxes are four [x, y] points in the page's own pixels.

    `info` describes what read the last page (device and fallback reason included).
    One instance per process; not thread-safe.
    """

    @property
    def info(self) -> EngineInfo:
        """Return what read the last page."""
        ...

    def recognize(self, page_image: np.ndarray) -> list[TextBlock]:
        """Return the text blocks of one RGB page, all with `page=1` (the caller renumbers)."""
        ...


def model_dirs(cfg: OcrConfig) -> tuple[Path, Path]:
    """Return the detection and recognition model directories."""
    return cfg.model_dir / cfg.det_model, cfg.model_dir / cfg.rec_model


def has_models(cfg: OcrConfig, files: tuple[str, ...]) -> bool:
    """Tell whether both model directories hold non-empty `files`."""
    return all(
        (d / name).is_file() and (d / name).stat().st_size > 0 for d in model_dirs(cfg) for name in files
    )


def paddle_available() -> bool:
    """Tell whether Paddle Inference (`paddlepaddle`) is installed, without importing it."""
    return importlib.util.find_spec("paddle") is not None


def resolve_engine(cfg: OcrConfig) -> str:
    """Pick `onnx` or `paddle` for `cfg.engine`, or raise `EngineUnavailable` naming the setting."""
    if cfg.engine in ("auto", "onnx") and has_models(cfg, ONNX_FILES):
        return "onnx"
    if cfg.engine in ("auto", "paddle") and paddle_available() and has_models(cfg, PADDLE_FILES):
        return "paddle"
    if cfg.engine == "paddle":
        if not paddle_available():
            raise EngineUnavailable("OCR_ENGINE=paddle needs the `paddlepaddle` package; it is not installed")
        raise EngineUnavailable(_missing(cfg, PADDLE_FILES))
    raise EngineUnavailable(_missing(cfg, ONNX_FILES))


def _missing(cfg: OcrConfig, files: tuple[str, ...]) -> str:
    lacking = [str(d / n) for d in model_dirs(cfg) for n in files if not (d / n).is_file()]
    where = ", ".join(lacking) or str(cfg.model_dir)
    return (
        f"OCR models not found in OCR_MODEL_DIR={cfg.model_dir.resolve()} (missing or empty: {where}); "
        f"{FETCH_HINT}"
    )


def build_engine(cfg: OcrConfig) -> Engine:
    """Build the engine `cfg` asks for; fails fast (no network) when models are missing."""
    name = resolve_engine(cfg)
    from .paddleocr_engine import PaddleOcrEngine

    return PaddleOcrEngine(cfg, backend="onnxruntime" if name == "onnx" else "paddle")


class EngineHolder:
    """One engine per process, built on first use; calls are serialised by a lock."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._engine: Engine | None = None
        self._cfg: OcrConfig | None = None

    def get(self, cfg: OcrConfig) -> Engine:
        """Return the process's engine, building it for `cfg` the first time."""
        with self._lock:
            if self._engine is None or self._cfg != cfg:
                self._engine = LockedEngine(build_engine(cfg))
                self._cfg = cfg
            return self._engine

    def peek(self) -> Engine | None:
        """Return the engine if it was built, without building it."""
        return self._engine

    def reset(self) -> None:
        """Forget the engine (tests, or after a fork)."""
        with self._lock:
            self._engine = None
            self._cfg = None


class LockedEngine:
    """Wrap an engine so that concurrent threads take turns on the one predictor."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._lock = threading.Lock()

    @property
    def info(self) -> EngineInfo:
        """Return what read the last page."""
        return self._engine.info

    def recognize(self, page_image: np.ndarray) -> list[TextBlock]:
        """Read one page while holding the engine's lock."""
        with self._lock:
            return self._engine.recognize(page_image)


_holder = EngineHolder()


def get_engine(cfg: OcrConfig) -> Engine:
    """Return this process's engine, built lazily once (one predictor per process)."""
    return _holder.get(cfg)
