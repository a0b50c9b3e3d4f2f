"""The engine layer's frozen configuration, built from the app's settings by `from_settings`."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

ENGINES = ("auto", "onnx", "paddle")
_TRUE = {"1", "true", "yes", "on"}


@dataclass(frozen=True)
class OcrConfig:
    """Settings of the engine and of page decoding (DESIGN §8, §10)."""

    engine: str = "auto"
    model_dir: Path = Path("var/models")
    det_model: str = "PP-OCRv6_small_det"
    rec_model: str = "PP-OCRv6_small_rec"
    use_gpu: bool = True
    gpu_device_id: int = 0
    max_pages: int = 50
    max_pixels: int = 40_000_000
    pdf_dpi: int = 200
    det_limit_side: int = 1600
    det_thresh: float | None = None
    det_box_thresh: float | None = None
    # Measured on the dev receipts (bench/ocr_quality.py): a wider unclip keeps whole glyphs in
    # the crops and one crop per recognition batch avoids padding short lines to the longest.
    det_unclip_ratio: float | None = 2.0
    rec_score_thresh: float = 0.0
    rec_batch_size: int = 1
    threads: int = 1
    preprocess: str = "auto"

    def __post_init__(self) -> None:
        object.__setattr__(self, "model_dir", Path(self.model_dir))
        if self.engine not in ENGINES:
            raise ValueError(f"OCR_ENGINE must be one of {', '.join(ENGINES)}, not {self.engine!r}")
        for name in ("max_pages", "max_pixels", "pdf_dpi", "det_limit_side", "threads"):
            if getattr(self, name) < 1:
                raise ValueError(f"{name} must be at least 1")


def _bool(value: str) -> bool:
    return value.strip().lower() in _TRUE


def from_settings(settings: Mapping[str, object]) -> OcrConfig:
    """Build an `OcrConfig` from settings named as in DESIGN §10 (the app's config, or an environment)."""
    base = OcrConfig()

    def get(name: str, default: object) -> str:
        value = settings.get(name)
        return str(default) if value in (None, "") else str(value)

    return OcrConfig(
        engine=get("OCR_ENGINE", base.engine).lower(),
        model_dir=Path(get("OCR_MODEL_DIR", base.model_dir)),
        det_model=get("OCR_DET_MODEL", base.det_model),
        rec_model=get("OCR_REC_MODEL", base.rec_model),
        use_gpu=_bool(get("USE_GPU_OCR", "true")),
        gpu_device_id=int(get("GPU_DEVICE_ID", base.gpu_device_id)),
        max_pages=int(get("OCR_MAX_PAGES", base.max_pages)),
        max_pixels=int(get("OCR_MAX_PIXELS", base.max_pixels)),
        pdf_dpi=int(get("OCR_PDF_DPI", base.pdf_dpi)),
        det_limit_side=int(get("OCR_DET_LIMIT_SIDE", base.det_limit_side)),
        threads=int(get("OCR_THREADS", base.threads)),
        preprocess=get("OCR_PREPROCESS", base.preprocess),
    )
