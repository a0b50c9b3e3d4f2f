"""Build small PDFs for the tests: born-digital pages, pictures under invisible text, hostile text layers."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from PIL import Image

from tests.ocr_helpers import build_pdf

A4 = (595.0, 842.0)
Placed = tuple[float, float, str, float]  # x, y from the top (points), text, font size


def born_digital(path: Path, pages: Sequence[Iterable[Placed]], size: tuple[float, float] = A4) -> Path:
    """Write a PDF whose pages draw `pages`' texts visibly with Helvetica."""
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), pagesize=size)
    for placed in pages:
        for x, y, text, font_size in placed:
            c.setFont("Helvetica", font_size)
            c.drawString(x, size[1] - y - font_size, text)
        c.showPage()
    c.save()
    return path


def picture_pdf(path: Path, images: Sequence[Image.Image], layers: Sequence[Iterable[Placed]] | None = None,
                dpi: int = 200) -> Path:
    """Write a PDF of `images` (one per page at `dpi`), each under an invisible text layer if given."""
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path))
    for index, image in enumerate(images):
        width, height = image.width * 72 / dpi, image.height * 72 / dpi
        c.setPageSize((width, height))
        c.drawImage(ImageReader(image), 0, 0, width, height)
        for x, y, text, font_size in (layers[index] if layers else ()):
            t = c.beginText(x, height - y - font_size)
            t.setTextRenderMode(3)
            t.setFont("Helvetica", font_size)
            t.textOut(text)
            c.drawText(t)
        c.showPage()
    c.save()
    return path


def _stream(data: bytes, extra: bytes = b"") -> bytes:
    return b"<< /Length %d %s>>\nstream\n" % (len(data), extra) + data + b"\nendstream"


def type3_without_unicode(path: Path, lines: Sequence[str]) -> Path:
    """Write a page drawn in a Type3 font whose glyphs have made-up names and no ToUnicode map.

    The glyphs are filled boxes: the page shows text-like marks, and its text layer maps to nothing.
    """
    codes = sorted({ord(ch) for line in lines for ch in line if ch != " "})
    first, last = codes[0], codes[-1]
    names = b" ".join(b"/g%d" % c for c in range(first, last + 1))
    procs = b" ".join(b"/g%d %d 0 R" % (c, 7 + i) for i, c in enumerate(range(first, last + 1)))
    body = b"BT /F1 14 Tf 16 TL 60 780 Td " + b" ".join(
        b"(" + line.encode("latin-1") + b") Tj T*" for line in lines) + b" ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> "
        b"/Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type3 /FontBBox [0 0 600 700] /FontMatrix [0.001 0 0 0.001 0 0] "
        b"/CharProcs 6 0 R /Encoding << /Type /Encoding /Differences [%d %s] >> /FirstChar %d /LastChar %d "
        b"/Widths [%s] /Resources << >> >>" % (first, names, first, last,
                                                b" ".join(b"600" for _ in range(first, last + 1))),
        _stream(body),
        b"<< " + procs + b" >>",
    ]
    glyph = b"600 0 0 0 500 600 d1 50 0 450 600 re f"
    objects += [_stream(glyph) for _ in range(first, last + 1)]
    path.write_bytes(build_pdf(objects))
    return path


def private_use_text(path: Path, lines: Sequence[str]) -> Path:
    """Write a visible Helvetica page whose ToUnicode map sends every glyph to the private use area."""
    cmap = (b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /Broken def "
            b"1 begincodespacerange <00> <FF> endcodespacerange 1 beginbfrange <20> <7E> <E020> endbfrange "
            b"endcmap CMapName currentdict /CMap defineresource pop end end")
    body = b"BT /F1 14 Tf 16 TL 60 780 Td " + b" ".join(
        b"(" + line.encode("latin-1") + b") Tj T*" for line in lines) + b" ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> "
        b"/Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /ToUnicode 6 0 R >>",
        _stream(body),
        _stream(cmap),
    ]
    path.write_bytes(build_pdf(objects))
    return path


def dense_text(path: Path, chars: int) -> Path:
    """Write one page whose text layer holds about `chars` characters in tiny type."""
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), pagesize=A4)
    t = c.beginText(5, 835)
    t.setFont("Helvetica", 1)
    per_line = 1000
    line = "abcdefghi " * (per_line // 10)
    for i in range(chars // per_line):
        t.setTextOrigin(5, 835 - (i % 800) * 1.0)
        t.textOut(line)
    c.drawText(t)
    c.showPage()
    c.save()
    return path


def many_pages(path: Path, count: int) -> Path:
    """Write a PDF of `count` pages, each with one short line of text."""
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), pagesize=A4)
    for n in range(count):
        c.setFont("Helvetica", 10)
        c.drawString(72, 770, f"Page {n + 1}")
        c.showPage()
    c.save()
    return path


def costly_pdf(pages: int = 1, triangles: int = 10000, size: int = 1600, seed: int = 7,
               cheap: Sequence[int] = (), lines: Sequence[str] = ()) -> bytes:
    """A small PDF whose pages share one content stream of `triangles` filled triangles: slow to render.

    10,000 triangles on a 1600 pt page is ~230 KB of PDF and takes PDFium tens of seconds at 200 dpi.
    Pages numbered in `cheap` (1-based) draw one black bar instead; `lines` are written in Helvetica
    over the triangles (a text layer on a page that is costly to render).
    """
    import random
    import zlib

    rnd = random.Random(seed)
    ops = []
    for _ in range(triangles):
        a, b, c = (f"{rnd.uniform(0, size):.1f} {rnd.uniform(0, size):.1f}" for _ in range(3))
        ops.append(f"{rnd.random():.2f} {rnd.random():.2f} {rnd.random():.2f} rg {a} m {b} l {c} l h f")
    ops += [f"BT /F1 36 Tf 0 0 0 rg 100 {size - 100 - 48 * i} Td ({line}) Tj ET" for i, line in enumerate(lines)]
    content = zlib.compress("\n".join(ops).encode())
    kids = " ".join(f"{5 + i} 0 R" for i in range(pages))
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               f"<< /Type /Pages /Kids [{kids}] /Count {pages} >>".encode(),
               _stream(content, b"/Filter /FlateDecode "),
               _stream(b"0 0 0 rg 100 100 600 80 re f")]
    font = "/Resources << /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >>"
    objects += [f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {size} {size}] {font} "
                f"/Contents {4 if n in cheap else 3} 0 R >>".encode() for n in range(1, pages + 1)]
    return build_pdf(objects)
