"""The real engine on dev receipts, start-up errors, GPU fallback and the installed packages."""

from __future__ import annotations

import ast
import importlib.metadata
import os
import subprocess
import sys
import textwrap
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from app.ocr.config import OcrConfig, from_settings
from app.ocr.document import recognize_document
from app.ocr.engine import EngineHolder, resolve_engine
from app.ocr.errors import EngineError, EngineUnavailable
from app.ocr.layout import page_text
from app.ocr.paddleocr_engine import PaddleOcrEngine, PipelineFactory, choose_device, is_cuda_oom
from app.ocr.pages import open_document
from tests.ocr_helpers import ROOT, norm, ocr_config, real_engine, receipt, rgb

SAMPLES = ["X51005255805.jpg", "X51005441407.jpg", "X51006311779.jpg", "X51005663297.jpg"]
CUDA_OOM_TEXT = (
    "[ONNXRuntimeError] : 6 : RUNTIME_EXCEPTION : Non-zero status code returned while running Conv node. "
    "CUDA failure 2: out of memory ; GPU=0 ; hostname=worker ; expr=cudaMalloc(&p, size);"
)


@pytest.fixture(scope="module")
def engine():  # type: ignore[no-untyped-def]
    return real_engine()


@pytest.mark.parametrize("name", SAMPLES)
def test_real_receipt_total_and_date_in_text(name: str, engine) -> None:  # type: ignore[no-untyped-def]
    r = receipt(name)
    result = recognize_document(open_document(r.path, ocr_config()), engine)
    text = norm(result.text)
    assert norm(r.total) in text
    assert norm(r.date) in text
    assert result.engine_info.name == "paddleocr-onnx" and result.engine_info.device == "cpu"
    assert result.engine_info.model == "PP-OCRv6_small_det+PP-OCRv6_small_rec"
    assert all(0.0 <= b.confidence <= 1.0 for b in result.blocks)
    height, width = result.pages[0].height, result.pages[0].width
    assert all(0 <= x <= width and 0 <= y <= height for b in result.blocks for x, y in b.box)


def test_total_row_is_one_line(engine) -> None:  # type: ignore[no-untyped-def]
    lines = page_text(engine.recognize(rgb(receipt("X51005255805.jpg").path))).splitlines()
    assert any("TOTAL" in line.upper() and "14.10" in line for line in lines)


def test_holder_builds_one_engine_per_process(monkeypatch: pytest.MonkeyPatch) -> None:
    built: list[OcrConfig] = []
    monkeypatch.setattr("app.ocr.engine.build_engine", lambda cfg: built.append(cfg) or _NullEngine())
    holder = EngineHolder()
    first = holder.get(ocr_config())
    assert holder.get(ocr_config()) is first and holder.peek() is first
    assert len(built) == 1
    holder.reset()
    assert holder.peek() is None


class _NullEngine:
    info = None

    def recognize(self, page_image: np.ndarray) -> list[Any]:
        return []


# ---- start-up errors, never the network ---------------------------------------------------

_NO_MODEL_SCRIPT = textwrap.dedent(
    """
    import sys
    sys.path.insert(0, {root!r})
    import os
    from app.ocr.config import from_settings
    from app.ocr.engine import build_engine
    from app.ocr.errors import EngineUnavailable
    try:
        build_engine(from_settings(os.environ))
    except EngineUnavailable as exc:
        print(exc)
        sys.exit(3)
    """
)


def _offline_env(model_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PADDLE", "OCR_"))}
    proxy = "http://127.0.0.1:9"  # nothing listens on the discard port: any connection fails
    env.update(OCR_MODEL_DIR=str(model_dir), HTTPS_PROXY=proxy, HTTP_PROXY=proxy, https_proxy=proxy,
               http_proxy=proxy, NO_PROXY="", no_proxy="")
    return env


@pytest.mark.parametrize("layout", ["missing", "empty", "yml-only"])
def test_missing_models_fail_at_start_naming_the_setting(layout: str, tmp_path: Path) -> None:
    model_dir = tmp_path / "models"
    if layout != "missing":
        model_dir.mkdir()
    if layout == "yml-only":
        for name in ("PP-OCRv6_small_det", "PP-OCRv6_small_rec"):
            (model_dir / name).mkdir()
            (model_dir / name / "inference.yml").write_text("Global:\n  model_name: " + name + "\n")
            (model_dir / name / "inference.onnx").write_bytes(b"")
    start = time.monotonic()
    proc = subprocess.run([sys.executable, "-c", _NO_MODEL_SCRIPT.format(root=str(ROOT))],
                          env=_offline_env(model_dir), capture_output=True, text=True, timeout=60)
    elapsed = time.monotonic() - start
    assert proc.returncode == 3, proc.stderr
    assert "OCR_MODEL_DIR" in proc.stdout and str(model_dir) in proc.stdout
    assert elapsed < 10


_BYPASS_SCRIPT = textwrap.dedent(
    """
    import sys, time
    sys.path.insert(0, {root!r})
    from app.ocr.config import OcrConfig
    from app.ocr.errors import EngineUnavailable
    from app.ocr.paddleocr_engine import PipelineFactory
    start = time.monotonic()
    try:
        PipelineFactory(OcrConfig(model_dir=sys.argv[1], use_gpu=False), "onnxruntime")("cpu")
    except EngineUnavailable as exc:
        print("unavailable", round(time.monotonic() - start, 2), exc)
    else:
        sys.exit("built from an empty directory")
    # Any model asked for by name alone (no local dir) must fail without a model hoster.
    from paddlex.inference.utils.official_models import official_models
    try:
        official_models["PP-OCRv6_server_det_not_local"]
    except Exception as exc:
        print("hosters blocked:", exc)
        sys.exit(3)
    """
)


def test_pipeline_never_downloads_even_past_the_model_check(tmp_path: Path) -> None:
    """Handed an empty directory directly, PaddleX must fail at once rather than fetch the model."""
    empty = tmp_path / "empty"
    (empty / "PP-OCRv6_small_det").mkdir(parents=True)
    (empty / "PP-OCRv6_small_rec").mkdir(parents=True)
    start = time.monotonic()
    proc = subprocess.run([sys.executable, "-c", _BYPASS_SCRIPT.format(root=str(ROOT)), str(empty)],
                          env=_offline_env(empty), capture_output=True, text=True, timeout=120)
    assert proc.returncode == 3, proc.stdout + proc.stderr
    assert "OCR_MODEL_DIR" in proc.stdout and "hosters blocked" in proc.stdout
    assert time.monotonic() - start < 30
    assert "127.0.0.1:9" not in proc.stdout + proc.stderr  # no connection was even tried


def test_paddle_engine_unavailable_without_paddlepaddle(tmp_path: Path) -> None:
    cfg = ocr_config(engine="paddle")
    with pytest.raises(EngineUnavailable) as err:
        resolve_engine(cfg)
    assert "paddle" in str(err.value)
    assert err.value.code == "engine_unavailable"


def test_auto_picks_onnx_when_its_models_are_there() -> None:
    assert resolve_engine(ocr_config(engine="auto")) == "onnx"
    assert resolve_engine(ocr_config(engine="onnx")) == "onnx"


def test_config_from_settings() -> None:
    cfg = from_settings({"OCR_ENGINE": "ONNX", "OCR_MODEL_DIR": "/m", "USE_GPU_OCR": "false", "GPU_DEVICE_ID": "1",
                    "OCR_MAX_PAGES": "7", "OCR_MAX_PIXELS": "1000", "OCR_PDF_DPI": "150"})
    assert (cfg.engine, str(cfg.model_dir), cfg.use_gpu, cfg.gpu_device_id) == ("onnx", "/m", False, 1)
    assert (cfg.max_pages, cfg.max_pixels, cfg.pdf_dpi) == (7, 1000, 150)
    assert from_settings({}) == OcrConfig()
    with pytest.raises(ValueError):
        from_settings({"OCR_ENGINE": "tesseract"})


# ---- GPU choice and CUDA out-of-memory fallback --------------------------------------------


def test_device_follows_providers_and_settings() -> None:
    cuda = ["CUDAExecutionProvider", "CPUExecutionProvider"]
    assert choose_device(ocr_config(use_gpu=True, gpu_device_id=1), cuda, "onnxruntime") == "gpu:1"
    assert choose_device(ocr_config(use_gpu=False), cuda, "onnxruntime") == "cpu"
    assert choose_device(ocr_config(use_gpu=True), ["CPUExecutionProvider"], "onnxruntime") == "cpu"
    assert choose_device(ocr_config(use_gpu=True), None, "onnxruntime") == "cpu"  # this machine has no CUDA


class _OomPredictor:
    def __init__(self, message: str) -> None:
        self.message = message
        self.calls = 0

    def predict(self, input: Any) -> Sequence[Any]:  # noqa: A002
        self.calls += 1
        raise RuntimeError(self.message)


def test_cuda_oom_page_is_retried_on_cpu() -> None:
    cfg = ocr_config(use_gpu=True)
    gpu = _OomPredictor(CUDA_OOM_TEXT)
    devices: list[str] = []
    real_factory = PipelineFactory(cfg, "onnxruntime")

    def factory(device: str) -> Any:
        devices.append(device)
        return gpu if device.startswith("gpu") else real_factory(device)

    eng = PaddleOcrEngine(cfg, factory=factory, providers=["CUDAExecutionProvider", "CPUExecutionProvider"])
    assert eng.info.device == "gpu:0" and eng.info.fallback_reason is None
    r = receipt("X51005441407.jpg")
    result = recognize_document(open_document(r.path, cfg), eng)
    assert devices == ["gpu:0", "cpu"] and gpu.calls == 1
    assert result.engine_info.device == "cpu"
    assert result.engine_info.fallback_reason == "cuda_oom"
    assert result.engine_info.to_dict()["fallback_reason"] == "cuda_oom"
    assert norm(r.total) in norm(result.text)


def test_other_gpu_errors_are_engine_errors() -> None:
    cfg = ocr_config(use_gpu=True)
    gpu = _OomPredictor("CUDNN_STATUS_EXECUTION_FAILED")
    eng = PaddleOcrEngine(cfg, factory=lambda device: gpu, providers=["CUDAExecutionProvider"])
    with pytest.raises(EngineError) as err:
        eng.recognize(np.full((64, 64, 3), 255, np.uint8))
    assert err.value.code == "engine_error" and gpu.calls == 1


@pytest.mark.parametrize(
    "message",
    [CUDA_OOM_TEXT, "CUDA error: out of memory", "Failed to allocate memory for requested buffer of size 123",
     "CUDA_ERROR_OUT_OF_MEMORY", "ResourceExhausted: Out of memory error on GPU 0"],
)
def test_oom_messages_are_recognised(message: str) -> None:
    assert is_cuda_oom(RuntimeError(message))


# ---- packaging -------------------------------------------------------------------------------


def test_exactly_one_opencv_distribution() -> None:
    names = {(d.metadata["Name"] or "").lower() for d in importlib.metadata.distributions()}
    assert len([n for n in names if n.startswith("opencv")]) == 1, sorted(n for n in names if "opencv" in n)


def test_importing_the_package_loads_no_ocr_library() -> None:
    code = (
        "import sys; import app.ocr, app.ocr.formats, app.ocr.engine, app.ocr.document, app.ocr.pages; "
        "heavy = {'paddleocr', 'paddlex', 'onnxruntime', 'cv2', 'paddle'}; "
        "print(sorted(heavy & set(sys.modules)))"
    )
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert proc.stdout.strip() == "[]"


def test_engine_layer_imports_no_framework() -> None:
    banned = {"flask", "celery", "sqlalchemy", "socketio", "flask_socketio", "kombu", "redis"}
    for path in sorted((ROOT / "app" / "ocr").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            roots = {n.split(".")[0] for n in names}
            assert not roots & banned, f"{path.name} imports {roots & banned}"
            assert "app" not in roots or all(n.startswith("app.ocr") for n in names), path.name


def test_fetch_models_is_idempotent() -> None:
    start = time.monotonic()
    proc = subprocess.run([sys.executable, str(ROOT / "scripts" / "fetch_models.py"), "--dest",
                           str(ROOT / "var" / "models")], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert "already present" in proc.stdout
    assert time.monotonic() - start < 10


def test_gpu_requirements_mirror_the_cpu_ones() -> None:
    def pins(name: str) -> set[str]:
        lines = (ROOT / name).read_text().splitlines()
        return {ln.strip() for ln in lines if ln.strip() and not ln.startswith(("#", "-"))}

    cpu, gpu = pins("requirements.txt"), pins("requirements-gpu.txt")
    shared_cpu = {p for p in cpu if not p.startswith("onnxruntime==")}
    assert shared_cpu == {p for p in gpu if not p.startswith("onnxruntime")}
    assert not any(p.startswith("onnxruntime==") for p in gpu)
    assert any(p.startswith("onnxruntime-gpu==") for p in gpu)
