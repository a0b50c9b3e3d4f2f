"""Small generated documents for the tests (text drawn with Pillow)."""

from __future__ import annotations

import io

from PIL import Image, ImageDraw, ImageFont


def text_image(lines: list[str], width: int = 900, size: int = 36) -> Image.Image:
    """Return a white page with the given lines of black text."""
    font = ImageFont.load_default(size=size)
    height = 80 + len(lines) * int(size * 1.6)
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    for i, line in enumerate(lines):
        draw.text((40, 40 + i * int(size * 1.6)), line, fill="black", font=font)
    return image


def png_bytes(lines: list[str], **kwargs) -> bytes:
    """Return a PNG of the given lines."""
    buffer = io.BytesIO()
    text_image(lines, **kwargs).save(buffer, format="PNG")
    return buffer.getvalue()


def pdf_bytes(pages: list[list[str]]) -> bytes:
    """Return a PDF with one page per list of lines."""
    images = [text_image(lines) for lines in pages]
    buffer = io.BytesIO()
    images[0].save(buffer, format="PDF", save_all=True, append_images=images[1:], resolution=100.0)
    return buffer.getvalue()
