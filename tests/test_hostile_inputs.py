"""Hostile inputs against the real API process (`python wsgi.py`) and the session's real worker.

Every case is built here: wrong magic bytes, polyglots, truncated and corrupt images, decompression bombs,
absurd page sizes and counts, broken PDFs, absurd filenames, malformed multipart, malformed and oversized
JSON, and injection-shaped strings in form fields, query strings and headers. Each must end as a 4xx in the
error envelope, or as a job that ends `failed` with an error code (or `completed` where the bytes really
are a readable document) — never a 5xx, never a job left running, never a dead worker or API process.
"""

from __future__ import annotations

import io
import os
import random
import re
import struct
import time
import uuid
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import requests
from PIL import Image

from tests.support.images import png_bytes, text_image
from tests.support.pdfs import costly_pdf

UPLOAD = "/api/ocr-async/process-async"
BULK = "/api/ocr-async/process-bulk"
TERMINAL = ("completed", "failed", "cancelled")
INJECTIONS = ("' OR 1=1 --", "<script>alert(1)</script>", "{{7*7}}", "${jndi:ldap://127.0.0.1:1/a}",
              "'; DROP TABLE users; --", "../../etc/passwd")


# ---- documents ------------------------------------------------------------------------------------


def _unique_lines() -> list[str]:
    return ["HOSTILE CASE", f"REF {uuid.uuid4().hex[:8]}", "TOTAL 12.50"]


def image_bytes(fmt: str, **save) -> bytes:
    """A small readable page in `fmt`, unique so no result is reused."""
    buffer = io.BytesIO()
    text_image(_unique_lines(), width=600, size=32).save(buffer, format=fmt, **save)
    return buffer.getvalue()


def good_png() -> bytes:
    """A readable PNG of its own."""
    return png_bytes(_unique_lines(), width=600, size=32)


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_claiming(width: int, height: int) -> bytes:
    """A tiny PNG whose IHDR claims `width`×`height` (a decompression bomb by its header)."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", ihdr) + _chunk(b"IDAT", zlib.compress(b"\0" * 64)) + \
        _chunk(b"IEND", b"")


def redundant_png(width: int, height: int) -> bytes:
    """A real, highly compressible blank PNG of the given size (tiny file, big page)."""
    buffer = io.BytesIO()
    Image.new("1", (width, height), 1).save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def png_bad_crc() -> bytes:
    """A PNG whose image data was flipped after its checksum was written."""
    data = bytearray(good_png())
    idat = data.index(b"IDAT")
    data[idat + 20] ^= 0xFF
    return bytes(data)


def jpeg_claiming(width: int, height: int) -> bytes:
    """A real JPEG whose SOF header is patched to claim another size."""
    data = bytearray(image_bytes("JPEG"))
    sof = data.index(b"\xff\xc0")
    data[sof + 5:sof + 9] = struct.pack(">HH", height, width)
    return bytes(data)


def tiff_claiming(width: int, height: int) -> bytes:
    """A minimal little-endian TIFF whose IFD claims `width`×`height`."""
    entries = [(256, 4, 1, width), (257, 4, 1, height), (258, 3, 1, 8), (259, 3, 1, 1), (262, 3, 1, 1),
               (273, 4, 1, 8), (278, 4, 1, height), (279, 4, 1, 16)]
    ifd = struct.pack("<H", len(entries)) + b"".join(struct.pack("<HHII", *e) for e in entries) + b"\0\0\0\0"
    return b"II*\x00" + struct.pack("<I", 24) + b"\0" * 16 + ifd


def bmp_claiming(width: int, height: int) -> bytes:
    """A BMP header claiming `width`×`height` at 24 bits, with a few bytes of pixels."""
    info = struct.pack("<IiiHHIIiiII", 40, width, height, 1, 24, 0, 0, 2835, 2835, 0, 0)
    body = info + b"\0" * 32
    return b"BM" + struct.pack("<IHHI", 14 + len(body), 0, 0, 54) + body


def webp_claiming(width: int, height: int) -> bytes:
    """A lossless WebP whose VP8L header is patched to claim another size."""
    data = bytearray(image_bytes("WEBP", lossless=True))
    at = data.index(b"VP8L") + 8
    assert data[at] == 0x2F
    bits = int.from_bytes(data[at + 1:at + 5], "little")
    bits = (bits & ~0x0FFFFFFF) | (width - 1) | ((height - 1) << 14)
    data[at + 1:at + 5] = bits.to_bytes(4, "little")
    return bytes(data)


def many_frame_tiff(frames: int) -> bytes:
    """A multi-page TIFF with more pages than OCR_MAX_PAGES."""
    pages = [Image.new("L", (32, 32), 255) for _ in range(frames)]
    buffer = io.BytesIO()
    pages[0].save(buffer, format="TIFF", save_all=True, append_images=pages[1:])
    return buffer.getvalue()


def truncated(data: bytes, keep: float = 0.5) -> bytes:
    """The first part of a file."""
    return data[: max(1, int(len(data) * keep))]


def scrambled(data: bytes) -> bytes:
    """A file whose middle third is random bytes."""
    rng = random.Random(7)
    third = len(data) // 3
    return data[:third] + bytes(rng.randrange(256) for _ in range(third)) + data[2 * third:]


def pdf(objects: list[bytes], trailer: bytes = b"") -> bytes:
    """Assemble numbered objects (1-based) into a PDF with a correct cross-reference table."""
    out, offsets = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"), []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R %s >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, trailer, xref)
    return bytes(out)


_TEXT = b"BT /F1 24 Tf 40 700 Td (HOSTILE PDF TOTAL 12.50) Tj ET"
_FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"


def _stream(data: bytes) -> bytes:
    return b"<< /Length %d >>\nstream\n" % len(data) + data + b"\nendstream"


def pdf_pages(count: int, media_box: bytes = b"[0 0 612 792]", extra_catalog: bytes = b"") -> bytes:
    """A PDF of `count` pages sharing one content stream and font."""
    first_page = 5
    kids = b" ".join(b"%d 0 R" % (first_page + i) for i in range(count))
    objects = [b"<< /Type /Catalog /Pages 2 0 R " + extra_catalog + b" >>",
               b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % count, _stream(_TEXT), _FONT]
    page = b"<< /Type /Page /Parent 2 0 R /MediaBox " + media_box + \
           b" /Contents 3 0 R /Resources << /Font << /F1 4 0 R >> >> >>"
    return pdf(objects + [page] * count)


def pdf_encrypted() -> bytes:
    """A PDF with a standard security handler whose user password is not empty."""
    base = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>",
            b"<< /Filter /Standard /V 1 /R 2 /Length 40 /P -4 /O <" + b"41" * 32 + b"> /U <" + b"42" * 32 + b"> >>"]
    return pdf(base, trailer=b"/Encrypt 4 0 R /ID [<" + b"00" * 16 + b"> <" + b"00" * 16 + b">]")


def pdf_empty_tree() -> bytes:
    """A PDF whose page tree has no pages."""
    return pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [] /Count 0 >>"])


def pdf_cyclic_tree() -> bytes:
    """A PDF whose page tree lists itself as its own kid."""
    return pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [2 0 R] /Count 1 >>"])


# ---- requests -------------------------------------------------------------------------------------


@dataclass
class Part:
    """One multipart part; `headers` replaces the generated ones when given."""

    name: str
    data: bytes
    filename: str | bytes | None = None
    headers: bytes | None = None


def multipart(parts: list[Part], boundary: str = "hostile-boundary-7d41") -> tuple[bytes, str]:
    """Encode parts by hand, so filenames keep every byte (NUL, CR, LF, quotes) and parts can be broken."""
    out = bytearray()
    for part in parts:
        out += b"--" + boundary.encode() + b"\r\n"
        if part.headers is not None:
            out += part.headers
        else:
            out += b'Content-Disposition: form-data; name="' + part.name.encode() + b'"'
            if part.filename is not None:
                name = part.filename if isinstance(part.filename, bytes) else part.filename.encode()
                out += b'; filename="' + name.replace(b'"', b"%22") + b'"\r\nContent-Type: application/octet-stream'
            out += b"\r\n"
        out += b"\r\n" + part.data + b"\r\n"
    out += b"--" + boundary.encode() + b"--\r\n"
    return bytes(out), f"multipart/form-data; boundary={boundary}"


@dataclass
class Call:
    """An HTTP request of a case."""

    method: str
    path: str
    body: bytes | None = None
    headers: dict = field(default_factory=dict)
    auth: bool = True
    stream: bool = False  # an event stream: read the status line only


def upload_call(data: bytes, filename: str | bytes = "doc.bin", fields: dict | None = None,
                headers: dict | None = None) -> Call:
    """A `process-async` request with one file and the given form fields."""
    parts = [Part("file", data, filename)] + [Part(k, str(v).encode()) for k, v in (fields or {}).items()]
    body, content_type = multipart(parts)
    return Call("POST", UPLOAD, body, {"Content-Type": content_type, **(headers or {})})


def json_call(method: str, path: str, raw: bytes, content_type: str = "application/json", auth: bool = True) -> Call:
    """A request with a raw (possibly broken) JSON body."""
    return Call(method, path, raw, {"Content-Type": content_type}, auth)


def raw_multipart(body: bytes, content_type: str) -> Call:
    """A `process-async` request with a hand-broken multipart body."""
    return Call("POST", UPLOAD, body, {"Content-Type": content_type})


@dataclass(frozen=True)
class Case:
    """A hostile request and what it may end as.

    `expect`: "reject" (a 4xx), "fail" (a job that fails), "complete" (the bytes are a
    readable document), "any" (a 4xx or a terminal job). `codes`: the acceptable error codes, when known.
    """

    id: str
    build: Callable[[], Call]
    expect: str
    codes: tuple[str, ...] = ()
    check: Callable[[dict], None] | None = None
    bug: str | None = None


def _filename_is(expected: str) -> Callable[[dict], None]:
    def check(job: dict) -> None:
        assert job["original_filename"] == expected, job["original_filename"]
    return check


def _filename_clean(job: dict) -> None:
    name = job["original_filename"]
    assert name and len(name) <= 255 and "/" not in name and "\\" not in name
    assert all(ch.isprintable() for ch in name), repr(name)


def _cases() -> list[Case]:
    pdf_min = pdf_pages(1)
    jpeg = image_bytes("JPEG")
    zip_bytes = b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + os.urandom(64) + b"PK\x05\x06" + b"\0" * 18
    html = b"<!doctype html><html><body><script>alert(1)</script></body></html>"
    bad = ("unsupported_media_type",)
    unreadable = ("corrupt_file",)
    too_large = ("image_too_large",)
    cases = [
        # wrong magic bytes
        Case("magic-text-as-jpg", lambda: upload_call(b"just some text, not an image", "r.jpg"), "reject", bad),
        Case("magic-exe-as-png", lambda: upload_call(b"MZ\x90\x00\x03" + b"\0" * 200, "r.png"), "reject", bad),
        Case("magic-html-as-pdf", lambda: upload_call(html, "r.pdf"), "reject", bad),
        Case("magic-zip", lambda: upload_call(zip_bytes, "r.zip"), "reject", bad),
        Case("magic-svg", lambda: upload_call(b'<svg xmlns="http://www.w3.org/2000/svg"><script/></svg>', "r.svg"),
             "reject", bad),
        Case("magic-gif", lambda: upload_call(image_bytes("GIF"), "r.gif"), "reject", bad),
        Case("magic-bm-text", lambda: upload_call(b"BM is how this text starts, not a bitmap at all", "r.bmp"),
             "reject", bad),
        Case("magic-riff-wave", lambda: upload_call(b"RIFF\x24\x00\x00\x00WAVEfmt " + b"\0" * 40, "r.webp"),
             "reject", bad),
        # polyglots
        Case("polyglot-jpeg-header-pdf", lambda: upload_call(b"\xff\xd8\xff\xe0" + pdf_min, "p.jpg"), "fail", unreadable),
        Case("polyglot-jpeg-header-zip", lambda: upload_call(b"\xff\xd8\xff\xe0" + zip_bytes, "p.jpg"), "fail", unreadable),
        Case("polyglot-jpeg-header-html", lambda: upload_call(b"\xff\xd8\xff\xe0" + html, "p.jpg"), "fail", unreadable),
        Case("polyglot-png-header-html", lambda: upload_call(b"\x89PNG\r\n\x1a\n" + html, "p.png"), "fail", unreadable),
        Case("polyglot-jpeg-with-zip-trailer", lambda: upload_call(image_bytes("JPEG") + zip_bytes, "p.jpg"), "complete"),
        Case("polyglot-junk-then-pdf", lambda: upload_call(b"<html>" + b"x" * 400 + pdf_pages(1), "p.pdf"), "any"),
        # truncated and corrupt images
        Case("truncated-jpeg", lambda: upload_call(truncated(image_bytes("JPEG")), "t.jpg"), "fail", unreadable),
        Case("truncated-png", lambda: upload_call(truncated(good_png()), "t.png"), "fail", unreadable),
        Case("truncated-tiff", lambda: upload_call(truncated(image_bytes("TIFF", compression="tiff_lzw")), "t.tif"),
             "fail", unreadable),
        Case("truncated-webp", lambda: upload_call(truncated(image_bytes("WEBP")), "t.webp"), "fail", unreadable),
        Case("truncated-bmp", lambda: upload_call(truncated(image_bytes("BMP"), 0.3), "t.bmp"), "fail", unreadable),
        Case("magic-only-jpeg", lambda: upload_call(b"\xff\xd8\xff", "m.jpg"), "fail", unreadable),
        Case("png-bad-crc", lambda: upload_call(png_bad_crc(), "c.png"), "fail", unreadable),
        Case("scrambled-jpeg", lambda: upload_call(scrambled(jpeg), "s.jpg"), "any"),
        # decompression bombs and absurd sizes
        Case("bomb-png-ihdr-60000", lambda: upload_call(png_claiming(60000, 60000), "b.png"), "fail", too_large),
        Case("bomb-png-redundant-9000", lambda: upload_call(redundant_png(9000, 9000), "b.png"), "fail", too_large),
        Case("bomb-jpeg-sof-65000", lambda: upload_call(jpeg_claiming(65000, 65000), "b.jpg"), "fail", too_large),
        Case("bomb-tiff-ifd-100000", lambda: upload_call(tiff_claiming(100000, 100000), "b.tif"), "fail", too_large),
        Case("bomb-bmp-50000", lambda: upload_call(bmp_claiming(50000, 50000), "b.bmp"), "fail", too_large),
        Case("bomb-webp-16384", lambda: upload_call(webp_claiming(16384, 16384), "b.webp"), "fail", too_large),
        Case("tiff-60-pages", lambda: upload_call(many_frame_tiff(60), "m.tif"), "fail", ("too_many_pages",)),
        Case("redundant-png-30mp", lambda: upload_call(redundant_png(6000, 5000), "w.png"), "any"),
        Case("empty-file", lambda: upload_call(b"", "e.png"), "reject", ("empty_file",)),
        # PDFs
        Case("pdf-encrypted", lambda: upload_call(pdf_encrypted(), "x.pdf"), "fail", ("encrypted_pdf",)),
        Case("pdf-malformed", lambda: upload_call(b"%PDF-1.7\n" + os.urandom(2000), "x.pdf"), "fail", unreadable),
        Case("pdf-no-pages", lambda: upload_call(pdf_empty_tree(), "x.pdf"), "fail", ("empty_document",)),
        Case("pdf-1000-pages", lambda: upload_call(pdf_pages(1000), "x.pdf"), "fail", ("too_many_pages",)),
        Case("pdf-huge-mediabox", lambda: upload_call(pdf_pages(1, b"[0 0 14400 14400]"), "x.pdf"), "fail", too_large),
        Case("pdf-zero-mediabox", lambda: upload_call(pdf_pages(1, b"[0 0 0 0]"), "x.pdf"), "any"),
        Case("pdf-cyclic-page-tree", lambda: upload_call(pdf_cyclic_tree(), "x.pdf"), "any"),
        # 10,000 filled triangles: tens of seconds to render; the worker abandons it at OCR_PAGE_TIMEOUT
        Case("pdf-costly-10000-triangles", lambda: upload_call(costly_pdf(pages=1, triangles=10000), "c.pdf"), "fail",
             ("page_timeout",)),
        Case("pdf-javascript-openaction",
             lambda: upload_call(pdf_pages(1, extra_catalog=b"/OpenAction << /S /JavaScript /JS (app.alert(1)) >>"),
                                 "x.pdf"), "complete"),
        # absurd filenames (the bytes are fine: the job completes and the name is data only)
        Case("name-path-traversal", lambda: upload_call(good_png(), "../../etc/passwd"), "complete",
             check=_filename_is("passwd")),
        # Werkzeug reads backslashes in a quoted filename as escapes: no separator reaches the name.
        Case("name-windows-path", lambda: upload_call(good_png(), "C:\\Windows\\system32\\cmd.exe"), "complete",
             check=_filename_clean),
        Case("name-10kb", lambda: upload_call(good_png(), "a" * 10240 + ".png"), "complete", check=_filename_clean),
        Case("name-control-chars", lambda: upload_call(good_png(), b"evil\x01\x1b[31m\x7fname.png"), "complete",
             check=_filename_clean),
        Case("name-nul", lambda: upload_call(good_png(), b"a\x00b.png"), "any", check=_filename_clean),
        Case("name-rtl-override", lambda: upload_call(good_png(), "invoice\u202egnp.exe"), "complete",
             check=_filename_is("invoicegnp.exe")),
        Case("name-dot-dot", lambda: upload_call(good_png(), ".."), "complete", check=_filename_clean),
        # malformed multipart
        Case("multipart-wrong-boundary",
             lambda: raw_multipart(multipart([Part("file", good_png(), "a.png")], "real")[0],
                                   "multipart/form-data; boundary=other"), "reject"),
        Case("multipart-no-boundary", lambda: raw_multipart(multipart([Part("file", good_png(), "a.png")])[0],
                                                            "multipart/form-data"), "reject"),
        Case("multipart-part-without-headers",
             lambda: raw_multipart(*multipart([Part("file", good_png(), headers=b"")])), "reject"),
        Case("multipart-garbage-part-header",
             lambda: raw_multipart(*multipart([Part("file", good_png(), headers=b"\x00\xff: \xfe\r\nX\r\n")])), "reject"),
        Case("multipart-unterminated",
             lambda: raw_multipart(multipart([Part("file", good_png(), "a.png")])[0][:-40], multipart([])[1]),
             "reject"),
        Case("multipart-json-body", lambda: raw_multipart(b'{"file": "x"}', multipart([])[1]), "reject"),
        Case("multipart-two-files", lambda: raw_multipart(*multipart([Part("file", good_png(), "a.png"),
                                                                     Part("file", good_png(), "b.png")])), "reject",
             ("file_required",)),
        Case("multipart-2000-fields",
             lambda: raw_multipart(*multipart([Part("file", good_png(), "a.png")] +
                                              [Part(f"f{i}", b"x") for i in range(2000)])), "reject"),
        Case("multipart-1mb-form-field",
             lambda: raw_multipart(*multipart([Part("file", good_png(), "a.png"), Part("language", b"x" * 2**20)])),
             "reject"),
    ]
    # injection-shaped strings in every option and the Idempotency-Key
    for n, value in enumerate(INJECTIONS):
        for option in ("template_id", "confidence_threshold", "priority", "language", "extract_format", "force"):
            cases.append(Case(f"inject-{option}-{n}", lambda o=option, v=value: upload_call(good_png(), "i.png", {o: v}),
                              "reject", ("validation_error",)))
        cases.append(Case(f"inject-idempotency-key-{n}",
                          lambda v=value: upload_call(good_png(), "k.png", headers={"Idempotency-Key": v + uuid.uuid4().hex}),
                          "complete"))
    cases += [
        Case("inject-template-id-bigint", lambda: upload_call(good_png(), "i.png", {"template_id": str(2**70)}), "any"),
        Case("inject-template-id-missing", lambda: upload_call(good_png(), "i.png", {"template_id": "987654321"}), "any"),
        Case("inject-threshold-nan", lambda: upload_call(good_png(), "i.png", {"confidence_threshold": "NaN"}),
             "reject", ("validation_error",)),
        Case("inject-idempotency-key-300", lambda: upload_call(good_png(), "k.png", headers={"Idempotency-Key": "k" * 300}),
             "reject", ("bad_idempotency_key",)),
        Case("inject-idempotency-key-utf8",
             lambda: upload_call(good_png(), "k.png", headers={"Idempotency-Key": ("ключ-" + uuid.uuid4().hex).encode()}),
             "any"),
    ]
    return cases


# Werkzeug's get_json catches ValueError only; Python's json raises RecursionError on deep nesting.
KNOWN_BUG_LOGS: tuple[str, ...] = ()


def _json_cases() -> list[Case]:
    deep = b"[" * 100000 + b"]" * 100000
    big = b'{"email": "big@example.com", "password": "' + b"p" * (8 * 2**20) + b'"}'
    cases = [
        Case("json-malformed-register", lambda: json_call("POST", "/api/auth/register", b'{"email": ', auth=False), "reject"),
        Case("json-array-login", lambda: json_call("POST", "/api/auth/login", b"[1, 2, 3]", auth=False), "reject"),
        Case("json-string-register", lambda: json_call("POST", "/api/auth/register", b'"hello"', auth=False), "reject"),
        Case("json-operator-login",
             lambda: json_call("POST", "/api/auth/login", b'{"email": {"$ne": null}, "password": {"$gt": ""}}', auth=False),
             "reject"),
        Case("json-sqli-login",
             lambda: json_call("POST", "/api/auth/login", b'{"email": "\' OR 1=1 --@x.com", "password": "\' OR 1=1 --"}',
                               auth=False), "reject"),
        Case("json-8mb-register", lambda: json_call("POST", "/api/auth/register", big, auth=False), "reject"),
        Case("json-deep-register", lambda: json_call("POST", "/api/auth/register", deep, auth=False), "reject"),
        Case("json-deep-templates", lambda: json_call("POST", "/api/templates", deep), "reject"),
        Case("json-deep-notifications-read", lambda: json_call("POST", "/api/notifications/read", deep), "reject"),
        Case("json-text-plain-webhooks", lambda: json_call("POST", "/api/webhooks", b'{"url": "x"}', "text/plain"), "reject"),
        Case("json-webhook-file-url",
             lambda: json_call("POST", "/api/webhooks", b'{"url": "file:///etc/passwd", "events": ["ocr_completed"]}'),
             "reject"),
        Case("json-webhook-javascript-url",
             lambda: json_call("POST", "/api/webhooks", b'{"url": "javascript:alert(1)", "events": ["{{7*7}}"]}'),
             "reject"),
        Case("json-read-huge-numbers", lambda: json_call("POST", "/api/notifications/read", b'{"seqs": [1e400, -1, "x"]}'),
             "reject"),
        Case("json-template-redos",
             lambda: json_call("POST", "/api/templates",
                               b'{"name": "<script>", "keywords": ["${jndi:x}"], "fields": {"total_amount": "(a+)+$"}}'),
             "any"),
        Case("json-template-bad-regex",
             lambda: json_call("POST", "/api/templates", b'{"name": "x", "keywords": ["a"], "fields": {"total_amount": "(("}}'),
             "reject"),
        Case("json-broadcast-not-admin", lambda: json_call("POST", "/api/admin/broadcast", b'{"message": "{{7*7}}"}'),
             "reject", ("admin_required", "forbidden")),
        # bodies above the route's limit are refused by their size, before anything parses them
        Case("json-8kb-login", lambda: json_call("POST", "/api/auth/login", big[:8192] + b'"}', auth=False), "reject",
             ("payload_too_large",)),
        Case("json-2mb-templates",
             lambda: json_call("POST", "/api/templates", b'{"name": "' + b"n" * (2 * 2**20) + b'"}'), "reject",
             ("payload_too_large",)),
        Case("json-2mb-fields-patch",
             lambda: json_call("PATCH", "/api/ocr-async/results/1/fields", b'{"vendor": "' + b"v" * (2 * 2**20) + b'"}'),
             "reject", ("payload_too_large",)),
    ]
    return cases


def _query_cases() -> list[Case]:
    cases = []
    for n, value in enumerate(INJECTIONS):
        q = requests.utils.quote(value, safe="")
        cases += [
            Case(f"query-results-{n}", lambda q=q: Call("GET", f"/api/ocr-async/results?status={q}&page={q}&per_page={q}"),
                 "reject", ("validation_error",)),
            Case(f"query-batch-{n}", lambda q=q: Call("GET", f"/api/ocr-async/results?batch_id={q}"), "reject"),
            Case(f"path-status-{n}", lambda q=q: Call("GET", f"/api/ocr-async/status/{q}"), "reject", ("not_found",)),
            Case(f"path-cancel-{n}", lambda q=q: Call("POST", f"/api/ocr-async/cancel/{q}"), "reject"),
            Case(f"path-batch-{n}", lambda q=q: Call("GET", f"/api/ocr-async/batches/{q}"), "reject"),
            Case(f"query-notifications-{n}", lambda q=q: Call("GET", f"/api/notifications?after={q}&limit={q}&unread={q}"),
                 "reject"),
            Case(f"query-events-{n}", lambda q=q: Call("GET", f"/api/ocr-async/events?ocr_result_id={q}&batch_id={q}",
                                                        stream=True), "reject"),
            Case(f"header-last-event-id-{n}", lambda v=value: Call("GET", "/api/ocr-async/events",
                                                                    headers={"Last-Event-ID": v}, stream=True), "reject"),
            Case(f"query-events-ticket-{n}", lambda q=q: Call("GET", f"/api/ocr-async/events?ticket={q}", auth=False,
                                                               stream=True), "reject", ("invalid_ticket",)),
            Case(f"header-bearer-{n}", lambda v=value: Call("GET", "/api/auth/me", headers={"Authorization": f"Bearer {v}"},
                                                             auth=False), "reject", ("unauthorized",)),
        ]
    cases.append(Case("query-events-batch-nul", lambda: Call("GET", "/api/ocr-async/events?batch_id=a%00b", stream=True),
                      "reject", ("validation_error",)))
    cases.append(Case("query-events-job-nul", lambda: Call("GET", "/api/ocr-async/events?ocr_result_id=1%00", stream=True),
                      "reject", ("validation_error",)))
    cases.append(Case("query-status-bigint", lambda: Call("GET", f"/api/ocr-async/status/{2**70}"), "reject"))
    cases.append(Case("query-results-page-huge", lambda: Call("GET", f"/api/ocr-async/results?page={2**70}"), "reject"))
    return cases


CASES = _cases() + _json_cases() + _query_cases()


# ---- fixtures -------------------------------------------------------------------------------------


def _log(name: str) -> Path:
    return Path(os.environ.get("OCRFLOW_TEST_BASE", "var/test")) / "logs" / name


class Api:
    """A `requests` session against the live API with one user's token."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.http = requests.Session()
        creds = {"email": f"hostile-{uuid.uuid4().hex[:12]}@example.com", "password": "hostile-password-1"}
        assert self.http.post(base + "/api/auth/register", json=creds, timeout=30).status_code == 201
        token = self.http.post(base + "/api/auth/login", json=creds, timeout=30).json()["access_token"]
        self.auth = {"Authorization": f"Bearer {token}"}

    def send(self, call: Call) -> requests.Response:
        """Send one case's request."""
        headers = {**(self.auth if call.auth else {}), **call.headers}
        response = self.http.request(call.method, self.base + call.path, data=call.body, headers=headers,
                                     timeout=60, stream=call.stream)
        if call.stream and response.status_code < 400:
            response.close()  # the stream started: its status is the answer
        return response

    def wait(self, job_id: int, timeout: float = 120) -> dict:
        """Poll a job until it is terminal."""
        deadline = time.monotonic() + timeout
        body: dict = {}
        while time.monotonic() < deadline:
            body = self.http.get(f"{self.base}/api/ocr-async/status/{job_id}", headers=self.auth, timeout=30).json()
            if body.get("status") in TERMINAL:
                return body
            time.sleep(0.2)
        raise AssertionError(f"job {job_id} never finished: {body.get('status')} {body.get('task_info')}")


@pytest.fixture(scope="module")
def logs_before(live_api, worker):
    """Where the API and worker logs stood before the hostile cases."""
    return {name: _log(name).stat().st_size for name in ("api-session.log", "worker-suite.log")}


@pytest.fixture(scope="module")
def api(live_api, logs_before):
    """The live API with a user of its own."""
    return Api(live_api)


def _new_log(name: str, since: dict) -> str:
    with _log(name).open("rb") as fh:
        fh.seek(since[name])
        return fh.read().decode("utf-8", "replace")


def _envelope(response: requests.Response) -> dict:
    body = response.json()
    error = body.get("error")
    assert isinstance(error, dict) and error.get("code") and error.get("message"), body
    return error


# ---- the corpus -----------------------------------------------------------------------------------


def test_corpus_is_large_enough():
    assert len(CASES) >= 30
    assert len({c.id for c in CASES}) == len(CASES)


def _param(case: Case):
    marks = [pytest.mark.xfail(strict=True, reason=case.bug)] if case.bug else []
    return pytest.param(case, id=case.id, marks=marks)


@pytest.mark.parametrize("case", [_param(c) for c in CASES])
def test_hostile_input(case: Case, api: Api, logs_before: dict):
    response = api.send(case.build())
    assert response.status_code < 500, (
        f"{case.id}: {response.status_code} {response.text[:300]}\n{_new_log('api-session.log', logs_before)[-4000:]}")
    if response.status_code != 202 and response.status_code >= 400:
        assert case.expect in ("reject", "any"), f"{case.id}: {response.status_code} {response.text[:300]}"
        error = _envelope(response)
        assert not case.codes or error["code"] in case.codes, f"{case.id}: {error}"
        return
    assert case.expect != "reject" or response.status_code != 202, f"{case.id} was accepted: {response.text[:300]}"
    if response.status_code != 202:
        assert case.expect == "any", f"{case.id}: {response.status_code} {response.text[:300]}"
        return
    job = api.wait(response.json()["ocr_result_id"])
    if case.expect == "complete":
        assert job["status"] == "completed", f"{case.id}: {job.get('error')}"
    elif case.expect == "fail":
        assert job["status"] == "failed", f"{case.id}: {job['status']}"
    if job["status"] == "failed":
        assert job["error"]["code"] and job["error"]["message"], job
        assert not case.codes or job["error"]["code"] in case.codes, f"{case.id}: {job['error']}"
        assert job["error"]["code"] != "internal_error", f"{case.id}: {job['error']}"
    if case.check:
        case.check(job)


def test_good_files_in_a_hostile_bulk_are_unaffected(api: Api):
    hostile = [("empty.png", b""), ("text.jpg", b"not an image"), ("bomb.png", png_claiming(60000, 60000)),
               ("trunc.jpg", truncated(image_bytes("JPEG"))), ("../../etc/passwd", pdf_pages(1000)),
               ("evil\u202e.png", b"\x89PNG\r\n\x1a\n<html>")]
    good = [("good-1.png", good_png()), ("good-2.jpg", image_bytes("JPEG"))]
    files = [hostile[0], good[0], *hostile[1:4], good[1], *hostile[4:]]
    body, content_type = multipart([Part("files", data, name) for name, data in files])
    response = api.send(Call("POST", BULK, body, {"Content-Type": content_type}))
    assert response.status_code == 202, response.text
    result = response.json()
    rejected = {r["filename"]: r["error"]["code"] for r in result["rejected"]}
    assert rejected == {"empty.png": "empty_file", "text.jpg": "unsupported_media_type"}
    outcome = {a["filename"]: api.wait(a["ocr_result_id"]) for a in result["accepted"]}
    assert {name: job["status"] for name, job in outcome.items()} == {
        "good-1.png": "completed", "good-2.jpg": "completed", "bomb.png": "failed", "trunc.jpg": "failed",
        "passwd": "failed", "evil.png": "failed"}
    assert "12.50" in outcome["good-1.png"]["extracted_text"]
    assert outcome["passwd"]["error"]["code"] == "too_many_pages"


def test_the_worker_and_the_api_survived(api: Api, worker, logs_before: dict):
    assert worker.poll() is None, "the worker process died"
    response = api.send(upload_call(good_png(), "after.png"))
    assert response.status_code == 202, response.text
    assert api.wait(response.json()["ocr_result_id"])["status"] == "completed"
    worker_log = _new_log("worker-suite.log", logs_before)
    assert not re.search(r"WorkerLostError|Process .* exited with|signal \d+ \(SIG", worker_log), worker_log[-3000:]
    unexpected = [line for line in _new_log("api-session.log", logs_before).splitlines()
                  if "unhandled error" in line and not any(sig in line for sig in KNOWN_BUG_LOGS)]
    assert not unexpected, "\n".join(unexpected)[-4000:]


def test_a_key_race_of_16_uploads_makes_one_job_and_keeps_one_file(api: Api):
    from concurrent.futures import ThreadPoolExecutor

    user_id = api.http.get(api.base + "/api/auth/me", headers=api.auth, timeout=30).json()["id"]
    user_dir = Path(os.environ["OCRFLOW_TEST_BASE"]) / "uploads" / str(user_id)

    def uploads() -> set[Path]:
        files = user_dir.rglob("*") if user_dir.exists() else []
        return {p for p in files if p.is_file() and not p.name.endswith(".searchable.pdf")}

    before = uploads()
    data, key = good_png(), f"race-{uuid.uuid4().hex}"

    def send(_n: int) -> requests.Response:
        body, content_type = multipart([Part("file", data, "race.png")])
        return requests.post(api.base + UPLOAD, data=body, timeout=60,
                             headers={**api.auth, "Content-Type": content_type, "Idempotency-Key": key})

    with ThreadPoolExecutor(16) as pool:
        responses = list(pool.map(send, range(16)))
    assert [r.status_code for r in responses] == [202] * 16, [r.text[:200] for r in responses if r.status_code != 202]
    assert len({r.json()["ocr_result_id"] for r in responses}) == 1
    stored = uploads() - before
    assert len(stored) == 1, stored
    assert api.wait(responses[0].json()["ocr_result_id"])["status"] == "completed"


@pytest.mark.timeout(300)
def test_a_costly_pdf_page_never_stalls_the_api_and_the_next_page_is_read(api: Api):
    """The API only streams stored page images: asking for a costly page while it is read costs it nothing."""
    from concurrent.futures import ThreadPoolExecutor

    response = api.send(upload_call(costly_pdf(pages=2, triangles=10000, cheap=(2,)), "costly.pdf",
                                    {"force": "true"}))
    assert response.status_code == 202, response.text
    job_id = response.json()["ocr_result_id"]
    page_url = f"{api.base}/api/ocr-async/results/{job_id}/pages/1.png"
    me_seconds: list[float] = []
    reading = {"done": False}

    def ask_page(_n: int) -> list[int]:
        codes = []
        while not reading["done"]:
            codes.append(requests.get(page_url, headers=api.auth, timeout=60).status_code)
            time.sleep(0.2)
        return codes

    def ask_me() -> None:
        while not reading["done"]:
            started = time.monotonic()
            assert requests.get(api.base + "/api/auth/me", headers=api.auth, timeout=60).status_code == 200
            me_seconds.append(time.monotonic() - started)
            time.sleep(0.05)

    with ThreadPoolExecutor(4) as pool:
        pages = [pool.submit(ask_page, n) for n in range(3)]
        me = pool.submit(ask_me)
        try:
            job = api.wait(job_id, timeout=240)
        finally:
            reading["done"] = True
        answers = [f.result() for f in pages]
        me.result()
    # Unread, the page answers 409 at once (the API rendering it, as before, took tens of seconds per request);
    # once its failure is recorded, 404.
    for codes in answers:
        assert codes[0] == 409 and set(codes) <= {409, 404} and codes == sorted(codes, reverse=True), codes
    assert len(me_seconds) > 20 and max(me_seconds) < 5.0, sorted(me_seconds)[-5:]
    assert job["status"] == "completed", job.get("error")
    assert job["page_count"] == 2
    first = requests.get(page_url, headers=api.auth, timeout=30)
    assert first.status_code == 404 and first.json()["error"]["code"] == "page_unavailable"
    assert first.json()["error"]["details"]["page_error"] == "page_timeout"
    second = requests.get(page_url.replace("/pages/1.png", "/pages/2.png"), headers=api.auth, timeout=30)
    assert second.status_code == 200 and second.content[:8] == b"\x89PNG\r\n\x1a\n"


def test_low_disk_refuses_uploads_with_503(isolated_app, make_user):
    import shutil

    free = shutil.disk_usage(os.environ["OCRFLOW_TEST_BASE"]).free
    flask_app = isolated_app(MIN_FREE_DISK_BYTES=free + 2**50)
    client, headers = flask_app.test_client(), make_user("lowdisk")[2]
    for path, name in ((UPLOAD, "file"), (BULK, "files")):
        response = client.post(path, headers=headers, data={name: (io.BytesIO(good_png()), "a.png")},
                               content_type="multipart/form-data")
        assert response.status_code == 503, response.get_json()
        assert response.get_json()["error"]["code"] == "low_disk"
        assert int(response.headers["Retry-After"]) > 0
    flask_app.config["MIN_FREE_DISK_BYTES"] = 0
    response = client.post(UPLOAD, headers=headers, data={"file": (io.BytesIO(good_png()), "a.png")},
                           content_type="multipart/form-data")
    assert response.status_code == 202
