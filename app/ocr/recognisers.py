"""Recognisers by script: one registry keyed by language, and the line readers that are not PP-OCR.

PP-OCRv6 small reads Latin-script and CJK languages. Vietnamese needs the tone-marked letters, which
its character list lacks: a Vietnamese page is detected by PP-OCRv6 and each line it finds is read again
by a line reader that has them (docs/decisions/0007-vietnamese-recogniser.md says which and why).
"""

from __future__ import annotations

import importlib.util
import json
import shutil
import subprocess
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from .errors import EngineUnavailable
from .types import EngineInfo, TextBlock


class LineReader(Protocol):
    """Reads cropped text lines: one (text, confidence) per image."""

    name: str

    def read_lines(self, images: Sequence[Any]) -> list[tuple[str, float]]:
        """Return the text and confidence of each line image (RGB array or PIL image)."""
        ...


@dataclass(frozen=True)
class Recogniser:
    """A recogniser: its name, whether it is installed, and what to install when it is not."""

    name: str
    installed: Callable[[], bool]
    install_hint: str


def _asterocr_assets() -> Path | None:
    spec = importlib.util.find_spec("asterocr")
    if spec is None or not spec.submodule_search_locations:
        return None
    assets = Path(next(iter(spec.submodule_search_locations))) / "assets"
    return assets if (assets / "asternet.onnx").is_file() and (assets / "vocab.json").is_file() else None


def _tesseract_has(lang: str) -> bool:
    if shutil.which("tesseract") is None:
        return False
    out = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True, timeout=20, check=False)
    return lang in out.stdout.split()


RECOGNISERS: dict[str, Recogniser] = {
    "ppocr": Recogniser("ppocr", lambda: True, "the PP-OCRv6 models (make models)"),
    "asterocr": Recogniser("asterocr", lambda: _asterocr_assets() is not None,
                           "the Python package asterocr==1.0.2 (pip install --no-deps asterocr==1.0.2)"),
    "tesseract-vie": Recogniser("tesseract-vie", lambda: _tesseract_has("vie"),
                                "the system packages tesseract-ocr and tesseract-ocr-vie (apt-get install)"),
}
# Which recogniser reads which language; every other language is read by PP-OCRv6 alone.
BY_LANGUAGE: dict[str, str] = {"vi": "asterocr"}
# Languages PP-OCRv6's own character list covers beyond the Latin script (CJK).
CJK_CODES = ("ch", "zh", "ja")


def recogniser_for(language: str) -> Recogniser:
    """Return the recogniser that reads `language` (PP-OCRv6 unless the registry names another)."""
    return RECOGNISERS[BY_LANGUAGE.get(language.split("-")[0].lower(), "ppocr")]


def require(language: str) -> Recogniser:
    """Return the language's recogniser, or raise `EngineUnavailable` naming what to install."""
    rec = recogniser_for(language)
    if not rec.installed():
        raise EngineUnavailable(f"language {language!r} needs the {rec.name} recogniser: install {rec.install_hint}")
    return rec


def installed(languages: Sequence[str]) -> list[str]:
    """Return those of `languages` whose recogniser is installed here."""
    needed = {recogniser_for(code).name for code in languages}
    ready = {name: RECOGNISERS[name].installed() for name in needed}
    return [code for code in languages if ready[recogniser_for(code).name]]


def build_line_reader(name: str, threads: int = 1) -> LineReader:
    """Build the named line reader; raises `EngineUnavailable` when it is not installed."""
    rec = RECOGNISERS[name]
    if not rec.installed():
        raise EngineUnavailable(f"the {name} recogniser is not installed: install {rec.install_hint}")
    if name == "asterocr":
        return AsterLineReader(threads)
    if name == "tesseract-vie":
        return TesseractLineReader("vie")
    raise EngineUnavailable(f"{name} is not a line reader")


def _rgb(image: Any) -> np.ndarray:
    arr = np.asarray(image)
    if arr.ndim == 2:
        arr = np.stack([arr] * 3, axis=-1)
    return arr[:, :, :3]


class AsterLineReader:
    """The `asterocr` wheel's CTC line model (227 characters: every Vietnamese letter) on ONNX Runtime."""

    name = "asterocr"

    def __init__(self, threads: int = 1) -> None:
        import onnxruntime as ort

        assets = _asterocr_assets()
        if assets is None:
            raise EngineUnavailable("asterocr is not installed")
        opts = ort.SessionOptions()
        opts.intra_op_num_threads = threads
        opts.inter_op_num_threads = 1
        opts.log_severity_level = 3
        self._session = ort.InferenceSession(str(assets / "asternet.onnx"), opts,
                                             providers=["CPUExecutionProvider"])
        self._input = self._session.get_inputs()[0].name
        self._chars = json.loads((assets / "vocab.json").read_text(encoding="utf-8"))["chars"]

    def read_lines(self, images: Sequence[Any]) -> list[tuple[str, float]]:
        """Read each line on its own (widths differ; padding would add blanks)."""
        return [self._read(_rgb(img)) for img in images]

    def _read(self, rgb: np.ndarray) -> tuple[str, float]:
        from PIL import Image

        h, w = rgb.shape[:2]
        if h < 4 or w < 4:
            return "", 0.0
        width = max(32, int(w * 32 / h) + 3) // 4 * 4
        img = Image.fromarray(rgb.astype(np.uint8)).resize((width, 32), Image.Resampling.BILINEAR)
        x = (np.asarray(img, dtype=np.float32) / 255.0 - 0.5) / 0.5
        out = self._session.run(None, {self._input: x.transpose(2, 0, 1)[None]})[0]
        return self._decode(out.reshape(-1, out.shape[-1]))

    def _decode(self, logits: np.ndarray) -> tuple[str, float]:
        probs = np.exp(logits - logits.max(axis=1, keepdims=True))
        probs /= probs.sum(axis=1, keepdims=True)
        best = probs.argmax(axis=1)
        chars, scores, prev = [], [], -1
        for t, idx in enumerate(best):
            if idx != prev and idx != 0:
                chars.append(self._chars[idx])
                scores.append(float(probs[t, idx]))
            prev = idx
        return "".join(chars).strip(), float(np.mean(scores)) if scores else 0.0


class TesseractLineReader:
    """Tesseract 5 (LSTM) with a system language pack, one line per call (`--psm 7`)."""

    name = "tesseract"

    def __init__(self, lang: str) -> None:
        self.lang = lang

    def read_lines(self, images: Sequence[Any]) -> list[tuple[str, float]]:
        """Read each line image with the tesseract binary."""
        return [self._read(_rgb(img)) for img in images]

    def _read(self, rgb: np.ndarray) -> tuple[str, float]:
        import io

        from PIL import Image

        buf = io.BytesIO()
        Image.fromarray(rgb.astype(np.uint8)).save(buf, format="PNG")
        cmd = ["tesseract", "stdin", "stdout", "-l", self.lang, "--psm", "7", "tsv"]
        out = subprocess.run(cmd, input=buf.getvalue(), capture_output=True, timeout=30, check=False)
        words, confs = [], []
        for row in out.stdout.decode("utf-8", "replace").splitlines()[1:]:
            cols = row.split("\t")
            if len(cols) == 12 and cols[11].strip() and float(cols[10]) >= 0:
                words.append(cols[11].strip())
                confs.append(float(cols[10]) / 100)
        return " ".join(words), float(np.mean(confs)) if confs else 0.0


_readers: dict[str, LineReader] = {}


def line_reader(name: str) -> LineReader:
    """Return this process's line reader `name`, built on first use."""
    if name not in _readers:
        _readers[name] = build_line_reader(name)
    return _readers[name]


def crop_lines(page: np.ndarray, blocks: Sequence[TextBlock]) -> list[np.ndarray]:
    """Cut each block's four-point box out of the page, straightened (a skewed line's axis-aligned box
    would hold pieces of the lines above and below)."""
    import cv2

    out: list[np.ndarray] = []
    for b in blocks:
        quad = np.asarray(b.box, dtype=np.float32)
        width = int(max(np.linalg.norm(quad[0] - quad[1]), np.linalg.norm(quad[3] - quad[2])))
        height = int(max(np.linalg.norm(quad[0] - quad[3]), np.linalg.norm(quad[1] - quad[2])))
        if width < 2 or height < 2:
            out.append(np.zeros((0, 0, 3), np.uint8))
            continue
        target = np.array([[0, 0], [width, 0], [width, height], [0, height]], dtype=np.float32)
        matrix = cv2.getPerspectiveTransform(quad, target)
        out.append(cv2.warpPerspective(page, matrix, (width, height), flags=cv2.INTER_CUBIC,
                                       borderMode=cv2.BORDER_REPLICATE))
    return out


class LanguageEngine:
    """Read a page with the detector and PP-OCRv6, then re-read each line with the language's recogniser.

    With `auto`, `detect` names the language from PP-OCRv6's text; a language whose recogniser is missing
    keeps PP-OCRv6's text and says so in `info.fallback_reason` (never a silent read)."""

    def __init__(self, engine: Any, language: str, detect: Callable[[str], str] | None = None) -> None:
        self._engine, self.language, self._detect = engine, language, detect
        self._info: EngineInfo = engine.info

    @property
    def info(self) -> EngineInfo:
        """Return what read the last page."""
        return self._info

    def recognize(self, page_image: np.ndarray) -> list[TextBlock]:
        """Read one page, re-reading its lines when the language has its own recogniser."""
        blocks = self._engine.recognize(page_image)
        base = self._engine.info
        language = self.language
        if language == "auto" and self._detect is not None:
            language = self._detect(" ".join(b.text for b in blocks))
        rec = recogniser_for(language)
        self._info = base
        if rec.name == "ppocr" or not blocks:
            return blocks
        if not rec.installed():
            self._info = replace(base, fallback_reason=f"{rec.name} not installed: {rec.install_hint}")
            return blocks
        read = line_reader(rec.name).read_lines(crop_lines(page_image, blocks))
        self._info = replace(base, model=f"{base.model}+{rec.name}")
        return [replace(b, text=t or b.text, confidence=c if t else b.confidence) for b, (t, c) in zip(blocks, read,
                                                                                                         strict=True)]
