"""PaddleOCR's own pipeline on local PP-OCR det/rec models (ONNX Runtime or Paddle Inference).

Heavy libraries (paddleocr, paddlex, onnxruntime, cv2) are imported here only, when an
engine is built. The environment is set first so that PaddleX never looks for a model
hoster: every model comes from `OCR_MODEL_DIR`, checked before PaddleOCR is touched.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Sequence
from typing import Any, Protocol

import numpy as np

from .config import OcrConfig
from .engine import model_dirs
from .errors import EngineError, EngineUnavailable
from .preprocess import prepare
from .types import Box, EngineInfo, TextBlock

log = logging.getLogger(__name__)

CUDA = "CUDAExecutionProvider"
CPU = "cpu"
CUDA_OOM = "cuda_oom"
_OOM_MARKERS = (
    "out of memory",
    "cuda_error_out_of_memory",
    "cudaerrormemoryallocation",
    "failed to allocate memory",
    "resourceexhausted",
)
# Set before paddlex is imported: its flags are read at import time.
_OFFLINE_ENV = {
    "PADDLE_PDX_DISABLE_MODEL_SOURCE_CHECK": "True",
    "PADDLEOCR_DISABLE_AUTO_LOGGING_CONFIG": "1",
    "HF_HUB_OFFLINE": "1",
    "HF_DATASETS_OFFLINE": "1",
    "MODELSCOPE_OFFLINE": "1",
}


class Predictor(Protocol):
    """What the engine needs of a PaddleOCR pipeline: `predict(bgr_image) -> [result]`."""

    def predict(self, input: Any) -> Sequence[Any]:  # noqa: A002 - PaddleOCR's own name
        """Run detection + recognition on one BGR image."""
        ...


PredictorFactory = Callable[[str], Predictor]


def is_cuda_oom(exc: BaseException) -> bool:
    """Tell whether an exception from the GPU predictor is a CUDA out-of-memory error."""
    text = f"{type(exc).__name__}: {exc}".lower().replace(" ", "")
    return any(marker.replace(" ", "") in text for marker in _OOM_MARKERS)


def available_providers() -> list[str]:
    """Return ONNX Runtime's execution providers on this machine."""
    import onnxruntime

    return list(onnxruntime.get_available_providers())


def choose_device(cfg: OcrConfig, providers: Sequence[str] | None, backend: str) -> str:
    """Return `gpu:<id>` when asked for and CUDA is there, else `cpu`."""
    if not cfg.use_gpu:
        return CPU
    if backend == "onnxruntime":
        found = available_providers() if providers is None else list(providers)
        return f"gpu:{cfg.gpu_device_id}" if CUDA in found else CPU
    return f"gpu:{cfg.gpu_device_id}" if _paddle_has_cuda() else CPU


def _paddle_has_cuda() -> bool:
    try:
        import paddle  # type: ignore[import-not-found]

        return bool(paddle.device.is_compiled_with_cuda() and paddle.device.cuda.device_count() > 0)
    except Exception:  # noqa: BLE001 - any failure means no usable GPU
        return False


def _go_offline() -> None:
    """Make any attempt to fetch a model fail at once instead of trying the network."""
    for key, value in _OFFLINE_ENV.items():
        os.environ.setdefault(key, value)


def _block_model_hosters() -> None:
    # A name without a local dir would make PaddleX download it; with no hoster it
    # raises at once. We always pass local dirs, this is the belt to those braces.
    try:
        from paddlex.inference.utils.official_models import official_models

        official_models._hosters = []
    except (ImportError, AttributeError):  # pragma: no cover - layout of a future PaddleX
        log.warning("could not disable PaddleX model hosters")


class PipelineFactory:
    """Build `paddleocr.PaddleOCR` det+rec pipelines from the local model directories."""

    def __init__(self, cfg: OcrConfig, backend: str) -> None:
        self.cfg = cfg
        self.backend = backend

    def __call__(self, device: str) -> Predictor:
        """Return a pipeline running on `device` (`cpu` or `gpu:<id>`)."""
        _go_offline()
        try:
            import cv2
            from paddleocr import PaddleOCR
        except ImportError as exc:
            raise EngineUnavailable(f"PaddleOCR is not installed: {exc}") from exc
        _block_model_hosters()
        cv2.setNumThreads(self.cfg.threads)
        det_dir, rec_dir = model_dirs(self.cfg)
        try:
            return PaddleOCR(  # type: ignore[no-any-return]
                device=device,
                engine=self.backend,
                engine_config=self._engine_config(device),
                text_detection_model_name=self.cfg.det_model,
                text_detection_model_dir=str(det_dir),
                text_recognition_model_name=self.cfg.rec_model,
                text_recognition_model_dir=str(rec_dir),
                text_recognition_batch_size=self.cfg.rec_batch_size,
                use_doc_orientation_classify=False,
                use_doc_unwarping=False,
                use_textline_orientation=False,
                text_det_limit_side_len=self.cfg.det_limit_side,
                text_det_limit_type="max",
                text_det_thresh=self.cfg.det_thresh,
                text_det_box_thresh=self.cfg.det_box_thresh,
                text_det_unclip_ratio=self.cfg.det_unclip_ratio,
                text_rec_score_thresh=self.cfg.rec_score_thresh,
            )
        except EngineError:
            raise
        except Exception as exc:
            raise EngineUnavailable(
                f"cannot build the OCR pipeline from OCR_MODEL_DIR={self.cfg.model_dir}: {exc}"
            ) from exc

    def _engine_config(self, device: str) -> dict[str, Any]:
        if self.backend != "onnxruntime":
            return {"paddle_static": {"run_mode": "paddle", "cpu_threads": self.cfg.threads}}
        config: dict[str, Any] = {
            "intra_op_num_threads": self.cfg.threads,
            "inter_op_num_threads": 1,
            "execution_mode": "sequential",
            "log_severity_level": 3,
        }
        if device == CPU:
            config["providers"] = ["CPUExecutionProvider"]
        return config


class PaddleOcrEngine:
    """The default engine: PaddleOCR's det+rec pipeline, GPU when there is one, CPU on CUDA OOM."""

    def __init__(
        self,
        cfg: OcrConfig,
        backend: str = "onnxruntime",
        *,
        factory: PredictorFactory | None = None,
        providers: Sequence[str] | None = None,
    ) -> None:
        self.cfg = cfg
        self.backend = backend
        self._factory = factory or PipelineFactory(cfg, backend)
        self.device = choose_device(cfg, providers, backend)
        self._predictor = self._factory(self.device)
        self._cpu_predictor: Predictor | None = None
        self._base_info = EngineInfo(
            name="paddleocr-onnx" if backend == "onnxruntime" else "paddleocr-paddle",
            model=f"{cfg.det_model}+{cfg.rec_model}",
            device=self.device,
        )
        self._info = self._base_info

    @property
    def info(self) -> EngineInfo:
        """Return what read the last page."""
        return self._info

    def recognize(self, page_image: np.ndarray) -> list[TextBlock]:
        """Read one RGB page; a CUDA OOM is retried once on a CPU predictor."""
        prepared = prepare(page_image, self.cfg)
        try:
            raw = self._predictor.predict(prepared.bgr)
            self._info = self._base_info
        except Exception as exc:
            if self.device == CPU or not is_cuda_oom(exc):
                raise EngineError(f"OCR failed on the page: {type(exc).__name__}: {exc}") from exc
            log.warning("CUDA out of memory on a %dx%d page; retrying on CPU", *page_image.shape[1::-1])
            raw = self._run_on_cpu(prepared.bgr)
            self._info = EngineInfo(self._base_info.name, self._base_info.model, CPU, CUDA_OOM)
        return to_blocks(raw, prepared.scale, page_image.shape[1], page_image.shape[0])

    def _run_on_cpu(self, bgr: np.ndarray) -> Sequence[Any]:
        if self._cpu_predictor is None:
            self._cpu_predictor = self._factory(CPU)
        try:
            return self._cpu_predictor.predict(bgr)
        except Exception as exc:
            raise EngineError(f"OCR failed on the page after CPU fallback: {exc}") from exc


def to_blocks(raw: Sequence[Any], scale: float, width: int, height: int) -> list[TextBlock]:
    """Turn PaddleOCR results into `TextBlock`s in the original page's pixels."""
    blocks: list[TextBlock] = []
    for result in raw:
        texts = result["rec_texts"]
        scores = result["rec_scores"]
        polys = result["rec_polys"]
        for text, score, poly in zip(texts, scores, polys, strict=True):
            text = str(text).strip()
            if text:
                blocks.append(TextBlock(text, float(score), _box(poly, scale, width, height), 1))
    return blocks


def _box(poly: Any, scale: float, width: int, height: int) -> Box:
    pts = np.asarray(poly, dtype=np.float64).reshape(-1, 2) / scale
    if len(pts) != 4:
        xs, ys = pts[:, 0], pts[:, 1]
        x0, x1, y0, y1 = xs.min(), xs.max(), ys.min(), ys.max()
        pts = np.array([[x0, y0], [x1, y0], [x1, y1], [x0, y1]])
    pts[:, 0] = np.clip(pts[:, 0], 0, width)
    pts[:, 1] = np.clip(pts[:, 1], 0, height)
    p = [(round(float(x), 1), round(float(y), 1)) for x, y in pts]
    return (p[0], p[1], p[2], p[3])
