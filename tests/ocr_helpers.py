"""Helpers for the OCR engine tests: dev receipts, the shared real engine, crafted files."""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import io
import json
import struct
import subprocess
import sys
import zlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT.parent / "shared" / "data" / "receipts-dev"
MODEL_DIR = ROOT / "var" / "models"


@dataclass(frozen=True)
class Receipt:
    """A labelled dev receipt (read in place, never copied into the repository)."""

    path: Path
    date: str
    total: str


@functools.cache
def receipts() -> dict[str, Receipt]:
    """Return the dev receipts by file name."""
    out = {}
    for raw in (DATA_DIR / "labels.jsonl").read_text(encoding="utf-8").splitlines():
        if raw.strip():
            r = json.loads(raw)
            out[Path(r["file"]).name] = Receipt(DATA_DIR / r["file"], r["date"], r["total"])
    return out


def receipt(name: str) -> Receipt:
    """Return one dev receipt by file name."""
    return receipts()[name]


def norm(text: str) -> str:
    """Casefold and drop all whitespace, so '32 .72' and '32.72' compare equal."""
    return "".join(text.casefold().split())


def ensure_models() -> Path:
    """Run scripts/fetch_models.py once when var/models lacks the default models."""
    if not (MODEL_DIR / "manifest.json").is_file():
        subprocess.run([sys.executable, str(ROOT / "scripts" / "fetch_models.py"), "--dest", str(MODEL_DIR)],
                       check=True)
    return MODEL_DIR


def ocr_config(**overrides: object):  # type: ignore[no-untyped-def]
    """Return the shipped OcrConfig pointed at the repository's model dir, CPU only."""
    from app.ocr.config import OcrConfig

    return dataclasses.replace(OcrConfig(model_dir=MODEL_DIR, use_gpu=False), **overrides)


@functools.cache
def real_engine():  # type: ignore[no-untyped-def]
    """Build the real default engine once per test process."""
    from app.ocr.engine import build_engine

    ensure_models()
    return build_engine(ocr_config())


# ---- crafted files --------------------------------------------------------------------


def _rgb_png(width: int, height: int, idat: bytes) -> bytes:
    """An 8-bit RGB PNG of width × height around the given compressed pixel data."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def png_header_only(width: int, height: int) -> bytes:
    """A PNG whose IHDR claims width × height, with a tiny IDAT: no pixel buffer is built."""
    return _rgb_png(width, height, zlib.compress(b"\x00" * 16))


def png_blank(width: int, height: int) -> bytes:
    """A complete, valid white RGB PNG of width × height; it compresses to a few hundred KB."""
    packer = zlib.compressobj(9)
    row = b"\x00" + b"\xff" * (width * 3)  # filter byte "none", then the row's pixels
    return _rgb_png(width, height, b"".join(packer.compress(row) for _ in range(height)) + packer.flush())


def build_pdf(objects: list[bytes], trailer: bytes = b"") -> bytes:
    """Assemble a PDF from numbered object bodies (1-based), with a correct xref table."""
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for off in offsets:
        out.write(b"%010d 00000 n \n" % off)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R " % (len(objects) + 1) + trailer + b">>\n")
    out.write(b"startxref\n%d\n%%%%EOF\n" % xref)
    return out.getvalue()


def pdf_with_pages(media_boxes: list[tuple[float, float]]) -> bytes:
    """A PDF with empty pages of the given sizes in points (0 pages allowed)."""
    kids = b" ".join(b"%d 0 R" % (3 + i) for i in range(len(media_boxes)))
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, len(media_boxes))]
    for w, h in media_boxes:
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %.2f %.2f] >>" % (w, h))
    return build_pdf(objects)


_PAD = bytes.fromhex("28bf4e5e4e758a4164004e56fffa01082e2e00b6d0683e802f0ca9fe6453697a")


def _rc4(key: bytes, data: bytes) -> bytes:
    s = list(range(256))
    j = 0
    for i in range(256):
        j = (j + s[i] + key[i % len(key)]) % 256
        s[i], s[j] = s[j], s[i]
    out = bytearray()
    i = j = 0
    for byte in data:
        i = (i + 1) % 256
        j = (j + s[i]) % 256
        s[i], s[j] = s[j], s[i]
        out.append(byte ^ s[(s[i] + s[j]) % 256])
    return bytes(out)


def encrypted_pdf(user_password: bytes = b"secret", owner_password: bytes = b"owner") -> bytes:
    """A one-page PDF protected by the standard security handler (RC4 40-bit, R2) with a user password."""
    file_id = hashlib.md5(b"ocrflow-test").digest()
    permissions = -4
    owner_key = hashlib.md5((owner_password + _PAD)[:32]).digest()[:5]
    o_entry = _rc4(owner_key, (user_password + _PAD)[:32])
    seed = (user_password + _PAD)[:32] + o_entry + struct.pack("<i", permissions) + file_id
    key = hashlib.md5(seed).digest()[:5]
    u_entry = _rc4(key, _PAD)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>",
        b"<< /Filter /Standard /V 1 /R 2 /O <%s> /U <%s> /P %d >>"
        % (o_entry.hex().encode(), u_entry.hex().encode(), permissions),
    ]
    trailer = b"/Encrypt 4 0 R /ID [<%s> <%s>] " % (file_id.hex().encode(), file_id.hex().encode())
    return build_pdf(objects, trailer)


def multi_page(paths: list[Path], fmt: str, out: Path) -> Path:
    """Save receipts as one multi-page PDF (Pillow, 200 dpi) or multi-frame TIFF."""
    images = [Image.open(p).convert("RGB") for p in paths]
    extra = {"resolution": 200.0} if fmt == "PDF" else {"compression": "tiff_lzw", "dpi": (200, 200)}
    images[0].save(out, format=fmt, save_all=True, append_images=images[1:], **extra)
    return out


def with_orientation(src: Path, orientation: int, out: Path) -> Path:
    """Store `src` rotated so that EXIF `orientation` (6 or 8) turns it upright again (PNG: lossless)."""
    upright = Image.open(src).convert("RGB")
    stored = upright.transpose(Image.Transpose.ROTATE_90 if orientation == 6 else Image.Transpose.ROTATE_270)
    exif = Image.Exif()
    exif[0x0112] = orientation
    stored.save(out, format="PNG", exif=exif)
    return out


def rgb(path: Path) -> np.ndarray:
    """Decode a file as an RGB array (no EXIF handling)."""
    return np.asarray(Image.open(path).convert("RGB"))
