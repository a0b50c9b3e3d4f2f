"""A page's preview: the page as read, scaled for display and encoded as PNG."""

from __future__ import annotations

import io

import numpy as np
from PIL import Image

PREVIEW_MAX_SIDE = 1600
# Mean spread between a pixel's channels below which a page is stored in grey (half the encoding time).
GREY_SPREAD = 6.0


def preview_png(image: np.ndarray, max_side: int = PREVIEW_MAX_SIDE) -> bytes:
    """Encode an RGB page as PNG, its longer side at most `max_side` pixels (grey when it has no colour)."""
    picture = Image.fromarray(image)
    picture.thumbnail((max_side, max_side), Image.Resampling.BILINEAR)
    if _is_grey(np.asarray(picture)):
        picture = picture.convert("L")
    buffer = io.BytesIO()
    picture.save(buffer, format="PNG", compress_level=1)  # photos of paper barely compress further
    return buffer.getvalue()


def _is_grey(pixels: np.ndarray) -> bool:
    sample = pixels[::4, ::4].astype(np.int16)
    spread = sample.max(axis=2) - sample.min(axis=2)
    return float(spread.mean()) < GREY_SPREAD
