"""Render receipts and invoices per language with known fields (Pillow): fonts with the diacritics, thermal look.

The wording here is written from printed documents of each country, independently of the language packs in
`app/extraction/languages/`, so that a benchmark on these renders measures the packs instead of echoing them.
"""

from __future__ import annotations

import random
import shutil
import subprocess
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import lru_cache

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

from tests.support.receipt_words import CONTENT, LanguageContent

LANGUAGES = tuple(CONTENT)
_PREFERRED = ("DejaVuSans.ttf", "DejaVuSansCondensed.ttf", "NotoSans-Regular.ttf", "DejaVuSerif.ttf",
              "NotoSerif-Regular.ttf", "DejaVuSansMono.ttf", "NotoSansMono-Regular.ttf")


@lru_cache(maxsize=16)
def fonts_for(language: str) -> tuple[str, ...]:
    """Return regular font files that carry every letter of `language` (fontconfig), preferred ones first."""
    if shutil.which("fc-list") is None:
        return ()
    out = subprocess.run(["fc-list", f":lang={language}", "file"], capture_output=True, text=True, check=False)
    files = sorted({ln.split(":")[0].strip() for ln in out.stdout.splitlines() if ln.strip()})
    chosen = [f for name in _PREFERRED for f in files if f.endswith("/" + name)]
    return tuple(chosen)


@dataclass
class Document:
    """A generated document: its printed lines (label, value) and the fields it carries."""

    language: str
    kind: str
    lines: list[tuple[str, str]]
    vendor: str
    total: Decimal
    date: date
    currency: str
    fields: dict[str, str] = field(default_factory=dict)
    header: int = 0

    def truth(self) -> dict[str, str]:
        """Return the known fields as strings: vendor, total, date (ISO), currency."""
        return {"vendor": self.vendor, "total": f"{self.total:.2f}", "date": self.date.isoformat(),
                "currency": self.currency, **self.fields}


def money(value: Decimal, content: LanguageContent, with_symbol: bool = False) -> str:
    """Print an amount the way documents of this language do."""
    decimals = content.decimals
    q = f"{value:,.{decimals}f}"  # 1,234.56
    if content.thousands != "," or content.decimal != ".":
        q = q.replace(",", "\0").replace(".", content.decimal).replace("\0", content.thousands)
    if not with_symbol:
        return q
    return f"{content.symbol} {q}" if content.symbol_before else f"{q} {content.symbol}"


def _items(rng: random.Random, content: LanguageContent) -> list[tuple[str, int, Decimal]]:
    names = rng.sample(content.items, k=rng.randint(3, min(6, len(content.items))))
    scale = Decimal(content.price_scale)
    out = []
    for name in names:
        qty = rng.choice((1, 1, 1, 2, 3))
        unit = (Decimal(rng.randint(99, 2999)) / 100 * scale).quantize(Decimal(1) / 10**content.decimals)
        if content.decimals == 0:
            unit = (unit / 500).quantize(Decimal(1)) * 500 or Decimal(500)
        out.append((name, qty, unit))
    return out


def make_document(language: str, seed: int, kind: str = "receipt") -> Document:
    """Compose a receipt or an invoice of `language` with known vendor, total, date and currency."""
    rng = random.Random(f"{language}-{kind}-{seed}")
    c = CONTENT[language]
    vendor = rng.choice(c.shops)
    day = date(rng.randint(2019, 2025), rng.randint(1, 12), rng.randint(1, 28))
    items = _items(rng, c)
    total = sum((q * u for _, q, u in items), Decimal(0))
    rate = rng.choice(c.vat_rates)
    tax = (total * rate / (100 + rate)).quantize(Decimal(1) / 10**c.decimals)
    lines: list[tuple[str, str]] = [(vendor, "")]
    street = rng.choice(c.streets)
    lines += [(street, ""), (f"{c.tax_id_label} {c.tax_id(rng)}", "")]
    if kind == "invoice":
        number = f"{rng.randint(1, 999)}/{day.year}"
        lines += [(c.invoice_title, ""), (f"{c.invoice_number_label} {number}", "")]
    else:
        lines += [(c.receipt_title, "")]
    lines += [(c.date_line(day, rng), "")]
    header = len(lines)
    for name, qty, unit in items:
        if qty > 1:
            lines += [(name, ""), (f"  {qty} x {money(unit, c)}", money(qty * unit, c))]
        else:
            lines += [(name, money(unit, c))]
    lines += [(c.vat_row(rate), money(tax, c))]
    lines += [(c.total_line(rng), money(total, c, with_symbol=rng.random() < 0.5))]
    paid = _paid(total, c)
    lines += [(c.cash_label, money(paid, c)), (c.change_label, money(paid - total, c))]
    lines += [(rng.choice(c.footers), "")]
    return Document(language, kind, lines, vendor, total, day, c.currency, {"address": street}, header=header)


def _paid(total: Decimal, c: LanguageContent) -> Decimal:
    step = Decimal(10) ** (3 if c.decimals == 0 else 1) * (10 if c.decimals == 0 else 1)
    return ((total // step) + 1) * step


@dataclass(frozen=True)
class Look:
    """How a document is printed and photographed."""

    font: str | None
    size: int = 24
    width: int = 620
    thermal: bool = True
    noise: float = 6.0
    blur: float = 0.6
    skew: float = 1.0
    scale: float = 1.4
    jpeg: int | None = None


def look_for(language: str, seed: int, hard: bool = False) -> Look:
    """Pick a font, size and degradation for one render (deterministic per seed); `hard`: a poor phone photo."""
    rng = random.Random(f"look-{language}-{seed}")
    fonts = fonts_for(language) or (None,)
    if hard:
        return Look(font=rng.choice(fonts[:5]), size=rng.choice((18, 20, 22)), thermal=True,
                    noise=rng.uniform(10, 18), blur=rng.uniform(0.9, 1.5), skew=rng.uniform(-3.5, 3.5),
                    scale=rng.uniform(0.9, 1.1), jpeg=rng.choice((35, 50)))
    return Look(font=rng.choice(fonts[:5]), size=rng.choice((22, 24, 26, 28)), thermal=rng.random() < 0.7,
                noise=rng.uniform(2, 10), blur=rng.uniform(0.0, 1.0), skew=rng.uniform(-2.0, 2.0))


def _font(look: Look, size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    return ImageFont.truetype(look.font, size) if look.font else ImageFont.load_default(size=size)


def render(doc: Document, look: Look, seed: int = 0) -> Image.Image:
    """Draw the document's lines (label left, value right) and age it: thermal fade, noise, blur, skew."""
    font = _font(look, look.size)
    big = _font(look, int(look.size * 1.3))
    step = int(look.size * 1.5)
    measure = ImageDraw.Draw(Image.new("L", (1, 1)))
    widest = max(measure.textlength(f"{label}    {value}" if value else label, font=big if i == 0 else font)
                 for i, (label, value) in enumerate(doc.lines))
    width = max(look.width, int(widest) + 40)  # a long line widens the paper, never runs off it
    page = Image.new("L", (width, 60 + step * (len(doc.lines) + 1)), 255)
    draw = ImageDraw.Draw(page)
    y = 30
    for i, (label, value) in enumerate(doc.lines):
        f = big if i == 0 else font
        if not value:
            centred = i < doc.header or i == len(doc.lines) - 1
            w = draw.textlength(label, font=f)
            draw.text((max(20, (width - w) / 2) if centred else 20, y), label, fill=0, font=f)
        else:
            draw.text((20, y), label, fill=0, font=f)
            draw.text((width - 20 - draw.textlength(value, font=f), y), value, fill=0, font=f)
        y += step if i else int(step * 1.3)
    return age(page, look, seed).convert("RGB")


def age(page: Image.Image, look: Look, seed: int = 0) -> Image.Image:
    """Give a clean grey page a thermal-print and photo look."""
    rng = np.random.default_rng(seed)
    arr = np.asarray(page, dtype=np.float32)
    if look.thermal:
        fade = 0.55 + 0.35 * np.abs(np.sin(np.linspace(0, rng.uniform(2, 6), arr.shape[0])))[:, None]
        arr = 255 - (255 - arr) * fade
        arr = arr * 0.93 + 10  # grey paper
    arr = arr + rng.normal(0, look.noise, arr.shape)
    out = Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8))
    if look.scale != 1:
        out = out.resize((int(out.width * look.scale), int(out.height * look.scale)), Image.Resampling.BILINEAR)
    if look.blur > 0.05:
        out = out.filter(ImageFilter.GaussianBlur(look.blur))
    if abs(look.skew) > 0.05:
        out = out.rotate(look.skew, resample=Image.Resampling.BILINEAR, expand=True, fillcolor=235)
    if look.jpeg:
        import io

        buf = io.BytesIO()
        out.save(buf, format="JPEG", quality=look.jpeg)
        out = Image.open(io.BytesIO(buf.getvalue())).convert("L")
    return out


def render_line(text: str, font: str | None, size: int, seed: int = 0, thermal: bool = False,
                noise: float = 4.0, blur: float = 0.0) -> Image.Image:
    """Render one text line with a small margin, as a detector's crop would hold it."""
    look = Look(font=font, size=size, thermal=thermal, noise=noise, blur=blur, skew=0.0, scale=1.0)
    f = _font(look, size)
    left, top, right, bottom = ImageDraw.Draw(Image.new("L", (1, 1))).textbbox((0, 0), text, font=f)
    pad = max(4, size // 4)
    page = Image.new("L", (right - left + 2 * pad, bottom - top + 2 * pad), 255)
    ImageDraw.Draw(page).text((pad - left, pad - top), text, fill=0, font=f)
    return age(page, look, seed).convert("RGB")
