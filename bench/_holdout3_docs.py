"""Held-out synthetic *shop receipts* (photographed / scanned) with known fields.

Written independently of the extraction code, to measure how well receipt
extraction generalises to layouts it has never seen.  Every document is drawn
only from ``random.Random(f"{seed}:{lang}:{k}")`` (numpy seeded from it), so the
set is deterministic in (lang, k, seed).

Truth conventions (all values are strings):

* ``vendor``   - the top printed shop-name line exactly as printed (the brand
  line when a brand is printed above a legal-name line).  Greeting lines such as
  ``WELCOME TO`` are not part of it.
* ``total``    - what the customer paid, ``"123.45"`` (dot, two decimals; VND and
  IDR whole amounts as ``"125000.00"``).  With cash rounding printed it is the
  rounded amount; with a tip it includes the tip.  Tendered cash, change, card
  balance, savings and loyalty points are never the total.
* ``date``     - ISO ``yyyy-mm-dd`` of the purchase; return-by, voucher-expiry and
  best-before dates are never it.
* ``currency`` - ISO 4217 code.
* ``address``  - the seller's street-address lines as printed (street + number,
  postcode + town), joined by single spaces, without labels, phone, tax ids,
  websites or branch/till numbers; ``""`` when no street address is printed.
* ``layout``, ``lang``.

Layouts (see ``LAYOUTS``):

* pl: ``pl_chain`` (Biedronka/Lidl/Dino/Żabka... paragon fiskalny with PTU table),
  ``pl_local`` (piekarnia/apteka/sklep, legal name first, Gotówka/Reszta),
  ``pl_kiosk`` (narrow Żabka-style, card payment, total at the bottom block).
* vi: ``vi_cafe`` (Highlands/Phúc Long style phiếu thanh toán, VAT 8 %),
  ``vi_mart`` (Circle K / WinMart+ hóa đơn bán lẻ, Tiền khách đưa / thối lại),
  ``vi_quan`` (quán ăn bill, date at the bottom, amounts with ``đ``).
* de: ``de_discount`` (ALDI/Lidl/EDEKA/REWE, Summe/zu zahlen, MwSt A/B, Pfand, TSE),
  ``de_bakery`` (Bäckerei/Apotheke, Gegeben/Rückgeld), ``de_fuel`` (Tankstelle,
  girocard), ``ch_at`` (Migros/Coop/BILLA/SPAR, CHF rounding or EUR).
* fr: ``fr_super`` (Carrefour City/Monoprix/Franprix, TOTAL À PAYER, TVA table),
  ``fr_boulangerie`` (boulangerie/pharmacie, ESPECES/RENDU MONNAIE),
  ``fr_resto`` (brasserie addition, HT/TTC, date at the bottom).
* nl: ``nl_super`` (Albert Heijn/Jumbo/Lidl, Bonuskaart, BTW 9 %/21 %, PIN),
  ``nl_shop`` (HEMA/Kruidvat/Etos), ``nl_bakkerij`` (contant with Afronding).
* id: ``id_mini`` (Indomaret/Alfamart struk), ``id_resto`` (restoran, PB1 10 %,
  Service, Pembulatan), ``id_warung`` (warung/toko, no tax).
* en: ``uk_shop`` (Tesco/Pret.. VAT, BALANCE DUE, £), ``us_resto`` (SUBTOTAL/TAX/TIP,
  MM/DD/YYYY), ``au_shop`` (Total includes GST, EFTPOS), ``sg_shop`` (GST 9 %, S$),
  ``my_shop`` (SST 6 %, RM, ROUNDING ADJ, SDN BHD).

Run ``python bench/_holdout3_docs.py --langs pl,vi --n 4 --out /tmp/x`` to write
PNGs and a ``truth.json`` for looking at by eye.
"""

from __future__ import annotations

import argparse
import io
import json
import random
import sys
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from functools import cache, lru_cache, partialmethod
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFont

LANGUAGES = ("pl", "vi", "de", "fr", "nl", "id", "en")

D = Decimal
CENT = D("0.01")


# --------------------------------------------------------------------------- money
def q2(x) -> Decimal:
    return D(x).quantize(CENT, rounding=ROUND_HALF_UP)


def q0(x) -> Decimal:
    return D(x).quantize(D(1), rounding=ROUND_HALF_UP)


def money(x, dec: str = ",", thou: str = "", places: int = 2) -> str:
    """Format an amount: ``money(1234.5, ',', ' ') -> '1 234,50'``."""
    x = q2(x) if places else q0(x)
    neg = x < 0
    s = f"{abs(x):.{places}f}"
    ip, _, fp = s.partition(".")
    if thou:
        groups = []
        while len(ip) > 3:
            groups.insert(0, ip[-3:])
            ip = ip[:-3]
        groups.insert(0, ip)
        ip = thou.join(groups)
    return ("-" if neg else "") + ip + (dec + fp if places else "")


def tstr(x) -> str:
    """Truth string for an amount."""
    return f"{q2(x):.2f}"


def vat_included(gross: Decimal, rate) -> Decimal:
    """Tax contained in a gross amount at ``rate`` percent."""
    r = D(str(rate))
    return q2(gross * r / (D(100) + r))


def cash_tender(rnd: random.Random, total: Decimal, notes) -> Decimal:
    """Cash handed over: exact sometimes, else the next 'nice' amount above."""
    if rnd.random() < 0.15:
        return total
    cands = []
    for n in notes:
        n = D(str(n))
        v = (total / n).to_integral_value(rounding="ROUND_CEILING") * n
        if v >= total:
            cands.append(v)
    cands = sorted(set(cands))[:3]
    v = rnd.choice(cands)
    return v if v > total or rnd.random() < 0.3 else v + D(str(notes[-1]))


def round_to(x: Decimal, step: str) -> Decimal:
    s = D(step)
    return ((x / s).quantize(D(1), rounding=ROUND_HALF_UP) * s).quantize(CENT)


# --------------------------------------------------------------------------- dates
def rand_dt(rnd: random.Random) -> datetime:
    d = date(2023, 1, 1) + timedelta(days=rnd.randrange(0, 3 * 365))
    return datetime(d.year, d.month, d.day, rnd.randrange(7, 22), rnd.randrange(60), rnd.randrange(60))


def digits(rnd: random.Random, n: int) -> str:
    return "".join(rnd.choice("0123456789") for _ in range(n))


# --------------------------------------------------------------------------- items
@dataclass
class Item:
    name: str
    qty: Decimal
    unit: Decimal
    total: Decimal
    code: str = "A"  # tax class letter
    weighed: bool = False


def basket(rnd: random.Random, catalog, lo: int, hi: int, places: int = 2, step: int = 1) -> list[Item]:
    """catalog entries: (name, min_price, max_price, tax_code[, 'kg'])."""
    out = []
    for entry in rnd.sample(catalog, min(len(catalog), rnd.randint(lo, hi))):
        name, pmin, pmax, code = entry[:4]
        weighed = len(entry) > 4 and entry[4] == "kg"
        if places:
            unit = q2(D(str(round(rnd.uniform(pmin, pmax), 2))))
            unit = unit - unit % D("0.10") + rnd.choice([D("0.09"), D("0.49"), D("0.99"), D("0.29"), D("0.79")])
            unit = min(max(unit, D("0.19")), D(str(pmax)) + 1)
        else:
            unit = D(int(rnd.uniform(pmin, pmax) / step) * step)
        if weighed:
            qty = D(str(round(rnd.uniform(0.15, 1.6), 3)))
        else:
            qty = D(rnd.choice([1, 1, 1, 1, 1, 2, 2, 3, 4]))
        tot = q2(qty * unit) if places else q0(qty * unit)
        out.append(Item(name, qty, unit, tot, code, weighed))
    return out


def qty_str(it: Item, dec: str = ",") -> str:
    if it.weighed:
        return f"{it.qty:.3f}".replace(".", dec)
    return str(int(it.qty))


# --------------------------------------------------------------------------- document model
@dataclass
class Ln:
    kind: str  # L C R LR COLS RULE BAR BLANK
    parts: tuple = ()
    bold: bool = False
    size: str = "n"  # n | tall (double height) | big (logo) | small
    invert: bool = False


class Doc:
    def __init__(self, cpl: int):
        self.cpl = cpl  # characters per line of the printer (32 for 58 mm, 42/48 for 80 mm)
        self.lines: list[Ln] = []

    def add(self, kind, *parts, **kw):
        self.lines.append(Ln(kind, tuple(parts), **kw))
        return self

    # L: left, C: centred, R: right, LR: label + right-aligned amount, COLS: (text, x_fraction, 'l'|'r'|'c')
    L, C, R = partialmethod(add, "L"), partialmethod(add, "C"), partialmethod(add, "R")
    LR, cols = partialmethod(add, "LR"), partialmethod(add, "COLS")

    def Cs(self, lines, **kw):
        for t in lines:
            self.C(t, **kw)
        return self

    def rule(self, ch="-"):
        return self.add("RULE", ch)

    def bar(self, code=""):
        return self.add("BAR", code)

    def blank(self, n=1):
        for _ in range(n):
            self.add("BLANK")
        return self


# --------------------------------------------------------------------------- fonts
_FONT_DIRS = ("/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/truetype/liberation",
              "/usr/share/fonts/truetype/noto", "/usr/share/fonts/truetype", "/usr/share/fonts")
FAMILIES = {
    "dejavu_mono": ("DejaVuSansMono.ttf", "DejaVuSansMono-Bold.ttf", True),
    "liberation_mono": ("LiberationMono-Regular.ttf", "LiberationMono-Bold.ttf", True),
    "dejavu_sans": ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", False),
    "dejavu_cond": ("DejaVuSansCondensed.ttf", "DejaVuSansCondensed-Bold.ttf", False),
    "liberation_sans": ("LiberationSans-Regular.ttf", "LiberationSans-Bold.ttf", False),
    "liberation_narrow": ("LiberationSansNarrow-Regular.ttf", "LiberationSansNarrow-Bold.ttf", False),
    "noto_sans": ("NotoSans-Regular.ttf", "NotoSans-Bold.ttf", False),
    "dejavu_serif": ("DejaVuSerif.ttf", "DejaVuSerif-Bold.ttf", False),
    "noto_serif": ("NotoSerif-Regular.ttf", "NotoSerif-Bold.ttf", False),
}
_PROBE = {"pl": "ąęłńśźżŁŚŻ", "vi": "ạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹđĐ"}


@cache
def _font_path(fname: str) -> str | None:
    for d in _FONT_DIRS:
        for p in Path(d).rglob(fname) if Path(d).is_dir() else []:
            return str(p)
    return None


@lru_cache(maxsize=256)
def _font(fname: str, size: int):
    p = _font_path(fname)
    if p is None:
        return ImageFont.load_default(size=size)
    return ImageFont.truetype(p, size)


@cache
def _covers(fname: str, lang: str) -> bool:
    """True when the font has real glyphs for the language's diacritics."""
    if _font_path(fname) is None:
        return False
    f = _font(fname, 24)

    def glyph(ch: str) -> bytes:
        im = Image.new("L", (40, 40), 0)
        ImageDraw.Draw(im).text((4, 4), ch, font=f, fill=255)
        return im.tobytes()

    notdef = glyph("\ue000")
    return all(glyph(ch) != notdef for ch in _PROBE.get(lang, ""))


def pick_family(rnd: random.Random, lang: str, mono: bool | None = None) -> str:
    names = [k for k, v in FAMILIES.items() if mono is None or v[2] == mono]
    rnd.shuffle(names)
    for k in names + list(FAMILIES):
        if _covers(FAMILIES[k][0], lang) and _covers(FAMILIES[k][1], lang):
            return k
    return "dejavu_mono"


# --------------------------------------------------------------------------- renderer
class Renderer:
    def __init__(self, family: str, fs: int, cpl: int, margin: int, spacing: float):
        reg, bold, _ = FAMILIES[family]
        self.reg, self.boldf, self.fs = reg, bold, fs
        self.text_w = int(cpl * 0.602 * fs)
        self.W = self.text_w + 2 * margin
        self.m = margin
        self.lh = int(fs * spacing)

    def font(self, bold: bool, size: str, fs: int | None = None):
        fs = fs or self.fs
        if size == "big":
            fs = int(fs * 1.75)
        elif size == "small":
            fs = int(fs * 0.92)
        return _font(self.boldf if bold else self.reg, fs)

    def _strip(self, h: int) -> tuple[Image.Image, ImageDraw.ImageDraw]:
        im = Image.new("L", (self.W, h), 255)
        return im, ImageDraw.Draw(im)

    def _tw(self, font, t: str) -> int:
        return int(font.getlength(t))

    def _wrap(self, font, t: str) -> list[str]:
        if self._tw(font, t) <= self.text_w:
            return [t]
        out, cur = [], ""
        for w in t.split(" "):
            nxt = (cur + " " + w) if cur else w
            if cur and self._tw(font, nxt) > self.text_w:
                out.append(cur)
                cur = w
            else:
                cur = nxt
        out.append(cur)
        return out

    def _text_rows(self, ln: Ln) -> list[list[tuple[str, int]]]:
        """Return rows of (text, x) for a text line."""
        f = self.font(ln.bold, ln.size)
        m, tw = self.m, self.text_w
        k = ln.kind
        if k in ("L", "C", "R"):
            rows = []
            for t in self._wrap(f, ln.parts[0]):
                w = self._tw(f, t)
                x = m if k == "L" else (m + tw - w if k == "R" else m + (tw - w) // 2)
                rows.append([(t, x)])
            return rows
        if k == "LR":
            a, b = ln.parts
            wa, wb = self._tw(f, a), self._tw(f, b)
            if wa + wb + self._tw(f, "  ") <= tw:
                return [[(a, m), (b, m + tw - wb)]]
            return [[(t, m)] for t in self._wrap(f, a)] + [[(b, m + tw - wb)]]
        if k == "COLS":
            cells, end = [], -1
            for text, frac, al in ln.parts:
                w = self._tw(f, text)
                x0 = m + int(frac * tw)
                x = x0 if al == "l" else (x0 - w if al == "r" else x0 - w // 2)
                x = max(m, min(x, m + tw - w))
                if x < end + 6:  # overlap: fall back to one wrapped line
                    joined = "  ".join(c[0] for c in ln.parts if c[0])
                    return self._text_rows(Ln("L", (joined,), ln.bold, ln.size))
                cells.append((text, x))
                end = x + w
            return [cells]
        raise ValueError(k)

    def strips(self, doc: Doc, rnd: random.Random) -> list[Image.Image]:
        out = []
        for ln in doc.lines:
            k = ln.kind
            if k == "BLANK":
                out.append(self._strip(self.lh // 2 + 2)[0])
            elif k == "RULE":
                im, dr = self._strip(self.lh)
                ch = ln.parts[0]
                if ch in ("solid", "dash"):
                    y = self.lh // 2
                    if ch == "solid":
                        dr.line([(self.m, y), (self.m + self.text_w, y)], fill=0, width=2)
                    else:
                        for x in range(self.m, self.m + self.text_w, 14):
                            dr.line([(x, y), (x + 8, y)], fill=0, width=2)
                else:
                    f = self.font(False, "n")
                    n = max(1, int(self.text_w / max(1, f.getlength(ch))))
                    dr.text((self.m, 0), ch * n, font=f, fill=0)
                out.append(im)
            elif k == "BAR":
                h = int(self.fs * rnd.uniform(2.2, 3.2))
                code = ln.parts[0]
                im, dr = self._strip(h + (self.lh if code else 0) + 8)
                width = int(self.text_w * rnd.uniform(0.55, 0.8))
                x = self.m + (self.text_w - width) // 2
                end = x + width
                while x < end:
                    bw = rnd.choice((2, 2, 3, 4, 6))
                    dr.rectangle([x, 4, x + bw - 1, 4 + h], fill=0)
                    x += bw + rnd.choice((2, 3, 4, 6))
                if code:
                    f = self.font(False, "n")
                    dr.text((self.m + (self.text_w - self._tw(f, code)) // 2, h + 8), code, font=f, fill=0)
                out.append(im)
            else:
                f = self.font(ln.bold, ln.size)
                asc, desc = f.getmetrics()
                h = max(self.lh if ln.size != "big" else int(self.lh * 1.7), asc + desc + 2)
                for row in self._text_rows(ln):
                    im, dr = self._strip(h)
                    if ln.invert:
                        dr.rectangle([self.m - 4, 0, self.m + self.text_w + 4, h - 1], fill=0)
                    for t, x in row:
                        dr.text((x, (h - asc - desc) // 2), t, font=f, fill=255 if ln.invert else 0)
                    if ln.size == "tall":
                        im = im.resize((self.W, h * 2), Image.BILINEAR)
                    out.append(im)
        return out

    def render(self, doc: Doc, rnd: random.Random) -> Image.Image:
        strips = self.strips(doc, rnd)
        top, bottom = rnd.randint(30, 70), rnd.randint(60, 140)
        H = top + bottom + sum(s.height for s in strips)
        page = Image.new("L", (self.W, H), 255)
        y = top
        for s in strips:
            page.paste(s, (0, y))
            y += s.height
        return page


# --------------------------------------------------------------------------- degradation
def _lowfreq(ng: np.random.Generator, h: int, w: int, cells: tuple[int, int], lo: float, hi: float) -> np.ndarray:
    small = ng.uniform(lo, hi, size=(cells[1], cells[0])).astype(np.float32)
    return np.asarray(Image.fromarray(small, mode="F").resize((w, h), Image.BICUBIC), dtype=np.float32).clip(lo, hi)


def _perspective_coeffs(src, dst):
    a, b = [], []
    for (x, y), (u, v) in zip(dst, src, strict=True):
        a.append([x, y, 1, 0, 0, 0, -u * x, -u * y])
        a.append([0, 0, 0, x, y, 1, -v * x, -v * y])
        b += [u, v]
    return np.linalg.solve(np.array(a, dtype=np.float64), np.array(b, dtype=np.float64)).tolist()


BACKGROUNDS = [(118, 86, 58), (92, 92, 98), (60, 66, 82), (140, 120, 96), (48, 48, 50), (105, 110, 92), (160, 150, 140)]


def degrade(page: Image.Image, rnd: random.Random, ng: np.random.Generator) -> np.ndarray:
    ink = 1.0 - np.asarray(page, dtype=np.float32) / 255.0
    H, W = ink.shape
    # thermal fading: patchy ink density
    ink *= _lowfreq(ng, H, W, (rnd.randint(2, 5), rnd.randint(4, 10)), rnd.uniform(0.6, 0.85), 1.0)
    paper = np.array([rnd.uniform(238, 252), rnd.uniform(236, 250), rnd.uniform(226, 246)], np.float32)
    ink_c = np.array(rnd.choice([(25, 25, 30), (45, 45, 55), (60, 55, 70), (35, 35, 60)]), np.float32)
    rgb = paper * (1 - ink[..., None]) + ink_c * ink[..., None]
    # background
    mx, my = rnd.randint(40, 140), rnd.randint(40, 120)
    bg = np.array(rnd.choice(BACKGROUNDS), np.float32) * rnd.uniform(0.8, 1.15)
    canvas = np.empty((H + 2 * my, W + 2 * mx, 3), np.float32)
    canvas[:] = bg
    canvas *= _lowfreq(ng, canvas.shape[0], canvas.shape[1], (4, 6), 0.85, 1.1)[..., None]
    canvas[my:my + H, mx:mx + W] = rgb
    im = Image.fromarray(canvas.clip(0, 255).astype(np.uint8))
    fill = tuple(int(c) for c in bg)
    # mild perspective
    cw, ch = im.size
    j = 0.025
    src = [(0, 0), (cw, 0), (cw, ch), (0, ch)]
    dst = [(x + rnd.uniform(-j, j) * cw, y + rnd.uniform(-0.6 * j, 0.6 * j) * cw) for x, y in src]
    im = im.transform((cw, ch), Image.PERSPECTIVE, _perspective_coeffs(src, dst), Image.BICUBIC, fillcolor=fill)
    # rotation <= 3 degrees
    im = im.rotate(rnd.triangular(-3, 3, 0), resample=Image.BICUBIC, expand=True, fillcolor=fill)
    a = np.asarray(im, dtype=np.float32)
    h, w = a.shape[:2]
    # uneven lighting + soft shadow
    light = _lowfreq(ng, h, w, (3, 3), rnd.uniform(0.78, 0.9), rnd.uniform(1.0, 1.08))
    if rnd.random() < 0.6:
        yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
        ang = rnd.uniform(0, 2 * np.pi)
        d = (xx - w / 2) * np.cos(ang) + (yy - h / 2) * np.sin(ang)
        soft = rnd.uniform(40, 200)
        off = rnd.uniform(0.1, 0.45) * max(h, w)
        light *= 1 - rnd.uniform(0.12, 0.3) / (1 + np.exp(-(d - off) / soft))
    a *= light[..., None]
    a += ng.normal(0, rnd.uniform(1.5, 5.0), size=a.shape).astype(np.float32)
    im = Image.fromarray(a.clip(0, 255).astype(np.uint8))
    r = rnd.uniform(0.0, 0.9)
    if r > 0.3:
        from PIL import ImageFilter

        im = im.filter(ImageFilter.GaussianBlur(r))
    buf = io.BytesIO()
    im.save(buf, "JPEG", quality=rnd.randint(55, 88))
    buf.seek(0)
    return np.asarray(Image.open(buf).convert("RGB"), dtype=np.uint8)


# --------------------------------------------------------------------------- shared layout helpers
def new_doc(rnd: random.Random, narrow_p: float = 0.4) -> Doc:
    return Doc(32 if rnd.random() < narrow_p else rnd.choice((42, 48)))


def logo(doc: Doc, rnd: random.Random, name: str):
    """Shop name as a logo: big bold, sometimes inverted, sometimes double height."""
    style = rnd.random()
    if style < 0.45:
        doc.C(name, bold=True, size="big", invert=rnd.random() < 0.25)
    elif style < 0.75:
        doc.C(name, bold=True, size="tall")
    else:
        doc.C(name, bold=True)


def total_line(doc: Doc, rnd: random.Random, label: str, amount: str, split_p: float = 0.2):
    """The amount-paid line: double height, bold, or label and amount on separate lines."""
    s = rnd.random()
    if s < split_p:
        doc.L(label, bold=True)
        doc.R(amount, bold=True, size=rnd.choice(("n", "tall")))
    elif s < 0.6:
        doc.LR(label, amount, bold=True, size="tall")
    else:
        doc.LR(label, amount, bold=rnd.random() < 0.7)


def items_block(doc: Doc, rnd: random.Random, items: list[Item], fm, mode: str, suffix=None,
                x: str = "x", dec: str = ","):
    """Print items.  fm formats money; suffix(item) adds e.g. a tax letter."""
    suf = suffix or (lambda it: "")
    for it in items:
        q, u, t = qty_str(it, dec), fm(it.unit), fm(it.total) + suf(it)
        if mode == "inline":
            if it.qty == 1 and not it.weighed:
                doc.LR(it.name, t)
            else:
                doc.LR(f"{it.name} {q} {x}{u}", t)
        elif mode == "twoline":
            doc.L(it.name)
            doc.LR(f"   {q} {x} {u}", t)
        elif mode == "qtyfirst":
            doc.LR(f"{q} {it.name}" if not it.weighed else f"{it.name} {q}kg", t)
        elif mode == "under":  # name+total, quantity detail under it
            doc.LR(it.name, t)
            if it.qty != 1 or it.weighed:
                doc.L(f"  {q} {x} {u}")
        elif doc.cpl >= 40:  # columns: name | qty | unit | total
            doc.cols((it.name, 0, "l"), (q, 0.6, "r"), (u, 0.8, "r"), (t, 1.0, "r"))
        else:
            doc.LR(f"{q} {it.name}", t)


def done(doc: Doc, vendor: str, total: Decimal, dt: datetime, currency: str, addr: list[str], opts: dict):
    """A layout's return value: the document, its truth and rendering options."""
    return doc, dict(vendor=vendor, total=tstr(total), date=dt.date().isoformat(), currency=currency,
                     address=" ".join(addr)), opts


def by_code(items: list[Item]) -> dict[str, Decimal]:
    out: dict[str, Decimal] = {}
    for it in items:
        out[it.code] = out.get(it.code, D(0)) + it.total
    return out


LAYOUTS: dict[str, list] = {lang: [] for lang in LANGUAGES}


def layout(lang: str):
    def deco(fn):
        LAYOUTS[lang].append(fn)
        return fn
    return deco


# --------------------------------------------------------------------------- entry points
def make_document(lang: str, k: int, seed: int = 21) -> tuple[np.ndarray, dict]:
    rnd = random.Random(f"{seed}:{lang}:{k}")
    ng = np.random.default_rng(rnd.getrandbits(63))
    fn = rnd.choice(LAYOUTS[lang])
    doc, truth, opts = fn(rnd)
    family = pick_family(rnd, lang, opts.get("mono"))
    fs = rnd.randint(26, 30)
    r = Renderer(family, fs, doc.cpl, rnd.randint(26, 50), rnd.uniform(1.2, 1.4))
    page = r.render(doc, rnd)
    img = degrade(page, rnd, ng)
    truth = {k2: str(v) for k2, v in truth.items()}
    truth.update(layout=fn.__name__, lang=lang)
    return img, truth


def holdout_documents(langs: list[str], n: int, seed: int = 21) -> list[tuple[str, np.ndarray, dict, bool]]:
    """(lang, RGB uint8 image HxWx3, truth, False) for every lang in langs and k in range(n)."""
    out = []
    for lang in langs:
        for k in range(n):
            img, truth = make_document(lang, k, seed)
            out.append((lang, img, truth, False))
    return out


# --------------------------------------------------------------------------- pl
PL_RATES = {"A": 23, "B": 8, "C": 5, "D": 0}
PL_STREETS = ["Piotrkowska", "Długa", "Marszałkowska", "Mickiewicza", "Kościuszki", "Słowackiego", "Żeromskiego",
              "Grunwaldzka", "Wojska Polskiego", "Świętokrzyska", "Jana Pawła II", "Księdza Popiełuszki", "Łąkowa"]
PL_TOWNS = [("00-", "Warszawa"), ("30-", "Kraków"), ("90-", "Łódź"), ("50-", "Wrocław"), ("60-", "Poznań"),
            ("80-", "Gdańsk"), ("20-", "Lublin"), ("40-", "Katowice"), ("15-", "Białystok"), ("35-", "Rzeszów"),
            ("87-1", "Toruń"), ("65-", "Zielona Góra"), ("42-2", "Częstochowa"), ("26-6", "Radom"), ("10-", "Olsztyn")]
PL_FOOD = [("Mleko UHT 3,2% 1L", 2.5, 4.5, "C"), ("Chleb baltonowski", 3, 6, "C"), ("Masło extra 200g", 5, 9, "C"),
           ("Jaja L 10szt", 8, 14, "C"), ("Pomidory luz", 6, 14, "C", "kg"), ("Banany luz", 4, 7, "C", "kg"),
           ("Ser Gouda plastry", 4, 9, "C"), ("Woda mineralna 1,5L", 1.5, 3, "A"), ("Coca-Cola 0,5L", 3.5, 6, "A"),
           ("Piwo Żywiec 0,5L", 3.5, 6, "A"), ("Płyn do naczyń Ludwik", 5, 12, "A"), ("Jogurt naturalny", 1.5, 3.5, "C"),
           ("Papier toaletowy 8 rolek", 9, 20, "A"), ("Bułka kajzerka", 0.4, 1, "C"), ("Czekolada mleczna", 3, 7, "A"),
           ("Chipsy solone 140g", 5, 9, "A"), ("Ketchup łagodny", 4, 8, "B"), ("Ogórki kiszone", 5, 9, "C"),
           ("Kiełbasa śląska", 12, 25, "C", "kg"), ("Sok jabłkowy 1L", 3, 7, "B"), ("Ziemniaki luz", 2, 4, "C", "kg"),
           ("Pączek z różą", 1.5, 3.5, "C"), ("Twaróg półtłusty", 3, 6, "C"), ("Kawa mielona 250g", 12, 25, "C")]
PL_PHARMA = [("Apap 50 tabl.", 10, 20, "B"), ("Rutinoscorbin 150 tabl.", 10, 18, "B"), ("Witamina C 1000", 12, 30, "B"),
             ("Plastry opatrunkowe", 5, 12, "B"), ("Krem Nivea 100ml", 10, 25, "A"), ("Ibuprom 10 tabl.", 8, 16, "B"),
             ("Syrop prawoślazowy", 9, 19, "B"), ("Chusteczki higieniczne", 2, 6, "A")]
PL_BAKERY = [("Chleb wiejski", 5, 9, "C"), ("Bułka maślana", 1, 2.5, "C"), ("Drożdżówka z serem", 2.5, 4.5, "C"),
             ("Pączek", 1.8, 3.5, "C"), ("Sernik", 30, 45, "C", "kg"), ("Rogal świętomarciński", 6, 12, "C"),
             ("Kawa z ekspresu", 6, 12, "B"), ("Bagietka", 3, 6, "C")]
PL_CHAINS = [("Biedronka", "Jeronimo Martins Polska S.A.", "Moja Biedronka"), ("Lidl", "Lidl sp. z o.o. sp.k.", "Lidl Plus"),
             ("Dino", "Dino Polska S.A.", ""), ("Lewiatan", "Sklep Spożywczy Kowalscy Sp.j.", ""),
             ("Netto", "Netto Sp. z o.o.", ""), ("Stokrotka", "Stokrotka Sp. z o.o.", "Stokrotka Karta")]
PL_LOCAL = [("Piekarnia Pod Kłosem", "Anna Nowak", PL_BAKERY), ("P.H.U. \"KAROLINA\"", "Karolina Lis", PL_FOOD),
            ("Apteka Pod Lipami", "Apteka Pod Lipami Sp. z o.o.", PL_PHARMA),
            ("Sklep Spożywczy \"EWA\"", "Ewa Wiśniewska", PL_FOOD),
            ("Piekarnia-Cukiernia Sowa", "Sowa Sp. z o.o.", PL_BAKERY), ("Apteka Słoneczna", "Farm-Med s.c.", PL_PHARMA)]


def pl_address(rnd: random.Random) -> list[str]:
    no = rnd.choice([str(rnd.randint(1, 180)), f"{rnd.randint(1, 90)}/{rnd.randint(1, 40)}", f"{rnd.randint(2, 60)}a"])
    pre, town = rnd.choice(PL_TOWNS)
    pc = pre + digits(rnd, 6 - len(pre))
    return [f"{rnd.choice(['ul. ', 'ul. ', 'al. ', ''])}{rnd.choice(PL_STREETS)} {no}", f"{pc} {town}"]


def pl_nip(rnd: random.Random) -> str:
    d = digits(rnd, 10)
    return rnd.choice([f"{d[:3]}-{d[3:6]}-{d[6:8]}-{d[8:]}", d, f"{d[:3]}-{d[3:5]}-{d[5:7]}-{d[7:]}"])


def pl_date(rnd: random.Random, dt: datetime) -> str:
    f = rnd.choice(["%Y-%m-%d", "%d.%m.%Y", "%d-%m-%Y", "%Y-%m-%d"])
    return dt.strftime(f) + rnd.choice([dt.strftime(" %H:%M"), dt.strftime(" %H:%M:%S"), ""])


def pl_print_address(doc: Doc, rnd: random.Random, addr: list[str]) -> list[str]:
    if rnd.random() < 0.35:
        line = ", ".join(addr)
        doc.C(line)
        return [line]
    doc.Cs(addr)
    return addr


def pl_fiscal(doc: Doc, rnd: random.Random, items: list[Item], fm) -> Decimal:
    """Item lines, rabaty and the PTU table of a paragon fiskalny; returns SUMA PLN."""
    mode = rnd.choice(["inline", "twoline", "pl"])
    gross: dict[str, Decimal] = {}
    for it in items:
        t = fm(it.total) + " " + it.code
        if mode == "pl":
            if doc.cpl >= 40:
                doc.LR(it.name, f"{qty_str(it)} x{fm(it.unit)}  {t}")
            else:
                doc.L(it.name)
                doc.LR(f"  {qty_str(it)} x{fm(it.unit)}", t)
        elif mode == "twoline":
            doc.L(it.name)
            doc.LR(f"   {qty_str(it)} * {fm(it.unit)} =", t)
        else:
            doc.LR(f"{it.name} {qty_str(it)}x{fm(it.unit)}", t)
        g = it.total
        if rnd.random() < 0.15:
            r = q2(it.total * D(rnd.choice([10, 20, 25, 30])) / 100)
            doc.LR(rnd.choice(["  Rabat", "  Obniżka", "  Rabat promocja"]), f"-{fm(r)} {it.code}")
            g -= r
        gross[it.code] = gross.get(it.code, D(0)) + g
    doc.rule(rnd.choice(["-", "=", "solid"]))
    total = sum(gross.values(), D(0))
    ptu_sum = D(0)
    for code in sorted(gross):
        ptu = vat_included(gross[code], PL_RATES[code])
        ptu_sum += ptu
        doc.LR(f"Sprzedaż opodatkowana {code}", fm(gross[code]))
        doc.LR(f"PTU {code} {PL_RATES[code]},00 %", fm(ptu))
    doc.LR("SUMA PTU", fm(ptu_sum))
    return total


def pl_payment(doc: Doc, rnd: random.Random, total: Decimal, fm) -> None:
    if rnd.random() < 0.5:
        doc.LR(rnd.choice(["Karta płatnicza", "Karta", "Płatność kartą"]), f"{fm(total)} PLN")
        if rnd.random() < 0.6:
            doc.L(f"Karta: **** **** **** {digits(rnd, 4)}")
            doc.L(f"Kod autoryzacji: {digits(rnd, 6)}")
    else:
        cash = cash_tender(rnd, total, [10, 20, 50, 100, 200])
        doc.LR("Gotówka", f"{fm(cash)} PLN")
        doc.LR("Reszta", f"{fm(cash - total)} PLN")


def pl_footer(doc: Doc, rnd: random.Random, dt: datetime):
    doc.LR(f"{digits(rnd, 5)} #Kasa {rnd.randint(1, 9)}", f"Kasjer {rnd.randint(1, 40)}")
    doc.LR(f"nr sys. {digits(rnd, 4)}", dt.strftime("%H:%M"))
    doc.C(f"{rnd.choice(['BFK', 'CAO', 'EAW'])} {digits(rnd, 8)}", bold=True)
    if rnd.random() < 0.4:
        exp = dt + timedelta(days=rnd.choice([7, 14, 30]))
        doc.C(f"Kupon rabatowy ważny do {exp.strftime(rnd.choice(['%Y-%m-%d', '%d.%m.%Y']))}")
    if rnd.random() < 0.6:
        doc.bar(digits(rnd, 13) if rnd.random() < 0.5 else "")


@layout("pl")
def pl_chain(rnd: random.Random):
    doc = new_doc(rnd, 0.3)
    brand, legal, club = rnd.choice(PL_CHAINS)
    fm = money
    logo(doc, rnd, brand)
    doc.C(legal)
    if rnd.random() < 0.5:
        doc.C(f"Sklep nr {digits(rnd, 4)}")
    addr = pl_print_address(doc, rnd, pl_address(rnd))
    doc.C(f"NIP {pl_nip(rnd)}")
    dt = rand_dt(rnd)
    doc.LR(pl_date(rnd, dt), f"nr wydr.{digits(rnd, 6)}")
    doc.C("PARAGON FISKALNY", bold=True)
    doc.rule(rnd.choice(["-", "dash"]))
    items = basket(rnd, PL_FOOD, 3, 9)
    suma = pl_fiscal(doc, rnd, items, fm)
    total_line(doc, rnd, "SUMA PLN", fm(suma), 0.1)
    total = suma
    if rnd.random() < 0.3:
        kaucja = D(rnd.choice(["0.50", "1.00", "1.50", "2.00"]))
        total = suma + kaucja
        doc.L("Rozliczenie kaucji:")
        doc.LR("  Kaucja pobrana", fm(kaucja))
        total_line(doc, rnd, "DO ZAPŁATY", f"{fm(total)} PLN", 0.2)
    doc.rule("-")
    pl_payment(doc, rnd, total, fm)
    if club and rnd.random() < 0.6:
        doc.LR(f"Oszczędzasz z {club}:", f"{fm(rnd.uniform(1, 15))} zł")
    pl_footer(doc, rnd, dt)
    return done(doc, brand, total, dt, "PLN", addr, {})


@layout("pl")
def pl_local(rnd: random.Random):
    doc = new_doc(rnd, 0.5)
    name, owner, cat = rnd.choice(PL_LOCAL)
    fm = money
    doc.C(name, bold=rnd.random() < 0.5, size=rnd.choice(["n", "tall"]))
    doc.C(owner)
    addr = pl_print_address(doc, rnd, pl_address(rnd)) if rnd.random() < 0.85 else []
    if rnd.random() < 0.5:
        doc.C(f"tel. {digits(rnd, 3)} {digits(rnd, 3)} {digits(rnd, 3)}")
    doc.C(f"NIP: {pl_nip(rnd)}")
    dt = rand_dt(rnd)
    ds = pl_date(rnd, dt)
    doc.LR(ds, f"{digits(rnd, 4)}")
    doc.C("PARAGON FISKALNY", bold=True, size=rnd.choice(["n", "tall"]))
    doc.rule("-")
    items = basket(rnd, cat, 2, 6)
    suma = pl_fiscal(doc, rnd, items, fm)
    doc.rule(rnd.choice(["-", "="]))
    total_line(doc, rnd, rnd.choice(["SUMA PLN", "RAZEM", "SUMA"]), fm(suma), 0.3)
    pl_payment(doc, rnd, suma, fm)
    pl_footer(doc, rnd, dt)
    doc.C(rnd.choice(["Dziękujemy za zakupy!", "Zapraszamy ponownie", "DZIĘKUJEMY"]))
    return done(doc, name, suma, dt, "PLN", addr, {"mono": rnd.random() < 0.6})


@layout("pl")
def pl_kiosk(rnd: random.Random):
    doc = Doc(32)
    brand, legal = rnd.choice([("Żabka", "Żabka Polska sp. z o.o."), ("Żabka", "Sklep franczyzowy Żabka"),
                               ("Carrefour Express", "Carrefour Polska Sp. z o.o."), ("Freshmarket", "Żabka Polska sp. z o.o.")])
    fm = money
    logo(doc, rnd, brand)
    doc.C(legal)
    doc.C(f"Punkt nr Z{digits(rnd, 4)}")
    addr = pl_address(rnd)
    doc.Cs(addr)
    doc.C(f"NIP {pl_nip(rnd)}")
    dt = rand_dt(rnd)
    doc.C("PARAGON FISKALNY", bold=True)
    items = basket(rnd, PL_FOOD, 1, 4)
    suma = pl_fiscal(doc, rnd, items, fm)
    doc.LR("SUMA PLN", fm(suma), bold=True, size="tall")
    doc.rule("-")
    pl_payment(doc, rnd, suma, fm)
    if rnd.random() < 0.5:
        doc.L(f"żappka: zebrane żappsy {rnd.randint(5, 90)}")
    pl_footer(doc, rnd, dt)
    doc.C(pl_date(rnd, dt))
    return done(doc, brand, suma, dt, "PLN", addr, {})


# --------------------------------------------------------------------------- vi
VI_HCM = [("Nguyễn Huệ", "Bến Nghé", "1"), ("Lê Lợi", "Bến Thành", "1"), ("Hai Bà Trưng", "Đa Kao", "1"),
          ("Võ Văn Tần", "Võ Thị Sáu", "3"), ("Nguyễn Trãi", "Phường 2", "5"), ("Phan Xích Long", "Phường 7", "Phú Nhuận"),
          ("Cách Mạng Tháng 8", "Phường 10", "3"), ("Điện Biên Phủ", "Phường 25", "Bình Thạnh")]
VI_HN = [("Hàng Bạc", "Hàng Bạc", "Hoàn Kiếm"), ("Tràng Tiền", "Tràng Tiền", "Hoàn Kiếm"), ("Kim Mã", "Ngọc Khánh", "Ba Đình"),
         ("Xuân Thủy", "Dịch Vọng Hậu", "Cầu Giấy"), ("Láng Hạ", "Thành Công", "Ba Đình"), ("Tôn Đức Thắng", "Hàng Bột", "Đống Đa")]
VI_CAFE = [("Phin Sữa Đá", 29, 45), ("Bạc Xỉu", 29, 45), ("Trà Sen Vàng (M)", 39, 55), ("Freeze Trà Xanh", 49, 65),
           ("Cà Phê Muối", 35, 50), ("Trà Đào Cam Sả", 39, 55), ("Bánh Mì Que Pate", 19, 25), ("Americano nóng", 35, 55),
           ("Bánh Croissant", 29, 39), ("Sinh Tố Bơ", 45, 65)]
VI_MART = [("Nước suối Aquafina 500ml", 5, 8), ("Mì Hảo Hảo tôm chua cay", 4, 6), ("Sting dâu 330ml", 10, 13),
           ("Sữa Vinamilk 180ml", 7, 9), ("Bia Tiger lon 330ml", 17, 22), ("Bánh bao nhân thịt", 15, 25),
           ("Cơm nắm cá ngừ", 15, 22), ("Khăn giấy Pulppy", 10, 25), ("Trà xanh C2", 8, 12), ("Xúc xích Đức Việt", 12, 20),
           ("Kem đánh răng P/S", 25, 45), ("Dầu gội Clear 170g", 55, 90), ("Bánh Oreo", 15, 25)]
VI_QUAN = [("Phở bò tái", 50, 75), ("Bún chả Hà Nội", 45, 60), ("Cơm tấm sườn bì chả", 45, 70), ("Gỏi cuốn (2 cuốn)", 30, 45),
           ("Chả giò", 40, 60), ("Lẩu thái hải sản", 250, 400), ("Bia Sài Gòn", 18, 25), ("Trà đá", 3, 5),
           ("Nước ngọt", 15, 20), ("Rau muống xào tỏi", 40, 60), ("Cá kho tộ", 90, 140), ("Canh chua cá lóc", 80, 120)]
VI_CHAINS_CAFE = [("HIGHLANDS COFFEE", "Công ty CP Dịch vụ Cà phê Cao Nguyên"), ("PHÚC LONG", "Công ty CP Phúc Long Heritage"),
                  ("The Coffee House", "Công ty CP Thương mại Dịch vụ Trà Cà Phê VN"), ("Cộng Cà Phê", "Hộ kinh doanh Cộng"),
                  ("PHỞ 24", "Công ty CP Phở Hai Bốn")]
VI_CHAINS_MART = [("CIRCLE K", "Công ty TNHH Vòng Tròn Đỏ"), ("WinMart+", "Công ty CP Dịch vụ Thương mại Tổng hợp WinCommerce"),
                  ("GS25", "Công ty TNHH GS Retail Việt Nam"), ("FamilyMart", "Công ty TNHH FamilyMart Việt Nam"),
                  ("Bách Hóa Xanh", "Công ty CP Bách Hóa Xanh")]
VI_QUANS = ["QUÁN ĂN BÀ NĂM", "Bún Chả Hương Liên", "Cơm Tấm Thuận Kiều", "Nhà Hàng Lẩu Nướng Hoàng Gia", "Quán Ngon 138",
            "Phở Thìn Lò Đúc"]


def vi_money(rnd: random.Random):
    thou, suf = rnd.choice([(".", ""), (".", ""), (".", " đ"), (".", "đ"), (",", ""), (".", " VND")])
    return lambda x: money(x, "", thou, 0) + suf


def vi_address(rnd: random.Random) -> list[str]:
    no = rnd.choice([str(rnd.randint(1, 250)), f"{rnd.randint(1, 120)}/{rnd.randint(1, 30)}", f"{rnd.randint(1, 99)}A"])
    if rnd.random() < 0.6:
        st, ward, dist = rnd.choice(VI_HCM)
        city = rnd.choice(["TP. Hồ Chí Minh", "TP.HCM", "Thành phố Hồ Chí Minh"])
        dist = f"Quận {dist}" if rnd.random() < 0.6 else f"Q.{dist}" if dist.isdigit() else f"Q. {dist}"
    else:
        st, ward, dist = rnd.choice(VI_HN)
        city = "Hà Nội"
        dist = f"Quận {dist}" if rnd.random() < 0.6 else f"Q. {dist}"
    ward = ("Phường " + ward if not ward.startswith("Phường") else ward) if rnd.random() < 0.6 else \
        "P. " + ward.replace("Phường ", "")
    street = rnd.choice([f"Số {no} Đường {st}", f"{no} {st}", f"{no} Đường {st}", f"Số {no} {st}"])
    if rnd.random() < 0.5:
        return [f"{street}, {ward}", f"{dist}, {city}"]
    return [f"{street}, {ward}, {dist}, {city}"]


def vi_print_addr(doc: Doc, rnd: random.Random, addr: list[str], center=True) -> None:
    lab = rnd.choice(["", "Địa chỉ: ", "ĐC: ", "Đ/c: "])
    for i, a in enumerate(addr):
        t = (lab if i == 0 else "") + a
        doc.add("C" if center else "L", t)


def vi_date(rnd: random.Random, dt: datetime) -> str:
    return rnd.choice([dt.strftime("Ngày %d/%m/%Y %H:%M"), dt.strftime("Ngày: %d/%m/%Y"), dt.strftime("%d-%m-%Y %H:%M:%S"),
                       dt.strftime("Ngày %d-%m-%Y"), dt.strftime("%d/%m/%Y %H:%M")])


def vi_items(doc: Doc, rnd: random.Random, items: list[Item], fm) -> None:
    if doc.cpl >= 40 and rnd.random() < 0.6:
        doc.cols(("Tên hàng" if rnd.random() < 0.5 else "Tên món", 0, "l"), ("SL", 0.52, "r"), ("Đ.Giá", 0.74, "r"),
                 ("T.Tiền", 1.0, "r"), bold=True)
        doc.rule("-")
        for it in items:
            if len(it.name) > 20:
                doc.L(it.name)
                doc.cols((str(int(it.qty)), 0.52, "r"), (fm(it.unit), 0.74, "r"), (fm(it.total), 1.0, "r"))
            else:
                doc.cols((it.name, 0, "l"), (str(int(it.qty)), 0.52, "r"), (fm(it.unit), 0.74, "r"),
                         (fm(it.total), 1.0, "r"))
    else:
        items_block(doc, rnd, items, fm, rnd.choice(["twoline", "under", "qtyfirst"]))


def vi_pay(doc: Doc, rnd: random.Random, total: Decimal, fm) -> None:
    if rnd.random() < 0.55:
        cash = cash_tender(rnd, total, [10000, 20000, 50000, 100000, 200000, 500000])
        doc.LR(rnd.choice(["Tiền khách đưa", "Khách đưa", "Tiền mặt"]), fm(cash))
        doc.LR(rnd.choice(["Tiền thối lại", "Tiền thừa", "Trả lại"]), fm(cash - total))
    else:
        doc.LR(rnd.choice(["Thẻ VISA", "Chuyển khoản", "Momo", "VNPay QR", "Thẻ ATM"]), fm(total))
        if rnd.random() < 0.5:
            doc.L(f"Mã GD: {digits(rnd, 12)}")


@layout("vi")
def vi_cafe(rnd: random.Random):
    doc = new_doc(rnd, 0.4)
    brand, legal = rnd.choice(VI_CHAINS_CAFE)
    fm = vi_money(rnd)
    logo(doc, rnd, brand)
    if rnd.random() < 0.6:
        doc.C(legal)
    addr = vi_address(rnd)
    vi_print_addr(doc, rnd, addr)
    doc.C(f"MST: {digits(rnd, 10)}")
    if rnd.random() < 0.5:
        doc.C(f"Hotline: 1900 {digits(rnd, 4)}")
    doc.C(rnd.choice(["PHIẾU THANH TOÁN", "HÓA ĐƠN BÁN LẺ", "PHIẾU TẠM TÍNH"]), bold=True, size="tall")
    dt = rand_dt(rnd)
    doc.LR(f"Số: {rnd.choice(['HD', 'HL', ''])}{digits(rnd, 7)}", f"Bàn: {rnd.randint(1, 40)}")
    doc.L(vi_date(rnd, dt))
    doc.L(f"Thu ngân: {rnd.choice(['Nguyễn Thị Lan', 'Trần Văn Hùng', 'Lê Thu Hà', 'Phạm Minh Đức'])}")
    doc.rule("-")
    items = basket(rnd, [(n, a * 1000, b * 1000, "A") for n, a, b in VI_CAFE], 1, 5, places=0, step=1000)
    vi_items(doc, rnd, items, fm)
    doc.rule("-")
    sub = sum((it.total for it in items), D(0))
    doc.LR("Tổng tiền hàng", fm(sub))
    total = sub
    if rnd.random() < 0.35:
        disc = q0(sub * D(rnd.choice([10, 15, 20])) / 100 / 1000) * 1000
        doc.LR(f"Giảm giá ({rnd.choice(['Thành viên', 'Khuyến mãi', 'Voucher'])})", "-" + fm(disc))
        total -= disc
    if rnd.random() < 0.5:
        vat = q0(total * D("0.08"))
        doc.LR("VAT 8%", fm(vat))
        total += vat
    else:
        doc.L("(Giá đã bao gồm VAT 8%)")
    total_line(doc, rnd, rnd.choice(["Tổng thanh toán", "TỔNG CỘNG", "Thành tiền"]), fm(total), 0.25)
    vi_pay(doc, rnd, total, fm)
    doc.rule("-")
    if rnd.random() < 0.5:
        doc.C(f"Wifi: {brand.split()[0].lower()} / Pass: {digits(rnd, 8)}")
    doc.C(rnd.choice(["Cảm ơn quý khách!", "Hẹn gặp lại quý khách", "Xin cảm ơn & hẹn gặp lại"]))
    return done(doc, brand, total, dt, "VND", addr, {})


@layout("vi")
def vi_mart(rnd: random.Random):
    doc = new_doc(rnd, 0.45)
    brand, legal = rnd.choice(VI_CHAINS_MART)
    fm = vi_money(rnd)
    logo(doc, rnd, brand)
    doc.C(legal)
    doc.C(f"Cửa hàng: {brand} {rnd.choice(['Lê Lợi', 'Nguyễn Trãi', 'Kim Mã', 'Xuân Thủy'])} - {digits(rnd, 4)}")
    addr = vi_address(rnd)
    vi_print_addr(doc, rnd, addr)
    doc.C(f"ĐT: 028 {digits(rnd, 4)} {digits(rnd, 4)}  MST: {digits(rnd, 10)}")
    doc.C("HÓA ĐƠN BÁN LẺ", bold=True)
    dt = rand_dt(rnd)
    doc.L(vi_date(rnd, dt))
    doc.LR(f"Số HĐ: {digits(rnd, 10)}", f"Quầy: {rnd.randint(1, 4)}")
    doc.rule("=")
    items = basket(rnd, [(n, a * 1000, b * 1000, "A") for n, a, b in VI_MART], 2, 8, places=0, step=500)
    vi_items(doc, rnd, items, fm)
    doc.rule("-")
    sub = sum((it.total for it in items), D(0))
    n = sum(int(it.qty) for it in items)
    doc.LR(f"Tổng cộng ({n} SP)", fm(sub))
    total = sub
    if rnd.random() < 0.4:
        disc = D(rnd.choice([2000, 5000, 10000]))
        doc.LR("Giảm giá", "-" + fm(disc))
        total -= disc
    total_line(doc, rnd, rnd.choice(["Tổng thanh toán", "TỔNG THANH TOÁN", "Khách phải trả"]), fm(total), 0.3)
    vi_pay(doc, rnd, total, fm)
    doc.L(rnd.choice(["(Giá đã bao gồm thuế GTGT)", "Đã bao gồm VAT"]))
    if rnd.random() < 0.5:
        doc.LR("Điểm tích lũy:", str(rnd.randint(10, 3000)))
    if rnd.random() < 0.5:
        doc.L(f"Đổi trả trong 7 ngày, đến {(dt + timedelta(days=7)).strftime('%d/%m/%Y')}")
    doc.bar(digits(rnd, 12))
    return done(doc, brand, total, dt, "VND", addr, {})


@layout("vi")
def vi_quan(rnd: random.Random):
    doc = Doc(rnd.choice((32, 42)))
    name = rnd.choice(VI_QUANS)
    fm = vi_money(rnd)
    doc.C(name, bold=True, size=rnd.choice(["big", "tall"]))
    addr = vi_address(rnd) if rnd.random() < 0.85 else []
    vi_print_addr(doc, rnd, addr)
    doc.C(f"ĐT: 09{digits(rnd, 2)} {digits(rnd, 3)} {digits(rnd, 3)}")
    doc.C(rnd.choice(["PHIẾU TÍNH TIỀN", "HÓA ĐƠN THANH TOÁN"]), bold=True)
    doc.LR(f"Bàn: {rnd.randint(1, 30)}", f"Số: {digits(rnd, 5)}")
    dt = rand_dt(rnd)
    doc.LR(f"Giờ vào: {(dt - timedelta(minutes=rnd.randint(20, 90))).strftime('%H:%M')}",
           f"Giờ ra: {dt.strftime('%H:%M')}")
    doc.rule("-")
    items = basket(rnd, [(n, a * 1000, b * 1000, "A") for n, a, b in VI_QUAN], 2, 7, places=0, step=1000)
    vi_items(doc, rnd, items, fm)
    doc.rule("-")
    sub = sum((it.total for it in items), D(0))
    total = sub
    if rnd.random() < 0.4:
        doc.LR("Thành tiền", fm(sub))
        svc = q0(sub * D("0.05"))
        doc.LR("Phí phục vụ 5%", fm(svc))
        total += svc
    total_line(doc, rnd, rnd.choice(["Tổng cộng:", "TỔNG TIỀN:", "Tổng thanh toán:"]), fm(total), 0.3)
    if rnd.random() < 0.5:
        vi_pay(doc, rnd, total, fm)
    doc.blank()
    doc.C(rnd.choice([dt.strftime("Ngày %d/%m/%Y %H:%M"), f"Ngày {dt.day} tháng {dt.month} năm {dt.year}",
                      dt.strftime("%d-%m-%Y")]))
    doc.C("Cảm ơn quý khách - Hẹn gặp lại!")
    return done(doc, name, total, dt, "VND", addr, {"mono": rnd.random() < 0.3})


# --------------------------------------------------------------------------- de / at / ch
DE_STREETS = ["Hauptstraße", "Bahnhofstr.", "Marktplatz", "Lindenallee", "Schillerstraße", "Goethestr.", "Kirchgasse",
              "Berliner Straße", "Am Markt", "Friedrich-Ebert-Str.", "Mühlenweg", "Königstraße"]
DE_TOWNS = [("80", "München"), ("10", "Berlin"), ("20", "Hamburg"), ("50", "Köln"), ("60", "Frankfurt am Main"),
            ("70", "Stuttgart"), ("04", "Leipzig"), ("01", "Dresden"), ("90", "Nürnberg"), ("30", "Hannover"),
            ("48", "Münster"), ("79", "Freiburg im Breisgau"), ("44", "Dortmund")]
DE_FOOD = [("Vollmilch 3,5% 1L", 0.9, 1.5, "B"), ("Butter 250g", 1.8, 3.5, "B"), ("Bio Eier 10St", 2.5, 4.5, "B"),
           ("Bananen", 1.2, 2.0, "B", "kg"), ("Tomaten Rispe", 2.5, 4.5, "B", "kg"), ("Gouda jung Scheiben", 1.5, 3.0, "B"),
           ("Mineralwasser 1,5L", 0.3, 0.9, "A"), ("Cola 1,5L", 1.0, 2.0, "A"), ("Pils 0,5L", 0.8, 1.5, "A"),
           ("Toilettenpapier 8x", 2.5, 5.0, "A"), ("Spülmittel", 0.9, 2.5, "A"), ("Vollkornbrot", 1.5, 3.5, "B"),
           ("Joghurt Natur 500g", 0.8, 1.8, "B"), ("Kaffee gemahlen 500g", 4.5, 8.0, "B"), ("Schokolade 100g", 0.9, 2.0, "B"),
           ("Äpfel Elstar", 2.0, 3.5, "B", "kg"), ("Hähnchenbrust", 5.0, 9.0, "B"), ("Duschgel", 0.9, 3.0, "A")]
DE_BAKERY = [("Brezel", 0.7, 1.2, "B"), ("Kürbiskernbrötchen", 0.7, 1.3, "B"), ("Bauernbrot 1kg", 3.5, 5.5, "B"),
             ("Croissant", 1.1, 1.8, "B"), ("Apfelstrudel", 2.5, 3.8, "B"), ("Laugenstange", 0.9, 1.5, "B"),
             ("Kaffee Crema", 2.2, 3.5, "A"), ("Cappuccino", 2.8, 4.0, "A"), ("Käsekuchen Stück", 2.5, 3.8, "B")]
DE_PHARMA = [("Ibuprofen 400 20St", 3.0, 6.0, "A"), ("Nasenspray 10ml", 3.0, 6.0, "A"), ("Vitamin D3 Tabl.", 6.0, 15, "A"),
             ("Hustensaft 100ml", 6.0, 12, "A"), ("Pflaster Sortiment", 2.5, 5.0, "A"), ("Handcreme", 3.0, 8.0, "A")]
DE_CHAINS = [("ALDI SÜD", "ALDI SE & Co. KG"), ("ALDI Nord", "ALDI GmbH & Co. KG"), ("Lidl", "Lidl Dienstleistung GmbH"),
             ("EDEKA", "EDEKA Center Müller e.K."), ("REWE", "REWE Markt GmbH"), ("PENNY", "PENNY Markt GmbH"),
             ("dm-drogerie markt", "dm-drogerie markt GmbH + Co. KG"), ("ROSSMANN", "Dirk Rossmann GmbH"),
             ("Kaufland", "Kaufland Stiftung & Co. KG")]


def de_address(rnd: random.Random) -> list[str]:
    pre, town = rnd.choice(DE_TOWNS)
    no = rnd.choice([str(rnd.randint(1, 140)), f"{rnd.randint(1, 60)}a", f"{rnd.randint(1, 30)}-{rnd.randint(31, 40)}"])
    return [f"{rnd.choice(DE_STREETS)} {no}", f"{pre}{digits(rnd, 3)} {town}"]


def de_money(rnd: random.Random):
    return rnd.choice([lambda x: money(x), lambda x: money(x) + " EUR", lambda x: money(x) + " €"])


def de_vat_table(doc: Doc, rnd: random.Random, gross: dict[str, Decimal], rates: dict[str, str], label="MwSt") -> None:
    fm = money
    if doc.cpl >= 40:
        doc.cols((label, 0, "l"), ("Netto", 0.5, "r"), ("Steuer", 0.75, "r"), ("Brutto", 1.0, "r"))
        for c in sorted(gross):
            tax = vat_included(gross[c], rates[c])
            doc.cols((f"{c} {rates[c]}%", 0, "l"), (fm(gross[c] - tax), 0.5, "r"), (fm(tax), 0.75, "r"),
                     (fm(gross[c]), 1.0, "r"))
    else:
        for c in sorted(gross):
            tax = vat_included(gross[c], rates[c])
            doc.LR(f"{label} {c} {rates[c]}% von {fm(gross[c])}", fm(tax))


def de_goods(doc: Doc, rnd: random.Random, items: list[Item], fm) -> dict[str, Decimal]:
    gross: dict[str, Decimal] = {}
    mode = rnd.choice(["under", "inline", "twoline"])
    items_block(doc, rnd, items, fm, mode, suffix=lambda it: " " + it.code)
    for it in items:
        gross[it.code] = gross.get(it.code, D(0)) + it.total
    return gross


def de_tse(doc: Doc, rnd: random.Random, dt: datetime) -> None:
    doc.L(f"TSE-Transaktion: {rnd.randint(10000, 999999)}")
    doc.L(f"TSE-Start: {dt.strftime('%Y-%m-%dT%H:%M:%S')}")
    doc.L(f"TSE-Stop: {(dt + timedelta(seconds=rnd.randint(20, 200))).strftime('%Y-%m-%dT%H:%M:%S')}")
    doc.L(f"TSE-Seriennr.: {digits(rnd, 16)}")


def de_card(doc: Doc, rnd: random.Random, total: Decimal, dt: datetime, fm) -> None:
    doc.LR(rnd.choice(["EC-Karte", "girocard", "Kartenzahlung", "VISA"]), fm(total))
    if rnd.random() < 0.7:
        doc.C("*** Kundenbeleg ***")
        doc.L(f"Terminal-ID: {digits(rnd, 8)}   TA-Nr. {digits(rnd, 6)}")
        doc.L(f"Karte: ############{digits(rnd, 4)}")
        doc.L(f"Genehmigungs-Nr. {digits(rnd, 6)}")
        doc.LR("Betrag EUR", money(total))
        doc.C("Zahlung erfolgt")


def de_cash(doc: Doc, rnd: random.Random, total: Decimal, fm) -> None:
    cash = cash_tender(rnd, total, [5, 10, 20, 50, 100])
    doc.LR(rnd.choice(["Geg. Bar", "Gegeben", "Bar", "Gegeben BAR"]), fm(cash))
    doc.LR(rnd.choice(["Rückgeld", "Zurück", "Rückgeld BAR"]), fm(cash - total))


@layout("de")
def de_discount(rnd: random.Random):
    doc = new_doc(rnd, 0.35)
    brand, legal = rnd.choice(DE_CHAINS)
    fm = de_money(rnd)
    logo(doc, rnd, brand)
    if rnd.random() < 0.6:
        doc.C(legal)
    addr = de_address(rnd)
    doc.Cs(addr)
    if rnd.random() < 0.5:
        doc.C(f"Tel.: 0{digits(rnd, 3)} {digits(rnd, 6)}")
    doc.C(f"USt-IdNr.: DE{digits(rnd, 9)}")
    dt = rand_dt(rnd)
    date_top = rnd.random() < 0.5
    if date_top:
        doc.LR(dt.strftime("%d.%m.%Y %H:%M"), f"Bon {digits(rnd, 4)}")
    doc.LR("", "EUR")
    items = basket(rnd, DE_FOOD, 3, 10)
    gross = de_goods(doc, rnd, items, money)
    if rnd.random() < 0.4:
        n = rnd.randint(1, 6)
        doc.LR(f"Pfand 0,25 {n} x", money(D("0.25") * n) + " A")
        gross["A"] = gross.get("A", D(0)) + D("0.25") * n
    if rnd.random() < 0.3:
        lg = D("0.25") * rnd.randint(2, 12)
        doc.LR("Leergut", "-" + money(lg) + " A")
        gross["A"] = gross.get("A", D(0)) - lg
        if gross["A"] <= 0:
            gross["A"] += lg
            doc.lines.pop()
    total = sum(gross.values(), D(0))
    doc.rule(rnd.choice(["-", "solid"]))
    total_line(doc, rnd, rnd.choice(["Summe", "SUMME EUR", "zu zahlen", "Summe EUR"]), money(total), 0.15)
    if rnd.random() < 0.5:
        de_cash(doc, rnd, total, fm)
    else:
        de_card(doc, rnd, total, dt, fm)
    doc.rule("-")
    de_vat_table(doc, rnd, {k: v for k, v in gross.items() if v > 0}, {"A": "19", "B": "7"})
    if rnd.random() < 0.4:
        doc.L(f"PAYBACK Punkte: {rnd.randint(1, 60)}   Punktestand: {rnd.randint(100, 4000)}")
    if rnd.random() < 0.3:
        doc.L(f"Sie haben {money(rnd.uniform(0.3, 6))} EUR gespart!")
    doc.LR(f"Fil. {digits(rnd, 4)}  Kasse {rnd.randint(1, 8)}", f"Bon-Nr. {digits(rnd, 4)}")
    if not date_top:
        doc.L(rnd.choice([dt.strftime("Datum: %d.%m.%Y  Uhrzeit: %H:%M"), dt.strftime("%d.%m.%y %H:%M Uhr")]))
    de_tse(doc, rnd, dt)
    doc.C(rnd.choice(["Vielen Dank für Ihren Einkauf", "Danke und auf Wiedersehen!"]))
    return done(doc, brand, total, dt, "EUR", addr, {})


@layout("de")
def de_bakery(rnd: random.Random):
    doc = new_doc(rnd, 0.55)
    if rnd.random() < 0.6:
        name = rnd.choice(["Bäckerei Schmidt", "Bäckerei & Konditorei Huber", "Backhaus Müller", "Stadtbäckerei Becker"])
        cat, rates = DE_BAKERY, {"A": "19", "B": "7"}
    else:
        name = rnd.choice(["Apotheke am Markt", "Löwen-Apotheke", "Stern Apotheke", "Rathaus-Apotheke"])
        cat, rates = DE_PHARMA, {"A": "19", "B": "7"}
    fm = money
    doc.C(name, bold=True, size=rnd.choice(["tall", "big", "n"]))
    doc.C(f"Inh. {rnd.choice(['Hans Schmidt', 'Maria Huber e.K.', 'Dr. Peter Wolf', 'Sabine Becker'])}")
    addr = de_address(rnd)
    if rnd.random() < 0.3:
        addr = [", ".join(addr)]
    doc.Cs(addr)
    doc.C(f"St.-Nr. {digits(rnd, 3)}/{digits(rnd, 3)}/{digits(rnd, 5)}")
    dt = rand_dt(rnd)
    doc.L(f"Datum: {dt.strftime('%d.%m.%Y')}   {dt.strftime('%H:%M')}")
    doc.L(f"Beleg-Nr.: {digits(rnd, 5)}   Bed.: {rnd.randint(1, 9)}")
    doc.rule("-")
    items = basket(rnd, cat, 2, 6)
    gross = de_goods(doc, rnd, items, fm)
    total = sum(gross.values(), D(0))
    doc.rule("=")
    total_line(doc, rnd, rnd.choice(["Gesamtbetrag", "SUMME", "Total EUR"]), money(total) + rnd.choice(["", " €"]), 0.3)
    if rnd.random() < 0.65:
        de_cash(doc, rnd, total, fm)
    else:
        de_card(doc, rnd, total, dt, fm)
    de_vat_table(doc, rnd, gross, rates, rnd.choice(["MwSt", "USt"]))
    de_tse(doc, rnd, dt)
    return done(doc, name, total, dt, "EUR", addr, {"mono": rnd.random() < 0.5})


@layout("de")
def de_fuel(rnd: random.Random):
    doc = new_doc(rnd, 0.3)
    brand = rnd.choice(["ARAL", "Shell", "JET", "TotalEnergies", "Esso", "AVIA"])
    fm = money
    logo(doc, rnd, brand)
    doc.C(f"{rnd.choice(['Tankstelle', 'Station'])} {rnd.choice(['Max Meier', 'Schulz GmbH', 'am Ring', 'Nord'])}")
    addr = de_address(rnd)
    doc.Cs(addr)
    doc.C(f"Tel. 0{digits(rnd, 3)}/{digits(rnd, 6)}")
    dt = rand_dt(rnd)
    doc.LR(dt.strftime(rnd.choice(["%d.%m.%Y", "%d.%m.%y"])), dt.strftime("%H:%M:%S"))
    doc.LR(f"Beleg-Nr. {digits(rnd, 5)}", f"Kasse {rnd.randint(1, 3)}")
    doc.rule("-")
    liters = q2(D(str(round(rnd.uniform(15, 60), 2))))
    price = D(str(round(rnd.uniform(1.599, 1.959), 3)))
    fuel_amt = q2(liters * price)
    doc.L(f"Säule {rnd.randint(1, 8)}  {rnd.choice(['Super E10', 'Super 95', 'Diesel', 'SuperPlus'])}")
    doc.LR(f"  {money(liters)} l x {str(price).replace('.', ',')} EUR/l", money(fuel_amt) + " A")
    gross = {"A": fuel_amt}
    if rnd.random() < 0.5:
        shop = basket(rnd, [("Kaffee to go", 2.0, 3.5, "A"), ("Belegtes Brötchen", 2.5, 4.5, "B"),
                            ("Scheibenreiniger 1L", 3.0, 6.0, "A"), ("Schokoriegel", 0.9, 1.8, "B")], 1, 2)
        for it in shop:
            doc.LR(f"{qty_str(it)} x {it.name}", money(it.total) + " " + it.code)
            gross[it.code] = gross.get(it.code, D(0)) + it.total
    total = sum(gross.values(), D(0))
    doc.rule("-")
    total_line(doc, rnd, "Gesamtbetrag EUR", money(total), 0.3)
    de_vat_table(doc, rnd, gross, {"A": "19", "B": "7"})
    if rnd.random() < 0.75:
        de_card(doc, rnd, total, dt, fm)
    else:
        de_cash(doc, rnd, total, fm)
    de_tse(doc, rnd, dt)
    doc.C("Gute Fahrt!")
    return done(doc, brand, total, dt, "EUR", addr, {})


@layout("de")
def ch_at(rnd: random.Random):
    doc = new_doc(rnd, 0.35)
    swiss = rnd.random() < 0.5
    dt = rand_dt(rnd)
    if swiss:
        brand = rnd.choice(["Migros", "Coop", "Denner", "Volg"])
        town = rnd.choice([("8001", "Zürich"), ("3011", "Bern"), ("4051", "Basel"), ("6003", "Luzern"), ("9000", "St. Gallen")])
        rates, cur, fm = {"A": "8.1", "B": "2.6"}, "CHF", (lambda x: money(x, "."))
    else:
        brand = rnd.choice(["BILLA", "SPAR", "HOFER", "MPREIS"])
        town = rnd.choice([("1010", "Wien"), ("8010", "Graz"), ("5020", "Salzburg"), ("6020", "Innsbruck"), ("4020", "Linz")])
        rates, cur, fm = {"A": "20", "B": "10"}, "EUR", money
    streets = ["Bahnhofstrasse", "Limmatquai", "Seestrasse", "Marktgasse"] if swiss else \
        ["Mariahilfer Straße", "Hauptplatz", "Landstraße", "Herrengasse"]
    street = f"{rnd.choice(streets)} {rnd.randint(1, 120)}"
    addr = [street, f"{town[0]} {town[1]}"]
    logo(doc, rnd, brand)
    if rnd.random() < 0.4:
        doc.C(f"Filiale {town[1]} {rnd.choice(['Zentrum', 'Bahnhof', 'West'])}")
    doc.Cs(addr)
    doc.C(f"UID: {'CHE-' + digits(rnd, 3) + '.' + digits(rnd, 3) + '.' + digits(rnd, 3) + ' MWST' if swiss else 'ATU' + digits(rnd, 8)}")
    doc.LR(cur, "")
    items = basket(rnd, DE_FOOD, 3, 8)
    if swiss:
        for it in items:
            it.unit, it.total = q2(it.unit * D("1.6")), q2(q2(it.unit * D("1.6")) * it.qty)
    gross = de_goods(doc, rnd, items, fm)
    total = sum(gross.values(), D(0))
    doc.rule("-")
    if swiss:
        rounded = round_to(total, "0.05")
        if rounded != total or rnd.random() < 0.3:
            doc.LR("Total", fm(total))
            doc.LR("Rundung", fm(rounded - total))
        total = rounded
        total_line(doc, rnd, "Total CHF", fm(total), 0.2)
    else:
        total_line(doc, rnd, rnd.choice(["SUMME EUR", "Summe", "Zu zahlen"]), fm(total), 0.2)
    if rnd.random() < 0.5:
        de_cash(doc, rnd, total, fm)
    else:
        doc.LR(rnd.choice(["Bankomat", "Maestro", "TWINT", "Debitkarte"]), fm(total))
    doc.rule("-")
    for c in sorted(gross):
        tax = vat_included(gross[c], rates[c])
        doc.LR(f"{'MWST' if swiss else 'MwSt'} {rates[c]}% von {fm(gross[c])}", fm(tax))
    if swiss and rnd.random() < 0.5:
        doc.L(f"Cumulus-Punkte: {rnd.randint(5, 90)}")
    if not swiss and rnd.random() < 0.5:
        doc.L(f"jö Bonus Club: {rnd.randint(3, 50)} Ös gesammelt")
    doc.L(dt.strftime(rnd.choice(["%d.%m.%Y %H:%M", "%d.%m.%y  %H:%M:%S"])) + f"  Kasse {rnd.randint(1, 9)}")
    doc.bar("")
    return done(doc, brand, total, dt, cur, addr, {})


# --------------------------------------------------------------------------- fr
FR_STREETS = ["RUE DE RIVOLI", "AVENUE JEAN JAURES", "BOULEVARD VOLTAIRE", "RUE DE LA REPUBLIQUE", "PLACE DU MARCHE",
              "RUE VICTOR HUGO", "COURS LAFAYETTE", "RUE SAINTE-CATHERINE", "AVENUE DE LA LIBERATION", "RUE NATIONALE"]
FR_TOWNS = [("750", "PARIS"), ("690", "LYON"), ("130", "MARSEILLE"), ("310", "TOULOUSE"), ("330", "BORDEAUX"),
            ("590", "LILLE"), ("440", "NANTES"), ("670", "STRASBOURG"), ("350", "RENNES"), ("060", "NICE")]
FR_FOOD = [("LAIT DEMI ECR. 1L", 0.9, 1.4, "1"), ("BAGUETTE", 0.9, 1.3, "1"), ("BEURRE DOUX 250G", 2.2, 3.5, "1"),
           ("OEUFS PLEIN AIR X6", 2.0, 3.5, "1"), ("EMMENTAL RAPE 200G", 1.8, 3.0, "1"), ("YAOURT NATURE X4", 1.2, 2.5, "1"),
           ("EAU MINERALE 6X1.5L", 2.5, 4.5, "1"), ("COCA COLA 1.5L", 1.8, 2.6, "1"), ("VIN ROUGE BORDEAUX", 4.5, 12, "2"),
           ("BIERE BLONDE X6", 4.0, 7.5, "2"), ("PAPIER TOILETTE X12", 4.0, 7.5, "2"), ("LESSIVE LIQUIDE", 6.0, 12, "2"),
           ("POMMES GOLDEN", 2.0, 3.5, "1", "kg"), ("TOMATES GRAPPE", 2.5, 4.5, "1", "kg"), ("JAMBON BLANC X4", 2.5, 4.5, "1"),
           ("CAFE MOULU 250G", 2.8, 5.0, "1"), ("CHOCOLAT NOIR 100G", 1.2, 2.8, "1"), ("SHAMPOOING", 2.5, 5.5, "2")]
FR_BOUL = [("Baguette tradition", 1.1, 1.4, "1"), ("Croissant", 1.0, 1.4, "1"), ("Pain au chocolat", 1.1, 1.5, "1"),
           ("Pain de campagne", 2.5, 4.0, "1"), ("Éclair au café", 2.5, 3.5, "1"), ("Tarte aux pommes", 3.0, 4.5, "1"),
           ("Flan pâtissier", 2.5, 3.5, "1"), ("Sandwich jambon-beurre", 3.9, 5.5, "3"), ("Café", 1.2, 2.0, "3")]
FR_PHARMA = [("DOLIPRANE 1000MG", 2.0, 3.5, "4"), ("SPASFON LYOC", 3.5, 5.5, "4"), ("SERUM PHYSIO X40", 3.5, 6.0, "3"),
             ("CREME MAINS", 4.0, 9.0, "2"), ("VITAMINE C 500", 5.0, 9.0, "2"), ("PANSEMENTS", 2.5, 5.0, "2")]
FR_RESTO = [("Café", 1.8, 2.8, "3"), ("Croque-monsieur", 8.5, 13, "3"), ("Salade César", 12, 17, "3"),
            ("Steak frites", 16, 24, "3"), ("Plat du jour", 13, 19, "3"), ("Crème brûlée", 6.5, 9, "3"),
            ("Verre de vin rouge", 5, 8, "2"), ("Demi pression", 3.5, 5.5, "2"), ("Coca-Cola 33cl", 3.5, 5, "3"), ("Moules-frites", 15, 21, "3")]
FR_RATES = {"1": "5.5", "2": "20", "3": "10", "4": "2.1"}
FR_CHAINS = [("CARREFOUR CITY", "CSF"), ("MONOPRIX", "MONOPRIX EXPLOITATION"), ("FRANPRIX", "FRANPRIX LEADER PRICE"),
             ("Intermarché", "SAS LES MOUSQUETAIRES"), ("E.Leclerc", "SAS DISTRILECLERC"), ("Auchan", "AUCHAN HYPERMARCHE")]


def fr_address(rnd: random.Random, upper=True) -> list[str]:
    pre, town = rnd.choice(FR_TOWNS)
    st = rnd.choice(FR_STREETS)
    st = st if upper else st.title().replace("De ", "de ").replace("La ", "la ").replace("Du ", "du ")
    no = rnd.choice([str(rnd.randint(1, 200)), f"{rnd.randint(1, 80)} BIS" if upper else f"{rnd.randint(1, 80)} bis"])
    return [f"{no} {st}", f"{pre}{digits(rnd, 2)} {town if upper else town.title()}"]


def fr_siret(rnd: random.Random) -> str:
    d = digits(rnd, 14)
    return f"{d[:3]} {d[3:6]} {d[6:9]} {d[9:]}"


def fr_vat_table(doc: Doc, gross: dict[str, Decimal], fm) -> None:
    if doc.cpl >= 40:
        doc.cols(("TVA", 0, "l"), ("HT", 0.45, "r"), ("TVA", 0.7, "r"), ("TTC", 1.0, "r"))
    for c in sorted(gross):
        tax = vat_included(gross[c], FR_RATES[c])
        rate = FR_RATES[c].replace(".", ",") + "%"
        if doc.cpl >= 40:
            doc.cols((f"{c} {rate}", 0, "l"), (fm(gross[c] - tax), 0.45, "r"), (fm(tax), 0.7, "r"), (fm(gross[c]), 1.0, "r"))
        else:
            doc.LR(f"TVA {rate} HT {fm(gross[c] - tax)}", fm(tax))


def fr_pay(doc: Doc, rnd: random.Random, total: Decimal, fm) -> None:
    if rnd.random() < 0.55:
        doc.LR(rnd.choice(["CB", "CARTE BANCAIRE", "CB SANS CONTACT", "Carte Bleue"]), fm(total))
        if rnd.random() < 0.6:
            doc.L(f"CARTE ************{digits(rnd, 4)}")
            doc.L(f"No AUTO : {digits(rnd, 6)}   TERM {digits(rnd, 8)}")
    else:
        cash = cash_tender(rnd, total, [5, 10, 20, 50])
        doc.LR(rnd.choice(["ESPECES", "Espèces"]), fm(cash))
        doc.LR(rnd.choice(["RENDU MONNAIE", "RENDU", "Monnaie rendue"]), fm(cash - total))


def fr_date(rnd: random.Random, dt: datetime) -> str:
    return dt.strftime(rnd.choice(["%d/%m/%Y %H:%M", "%d/%m/%y %H:%M:%S", "%d/%m/%Y", "Le %d/%m/%Y à %H:%M"]))


@layout("fr")
def fr_super(rnd: random.Random):
    doc = new_doc(rnd, 0.3)
    brand, legal = rnd.choice(FR_CHAINS)
    fm = rnd.choice([money, lambda x: money(x) + " €", lambda x: money(x) + " EUR"])
    logo(doc, rnd, brand)
    addr = fr_address(rnd)
    doc.Cs(addr)
    doc.C(f"TEL : 0{rnd.randint(1, 5)} {digits(rnd, 2)} {digits(rnd, 2)} {digits(rnd, 2)} {digits(rnd, 2)}")
    doc.C(f"{legal} SIRET {fr_siret(rnd)}")
    dt = rand_dt(rnd)
    top = rnd.random() < 0.6
    if top:
        doc.LR(fr_date(rnd, dt), f"Ticket n° {digits(rnd, 4)}")
    doc.rule("-")
    items = basket(rnd, FR_FOOD, 3, 10)
    items_block(doc, rnd, items, fm, rnd.choice(["under", "inline"]), suffix=lambda it: " " + it.code)
    gross = by_code(items)
    saved = D(0)
    if rnd.random() < 0.4:
        saved = q2(D(str(rnd.uniform(0.3, 3))))
        doc.LR("REMISE IMMEDIATE", "-" + fm(saved))
        c = max(gross, key=lambda k: gross[k])
        gross[c] -= saved
    total = sum(gross.values(), D(0))
    doc.rule("=")
    n = sum(int(it.qty) if not it.weighed else 1 for it in items)
    doc.L(f"{n} ARTICLES")
    total_line(doc, rnd, rnd.choice(["TOTAL À PAYER", "TOTAL", "TOTAL TTC", "A PAYER"]), fm(total), 0.2)
    fr_pay(doc, rnd, total, fm)
    doc.rule("-")
    fr_vat_table(doc, gross, money)
    if saved or rnd.random() < 0.3:
        doc.L(f"VOUS AVEZ ÉCONOMISÉ {money(saved or D('1.50'))} €")
        doc.L(f"CAGNOTTE FIDELITE : {money(rnd.uniform(0.5, 25))} €")
    if rnd.random() < 0.4:
        doc.L(f"Bon de réduction valable jusqu'au {(dt + timedelta(days=30)).strftime('%d/%m/%Y')}")
    doc.LR(f"Caisse {digits(rnd, 3)}-{digits(rnd, 4)}", f"Op. {rnd.randint(1, 99)}")
    if not top:
        doc.C(fr_date(rnd, dt))
    doc.C("MERCI DE VOTRE VISITE")
    doc.bar(digits(rnd, 18) if rnd.random() < 0.5 else "")
    return done(doc, brand, total, dt, "EUR", addr, {})


@layout("fr")
def fr_boulangerie(rnd: random.Random):
    doc = new_doc(rnd, 0.6)
    if rnd.random() < 0.6:
        name = rnd.choice(["Boulangerie Dupont", "Au Pain Doré", "Maison Lefèvre", "La Fournée d'Augustin"])
        cat = FR_BOUL
    else:
        name = rnd.choice(["Pharmacie du Centre", "Grande Pharmacie de la Gare", "Pharmacie des Halles"])
        cat = FR_PHARMA
    fm = money
    doc.C(name, bold=True, size=rnd.choice(["n", "tall", "big"]))
    upper = rnd.random() < 0.5
    addr = fr_address(rnd, upper) if rnd.random() < 0.9 else []
    doc.Cs(addr)
    doc.C(f"Tél. 0{rnd.randint(1, 5)}.{digits(rnd, 2)}.{digits(rnd, 2)}.{digits(rnd, 2)}.{digits(rnd, 2)}")
    doc.C(f"SIRET : {digits(rnd, 14)}   NAF {digits(rnd, 4)}C")
    dt = rand_dt(rnd)
    doc.L(fr_date(rnd, dt))
    doc.L(f"Ticket : {digits(rnd, 5)}   Vendeur : {rnd.choice(['Julie', 'Marc', 'Sophie', '01'])}")
    doc.rule("-")
    items = basket(rnd, cat, 2, 6)
    items_block(doc, rnd, items, fm, rnd.choice(["qtyfirst", "twoline"]))
    gross = by_code(items)
    total = sum(gross.values(), D(0))
    doc.rule("-")
    total_line(doc, rnd, rnd.choice(["TOTAL TTC", "TOTAL", "Total EUR"]), fm(total) + " €", 0.3)
    fr_pay(doc, rnd, total, fm)
    fr_vat_table(doc, gross, money)
    doc.C(rnd.choice(["Merci et à bientôt !", "MERCI DE VOTRE VISITE"]))
    return done(doc, name, total, dt, "EUR", addr, {"mono": rnd.random() < 0.5})


@layout("fr")
def fr_resto(rnd: random.Random):
    doc = new_doc(rnd, 0.35)
    name = rnd.choice(["Brasserie Le Petit Zinc", "Café de la Paix", "Le Bistrot du Port", "Chez Marcel", "La Table d'Hugo"])
    fm = money
    logo(doc, rnd, name)
    addr = fr_address(rnd, rnd.random() < 0.5)
    doc.C(", ".join(addr) if rnd.random() < 0.3 else addr[0])
    if doc.lines[-1].parts[0] == addr[0]:
        doc.C(addr[1])
    else:
        addr = [", ".join(addr)]
    doc.C(f"SIRET {fr_siret(rnd)} - TVA FR{digits(rnd, 11)}")
    dt = rand_dt(rnd)
    doc.LR(f"Table {rnd.randint(1, 40)}", f"Couverts {rnd.randint(1, 6)}")
    doc.LR(f"Serveur : {rnd.choice(['Marc', 'Léa', 'Karim', 'Chloé'])}", f"Note n° {digits(rnd, 5)}")
    doc.rule("-")
    items = basket(rnd, FR_RESTO, 3, 8)
    items_block(doc, rnd, items, fm, "qtyfirst")
    gross = by_code(items)
    total = sum(gross.values(), D(0))
    tax = sum((vat_included(v, FR_RATES[c]) for c, v in gross.items()), D(0))
    doc.rule("-")
    doc.LR("TOTAL HT", fm(total - tax))
    for c in sorted(gross):
        doc.LR(f"TVA {FR_RATES[c]}%".replace(".", ","), fm(vat_included(gross[c], FR_RATES[c])))
    total_line(doc, rnd, "TOTAL TTC", fm(total) + " EUR", 0.3)
    fr_pay(doc, rnd, total, fm)
    doc.C("Service compris")
    doc.C(rnd.choice([dt.strftime("Le %d/%m/%Y à %H:%M"), dt.strftime("%d/%m/%y %H:%M"), dt.strftime("%d/%m/%Y")]))
    return done(doc, name, total, dt, "EUR", addr, {})


# --------------------------------------------------------------------------- nl
NL_STREETS = ["Biltstraat", "Kalverstraat", "Hoogstraat", "Marktplein", "Dorpsstraat", "Stationsweg", "Kerkstraat",
              "Oudegracht", "Lange Nieuwstraat", "Wilhelminalaan"]
NL_TOWNS = ["Utrecht", "Amsterdam", "Rotterdam", "Den Haag", "Eindhoven", "Groningen", "Zwolle", "Haarlem", "Nijmegen"]
NL_FOOD = [("AH HALFVOLLE MELK", 1.0, 1.5, "9"), ("VOLKORENBROOD", 1.8, 2.9, "9"), ("JONGE KAAS PLAKKEN", 2.5, 4.5, "9"),
           ("PINDAKAAS", 2.0, 3.8, "9"), ("BANANEN", 1.5, 2.5, "9"), ("HAGELSLAG", 2.0, 3.5, "9"),
           ("STROOPWAFELS", 1.5, 2.9, "9"), ("ROOKWORST", 2.0, 3.5, "9"), ("HEINEKEN 6X33CL", 5.5, 8.0, "21"),
           ("COCA-COLA 1,5L", 1.8, 2.8, "9"), ("WC PAPIER 8 ROL", 3.5, 6.5, "21"), ("AFWASMIDDEL", 1.5, 3.5, "21"),
           ("APPELS ELSTAR", 2.0, 3.5, "9", "kg"), ("KIPFILET", 4.5, 8.0, "9"), ("KOFFIEBONEN 500G", 5.5, 9.5, "9")]
NL_SHOP = [("ROOKWORST HEMA", 2.5, 3.5, "9"), ("TOMPOUCE", 1.2, 1.8, "9"), ("SOKKEN 3-PACK", 5.0, 9.0, "21"),
           ("SHAMPOO 300ML", 2.0, 5.0, "21"), ("TANDPASTA", 1.5, 3.5, "21"), ("BATTERIJEN AA 4ST", 3.5, 7.0, "21"),
           ("WENSKAART", 1.5, 3.5, "21"), ("PARACETAMOL 20ST", 1.0, 2.5, "9"), ("DEODORANT", 2.5, 5.0, "21")]
NL_BAKERY = [("Volkoren tijger", 2.8, 3.8, "9"), ("Krentenbollen 6st", 2.5, 3.5, "9"), ("Appelflap", 1.5, 2.5, "9"),
             ("Saucijzenbroodje", 1.8, 2.8, "9"), ("Bruine bol", 0.5, 0.9, "9"), ("Boterkoek", 6.0, 10.0, "9"),
             ("Oranje tompouce", 2.0, 3.0, "9"), ("Koffie", 2.2, 3.2, "9")]


def nl_address(rnd: random.Random) -> list[str]:
    pc = f"{rnd.randint(1000, 9999)} {rnd.choice('ABCDEFGHJKLMNPRSTVWXZ')}{rnd.choice('ABCDEGHJKLMNPRSTVWXZ')}"
    no = rnd.choice([str(rnd.randint(1, 250)), f"{rnd.randint(1, 80)}-{rnd.randint(1, 9)}", f"{rnd.randint(1, 80)}A"])
    return [f"{rnd.choice(NL_STREETS)} {no}", f"{pc} {rnd.choice(NL_TOWNS)}"]


def nl_btw(doc: Doc, gross: dict[str, Decimal], fm) -> None:
    doc.cols(("BTW", 0, "l"), ("OVER", 0.65, "r"), ("BTW", 1.0, "r"))
    for c in sorted(gross, key=int):
        doc.cols((f"{c}%", 0, "l"), (fm(gross[c] - vat_included(gross[c], c)), 0.65, "r"),
                 (fm(vat_included(gross[c], c)), 1.0, "r"))


def nl_pin(doc: Doc, rnd: random.Random, total: Decimal, dt: datetime) -> None:
    doc.LR(rnd.choice(["PINNEN", "PIN", "Betaald met PIN"]), money(total))
    if rnd.random() < 0.7:
        doc.L(f"Terminal {rnd.choice('ABCDE')}{digits(rnd, 6)}  Merchant {digits(rnd, 6)}")
        doc.L(f"Kaart: xxxxxxxxxxxxxx{digits(rnd, 4)}  Kaartserienummer: {rnd.randint(1, 9)}")
        doc.L(f"Autorisatiecode: {digits(rnd, 6)}")
        doc.L(f"Periode: {digits(rnd, 4)}  Transactie: {digits(rnd, 8)}")


def nl_cash(doc: Doc, rnd: random.Random, total: Decimal, fm) -> Decimal:
    """Cash with Dutch 5-cent rounding; returns the amount paid."""
    rounded = round_to(total, "0.05")
    if rounded != total:
        diff = rounded - total
        doc.LR("Afronding", fm(abs(diff)) + ("-" if diff < 0 else "") if rnd.random() < 0.5 else fm(diff))
        doc.LR(rnd.choice(["Te betalen", "TE BETALEN", "Totaal afgerond"]), fm(rounded), bold=True)
    cash = cash_tender(rnd, rounded, [5, 10, 20, 50])
    doc.LR(rnd.choice(["Contant", "CONTANT"]), fm(cash))
    doc.LR(rnd.choice(["Wisselgeld", "Terug"]), fm(cash - rounded))
    return rounded


@layout("nl")
def nl_super(rnd: random.Random):
    doc = new_doc(rnd, 0.3)
    brand = rnd.choice(["Albert Heijn", "Jumbo", "PLUS", "Dirk", "Lidl", "Coop"])
    fm = money
    logo(doc, rnd, brand)
    addr = nl_address(rnd)
    town = addr[1].split(" ", 2)[2]
    if rnd.random() < 0.6:
        doc.C(f"{brand.split()[0]} {town} {addr[0].split(' ')[0]}")
    doc.Cs(addr)
    doc.C(f"Tel: 0{digits(rnd, 2)}-{digits(rnd, 7)}")
    dt = rand_dt(rnd)
    if doc.cpl >= 40:
        doc.cols(("AANTAL", 0, "l"), ("OMSCHRIJVING", 0.16, "l"), ("BEDRAG", 1.0, "r"))
    items = basket(rnd, NL_FOOD, 3, 10)
    gross: dict[str, Decimal] = {}
    for it in items:
        doc.LR(f"{qty_str(it)} {it.name}" if not it.weighed else f"{it.name} {qty_str(it)} KG", fm(it.total))
        if it.qty > 1 and not it.weighed:
            doc.L(f"    {qty_str(it)} x {fm(it.unit)}")
        gross[it.code] = gross.get(it.code, D(0)) + it.total
    sub = sum(gross.values(), D(0))
    doc.rule("-")
    doc.LR(f"{len(items)} SUBTOTAAL", fm(sub))
    bonus = D(0)
    if rnd.random() < 0.6:
        doc.L(f"BONUSKAART xx{digits(rnd, 4)}")
        for it in items[:rnd.randint(1, 2)]:
            b = q2(it.total * D(rnd.choice([25, 30, 35])) / 100)
            doc.LR(f"BONUS {it.name[:16]}", "-" + fm(b))
            gross[it.code] -= b
            bonus += b
    total = sub - bonus
    if bonus:
        doc.LR("UW VOORDEEL", fm(bonus))
    total_line(doc, rnd, rnd.choice(["TOTAAL", "Totaal", "TE BETALEN"]), fm(total), 0.15)
    if rnd.random() < 0.75:
        nl_pin(doc, rnd, total, dt)
    else:
        total = nl_cash(doc, rnd, total, fm)
    doc.rule("-")
    nl_btw(doc, gross, fm)
    if bonus and rnd.random() < 0.5:
        doc.L(f"Koopzegels: {rnd.randint(1, 30)}   Spaarpunten: {rnd.randint(1, 200)}")
    doc.LR(f"{digits(rnd, 4)}  {rnd.randint(1, 12)}  {digits(rnd, 3)}", dt.strftime(rnd.choice(["%d-%m-%Y %H:%M",
                                                                                                   "%d-%m-%Y"])))
    doc.C(f"KvK {digits(rnd, 8)}  BTW NL{digits(rnd, 9)}B01")
    return done(doc, brand, total, dt, "EUR", addr, {})


@layout("nl")
def nl_shop(rnd: random.Random):
    doc = new_doc(rnd, 0.35)
    brand = rnd.choice(["HEMA", "Kruidvat", "Etos", "Action", "Blokker"])
    fm = rnd.choice([money, lambda x: "€ " + money(x)])
    logo(doc, rnd, brand)
    addr = nl_address(rnd)
    if rnd.random() < 0.5:
        doc.C(f"Filiaal {digits(rnd, 4)}")
    doc.Cs(addr)
    dt = rand_dt(rnd)
    doc.LR(dt.strftime(rnd.choice(["%d-%m-%Y %H:%M", "%d-%m-%Y  %H:%M:%S"])), f"Bon {digits(rnd, 6)}")
    doc.rule("-")
    items = basket(rnd, NL_SHOP, 2, 7)
    items_block(doc, rnd, items, fm, rnd.choice(["under", "qtyfirst", "cols"]))
    gross = by_code(items)
    total = sum(gross.values(), D(0))
    doc.rule("=")
    total_line(doc, rnd, rnd.choice(["Totaal", "TOTAAL", "Te betalen"]), fm(total), 0.25)
    if rnd.random() < 0.5:
        nl_pin(doc, rnd, total, dt)
    else:
        total = nl_cash(doc, rnd, total, fm)
    nl_btw(doc, gross, money)
    doc.L(f"Ruilen binnen 30 dagen met kassabon (t/m {(dt + timedelta(days=30)).strftime('%d-%m-%Y')})")
    doc.C(f"KvK-nr. {digits(rnd, 8)}")
    doc.bar(digits(rnd, 16))
    return done(doc, brand, total, dt, "EUR", addr, {})


@layout("nl")
def nl_bakkerij(rnd: random.Random):
    doc = Doc(rnd.choice((32, 32, 42)))
    name = rnd.choice(["Bakkerij van Dijk", "Echte Bakker Bart", "Bakkerij De Korenschoof", "Banketbakkerij Jansen"])
    fm = money
    doc.C(name, bold=True, size=rnd.choice(["tall", "big"]))
    addr = nl_address(rnd)
    if rnd.random() < 0.3:
        addr = [f"{addr[0]}, {addr[1]}"]
    doc.Cs(addr)
    doc.C(f"Tel. 0{digits(rnd, 2)} {digits(rnd, 3)} {digits(rnd, 4)}")
    dt = rand_dt(rnd)
    doc.L(f"Datum: {dt.strftime('%d-%m-%Y')}  Tijd: {dt.strftime('%H:%M')}")
    doc.L(f"Bonnr: {digits(rnd, 5)}   Verkoper: {rnd.randint(1, 9)}")
    doc.rule("-")
    items = basket(rnd, NL_BAKERY, 2, 6)
    items_block(doc, rnd, items, fm, rnd.choice(["qtyfirst", "twoline"]))
    total = sum((it.total for it in items), D(0))
    doc.rule("-")
    total_line(doc, rnd, rnd.choice(["Totaal", "TOTAAL EUR"]), fm(total), 0.3)
    goods = total
    if rnd.random() < 0.7:
        total = nl_cash(doc, rnd, total, fm)
    else:
        nl_pin(doc, rnd, total, dt)
    doc.LR(f"BTW 9% over {fm(goods - vat_included(goods, 9))}", fm(vat_included(goods, 9)))
    doc.C(rnd.choice(["Bedankt en tot ziens!", "Graag tot de volgende keer"]))
    return done(doc, name, total, dt, "EUR", addr, {"mono": rnd.random() < 0.5})


# --------------------------------------------------------------------------- id
ID_PLACES = [("Jl. Jend. Sudirman", "Karet Semanggi", "Setiabudi", "Jakarta Selatan", "12930"),
             ("Jl. Merdeka", "Citarum", "Bandung Wetan", "Bandung", "40115"),
             ("Jl. Malioboro", "Sosromenduran", "Gedongtengen", "Yogyakarta", "55271"),
             ("Jl. Pemuda", "Embong Kaliasin", "Genteng", "Surabaya", "60271"),
             ("Jl. Gatot Subroto", "Kuningan Barat", "Mampang Prapatan", "Jakarta Selatan", "12710"),
             ("Jl. Raya Kuta", "Kuta", "Kuta", "Badung", "80361"), ("Jl. Diponegoro", "Pekunden", "Semarang Tengah",
                                                                  "Semarang", "50134")]
ID_MINI = [("INDOMIE GRG SPC 85G", 3000, 3600), ("AQUA BTL 600ML", 3300, 4500), ("TEH BOTOL SOSRO 450", 4500, 6000),
           ("ROTI TAWAR SARI ROTI", 14000, 18000), ("SUSU ULTRA COKLAT 250", 6000, 7500), ("KOPI KAPAL API 165G", 13000, 16000),
           ("GULA PASIR GULAKU 1KG", 16000, 19000), ("MINYAK BIMOLI 2L", 38000, 45000), ("SABUN LIFEBUOY 85G", 4000, 5500),
           ("PASTA GIGI PEPSODENT", 9000, 14000), ("CHITATO 68G", 10000, 12500), ("BERAS PANDAN WANGI 5KG", 68000, 85000)]
ID_RESTO = [("Nasi Goreng Spesial", 28000, 45000), ("Ayam Bakar Madu", 32000, 48000), ("Sate Ayam 10 tsk", 30000, 42000),
            ("Mie Ayam Bakso", 22000, 32000), ("Es Teh Manis", 6000, 12000), ("Es Jeruk", 9000, 15000),
            ("Rendang Sapi", 35000, 55000), ("Gado-gado", 22000, 32000), ("Jus Alpukat", 18000, 28000),
            ("Kopi Susu Gula Aren", 18000, 28000), ("Nasi Putih", 5000, 8000), ("Sop Buntut", 55000, 85000)]


def id_money(rnd: random.Random, thou: str | None = None):
    thou = thou or rnd.choice([".", ".", ","])
    pre = rnd.choice(["", "", "Rp ", "Rp. ", "Rp"])
    return lambda x: pre + money(x, "", thou, 0)


def id_address(rnd: random.Random) -> list[str]:
    st, kel, kec, city, pc = rnd.choice(ID_PLACES)
    no = rnd.choice([f"No. {rnd.randint(1, 250)}", f"No.{rnd.randint(1, 99)}", f"Kav. {rnd.randint(1, 60)}"])
    if rnd.random() < 0.5:
        return [f"{st} {no}", f"Kel. {kel}, Kec. {kec}", f"{city} {pc}"]
    return [f"{st} {no}, {city}"]


def id_date(rnd: random.Random, dt: datetime) -> str:
    return dt.strftime(rnd.choice(["%d-%m-%Y %H:%M", "%d/%m/%y %H:%M", "%d-%m-%Y", "Tgl. %d-%m-%Y %H:%M:%S",
                                   "%d/%m/%Y %H:%M"]))


def id_pay(doc: Doc, rnd: random.Random, total: Decimal, fm) -> None:
    if rnd.random() < 0.6:
        cash = cash_tender(rnd, total, [5000, 10000, 20000, 50000, 100000])
        doc.LR(rnd.choice(["TUNAI", "Tunai", "Bayar"]), fm(cash))
        doc.LR(rnd.choice(["KEMBALI", "Kembalian", "Kembali"]), fm(cash - total))
    else:
        doc.LR(rnd.choice(["QRIS", "DEBIT BCA", "Kartu Debit", "GoPay", "OVO"]), fm(total))
        if rnd.random() < 0.5:
            doc.L(f"Ref: {digits(rnd, 12)}")


@layout("id")
def id_mini(rnd: random.Random):
    doc = new_doc(rnd, 0.5)
    brand, legal = rnd.choice([("INDOMARET", "PT. INDOMARCO PRISMATAMA"), ("Alfamart", "PT. SUMBER ALFARIA TRIJAYA, TBK"),
                               ("Alfamidi", "PT. MIDI UTAMA INDONESIA TBK"), ("Lawson", "PT. LANCAR WISESA MANDIRI")])
    fm = id_money(rnd)
    logo(doc, rnd, brand)
    doc.C(legal)
    addr = id_address(rnd)
    for a in addr:
        doc.C(a.upper() if brand == "INDOMARET" else a)
    addr = [a.upper() for a in addr] if brand == "INDOMARET" else addr
    doc.C(f"NPWP: {digits(rnd, 2)}.{digits(rnd, 3)}.{digits(rnd, 3)}.{digits(rnd, 1)}-{digits(rnd, 3)}.000")
    dt = rand_dt(rnd)
    doc.LR(dt.strftime("%d.%m.%y-%H:%M"), f"2.0.{rnd.randint(20, 40)} {digits(rnd, 4)}/KSR/{rnd.randint(1, 9)}")
    doc.rule("-")
    items = basket(rnd, [(n, a, b, "A") for n, a, b in ID_MINI], 2, 8, places=0, step=100)
    items_block(doc, rnd, items, fm, rnd.choice(["cols", "inline"]), x="")
    sub = sum((it.total for it in items), D(0))
    doc.rule("-")
    total = sub
    doc.LR(rnd.choice(["HARGA JUAL", "Total Item"]), fm(sub))
    if rnd.random() < 0.4:
        disc = D(rnd.choice([500, 1000, 2000, 3000]))
        doc.LR("DISKON", "-" + fm(disc))
        total -= disc
    total_line(doc, rnd, rnd.choice(["TOTAL", "Total Belanja", "TOTAL BAYAR"]), fm(total), 0.15)
    id_pay(doc, rnd, total, fm)
    dpp = q0(total * 100 / D(111))
    doc.L(f"PPN ( {fm(dpp)} ) = {fm(total - dpp)}" if rnd.random() < 0.5 else f"DPP={fm(dpp)} PPN 11%={fm(total - dpp)}")
    if rnd.random() < 0.5:
        doc.L(f"Anda hemat {fm(rnd.choice([1000, 2500, 4000]))}")
    if rnd.random() < 0.5:
        doc.L(f"Poin Member: {rnd.randint(10, 900)}  Stamp: {rnd.randint(1, 9)}")
    doc.C(f"Layanan Konsumen SMS/WA 0811{digits(rnd, 7)}")
    if rnd.random() < 0.4:
        doc.C(f"Voucher berlaku s/d {(dt + timedelta(days=14)).strftime('%d-%m-%Y')}")
    return done(doc, brand, total, dt, "IDR", addr, {"mono": rnd.random() < 0.7})


@layout("id")
def id_resto(rnd: random.Random):
    doc = new_doc(rnd, 0.4)
    name = rnd.choice(["RM Sederhana", "Bakmi GM", "Warung Solo", "Sate Khas Senayan", "Kopi Kenangan", "Ayam Penyet Ria"])
    fm = id_money(rnd)
    logo(doc, rnd, name)
    addr = id_address(rnd)
    lab = rnd.choice(["", "Alamat: "])
    for i, a in enumerate(addr):
        doc.C((lab if i == 0 else "") + a)
    doc.C(f"Telp. (021) {digits(rnd, 7)}")
    dt = rand_dt(rnd)
    top = rnd.random() < 0.6
    doc.LR(f"No: {rnd.choice(['INV', 'TRX', 'S'])}{digits(rnd, 6)}", f"Meja {rnd.randint(1, 40)}")
    if top:
        doc.L(id_date(rnd, dt))
    doc.L(f"Kasir: {rnd.choice(['Dewi', 'Budi', 'Siti', 'Agus'])}   Pax: {rnd.randint(1, 6)}")
    doc.rule("-")
    items = basket(rnd, [(n, a, b, "A") for n, a, b in ID_RESTO], 2, 7, places=0, step=500)
    items_block(doc, rnd, items, fm, rnd.choice(["qtyfirst", "twoline", "cols"]), x="x")
    doc.rule("-")
    sub = sum((it.total for it in items), D(0))
    doc.LR("Subtotal", fm(sub))
    base = sub
    if rnd.random() < 0.3:
        disc = q0(sub * D("0.1"))
        doc.LR("Diskon 10%", "-" + fm(disc))
        base -= disc
    svc = D(0)
    if rnd.random() < 0.6:
        rate = rnd.choice([5, 10])
        svc = q0(base * rate / 100)
        doc.LR(f"Service {rate}%", fm(svc))
    tax_label, rate = rnd.choice([("PB1 10%", 10), ("Pajak Resto 10%", 10), ("PPN 11%", 11)])
    tax = q0((base + svc) * rate / 100)
    doc.LR(tax_label, fm(tax))
    total = base + svc + tax
    if rnd.random() < 0.6:
        rounded = (total / 100).quantize(D(1), rounding=ROUND_HALF_UP) * 100 if rnd.random() < 0.5 else \
            (total / 500).quantize(D(1), rounding=ROUND_HALF_UP) * 500
        if rounded != total:
            doc.LR("Total", fm(total))
            doc.LR("Pembulatan", fm(rounded - total))
            total = rounded
    total_line(doc, rnd, rnd.choice(["Grand Total", "Total Bayar", "TOTAL"]), fm(total), 0.2)
    id_pay(doc, rnd, total, fm)
    if not top:
        doc.C(id_date(rnd, dt))
    doc.C(rnd.choice(["Terima Kasih", "Terima kasih atas kunjungan Anda", "Sampai jumpa lagi"]))
    if rnd.random() < 0.4:
        doc.C(f"Wifi: {name.split()[0]}_guest  Pass: {digits(rnd, 8)}")
    return done(doc, name, total, dt, "IDR", addr, {})


@layout("id")
def id_warung(rnd: random.Random):
    doc = Doc(32)
    name = rnd.choice(["Toko Sumber Rejeki", "Warung Makan Bu Tini", "Toko Bangunan Jaya Abadi", "Warung Kopi Pak Ucup",
                       "Toko Kelontong Berkah"])
    fm = id_money(rnd)
    doc.C(name, bold=True, size=rnd.choice(["tall", "n"]))
    addr = id_address(rnd) if rnd.random() < 0.85 else []
    doc.Cs(addr)
    doc.C(f"HP/WA: 08{digits(rnd, 2)}-{digits(rnd, 4)}-{digits(rnd, 4)}")
    dt = rand_dt(rnd)
    doc.L(id_date(rnd, dt))
    doc.L(f"Nota No. {digits(rnd, 4)}")
    doc.rule("=")
    cat = ID_RESTO if "Makan" in name or "Kopi" in name else ID_MINI
    items = basket(rnd, [(n, a, b, "A") for n, a, b in cat], 1, 6, places=0, step=500)
    items_block(doc, rnd, items, fm, rnd.choice(["twoline", "qtyfirst"]), x="x")
    total = sum((it.total for it in items), D(0))
    doc.rule("=")
    total_line(doc, rnd, rnd.choice(["TOTAL", "Jumlah", "Total Rp"]), fm(total), 0.3)
    id_pay(doc, rnd, total, fm)
    doc.C("Barang yang sudah dibeli tidak dapat dikembalikan")
    doc.C("Terima kasih")
    return done(doc, name, total, dt, "IDR", addr, {"mono": rnd.random() < 0.6})


# --------------------------------------------------------------------------- en (UK, US, AU, SG, MY)
EN_FOOD = [("Semi Skimmed Milk 2pt", 1.1, 1.7, "F"), ("White Bread 800g", 0.9, 1.6, "F"), ("Free Range Eggs 6pk", 1.5, 2.8, "F"),
           ("Cheddar Cheese 400g", 2.5, 4.5, "F"), ("Bananas Loose", 0.7, 1.3, "F", "kg"), ("Orange Juice 1L", 1.2, 2.5, "F"),
           ("Chicken Breast 500g", 3.5, 6.0, "F"), ("Coca Cola 1.25L", 1.5, 2.5, "S"), ("Crisps Multipack", 1.5, 3.0, "S"),
           ("Washing Up Liquid", 0.9, 2.0, "S"), ("Toilet Roll 9pk", 3.5, 6.5, "S"), ("Pasta Fusilli 500g", 0.6, 1.4, "F"),
           ("Baked Beans 415g", 0.6, 1.2, "F"), ("Chocolate Bar", 0.8, 1.8, "S"), ("Ground Coffee 227g", 3.0, 5.5, "F")]
EN_DINER = [("Cheeseburger", 11, 17), ("Caesar Salad", 9, 15), ("Buffalo Wings", 10, 16), ("Fish Tacos", 12, 18),
            ("Club Sandwich", 11, 16), ("Fries", 3.5, 6), ("Iced Tea", 2.5, 4), ("Coffee", 2, 3.5), ("Draft Beer", 5, 9),
            ("Pancake Stack", 8, 12), ("Apple Pie", 5, 8)]
UK_PLACES = [("High Street", "London", "SW1A 1AA"), ("Deansgate", "Manchester", "M3 2BW"), ("Broad Street", "Birmingham",
             "B1 2HF"), ("Princes Street", "Edinburgh", "EH2 2ER"), ("Queen Street", "Cardiff", "CF10 2BU"),
             ("Church Road", "Bristol", "BS5 9JA"), ("Market Place", "Leeds", "LS1 6LB")]
US_PLACES = [("Main St", "Springfield, IL", "62701"), ("Broadway", "New York, NY", "10012"), ("Elm St", "Austin, TX", "78701"),
             ("Market St", "San Francisco, CA", "94103"), ("Peachtree St NE", "Atlanta, GA", "30303"),
             ("Pike St", "Seattle, WA", "98101")]
AU_PLACES = [("George St", "Sydney NSW", "2000"), ("Collins St", "Melbourne VIC", "3000"), ("Queen St", "Brisbane QLD", "4000"),
             ("Hay St", "Perth WA", "6000"), ("Rundle Mall", "Adelaide SA", "5000")]
SG_PLACES = [("Orchard Road", "238839"), ("Tampines Central 1", "529536"), ("Jurong West Street 64", "640638"),
             ("Bukit Timah Road", "229817"), ("Tanjong Pagar Road", "088456")]
MY_PLACES = [("Jalan SS 2/24", "47300 Petaling Jaya, Selangor"), ("Jalan Bukit Bintang", "55100 Kuala Lumpur"),
             ("Jalan Dato Keramat", "10150 George Town, Pulau Pinang"), ("Jalan Wong Ah Fook", "80000 Johor Bahru, Johor"),
             ("Jalan Tun Razak", "50400 Kuala Lumpur")]


def en_card(doc: Doc, rnd: random.Random, total: Decimal, fm, label=None) -> None:
    doc.LR(label or rnd.choice(["VISA DEBIT", "MASTERCARD", "CARD", "CONTACTLESS"]), fm(total))
    if rnd.random() < 0.6:
        doc.L(f"Card No: **** **** **** {digits(rnd, 4)}")
        doc.L(f"AUTH CODE: {digits(rnd, 6)}   MID: ***{digits(rnd, 4)}")


def en_cash(doc: Doc, rnd: random.Random, total: Decimal, fm, notes=(5, 10, 20, 50), change="CHANGE") -> None:
    cash = cash_tender(rnd, total, list(notes))
    doc.LR("CASH", fm(cash))
    doc.LR(change, fm(cash - total))


def en_items(doc: Doc, rnd: random.Random, items: list[Item], fm) -> Decimal:
    items_block(doc, rnd, items, fm, rnd.choice(["under", "inline", "qtyfirst", "cols"]), x="@ ", dec=".")
    return sum((it.total for it in items), D(0))


@layout("en")
def uk_shop(rnd: random.Random):
    doc = new_doc(rnd, 0.35)
    brand, legal = rnd.choice([("TESCO", "Tesco Stores Ltd"), ("Sainsbury's", "Sainsbury's Supermarkets Ltd"),
                               ("Co-op", "Co-operative Group Food Ltd"), ("Boots", "Boots UK Limited"),
                               ("Waitrose", "Waitrose Limited"), ("Greggs", "Greggs plc")])
    pound = rnd.random() < 0.6
    fm = (lambda x: "£" + money(x, ".")) if pound else (lambda x: money(x, "."))
    logo(doc, rnd, brand)
    if rnd.random() < 0.4:
        doc.C(legal)
    st, town, pc = rnd.choice(UK_PLACES)
    no = rnd.randint(1, 300)
    addr = rnd.choice([[f"{no} {st}", town, pc], [f"{no} {st}", f"{town} {pc}"], [f"{no} {st}, {town}", pc]])
    doc.Cs(addr)
    doc.C(f"Tel: 0{digits(rnd, 3)} {digits(rnd, 3)} {digits(rnd, 4)}")
    doc.C(f"VAT No: GB {digits(rnd, 3)} {digits(rnd, 4)} {digits(rnd, 2)}")
    dt = rand_dt(rnd)
    if not pound:
        doc.R("£")
    items = basket(rnd, EN_FOOD, 2, 9)
    sub = en_items(doc, rnd, items, fm)
    doc.rule("-")
    save = D(0)
    if rnd.random() < 0.4:
        save = q2(D(str(rnd.uniform(0.5, 3))))
        doc.LR(rnd.choice(["Clubcard Price savings", "Nectar price saving", "Member savings"]), "-" + fm(save))
    total = sub - save
    doc.LR(f"{len(items)} items", "")
    total_line(doc, rnd, rnd.choice(["BALANCE DUE", "TOTAL", "TOTAL TO PAY"]), fm(total), 0.15)
    if rnd.random() < 0.5:
        en_card(doc, rnd, total, fm)
    else:
        en_cash(doc, rnd, total, fm, change=rnd.choice(["CHANGE", "CHANGE DUE"]))
    std = sum((it.total for it in items if it.code == "S"), D(0))
    if std:
        doc.LR(f"VAT 20% on {fm(std - vat_included(std, 20))}", fm(vat_included(std, 20)))
    if rnd.random() < 0.5:
        doc.L(f"Clubcard points this visit: {rnd.randint(1, 40)}  Total: {rnd.randint(100, 5000)}")
    doc.LR(dt.strftime(rnd.choice(["%d/%m/%y %H:%M", "%d/%m/%Y  %H:%M"])), f"Store {digits(rnd, 4)} Till {rnd.randint(1, 12)}")
    if rnd.random() < 0.5:
        doc.L(f"Returns accepted until {(dt + timedelta(days=28)).strftime('%d/%m/%Y')} with receipt")
    doc.bar(digits(rnd, 20) if rnd.random() < 0.5 else "")
    return done(doc, brand, total, dt, "GBP", addr, {})


@layout("en")
def us_resto(rnd: random.Random):
    doc = new_doc(rnd, 0.45)
    name = rnd.choice(["THE CORNER DINER", "Joe's Grill & Bar", "Blue Moon Cafe", "Lucky Star Diner", "Main Street Tavern"])
    fm = rnd.choice([lambda x: money(x, "."), lambda x: "$" + money(x, ".", ",")])
    logo(doc, rnd, name)
    st, town, zp = rnd.choice(US_PLACES)
    addr = [f"{rnd.randint(10, 9999)} {st}", f"{town} {zp}"]
    doc.Cs(addr)
    doc.C(f"({digits(rnd, 3)}) {digits(rnd, 3)}-{digits(rnd, 4)}")
    dt = rand_dt(rnd)
    doc.LR(f"Server: {rnd.choice(['Jessica', 'Mike', 'Ashley', 'Tony'])}", f"Table {rnd.randint(1, 40)}")
    doc.LR(f"Check #{digits(rnd, 4)}", f"Guests: {rnd.randint(1, 6)}")
    doc.L(dt.strftime("%m/%d/%Y %I:%M %p"))
    doc.rule("-")
    items = basket(rnd, [(n, a, b, "T") for n, a, b in EN_DINER], 2, 7)
    sub = en_items(doc, rnd, items, fm)
    doc.rule("-")
    rate = D(rnd.choice(["8.875", "6.25", "7.0", "8.25", "10.1"]))
    tax = q2(sub * rate / 100)
    doc.LR("SUBTOTAL", fm(sub))
    doc.LR(f"TAX {rate}%" if rnd.random() < 0.6 else "Sales Tax", fm(tax))
    total = sub + tax
    tipped = rnd.random() < 0.5
    if tipped:
        doc.LR("AMOUNT", fm(total))
        tip = q2(total * D(rnd.choice([15, 18, 20, 22])) / 100)
        doc.LR("TIP", fm(tip))
        total += tip
        total_line(doc, rnd, "TOTAL", fm(total), 0.2)
        en_card(doc, rnd, total, fm, rnd.choice(["VISA", "AMEX", "MASTERCARD"]))
        doc.L("X______________________")
    else:
        total_line(doc, rnd, rnd.choice(["TOTAL", "Amount Due", "BALANCE DUE"]), fm(total), 0.2)
        doc.C("Suggested gratuity:")
        for p in (18, 20, 22):
            doc.C(f"{p}% = {fm(q2(sub * p / 100))}")
        if rnd.random() < 0.5:
            en_cash(doc, rnd, total, fm, (10, 20, 50, 100))
    doc.C(rnd.choice(["Thank you! Come again", "THANK YOU FOR DINING WITH US"]))
    return done(doc, name, total, dt, "USD", addr, {})


@layout("en")
def au_shop(rnd: random.Random):
    doc = new_doc(rnd, 0.35)
    brand, legal = rnd.choice([("Woolworths", "Woolworths Group Limited"), ("Coles", "Coles Supermarkets Australia Pty Ltd"),
                               ("Bunnings Warehouse", "Bunnings Group Limited"), ("IGA Local Grocer", "Smith Family Retail Pty Ltd")])
    fm = rnd.choice([lambda x: money(x, "."), lambda x: "$" + money(x, ".")])
    logo(doc, rnd, brand)
    doc.C(legal)
    doc.C(f"ABN {digits(rnd, 2)} {digits(rnd, 3)} {digits(rnd, 3)} {digits(rnd, 3)}")
    st, town, pc = rnd.choice(AU_PLACES)
    addr = [f"{rnd.randint(1, 600)} {st}", f"{town} {pc}"]
    doc.Cs(addr)
    dt = rand_dt(rnd)
    doc.C("TAX INVOICE", bold=True)
    items = basket(rnd, [(n, a * 1.6, b * 1.6, "G" if c == "S" else "F", *r) for n, a, b, c, *r in EN_FOOD], 2, 9)
    for it in items:
        it.name = ("^" if it.code == "G" else "") + it.name
    sub = en_items(doc, rnd, items, fm)
    total = sub
    doc.rule("-")
    doc.LR(f"{len(items)} SUBTOTAL", fm(sub))
    gst = vat_included(sum((it.total for it in items if it.code == "G"), D(0)), 10)
    cash = rnd.random() < 0.35
    if cash:
        rounded = round_to(total, "0.05")
        if rounded != total:
            doc.LR("Rounding", fm(rounded - total))
        total = rounded
    total_line(doc, rnd, "TOTAL", fm(total), 0.15)
    if cash:
        en_cash(doc, rnd, total, fm)
    else:
        en_card(doc, rnd, total, fm, rnd.choice(["EFTPOS", "EFTPOS SAV", "VISA CREDIT", "Tap & Go"]))
    doc.L(f"Total includes GST {fm(gst)}")
    doc.L("^ denotes item includes GST")
    if rnd.random() < 0.5:
        doc.L(f"Everyday Rewards points earned: {rnd.randint(5, 80)}")
    doc.L(dt.strftime(rnd.choice(["%d/%m/%Y %H:%M", "%d/%m/%y %I:%M%p"])) + f"  Str {digits(rnd, 4)} Lne {rnd.randint(1, 20)}")
    return done(doc, brand, total, dt, "AUD", addr, {})


@layout("en")
def sg_shop(rnd: random.Random):
    doc = new_doc(rnd, 0.4)
    name = rnd.choice(["FairPrice Finest", "Toast Box", "Ya Kun Kaya Toast", "Din Tai Fung", "Cold Storage"])
    resto = name in ("Toast Box", "Ya Kun Kaya Toast", "Din Tai Fung")
    fm = rnd.choice([lambda x: money(x, "."), lambda x: "S$" + money(x, "."), lambda x: "$" + money(x, ".")])
    logo(doc, rnd, name)
    st, pc = rnd.choice(SG_PLACES)
    addr = [f"{rnd.randint(1, 300)} {st}" + (f" #0{rnd.randint(1, 5)}-{rnd.randint(10, 99)}" if rnd.random() < 0.6 else ""),
            f"Singapore {pc}"]
    doc.Cs(addr)
    doc.C(f"GST Reg No: {rnd.choice(['M2', 'M9', '20'])}-{digits(rnd, 7)}-{rnd.choice('ABCDEX')}")
    dt = rand_dt(rnd)
    doc.LR(dt.strftime("%d/%m/%Y %H:%M"), f"Rcpt {digits(rnd, 6)}")
    doc.rule("-")
    cat = [(n, a * 1.3, b * 1.3, "G") for n, a, b in EN_DINER] if resto else \
        [(n, a * 2, b * 2, "G", *r) for n, a, b, c, *r in EN_FOOD]
    items = basket(rnd, cat, 2, 7)
    sub = en_items(doc, rnd, items, fm)
    doc.rule("-")
    doc.LR("Sub-Total", fm(sub))
    if resto:
        svc = q2(sub / 10)
        doc.LR("Svc Chg 10%", fm(svc))
        gst = q2((sub + svc) * 9 / 100)
        doc.LR("GST 9%", fm(gst))
        total = sub + svc + gst
    else:
        total = sub
    total_line(doc, rnd, rnd.choice(["TOTAL", "Total S$", "NETT TOTAL"]), fm(total), 0.2)
    if not resto:
        doc.L(f"GST 9% included: {fm(vat_included(total, 9))}")
    if rnd.random() < 0.6:
        en_card(doc, rnd, total, fm, rnd.choice(["NETS", "PayNow", "VISA", "GrabPay"]))
    else:
        en_cash(doc, rnd, total, fm, (2, 5, 10, 50))
    if rnd.random() < 0.5:
        doc.L(f"LinkPoints earned: {rnd.randint(1, 90)}")
    doc.C("Thank you! Please come again")
    return done(doc, name, total, dt, "SGD", addr, {})


@layout("en")
def my_shop(rnd: random.Random):
    doc = new_doc(rnd, 0.45)
    brand, legal, resto = rnd.choice([("99 SPEEDMART", "99 SPEED MART SDN BHD (519537-X)", False),
                                      ("MYNEWS", "MYNEWS RETAIL SDN BHD (1022734-T)", False),
                                      ("Restoran Nasi Kandar Pelita", "PELITA NASI KANDAR SDN BHD (405663-U)", True),
                                      ("KK SUPER MART", "KK SUPER MART & SUPERSTORE SDN BHD (1039851-K)", False),
                                      ("Restoran Mee Udang Banjir", "MEE UDANG BANJIR SDN BHD (888123-A)", True)])
    fm = rnd.choice([lambda x: money(x, "."), lambda x: "RM" + money(x, "."), lambda x: "RM " + money(x, ".")])
    logo(doc, rnd, brand)
    doc.C(legal)
    st, town = rnd.choice(MY_PLACES)
    addr = [f"No. {rnd.randint(1, 120)}, {st}", town]
    doc.Cs(addr)
    doc.C(f"TEL: 03-{digits(rnd, 4)} {digits(rnd, 4)}")
    if resto:
        doc.C(f"SST ID: W10-{digits(rnd, 4)}-{digits(rnd, 8)}")
    dt = rand_dt(rnd)
    doc.C("INVOICE" if resto else "RECEIPT", bold=True)
    doc.LR(f"Inv No: {digits(rnd, 8)}", dt.strftime(rnd.choice(["%d/%m/%Y", "%d-%m-%Y"])))
    doc.LR(f"Cashier: {rnd.choice(['AISYAH', 'KUMAR', 'MEI LING'])}", dt.strftime("%H:%M:%S"))
    doc.rule("-")
    cat = [(n, a * 1.2, b * 1.2, "S") for n, a, b in EN_DINER] if resto else \
        [(n, a * 3, b * 3, "S", *r) for n, a, b, c, *r in EN_FOOD]
    items = basket(rnd, cat, 2, 8)
    sub = en_items(doc, rnd, items, fm)
    doc.rule("-")
    doc.LR("SUB TOTAL", fm(sub))
    total = sub
    if resto:
        sst = q2(sub * 6 / 100)
        doc.LR("SST 6%", fm(sst))
        total += sst
    rounded = round_to(total, "0.05")
    if rounded != total or rnd.random() < 0.3:
        doc.LR("ROUNDING ADJ", fm(rounded - total))
    total = rounded
    total_line(doc, rnd, rnd.choice(["TOTAL", "TOTAL (RM)", "NET TOTAL"]), fm(total), 0.2)
    if rnd.random() < 0.5:
        en_cash(doc, rnd, total, fm, (1, 5, 10, 50))
    else:
        en_card(doc, rnd, total, fm, rnd.choice(["Touch 'n Go eWallet", "DuitNow QR", "DEBIT CARD"]))
    doc.C("Goods sold are not returnable" if not resto else "Thank you, please come again")
    return done(doc, brand, total, dt, "MYR", addr, {})


# ==================================================================== layouts end


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--langs", default=",".join(LANGUAGES))
    ap.add_argument("--n", type=int, default=3)
    ap.add_argument("--seed", type=int, default=21)
    ap.add_argument("--out", default="/tmp/holdout3_docs")
    a = ap.parse_args(argv)
    out = Path(a.out)
    out.mkdir(parents=True, exist_ok=True)
    truths = {}
    for lang in [x.strip() for x in a.langs.split(",") if x.strip()]:
        for k in range(a.n):
            img, truth = make_document(lang, k, a.seed)
            name = f"{lang}_{k:03d}_{truth['layout']}.png"
            Image.fromarray(img).save(out / name)
            truths[name] = truth
    (out / "truth.json").write_text(json.dumps(truths, ensure_ascii=False, indent=1))
    print(f"wrote {len(truths)} documents to {out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
