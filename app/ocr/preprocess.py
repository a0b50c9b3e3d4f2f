"""Page pre-processing before the model: colour order, optional contrast and upscaling.

`cfg.preprocess` is a comma-separated list of steps, `none`, or `auto` (the measured
default, see bench/ocr_quality.py). Steps:
- `clahe`: contrast-limited histogram equalisation on lightness (faded thermal prints);
- `upscale`: enlarge pages whose long side is below `UPSCALE_TARGET` (small text);
- `gray`: feed a grey page (three equal channels).
Boxes are mapped back to the original page by `Prepared.scale`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .config import OcrConfig

# None of the image steps beat the raw page on the dev receipts (bench/ocr_quality.py:
# CLAHE, upscaling, levels stretch, sharpening and grey all lost 0.1–0.6 F1 points and cost
# 10–30 % more time), so `auto` feeds the page as decoded. They stay available by name.
AUTO_STEPS: tuple[str, ...] = ()
KNOWN_STEPS = frozenset({"clahe", "upscale", "gray", "stretch", "sharpen"})
FADED_DARKEST = 40
UPSCALE_TARGET = 1600
UPSCALE_MAX = 2.0


@dataclass(frozen=True)
class Prepared:
    """The page as fed to the model (BGR) and its scale relative to the original."""

    bgr: np.ndarray
    scale: float = 1.0


def steps_of(spec: str) -> tuple[str, ...]:
    """Parse `cfg.preprocess` into known step names."""
    spec = spec.strip().lower()
    if spec == "auto":
        return AUTO_STEPS
    if spec in ("", "none", "raw"):
        return ()
    steps = tuple(s.strip() for s in spec.split(",") if s.strip())
    unknown = set(steps) - KNOWN_STEPS
    if unknown:
        raise ValueError(f"unknown pre-processing step(s): {', '.join(sorted(unknown))}")
    return steps


def prepare(rgb: np.ndarray, cfg: OcrConfig) -> Prepared:
    """Apply the configured steps to an RGB page and return it in BGR for PaddleOCR."""
    steps = steps_of(cfg.preprocess)
    bgr = np.ascontiguousarray(rgb[:, :, ::-1])
    if not steps:
        return Prepared(bgr)
    import cv2

    scale = 1.0
    if "upscale" in steps:
        bgr, scale = _upscale(cv2, bgr)
    if "stretch" in steps:
        bgr = _stretch(bgr)
    if "sharpen" in steps:
        bgr = _sharpen(cv2, bgr)
    if "clahe" in steps:
        bgr = _clahe(cv2, bgr)
    if "gray" in steps:
        gray = cv2.cvtColor(bgr, cv2.COLOR_BGR2GRAY)
        bgr = cv2.cvtColor(gray, cv2.COLOR_GRAY2BGR)
    return Prepared(bgr, scale)


def _upscale(cv2: object, bgr: np.ndarray) -> tuple[np.ndarray, float]:
    long_side = max(bgr.shape[:2])
    if long_side >= UPSCALE_TARGET:
        return bgr, 1.0
    scale = min(UPSCALE_MAX, UPSCALE_TARGET / long_side)
    resized = cv2.resize(bgr, None, fx=scale, fy=scale, interpolation=cv2.INTER_CUBIC)  # type: ignore[attr-defined]
    return resized, scale


def _clahe(cv2: object, bgr: np.ndarray) -> np.ndarray:
    lab = cv2.cvtColor(bgr, cv2.COLOR_BGR2LAB)  # type: ignore[attr-defined]
    clahe = cv2.createCLAHE(clipLimit=2.0, tileGridSize=(8, 8))  # type: ignore[attr-defined]
    lab[:, :, 0] = clahe.apply(lab[:, :, 0])
    return cv2.cvtColor(lab, cv2.COLOR_LAB2BGR)  # type: ignore[attr-defined,no-any-return]


def _stretch(bgr: np.ndarray) -> np.ndarray:
    """Darken faded prints: stretch levels so the darkest ink becomes black (only when it is not)."""
    gray = bgr.mean(axis=2)
    lo, hi = np.percentile(gray[::4, ::4], [0.5, 99.5])
    if lo < FADED_DARKEST or hi - lo < 32:
        return bgr
    lut = np.clip((np.arange(256, dtype=np.float32) - lo) * 255.0 / (hi - lo), 0, 255).astype(np.uint8)
    return lut[bgr]


def _sharpen(cv2: object, bgr: np.ndarray) -> np.ndarray:
    blur = cv2.GaussianBlur(bgr, (0, 0), 1.0)  # type: ignore[attr-defined]
    return cv2.addWeighted(bgr, 1.6, blur, -0.6, 0)  # type: ignore[attr-defined,no-any-return]
