"""Generate invoices with known fields: several languages and layouts, as PDFs, rasters and "scans".

`make_spec(seed)` draws an invoice (deterministic per seed); `render_pdf` writes it as a born-digital
PDF with a text layer; `raster` renders a PDF page to pixels; `scan` tilts, blurs and speckles a
raster like a desk scan. `labels(spec)` are the fields an extractor should return.
"""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from PIL import Image, ImageFilter

FONT_PATHS = ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",)
LAYOUTS = ("classic", "right_seller", "boxed_totals", "borderless", "multi_page", "header_table")

# Per language: words printed, date style, number style (thousands, decimal) and currency.
LANG: dict[str, dict] = {
    "en": {"title": "INVOICE", "number": "Invoice number", "date": "Invoice date", "due": "Due date",
           "bill": "Bill to", "cols": ("Description", "Qty", "Unit price", "Amount"), "net": "Subtotal",
           "tax": "VAT", "total": "Total due", "terms": "Payment terms: 30 days net", "vat_id": "VAT no.",
           "date_fmt": "{d:02d}/{m:02d}/{y}", "num": (",", "."), "currency": "GBP", "country": "GB"},
    "fr": {"title": "FACTURE", "number": "N° de facture", "date": "Date de facture", "due": "Date d'échéance",
           "bill": "Facturé à", "cols": ("Désignation", "Qté", "Prix unitaire", "Montant"), "net": "Total HT",
           "tax": "TVA", "total": "Total TTC", "terms": "Conditions de paiement : 30 jours", "vat_id": "N° TVA",
           "date_fmt": "{d:02d}/{m:02d}/{y}", "num": (" ", ","), "currency": "EUR", "country": "FR"},
    "de": {"title": "RECHNUNG", "number": "Rechnungsnummer", "date": "Rechnungsdatum", "due": "Fällig am",
           "bill": "Rechnungsempfänger", "cols": ("Beschreibung", "Menge", "Einzelpreis", "Betrag"),
           "net": "Nettobetrag", "tax": "MwSt.", "total": "Gesamtbetrag", "terms": "Zahlungsziel: 14 Tage",
           "vat_id": "USt-IdNr.", "date_fmt": "{d:02d}.{m:02d}.{y}", "num": (".", ","), "currency": "EUR",
           "country": "DE"},
    "nl": {"title": "FACTUUR", "number": "Factuurnummer", "date": "Factuurdatum", "due": "Vervaldatum",
           "bill": "Factuuradres", "cols": ("Omschrijving", "Aantal", "Prijs", "Bedrag"), "net": "Subtotaal",
           "tax": "BTW", "total": "Te betalen", "terms": "Betalingstermijn: 30 dagen", "vat_id": "BTW-nummer",
           "date_fmt": "{d:02d}-{m:02d}-{y}", "num": (".", ","), "currency": "EUR", "country": "NL"},
    "pl": {"title": "FAKTURA VAT", "number": "Numer faktury", "date": "Data wystawienia", "due": "Termin płatności",
           "bill": "Nabywca", "cols": ("Nazwa", "Ilość", "Cena netto", "Wartość"), "net": "Razem netto",
           "tax": "VAT", "total": "Do zapłaty", "terms": "Sposób płatności: przelew 14 dni", "vat_id": "NIP",
           "date_fmt": "{y}-{m:02d}-{d:02d}", "num": (" ", ","), "currency": "PLN", "country": "PL"},
    "vi": {"title": "HÓA ĐƠN GIÁ TRỊ GIA TĂNG", "number": "Số hóa đơn", "date": "Ngày lập", "due": "Hạn thanh toán",
           "bill": "Người mua hàng", "cols": ("Tên hàng hóa", "SL", "Đơn giá", "Thành tiền"), "net": "Cộng tiền hàng",
           "tax": "Tiền thuế GTGT", "total": "Tổng cộng tiền thanh toán", "terms": "Hình thức thanh toán: CK",
           "vat_id": "Mã số thuế", "date_fmt": "{d:02d}/{m:02d}/{y}", "num": (".", ","), "currency": "VND",
           "country": "VN"},
}
SELLERS = ["Nordwind Trading", "Atelier Lumière", "Van Dijk Techniek", "Kowalski Serwis", "Harbour Supplies",
           "Minh Phát Co", "Bergmann Logistik", "Papeterie Moreau", "Oakridge Consulting", "Delta Elektro"]
STREETS = ["Hauptstraße 12", "12 rue des Lilas", "Kerkstraat 8", "ul. Długa 5", "14 King Street", "25 Lê Lợi"]
CITIES = ["10115 Berlin", "69002 Lyon", "3511 AB Utrecht", "00-950 Warszawa", "Leeds LS1 4AP", "Quận 1, TP HCM"]
BUYERS = ["Globex Ltd", "Initech SARL", "Umbrella BV", "Soylent Sp. z o.o.", "Hooli GmbH", "Vandelay Co"]
ITEMS = ["Consulting hours", "Office chairs", "Printer paper A4", "Software licence", "Delivery", "Maintenance",
         "Cables 2 m", "Training session", "Monitor 27 inch", "Support plan"]
TAX_IDS = {"GB": "GB980780684", "FR": "FR40303265045", "DE": "DE136695976", "NL": "NL004495445B01",
           "PL": "5260001246", "VN": "0100109106"}
IBANS = {"GB": "GB82 WEST 1234 5698 7654 32", "FR": "FR14 2004 1010 0505 0001 3M02 606",
         "DE": "DE89 3704 0044 0532 0130 00", "NL": "NL91 ABNA 0417 1643 00",
         "PL": "PL61 1090 1014 0000 0712 1981 2874", "VN": None}


@dataclass
class InvoiceSpec:
    """One generated invoice: what is printed and where."""

    seed: int
    language: str
    layout: str
    seller: str
    seller_address: list[str]
    buyer: str
    buyer_address: list[str]
    number: str
    issued: date
    due: date
    rate: Decimal
    items: list[tuple[str, int, Decimal]] = field(default_factory=list)

    @property
    def words(self) -> dict:
        """The language's printed words and formats."""
        return LANG[self.language]

    @property
    def places(self) -> int:
        """Decimal places of the currency (VND has none)."""
        return 0 if self.words["currency"] == "VND" else 2

    def money(self, value: Decimal) -> Decimal:
        """Round to the currency's places."""
        return value.quantize(Decimal(1).scaleb(-self.places), rounding=ROUND_HALF_UP)

    @property
    def net(self) -> Decimal:
        """Sum of the line amounts."""
        return sum((self.money(q * p) for _, q, p in self.items), Decimal(0))

    @property
    def tax(self) -> Decimal:
        """Tax at the invoice's one rate."""
        return self.money(self.net * self.rate / 100)

    @property
    def gross(self) -> Decimal:
        """Net plus tax."""
        return self.net + self.tax


def make_spec(seed: int, language: str | None = None, layout: str | None = None) -> InvoiceSpec:
    """Draw an invoice from `seed` (the same seed gives the same invoice)."""
    rnd = random.Random(seed)
    language = language or rnd.choice(sorted(LANG))
    layout = layout or rnd.choice(LAYOUTS)
    issued = date(2023, 1, 1) + timedelta(days=rnd.randrange(700))
    scale = 1000 if language == "vi" else 1
    count = rnd.randint(14, 24) if layout == "multi_page" else rnd.randint(2, 6)
    items = [(rnd.choice(ITEMS), rnd.randint(1, 9), Decimal(rnd.randrange(500, 90000)) / 100 * scale)
             for _ in range(count)]
    prefix = rnd.choice(["INV-", "F", "RE-", "FV/", ""])
    number = f"{prefix}{issued.year}-{rnd.randrange(1, 9999):04d}" if prefix != "FV/" else \
        f"FV/{rnd.randrange(1, 300)}/{issued.year}"
    return InvoiceSpec(seed, language, layout, rnd.choice(SELLERS), [rnd.choice(STREETS), rnd.choice(CITIES)],
                       rnd.choice(BUYERS), [rnd.choice(STREETS), rnd.choice(CITIES)], number, issued,
                       issued + timedelta(days=rnd.choice([14, 30])),
                       Decimal(rnd.choice({"de": [19, 7], "fr": [20], "nl": [21], "pl": [23], "vi": [10, 8]}
                                          .get(language, [20]))), items)


def labels(spec: InvoiceSpec) -> dict:
    """The fields an extractor should return for `spec`."""
    country = spec.words["country"]
    iban = IBANS[country]
    return {"document_type": "invoice", "language": spec.language, "layout": spec.layout,
            "issuer": spec.seller, "invoice_number": spec.number, "date": spec.issued.isoformat(),
            "due_date": spec.due.isoformat(), "currency": spec.words["currency"], "total": str(spec.gross),
            "subtotal": str(spec.net), "tax": str(spec.tax), "seller_tax_id": TAX_IDS[country].replace(" ", ""),
            "iban": iban.replace(" ", "") if iban else None}


def _amount(spec: InvoiceSpec, value: Decimal) -> str:
    thousands, decimal = spec.words["num"]
    whole, _, frac = f"{value:,.{spec.places}f}".partition(".")
    whole = whole.replace(",", thousands)
    return f"{whole}{decimal}{frac}" if frac else whole


def _date(spec: InvoiceSpec, value: date) -> str:
    return spec.words["date_fmt"].format(d=value.day, m=value.month, y=value.year)


def _font() -> tuple[str, bool]:
    """A Unicode TrueType font when the system has one, else Helvetica (text then folded to Latin-1)."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    for path in FONT_PATHS:
        if Path(path).is_file():
            if "Inv" not in pdfmetrics.getRegisteredFontNames():
                pdfmetrics.registerFont(TTFont("Inv", path))
            return "Inv", True
    return "Helvetica", False


def _fold(text: str) -> str:
    out = []
    for ch in text:
        try:
            ch.encode("cp1252")
            out.append(ch)
        except UnicodeEncodeError:
            out.append("".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c))
                       .replace("đ", "d").replace("Đ", "D").replace("ł", "l").replace("Ł", "L"))
    return "".join(out)


class _Page:
    """A reportlab canvas with top-down coordinates and one font."""

    def __init__(self, canvas, font: str, unicode_ok: bool) -> None:  # type: ignore[no-untyped-def]
        self.c, self.font, self.unicode_ok = canvas, font, unicode_ok
        self.height = 842

    def text(self, x: float, y: float, value: str, size: float = 10, right: bool = False) -> None:
        value = value if self.unicode_ok else _fold(value)
        self.c.setFont(self.font, size)
        (self.c.drawRightString if right else self.c.drawString)(x, self.height - y - size, value)

    def width(self, value: str, size: float = 10) -> float:
        """Width in points of `value` as `text` draws it."""
        from reportlab.pdfbase.pdfmetrics import stringWidth

        return float(stringWidth(value if self.unicode_ok else _fold(value), self.font, size))

    def line(self, x0: float, y0: float, x1: float, y1: float) -> None:
        self.c.line(x0, self.height - y0, x1, self.height - y1)

    def box(self, x: float, y: float, w: float, h: float) -> None:
        self.c.rect(x, self.height - y - h, w, h)


def render_pdf(spec: InvoiceSpec, path: Path) -> Path:
    """Write `spec` as a born-digital PDF (A4) in its layout."""
    from reportlab.pdfgen import canvas

    font, unicode_ok = _font()
    c = canvas.Canvas(str(path), pagesize=(595, 842))
    page = _Page(c, font, unicode_ok)
    w = spec.words
    right = spec.layout == "right_seller"
    sx, bx = (360, 50) if right else (50, 360)
    page.text(sx, 40, spec.seller, 16)
    for i, line in enumerate(spec.seller_address + [f"{w['vat_id']}: {TAX_IDS[w['country']]}"]):
        page.text(sx, 62 + 14 * i, line, 9)
    page.text(bx, 130, w["bill"], 9)
    for i, line in enumerate([spec.buyer, *spec.buyer_address]):
        page.text(bx, 144 + 14 * i, line, 10)
    page.text(50, 230, w["title"], 18)
    meta = [(w["number"], spec.number), (w["date"], _date(spec, spec.issued)), (w["due"], _date(spec, spec.due))]
    if spec.layout == "header_table":  # labels over their values, as columns
        for i, (label, value) in enumerate(meta):
            page.text(50 + 170 * i, 262, label, 9)
            page.text(50 + 170 * i, 278, value, 10)
    else:
        for i, (label, value) in enumerate(meta):
            page.text(50, 262 + 16 * i, f"{label}: {value}", 10)
    y = _table(page, spec, 330, c)
    _totals(page, spec, y + 20)
    iban = IBANS[w["country"]]
    page.text(50, 780, w["terms"] + (f"   IBAN: {iban}" if iban else ""), 8)
    c.showPage()
    c.save()
    return path


def _table(page: _Page, spec: InvoiceSpec, y: float, c) -> float:  # type: ignore[no-untyped-def]
    """Draw the line items (new pages when they run out of room); return the y below the table."""
    cols = spec.words["cols"]
    bordered = spec.layout not in ("borderless",)
    page.text(50, y, cols[0], 9)
    page.text(330, y, cols[1], 9, right=True)
    page.text(440, y, cols[2], 9, right=True)
    page.text(545, y, cols[3], 9, right=True)
    if bordered:
        page.line(50, y + 13, 545, y + 13)
    y += 20
    for description, qty, price in spec.items:
        if y > 720:
            c.showPage()
            y = 60
        page.text(50, y, description, 10)
        page.text(330, y, str(qty), 10, right=True)
        page.text(440, y, _amount(spec, price), 10, right=True)
        page.text(545, y, _amount(spec, spec.money(qty * price)), 10, right=True)
        y += 18
    if bordered:
        page.line(50, y, 545, y)
    return y


def _totals(page: _Page, spec: InvoiceSpec, y: float) -> None:
    w, cur = spec.words, spec.words["currency"]
    if y > 690:
        page.c.showPage()
        y = 60
    rows = [(w["net"], spec.net), (f"{w['tax']} {spec.rate}%", spec.tax), (w["total"], spec.gross)]
    sizes = [12 if i == len(rows) - 1 else 10 for i in range(len(rows))]
    texts = [(label, f"{_amount(spec, value)} {cur}") for label, value in rows]
    # The label column starts at 340 unless a label would run into its amount ('Tổng cộng tiền thanh toán'):
    # then the column moves left, as a real invoice's does, so no label is printed over its amount.
    room = [540 - page.width(a, s) - page.width(lb, s) - 12 for (lb, a), s in zip(texts, sizes, strict=True)]
    x = min([340.0, *room])
    if spec.layout == "boxed_totals":
        page.box(x - 10, y - 6, 555 - x, 18 * len(rows) + 8)
    for i, ((label, amount), size) in enumerate(zip(texts, sizes, strict=True)):
        page.text(x, y + 18 * i, label, size)
        page.text(540, y + 18 * i, amount, size, right=True)


def raster(pdf: Path, dpi: int = 200, page: int = 0) -> Image.Image:
    """Render one page of a PDF to an RGB image."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(pdf))
    try:
        return doc[page].render(scale=dpi / 72).to_pil().convert("RGB")
    finally:
        doc.close()


def scan(image: Image.Image, seed: int) -> Image.Image:
    """Tilt a raster a little, blur it and add speckle noise, as a desk scan does."""
    import numpy as np

    rnd = random.Random(seed)
    tilted = image.rotate(rnd.uniform(-1.5, 1.5), resample=Image.Resampling.BICUBIC, expand=True,
                          fillcolor=(255, 255, 255))
    blurred = tilted.filter(ImageFilter.GaussianBlur(rnd.uniform(0.4, 0.9)))
    pixels = np.asarray(blurred, dtype=np.int16)
    noise = np.random.default_rng(seed).normal(0, 8, pixels.shape[:2])[..., None]
    return Image.fromarray(np.clip(pixels + noise, 0, 255).astype(np.uint8))
