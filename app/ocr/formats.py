"""Content-type sniffing by magic bytes; light enough for the web process (stdlib only)."""

from __future__ import annotations

SNIFF_BYTES = 1024

SUPPORTED_TYPES = (
    "image/jpeg",
    "image/png",
    "image/tiff",
    "image/webp",
    "image/bmp",
    "application/pdf",
)
# Image types that may hold more than one page; every other image type is one frame.
MULTI_PAGE_IMAGES = ("image/tiff",)
# Types whose document is a single image, bounded by `max_pixels`: a few seconds of OCR at most.
SINGLE_IMAGE_TYPES = tuple(t for t in SUPPORTED_TYPES if t.startswith("image/") and t not in MULTI_PAGE_IMAGES)

_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"II*\x00", "image/tiff"),
    (b"MM\x00*", "image/tiff"),
    (b"%PDF-", "application/pdf"),
    (b"BM", "image/bmp"),
)


def sniff(head: bytes) -> str | None:
    """Return the content type of a file from its first bytes, or None when it is not supported.

    Pass the first `SNIFF_BYTES` bytes: a PDF header may follow up to 1 KiB of junk, as
    readers accept. BigTIFF is not supported (Pillow cannot read it).
    """
    if len(head) >= 12 and head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    for magic, content_type in _MAGIC:
        if head.startswith(magic):
            if content_type == "image/bmp" and not _plausible_bmp(head):
                break
            return content_type
    if b"%PDF-" in head[:SNIFF_BYTES]:
        return "application/pdf"
    return None


def _plausible_bmp(head: bytes) -> bool:
    """Reject text that merely starts with 'BM': the DIB header size must be a known one."""
    if len(head) < 18:
        return False
    dib_size = int.from_bytes(head[14:18], "little")
    return dib_size in (12, 40, 52, 56, 64, 108, 124)
