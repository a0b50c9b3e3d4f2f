"""Held-out born-digital invoices with known fields, written independently of the extraction code.

`holdout_invoices(work, langs, n, seed)` draws, for each language and k < n, one invoice as a
text-layer PDF (reportlab, DejaVu/Noto TTF embedded) and returns `(label, path)` pairs.

Label fields:
  issuer          the seller's company name exactly as printed in its own block (never the buyer)
  invoice_number  the invoice number as printed (Vietnamese forms: the "Số", not the "Ký hiệu")
  date            the issue date (ISO); due, delivery/service, tax-point, order and deposit dates differ
  total           the final amount payable, "1234.56": gross (net + tax [+ shipping]) minus any deposit
                  or payment already received, i.e. the "Amount due" / "Balance Due" / "Zahlbetrag" /
                  "Net à payer" / "Te betalen" / "Do zapłaty" / "Còn phải thanh toán" / "Sisa Tagihan" line when a
                  deposit is shown, else the gross total. VND/IDR amounts are whole, still "12500000.00".
  gross           the gross total before any deposit is taken off (what the service's `total_amount` is)
  currency        ISO 4217 code; language, layout, set="holdout", doc_id

Layouts: classic (seller top-left, title + label/value meta right), banner (seller centred, meta as a
grid of labels over values), letter (DIN-5008-like: address window left, seller and info block right,
four-column footer), pl-form (Polish "Faktura VAT" with Sprzedawca/Nabywca boxes and VAT summary),
vn-form / vn-form-bilingual (Vietnamese e-invoice "HÓA ĐƠN GIÁ TRỊ GIA TĂNG", optionally with
English glosses). Totals are arithmetically consistent (per-line nets, tax per rate, rounded half up).
"""

from __future__ import annotations

import datetime as dt
import pathlib
import random
import subprocess
from decimal import ROUND_HALF_UP, Decimal

from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

LANGUAGES = ("en", "de", "fr", "nl", "pl", "vi", "id")
LAYOUTS = {
    "en": ("classic", "banner", "letter"),
    "de": ("letter", "classic", "banner"),
    "fr": ("classic", "letter", "banner"),
    "nl": ("banner", "classic", "letter"),
    "pl": ("pl-form", "classic", "banner"),
    "vi": ("vn-form-bilingual", "vn-form", "classic"),
    "id": ("classic", "banner", "letter"),
}
REG, BOLD = "HoldoutSans", "HoldoutSans-Bold"
CENT, ONE = Decimal("0.01"), Decimal("1")


# --------------------------------------------------------------------------- fonts and drawing


def _fonts() -> None:
    """Register a Unicode TTF pair once (DejaVu Sans, else the first Noto Sans that fc-list knows)."""
    if REG in pdfmetrics.getRegisteredFontNames():
        return
    base = pathlib.Path("/usr/share/fonts/truetype/dejavu")
    regular, bold = base / "DejaVuSans.ttf", base / "DejaVuSans-Bold.ttf"
    if not regular.exists():
        found = subprocess.run(
            ["fc-list", ":family=Noto Sans", "file"], capture_output=True, text=True
        ).stdout
        files = sorted(line.split(":")[0] for line in found.splitlines() if line.strip())
        regular = pathlib.Path(next(f for f in files if f.endswith("NotoSans-Regular.ttf")))
        bold = pathlib.Path(next((f for f in files if f.endswith("NotoSans-Bold.ttf")), str(regular)))
    pdfmetrics.registerFont(TTFont(REG, str(regular)))
    pdfmetrics.registerFont(TTFont(BOLD, str(bold if bold.exists() else regular)))


class Page:
    """A one-page canvas addressed in millimetres from the top-left corner."""

    def __init__(self, path: pathlib.Path, size: tuple[float, float]):
        self.c = canvas.Canvas(str(path), pagesize=size, invariant=1)
        self.w, self.h = size[0] / mm, size[1] / mm

    def text(self, x: float, y: float, s: str, size: float = 9, bold: bool = False, align: str = "l") -> None:
        self.c.setFont(BOLD if bold else REG, size)
        draw = {"l": self.c.drawString, "r": self.c.drawRightString, "c": self.c.drawCentredString}[align]
        draw(x * mm, (self.h - y) * mm, s)

    def lines(
        self, x: float, y: float, rows: list[str], size: float = 9, lead: float = 4.3, align: str = "l"
    ) -> float:
        for i, row in enumerate(rows):
            self.text(x, y + i * lead, row, size, False, align)
        return y + len(rows) * lead

    def pairs(
        self, x: float, xr: float, y: float, rows: list[tuple[str, str]], size: float = 9, lead: float = 4.6
    ) -> float:
        """Label at x, value right-aligned at xr."""
        for i, (label, value) in enumerate(rows):
            self.text(x, y + i * lead, f"{label}:", size)
            self.text(xr, y + i * lead, value, size, align="r")
        return y + len(rows) * lead

    def rule(self, x1: float, y: float, x2: float, width: float = 0.5) -> None:
        self.c.setLineWidth(width)
        self.c.line(x1 * mm, (self.h - y) * mm, x2 * mm, (self.h - y) * mm)

    def box(self, x: float, y: float, w: float, h: float, fill: float | None = None) -> None:
        self.c.setLineWidth(0.5)
        if fill is not None:
            self.c.setFillGray(fill)
        self.c.rect(x * mm, (self.h - y - h) * mm, w * mm, h * mm, stroke=1, fill=fill is not None)
        self.c.setFillGray(0)

    def fit(self, s: str, width: float, size: float, bold: bool = False) -> str:
        font = BOLD if bold else REG
        while s and pdfmetrics.stringWidth(s, font, size) > width * mm:
            s = s[:-2] + "…"
        return s

    def table(
        self,
        x: float,
        y: float,
        cols: list[tuple[str, float, str]],
        rows: list[list[str]],
        size: float = 8.5,
        lead: float = 5.6,
        grid: bool = False,
        shade: float | None = 0.88,
    ) -> float:
        """cols: (header, width mm, align l/r/c); header may hold "\\n" for a second line. Returns the end y."""
        heads = [h.split("\n") for h, _, _ in cols]
        hh = lead * max(len(h) for h in heads)
        width = sum(w for _, w, _ in cols)
        if shade is not None or grid:
            self.box(x, y, width, hh, shade)
        else:
            self.rule(x, y + hh, x + width, 0.8)
        cx = x
        for (_, w, al), parts in zip(cols, heads, strict=True):
            for j, part in enumerate(parts):
                tx = {"l": cx + 1.5, "r": cx + w - 1.5, "c": cx + w / 2}[al]
                self.text(tx, y + lead * (j + 1) - 1.6, part, size, True, al)
            cx += w
        yy = y + hh
        for row in rows:
            cx = x
            for (_, w, al), cell in zip(cols, row, strict=True):
                tx = {"l": cx + 1.5, "r": cx + w - 1.5, "c": cx + w / 2}[al]
                self.text(tx, yy + lead - 1.6, self.fit(cell, w - 3, size), size, False, al)
                cx += w
            yy += lead
            if not grid:
                self.c.setStrokeGray(0.75)
                self.rule(x, yy, x + width, 0.3)
                self.c.setStrokeGray(0)
        if grid:
            self.box(x, y, width, yy - y)
            cx = x
            for _, w, _ in cols[:-1]:
                cx += w
                self.c.line(cx * mm, (self.h - y) * mm, cx * mm, (self.h - yy) * mm)
            for i in range(len(rows)):
                self.rule(x, y + hh + i * lead, x + width, 0.3)
        return yy

    def save(self) -> None:
        self.c.showPage()
        self.c.save()


# --------------------------------------------------------------------------- numbers, dates, words


def num(a: Decimal, thousands: str, dec: str, places: int = 2) -> str:
    """1234.5 -> '1.234,50' (thousands '.', dec ',')."""
    a = a.quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)
    sign, a = ("-", -a) if a < 0 else ("", a)
    out = f"{int(a):,}".replace(",", thousands)
    if places:
        out += dec + f"{a:.{places}f}".split(".")[1]
    return sign + out


def rate_str(r: Decimal, dec: str) -> str:
    return f"{r.normalize():f}".replace(".", dec)


def iban(country: str, bban: str) -> str:
    """A valid IBAN (mod-97 check digits), printed in groups of four."""
    digits = "".join(str(int(ch, 36)) for ch in bban + country + "00")
    code = f"{country}{98 - int(digits) % 97:02d}{bban}"
    return " ".join(code[i : i + 4] for i in range(0, len(code), 4))


def digits(rng: random.Random, n: int) -> str:
    return str(rng.randint(1, 9)) + "".join(str(rng.randint(0, 9)) for _ in range(n - 1))


MONTHS = {
    "en": "January February March April May June July August September October November December",
    "de": "Januar Februar März April Mai Juni Juli August September Oktober November Dezember",
    "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
    "nl": "januari februari maart april mei juni juli augustus september oktober november december",
    "id": "Januari Februari Maret April Mei Juni Juli Agustus September Oktober November Desember",
}
ROMAN = "I II III IV V VI VII VIII IX X XI XII".split()

VI_D = "không một hai ba bốn năm sáu bảy tám chín".split()


def _vi3(n: int, full: bool) -> str:
    h, t, u = n // 100, n // 10 % 10, n % 10
    out = [VI_D[h], "trăm"] if (full or h) else []
    if t == 0 and u:
        out += (["linh"] if out else []) + [VI_D[u]]
    elif t == 1:
        out += ["mười"] + ([{5: "lăm"}.get(u, VI_D[u])] if u else [])
    elif t > 1:
        out += [VI_D[t], "mươi"] + ([{1: "mốt", 5: "lăm"}.get(u, VI_D[u])] if u else [])
    return " ".join(out)


def vi_words(n: int) -> str:
    """Vietnamese amount in words: 13750000 -> 'Mười ba triệu bảy trăm năm mươi nghìn đồng chẵn'."""
    triples = []
    while n:
        triples.append(n % 1000)
        n //= 1000
    units = ["", "nghìn", "triệu", "tỷ"]
    words = [
        (_vi3(t, i != len(triples) - 1) + (f" {units[i]}" if units[i] else ""))
        for i, t in reversed(list(enumerate(triples)))
        if t
    ]
    s = " ".join(words) or "không"
    return s[0].upper() + s[1:] + (" đồng chẵn" if triples and triples[0] == 0 else " đồng")


PL_U = "zero jeden dwa trzy cztery pięć sześć siedem osiem dziewięć".split()
PL_N = (
    "dziesięć jedenaście dwanaście trzynaście czternaście piętnaście szesnaście siedemnaście "
    "osiemnaście dziewiętnaście"
).split()
PL_T = (
    ",,dwadzieścia,trzydzieści,czterdzieści,pięćdziesiąt,sześćdziesiąt,siedemdziesiąt,"
    "osiemdziesiąt,dziewięćdziesiąt".split(",")
)
PL_H = ",sto,dwieście,trzysta,czterysta,pięćset,sześćset,siedemset,osiemset,dziewięćset".split(",")


def _pl_form(n: int, forms: tuple[str, str, str]) -> str:
    if n == 1:
        return forms[0]
    return forms[1] if n % 10 in (2, 3, 4) and n % 100 not in (12, 13, 14) else forms[2]


def _pl3(n: int) -> list[str]:
    h, r = n // 100, n % 100
    out = [PL_H[h]] if h else []
    if 10 <= r < 20:
        out.append(PL_N[r - 10])
    else:
        out += ([PL_T[r // 10]] if r >= 20 else []) + ([PL_U[r % 10]] if r % 10 else [])
    return out


def pl_words(a: Decimal) -> str:
    """Polish 'słownie': 1234.56 -> 'jeden tysiąc dwieście trzydzieści cztery złote 56/100'."""
    whole, grosze = int(a), int((a - int(a)) * 100)
    out, n = [], whole
    for scale, forms in (
        (10**6, ("milion", "miliony", "milionów")),
        (1000, ("tysiąc", "tysiące", "tysięcy")),
    ):
        if n >= scale:
            k = n // scale
            out += (["jeden"] if k == 1 else _pl3(k)) + [_pl_form(k, forms)]
            n %= scale
    out += _pl3(n) if (n or not out) else []
    out = out or ["zero"]
    return " ".join(out) + " " + _pl_form(whole, ("złoty", "złote", "złotych")) + f" {grosze:02d}/100"


ID_U = "nol satu dua tiga empat lima enam tujuh delapan sembilan sepuluh sebelas".split()


def id_words(n: int) -> str:
    """Indonesian 'terbilang' (without 'rupiah')."""

    def rest(r: int) -> str:
        return f" {id_words(r)}" if r else ""

    if n < 12:
        return ID_U[n]
    if n < 20:
        return f"{ID_U[n - 10]} belas"
    if n < 100:
        return f"{ID_U[n // 10]} puluh" + rest(n % 10)
    if n < 1000:
        return ("seratus" if n < 200 else f"{ID_U[n // 100]} ratus") + rest(n % 100)
    if n < 10**6:
        return ("seribu" if n < 2000 else f"{id_words(n // 1000)} ribu") + rest(n % 1000)
    if n < 10**9:
        return f"{id_words(n // 10**6)} juta" + rest(n % 10**6)
    return f"{id_words(n // 10**9)} miliar" + rest(n % 10**9)


# --------------------------------------------------------------------------- per-locale data


def _rows(block: str) -> list[list[str]]:
    return [line.strip().split("|") for line in block.strip().splitlines()]


# name | street | town line ; buyers are drawn from the same pool (never the seller itself)
FIRMS = {
    "en-GB": _rows("""
        Harrow & Finch Ltd|Unit 4, Canal Wharf|Leeds LS11 5PS
        Kestrel Print Services Ltd|27 Market Street|Hebden Bridge HX7 6EU
        Blackmoor Digital Ltd|Suite 210, Baltic Chambers|Glasgow G2 6HJ
        Thornbury Office Supplies Ltd|3 Station Approach|Bristol BS35 2AA
        Pennine Fabrication Ltd|Holme Mill, Bridge Road|Huddersfield HD9 3TR"""),
    "en-US": _rows("""
        Cascade Ridge Supply Co.|4410 Industrial Way, Suite B|Tacoma, WA 98424
        Bluebonnet Analytics LLC|2150 Elm Street, Suite 300|Austin, TX 78701
        Great Lakes Fastener Inc.|19 Commerce Drive|Toledo, OH 43612
        Sonora Web Studio LLC|760 N Central Ave|Phoenix, AZ 85004
        Harborview Catering Inc.|12 Wharf Street|Portland, ME 04101"""),
    "de": _rows("""
        Brandt Gebäudetechnik GmbH|Industriestraße 14|68169 Mannheim
        Schäfer IT-Service e.K.|Bahnhofstraße 3a|91054 Erlangen
        Weißenfels Druck GmbH & Co. KG|Am Mühlbach 22|04109 Leipzig
        Krüger Logistik AG|Hafenstraße 118|28217 Bremen
        Hoffmann & Lenz Steuerberatung PartG|Königsallee 61|40212 Düsseldorf"""),
    "fr": _rows("""
        Lumière Conseil SAS|14 rue des Lilas|69003 Lyon
        Menuiserie Chênevert SARL|ZA des Forges, 5 allée Verte|44300 Nantes
        Transports Girard et Fils|112 avenue Jean Jaurès|31400 Toulouse
        Éditions du Pré Vert SARL|3 place de l'Église|13100 Aix-en-Provence
        Atelier Delacroix SAS|27 boulevard Voltaire|75011 Paris"""),
    "nl": _rows("""
        Van der Berg Installatietechniek B.V.|Industrieweg 45|3542 AD Utrecht
        Bakker & Jansen V.O.F.|Kerkstraat 12|5211 KE 's-Hertogenbosch
        Zonnepanelen Noord B.V.|Zernikepark 6|9747 AN Groningen
        Studio Lindeboom|Oudegracht 221|3511 NH Utrecht
        De Gouden Sleutel Verhuur B.V.|Keizersgracht 311|1016 EE Amsterdam"""),
    "pl": _rows("""
        Przedsiębiorstwo Handlowe Żuraw Sp. z o.o.|ul. Długa 15/3|80-831 Gdańsk
        Kowalski i Wspólnicy Sp. j.|ul. Piotrkowska 104|90-006 Łódź
        Zakład Stolarski Józef Wiśniewski|ul. Leśna 7|34-500 Zakopane
        Biuro Rachunkowe Łęcka s.c.|al. Jerozolimskie 65/79 lok. 12|00-697 Warszawa
        TechSerwis Śląsk Sp. z o.o.|ul. Mickiewicza 29|40-085 Katowice"""),
    "vi": _rows("""
        CÔNG TY TNHH THƯƠNG MẠI VÀ DỊCH VỤ MINH PHÁT|Số 25 Lê Duẩn, Phường Bến Nghé|Quận 1, TP. Hồ Chí Minh
        CÔNG TY CỔ PHẦN CÔNG NGHỆ SAO VIỆT|Tầng 8, Tòa nhà Hà Thành, 102 Thái Thịnh|Quận Đống Đa, Hà Nội
        CÔNG TY TNHH IN ẤN HOÀNG LONG|Số 18 đường Nguyễn Văn Linh, Phường Nam Dương|Quận Hải Châu, TP. Đà Nẵng
        CÔNG TY TNHH THIẾT BỊ ĐIỆN NAM ANH|Lô B2, KCN Tân Bình, Phường Tây Thạnh|Quận Tân Phú, TP. Hồ Chí Minh
        DOANH NGHIỆP TƯ NHÂN PHÚC THỊNH|Số 7 ngõ 12 Láng Hạ, Phường Thành Công|Quận Ba Đình, Hà Nội"""),
    "id": _rows("""
        PT Sinar Jaya Abadi|Jl. Jend. Sudirman Kav. 52-53|Jakarta Selatan 12190
        CV Maju Bersama|Jl. Diponegoro No. 118|Surabaya 60241
        PT Teknologi Nusantara Mandiri|Ruko Mangga Dua Blok C No. 7|Jakarta Utara 14430
        PT Cahaya Printing Indonesia|Jl. Soekarno-Hatta No. 455|Bandung 40266
        CV Berkah Elektrik|Jl. Gajah Mada No. 21|Semarang 50134"""),
}

# description | unit | low price | high price   (VND/IDR in whole units)
ITEMS = {
    "en": _rows("""
        Website maintenance (monthly retainer)|month|250|1200
        Consultancy services|hour|65|180
        A4 copier paper, 80gsm, box of 5 reams|box|18|32
        Toner cartridge, black, high yield|each|45|140
        Installation and commissioning on site|day|380|950
        Stainless steel brackets, 150 mm|pack|12|40
        Delivery charge|each|15|60
        Annual software licence, 5 users|each|300|2400
        Office chair, ergonomic mesh|each|140|420"""),
    "de": _rows("""
        Wartung Heizungsanlage inkl. Abgasmessung|Pausch.|180|650
        Arbeitszeit Techniker|Std.|58|96
        Kopierpapier A4, 80 g/m², 5 x 500 Blatt|Karton|19|34
        Montage und Inbetriebnahme|Std.|65|110
        Edelstahlschrauben M8 x 40, VPE 100|VPE|14|38
        Anfahrtspauschale|Pausch.|35|85
        Softwarelizenz Jahresabo, 5 Arbeitsplätze|Stk.|290|2100
        Druck Flyer DIN A5, 4/4-farbig, 2.500 Stück|Auflage|140|480
        Bürostuhl ergonomisch, Netzrücken|Stk.|160|520"""),
    "fr": _rows("""
        Prestation de conseil|heure|75|190
        Maintenance annuelle du site internet|forfait|450|2200
        Ramette papier A4 80 g, carton de 5|carton|19|35
        Pose et mise en service|jour|420|980
        Fourniture de vis inox 6 x 60, boîte de 200|boîte|16|45
        Frais de déplacement|forfait|40|120
        Abonnement logiciel, 5 postes|unité|300|2300
        Impression de brochures A4, 500 ex.|lot|180|690
        Nettoyage des locaux|mois|350|1400"""),
    "nl": _rows("""
        Onderhoud cv-ketel incl. rookgasmeting|stuk|95|240
        Arbeidsloon monteur|uur|52|88
        Kopieerpapier A4 80 g, doos à 5 pakken|doos|19|33
        Installatie en inbedrijfstelling|uur|60|105
        RVS bevestigingsmateriaal, set|set|12|42
        Voorrijkosten|stuk|35|75
        Softwarelicentie jaarabonnement, 5 gebruikers|stuk|290|2200
        Drukwerk folders A5, 1.000 stuks|partij|120|460
        Schoonmaak kantoorruimte|maand|320|1350"""),
    "pl": _rows("""
        Usługa serwisowa urządzeń chłodniczych|usł.|250|1800
        Roboczogodzina technika|godz.|90|220
        Papier ksero A4 80 g/m², karton 5 ryz|kart.|75|130
        Montaż i uruchomienie instalacji|usł.|800|4200
        Wkręty nierdzewne 6 x 60, op. 200 szt.|op.|35|95
        Transport|usł.|80|350
        Licencja oprogramowania, 5 stanowisk|szt.|1200|9800
        Druk ulotek A5, 2 000 szt.|kpl.|390|1600
        Krzesło biurowe ergonomiczne|szt.|420|1350"""),
    "vi": _rows("""
        Dịch vụ bảo trì hệ thống điều hòa|lần|850000|6500000
        Giấy in A4 Double A 80gsm|ram|68000|95000
        Mực in HP 107A chính hãng|hộp|420000|1350000
        Phí vận chuyển|chuyến|150000|900000
        Dây cáp điện Cadivi CV 2.5mm²|cuộn|780000|1450000
        Bản quyền phần mềm kế toán 1 năm|gói|3500000|18000000
        In catalogue A4 4 màu, 500 cuốn|lô|4200000|16000000
        Ghế văn phòng lưới|chiếc|890000|3200000
        Công lắp đặt thiết bị|công|350000|900000"""),
    "id": _rows("""
        Jasa perawatan AC split|unit|150000|450000
        Kertas HVS A4 80 gram|rim|48000|72000
        Toner printer HP 85A|pcs|250000|1100000
        Ongkos kirim|trip|75000|650000
        Kabel listrik NYM 3 x 2,5 mm|roll|850000|1450000
        Lisensi software akuntansi 1 tahun|paket|2500000|15000000
        Cetak brosur A4 full color, 1.000 lembar|lot|1200000|4800000
        Kursi kantor ergonomis|unit|750000|2900000
        Jasa instalasi jaringan|hari|600000|2500000"""),
}

PEOPLE = {
    "en-GB": ["Sarah Whitfield", "James Okafor", "Emma Hargreaves"],
    "en-US": ["Michael Reyes", "Jennifer Walsh", "David Kim"],
    "de": ["Thomas Wagner", "Sabine Kühn", "Jürgen Becker"],
    "fr": ["Sophie Martin", "Luc Bernard", "Camille Dubois"],
    "nl": ["Jeroen de Vries", "Annelies Mulder", "Pieter Smit"],
    "pl": ["Anna Nowak", "Piotr Zieliński", "Katarzyna Wójcik"],
    "vi": ["Nguyễn Văn An", "Trần Thị Bích Ngọc", "Lê Hoàng Minh"],
    "id": ["Budi Santoso", "Siti Rahmawati", "Agus Wijaya"],
}

CURRENCY = {
    "en-GB": "GBP",
    "en-US": "USD",
    "de": "EUR",
    "fr": "EUR",
    "nl": "EUR",
    "pl": "PLN",
    "vi": "VND",
    "id": "IDR",
}
RATES = {
    "en-GB": ["20", "20", "20", "5"],
    "en-US": ["8.25", "6", "7", "8.875", "4.5"],
    "de": ["19", "19", "19", "7"],
    "fr": ["20", "20", "10", "5.5"],
    "nl": ["21", "21", "21", "9"],
    "pl": ["23", "23", "23", "8"],
    "vi": ["10", "8", "10"],
    "id": ["11"],
}

# Wording per locale; a list is a choice made once per document. {r}: rate, {due}/{no}/...: filled in.
VOCAB = {
    "en-GB": dict(
        title=["INVOICE", "VAT INVOICE", "Invoice"],
        no=["Invoice No.", "Invoice Number"],
        date="Invoice Date",
        due="Payment due by",
        delivery="Tax point",
        cust="Account No.",
        ref="Your Ref.",
        tax_id="VAT Reg No",
        buyer_tax="VAT No",
        reg="Company Reg. No.",
        bill_to=["Invoice to", "Bill to"],
        ship_to="Deliver to",
        seller_head="From",
        c_pos="#",
        c_desc="Description",
        c_qty="Qty",
        c_unit="Unit",
        c_price="Unit Price",
        c_vat="VAT",
        c_amount="Net",
        subtotal=["Subtotal", "Total net"],
        tax="VAT @ {r}%",
        total="Total",
        deposit="Less deposit received {ddate}",
        payable="Amount due",
        pay_text="Payment terms: 30 days. Payment due by {due}. Please quote {no} as your reference.",
        bank="Bank",
        acct="Sort code {sort} · Account No. {acct}",
        tel="Tel",
        email="Email",
        greeting="Dear Sir or Madam,",
        intro="Please find below our invoice for goods and services supplied.",
        closing="Yours faithfully,",
        thanks="Thank you for your business.",
        words="",
    ),
    "en-US": dict(
        title=["INVOICE", "Invoice"],
        no="Invoice #",
        date="Date",
        due="Due Date",
        delivery="Ship Date",
        cust="Customer ID",
        ref="PO #",
        tax_id="EIN",
        buyer_tax="Tax ID",
        reg="",
        bill_to="Bill To",
        ship_to="Ship To",
        seller_head="From",
        c_pos="#",
        c_desc=["Description", "Item / Description"],
        c_qty="Qty",
        c_unit="Unit",
        c_price="Rate",
        c_vat="Tax",
        c_amount="Amount",
        subtotal="Subtotal",
        tax="Sales Tax ({r}%)",
        shipping="Shipping & Handling",
        total=["Total", "Total Due"],
        deposit="Payments/Credits",
        payable="Balance Due",
        pay_text="Terms: Net 30. Payment is due by {due}. Please make checks payable to {seller}",
        bank="Remit by ACH",
        acct="Routing # {routing} · Account # {acct}",
        tel="Phone",
        email="Email",
        greeting="Dear Customer,",
        intro="Thank you for your order. Please find our invoice below.",
        closing="Sincerely,",
        thanks="Thank you for your business!",
        words="",
    ),
    "de": dict(
        title=["Rechnung", "RECHNUNG"],
        no=["Rechnungsnummer", "Rechnungs-Nr."],
        date=["Rechnungsdatum", "Datum"],
        due="Zahlbar bis",
        delivery=["Leistungsdatum", "Lieferdatum"],
        cust=["Kundennummer", "Kunden-Nr."],
        ref=["Ihre Bestellung", "Auftrags-Nr."],
        tax_id="USt-IdNr.",
        buyer_tax="USt-IdNr.",
        reg="",
        bill_to=["Rechnungsanschrift", "Rechnungsempfänger"],
        ship_to="Lieferanschrift",
        seller_head="Absender",
        c_pos="Pos.",
        c_desc=["Bezeichnung", "Beschreibung"],
        c_qty="Menge",
        c_unit="Einheit",
        c_price="Einzelpreis",
        c_vat="MwSt.",
        c_amount="Gesamt",
        subtotal=["Nettobetrag", "Summe netto"],
        tax=["zzgl. {r} % MwSt.", "Umsatzsteuer {r} %"],
        total=["Gesamtbetrag", "Rechnungsbetrag"],
        deposit="abzgl. Anzahlung vom {ddate}",
        payable=["Zahlbetrag", "Noch zu zahlen"],
        pay_text="Zahlbar bis {due} ohne Abzug. Bitte geben Sie bei der Überweisung die Rechnungsnummer {no} an.",
        bank="Bankverbindung",
        acct="",
        tel="Tel.",
        email="E-Mail",
        greeting="Sehr geehrte Damen und Herren,",
        intro="vielen Dank für Ihren Auftrag. Wir berechnen Ihnen folgende Lieferungen und Leistungen:",
        closing="Mit freundlichen Grüßen",
        thanks="Vielen Dank für Ihren Auftrag!",
        words="",
    ),
    "fr": dict(
        title=["Facture", "FACTURE"],
        no=["Facture n°", "N° de facture"],
        date=["Date de facture", "Date d'émission"],
        due="Date d'échéance",
        delivery=["Date de livraison", "Date de prestation"],
        cust=["Code client", "N° client"],
        ref=["Votre commande", "Réf. commande"],
        tax_id="N° TVA intracommunautaire",
        buyer_tax="N° TVA",
        reg="SIRET",
        bill_to=["Facturé à", "Client"],
        ship_to="Adresse de livraison",
        seller_head="Émetteur",
        c_pos="N°",
        c_desc="Désignation",
        c_qty="Qté",
        c_unit="Unité",
        c_price="Prix unit. HT",
        c_vat="TVA",
        c_amount="Montant HT",
        subtotal="Total HT",
        tax="TVA {r} %",
        total="Total TTC",
        deposit="Acompte versé le {ddate}",
        payable="Net à payer",
        pay_text=(
            "Paiement par virement avant le {due}. Pas d'escompte pour paiement anticipé. En cas de retard, "
            "indemnité forfaitaire pour frais de recouvrement : 40 €."
        ),
        bank="Coordonnées bancaires",
        acct="",
        tel="Tél.",
        email="E-mail",
        greeting="Madame, Monsieur,",
        intro="Veuillez trouver ci-dessous le détail de notre facture.",
        closing="Veuillez agréer nos salutations distinguées.",
        thanks="Merci de votre confiance.",
        words="",
    ),
    "nl": dict(
        title=["Factuur", "FACTUUR"],
        no="Factuurnummer",
        date="Factuurdatum",
        due="Vervaldatum",
        delivery="Leverdatum",
        cust="Klantnummer",
        ref="Uw referentie",
        tax_id=["BTW-nummer", "Btw-id"],
        buyer_tax="BTW-nummer",
        reg="KvK",
        bill_to=["Factuuradres", "Aan"],
        ship_to="Afleveradres",
        seller_head="Van",
        c_pos="Nr.",
        c_desc="Omschrijving",
        c_qty="Aantal",
        c_unit="Eenheid",
        c_price="Prijs",
        c_vat="BTW",
        c_amount="Bedrag",
        subtotal="Subtotaal",
        tax="BTW {r}%",
        total=["Totaal", "Totaal incl. BTW"],
        deposit="Reeds betaald (aanbetaling {ddate})",
        payable="Te betalen",
        pay_text=(
            "Wij verzoeken u het bedrag vóór {due} over te maken op {iban} t.n.v. {seller} "
            "o.v.v. factuurnummer {no}."
        ),
        bank="Bank",
        acct="",
        tel="Tel.",
        email="E-mail",
        greeting="Geachte heer/mevrouw,",
        intro="Hierbij ontvangt u de factuur voor de geleverde producten en diensten.",
        closing="Met vriendelijke groet,",
        thanks="Bedankt voor uw opdracht!",
        words="",
    ),
    "pl": dict(
        title="Faktura VAT",
        no=["Faktura nr", "Numer faktury"],
        date="Data wystawienia",
        due="Termin płatności",
        delivery="Data sprzedaży",
        cust="Nr klienta",
        ref="Zamówienie nr",
        tax_id="NIP",
        buyer_tax="NIP",
        reg="KRS",
        bill_to="Nabywca",
        ship_to="Odbiorca",
        seller_head="Sprzedawca",
        c_pos="Lp.",
        c_desc="Nazwa towaru lub usługi",
        c_qty="Ilość",
        c_unit="J.m.",
        c_price="Cena netto",
        c_vat="VAT",
        c_amount="Wartość netto",
        subtotal="Wartość netto",
        tax="Kwota VAT {r}%",
        total=["Wartość brutto", "Razem brutto"],
        deposit="Zapłacono (zaliczka z dnia {ddate})",
        payable="Do zapłaty",
        pay_text="Sposób płatności: przelew. Termin płatności: {due}.",
        bank="Bank",
        acct="",
        tel="tel.",
        email="e-mail",
        greeting="",
        intro="",
        closing="",
        thanks="Dziękujemy za współpracę.",
        words="Słownie",
    ),
    "vi": dict(
        title="HÓA ĐƠN",
        no="Số hóa đơn",
        date=["Ngày lập", "Ngày hóa đơn"],
        due="Hạn thanh toán",
        delivery="Ngày giao hàng",
        cust="Mã khách hàng",
        ref="Số đơn hàng",
        tax_id="Mã số thuế",
        buyer_tax="Mã số thuế",
        reg="",
        bill_to="Khách hàng",
        ship_to="Địa chỉ giao hàng",
        seller_head="Đơn vị bán hàng",
        c_pos="STT",
        c_desc="Tên hàng hóa, dịch vụ",
        c_qty="Số lượng",
        c_unit="ĐVT",
        c_price="Đơn giá",
        c_vat="Thuế suất",
        c_amount="Thành tiền",
        subtotal="Cộng tiền hàng",
        tax="Tiền thuế GTGT ({r}%)",
        total="Tổng cộng tiền thanh toán",
        deposit="Đã tạm ứng ngày {ddate}",
        payable="Còn phải thanh toán",
        pay_text="Vui lòng thanh toán trước ngày {due}.",
        bank="Ngân hàng",
        acct="Số tài khoản: {acct}",
        tel="ĐT",
        email="Email",
        greeting="Kính gửi Quý khách hàng,",
        intro="",
        closing="",
        thanks="Cảm ơn Quý khách!",
        words="Số tiền viết bằng chữ",
    ),
    "id": dict(
        title=["INVOICE", "FAKTUR"],
        no=["No. Faktur", "No. Invoice"],
        date="Tanggal",
        due="Jatuh Tempo",
        delivery="Tanggal Kirim",
        cust="Kode Pelanggan",
        ref="No. PO",
        tax_id="NPWP",
        buyer_tax="NPWP",
        reg="NIB",
        bill_to=["Kepada Yth.", "Ditagihkan Kepada"],
        ship_to="Dikirim Ke",
        seller_head="Dari",
        c_pos="No",
        c_desc="Deskripsi",
        c_qty="Qty",
        c_unit="Satuan",
        c_price="Harga Satuan",
        c_vat="PPN",
        c_amount="Jumlah",
        subtotal="Subtotal",
        tax="PPN {r}%",
        total=["Grand Total", "Total"],
        deposit="Uang Muka (DP) {ddate}",
        payable="Sisa Tagihan",
        pay_text="Pembayaran paling lambat {due} melalui transfer ke rekening di bawah ini a.n. {seller}.",
        bank="Bank",
        acct="No. Rek. {acct}",
        tel="Telp.",
        email="Email",
        greeting="Dengan hormat,",
        intro="Bersama ini kami sampaikan tagihan atas barang/jasa sebagai berikut:",
        closing="Hormat kami,",
        thanks="Terima kasih atas kepercayaan Anda.",
        words="Terbilang",
    ),
}


# --------------------------------------------------------------------------- the document model


class Doc:
    """One drawn invoice: parties, numbers, dates, lines and consistent totals, with locale formatters."""

    def __init__(self, lang: str, layout: str, rng: random.Random, variant: int = 0):
        loc = (
            ("en-US" if variant % 2 == 0 else "en-GB") if lang == "en" else lang
        )  # English: US and UK by turns
        self.lang, self.loc, self.layout, self.rng = lang, loc, layout, rng
        self.V = {k: (rng.choice(v) if isinstance(v, list) else v) for k, v in VOCAB[loc].items()}
        self.cur = CURRENCY[loc]
        self.whole = self.cur in ("VND", "IDR")
        self.dstyle, self.mstyle = rng.randrange(2), rng.randrange(2)
        self.space = rng.choice([" ", "\u00a0", "\u202f"])
        firms = rng.sample(FIRMS[loc], 3)
        self.seller = self._party(firms[0], seller=True)
        self.buyer = self._party(firms[1], seller=False)
        self.ship = (
            [self.buyer["name"], firms[2][1], firms[2][2]]
            if rng.random() < (0.5 if loc == "en-US" else 0.25)
            else None
        )
        self.issue = dt.date(2023, 1, 2) + dt.timedelta(days=rng.randint(0, 900))
        self.delivery = self.issue - dt.timedelta(days=rng.randint(1, 18))
        self.due = self.issue + dt.timedelta(days=rng.choice([7, 10, 14, 21, 30, 45, 60]))
        self.ddate = self.issue - dt.timedelta(days=rng.randint(20, 70))
        self.number = self._number()
        self.ref = rng.choice([f"PO-{digits(rng, 6)}", digits(rng, 5), f"{self.issue.year}-{digits(rng, 4)}"])
        self._lines()

    # parties ---------------------------------------------------------------------------------
    def _party(self, firm: list[str], seller: bool) -> dict:
        rng, loc = self.rng, self.loc
        name, street, town = firm
        words = [
            w for w in _ascii(name).lower().replace("&", " ").split() if w not in GENERIC and w.isalpha()
        ]
        slug = "".join(words[-2:] if loc == "vi" else words[:1])
        tld = {"en-GB": "co.uk", "en-US": "com", "vi": "com.vn", "id": "co.id"}.get(loc, loc)
        p = {
            "name": name,
            "street": street,
            "town": town,
            "email": f"{rng.choice(['accounts', 'info', 'billing'])}@{slug}.{tld}",
            "web": f"www.{slug}.{tld}",
            "person": rng.choice(PEOPLE[loc]),
            "cust": digits(rng, rng.choice([5, 6, 8])),
        }
        d = lambda n: digits(rng, n)  # noqa: E731
        if loc == "en-GB":
            v = d(9)
            p |= {"tax": f"GB {v[:3]} {v[3:7]} {v[7:]}", "reg": d(8), "tel": f"0{d(3)} {d(3)} {d(4)}"}
            sort, acct = f"{d(2)}-{d(2)}-{d(2)}", d(8)
            p["bank"] = [
                ("Bank", rng.choice(["Barclays Bank", "NatWest", "Lloyds Bank"])),
                ("Sort code", sort),
                ("Account No.", acct),
                ("IBAN", iban("GB", "NWBK" + sort.replace("-", "") + acct)),
            ]
        elif loc == "en-US":
            p |= {"tax": f"{d(2)}-{d(7)}", "reg": "", "tel": f"({d(3)}) 555-{d(4)}"}
            p["bank"] = [
                ("Bank", rng.choice(["Chase Bank", "Wells Fargo Bank", "KeyBank"])),
                ("Routing #", d(9)),
                ("Account #", d(rng.choice([10, 12]))),
            ]
        elif loc == "de":
            p |= {
                "tax": f"DE{d(9)}",
                "reg": f"Amtsgericht {town.split(' ', 1)[1]} HRB {d(5)}",
                "tel": f"0{d(3)} {d(6)}-0",
                "tax2": f"Steuernummer {d(3)}/{d(3)}/{d(5)}",
            }
            bank, bic = rng.choice(
                [
                    ("Commerzbank", "COBADEFFXXX"),
                    ("Stadtsparkasse", "HELADEF1RRS"),
                    ("Volksbank eG", "GENODEF1M01"),
                ]
            )
            p["bank"] = [("Bank", bank), ("IBAN", iban("DE", d(18))), ("BIC", bic)]
        elif loc == "fr":
            siren = d(9)
            key = (12 + 3 * (int(siren) % 97)) % 97
            p |= {
                "tax": f"FR{key:02d}{siren}",
                "reg": f"{siren[:3]} {siren[3:6]} {siren[6:]} {d(5)}",
                "tel": "0" + " ".join([str(rng.randint(1, 5))] + [d(2) for _ in range(4)]),
                "tax2": f"RCS {town.split(' ', 1)[1]} B {siren[:3]} {siren[3:6]} {siren[6:]}",
            }
            bank, bic = rng.choice(
                [("BNP Paribas", "BNPAFRPPXXX"), ("Crédit Agricole", "AGRIFRPP882"), ("LCL", "CRLYFRPPXXX")]
            )
            p["bank"] = [("Banque", bank), ("IBAN", iban("FR", d(23))), ("BIC", bic)]
        elif loc == "nl":
            p |= {"tax": f"NL{d(9)}B01", "reg": d(8), "tel": f"0{d(2)} {d(3)} {d(4)}"}
            bank = rng.choice(["INGB", "RABO", "ABNA"])
            p["bank"] = [
                ("Bank", {"INGB": "ING Bank", "RABO": "Rabobank", "ABNA": "ABN AMRO"}[bank]),
                ("IBAN", iban("NL", bank + "0" + d(9))),
                ("BIC", f"{bank}NL2A"),
            ]
        elif loc == "pl":
            nip = _nip(rng)
            p |= {
                "tax": rng.choice([f"{nip[:3]}-{nip[3:6]}-{nip[6:8]}-{nip[8:]}", nip]),
                "reg": "0000" + d(6),
                "tel": f"+48 {d(2)} {d(3)} {d(2)} {d(2)}",
                "tax2": f"REGON {d(9)}",
            }
            p["bank"] = [
                ("Bank", rng.choice(["mBank S.A.", "PKO BP S.A.", "Santander Bank Polska S.A."])),
                ("Nr konta", iban("PL", d(24))[2:].strip()),
            ]
        elif loc == "vi":
            p |= {
                "tax": rng.choice(["03", "01", "04"]) + d(8) + rng.choice(["", "", "-001"]),
                "reg": "",
                "tel": f"0{rng.choice(['28', '24', '236'])} {d(4)} {d(4)}",
            }
            p["bank"] = [
                (
                    "Ngân hàng",
                    rng.choice(
                        ["Vietcombank - CN TP. Hồ Chí Minh", "Techcombank - CN Hà Nội", "BIDV - CN Đà Nẵng"]
                    ),
                ),
                ("Số tài khoản", d(13)),
            ]
        else:
            p |= {
                "tax": f"{d(2)}.{d(3)}.{d(3)}.{d(1)}-{d(3)}.000",
                "reg": d(13),
                "tel": f"(0{d(2)}) {d(4)} {d(4)}",
            }
            p["bank"] = [
                ("Bank", rng.choice(["Bank Central Asia (BCA)", "Bank Mandiri", "Bank BNI"])),
                ("No. Rek.", f"{d(3)}-{d(3)}-{d(4)}"),
                ("a.n.", name),
            ]
        return p

    def _number(self) -> str:
        rng, d = self.rng, self.issue
        n = rng.randint(12, 4999)
        abbr = "".join(w[0] for w in self.seller["name"].split() if w not in ("PT", "CV"))[:3].upper()
        return rng.choice(
            {
                "en-GB": [f"INV-{n:05d}", f"{d:%y}{n:04d}", f"SI-{digits(rng, 5)}"],
                "en-US": [digits(rng, rng.choice([4, 5])), f"INV-{d.year}-{n:04d}"],
                "de": [f"RE-{d.year}-{n:04d}", f"{d.year}{n:05d}", f"R{digits(rng, 6)}"],
                "fr": [f"F{d.year}-{n:04d}", f"FA{d:%y%m}-{n:03d}", f"{d.year}/{n:05d}"],
                "nl": [f"{d.year}-{n:04d}", f"F{d.year}.{n:03d}", f"{d:%y}{n:05d}"],
                "pl": [f"FV/{n}/{d:%m}/{d.year}", f"{n}/{d:%m}/{d.year}", f"FS {n}/{d.year}"],
                "vi": [f"{n:07d}", f"{n:08d}"],
                "id": [f"INV/{d.year}/{d:%m}/{n:04d}", f"{n:03d}/INV/{abbr}/{ROMAN[d.month - 1]}/{d.year}"],
            }[self.loc]
        )

    # lines and totals ------------------------------------------------------------------------
    def _lines(self) -> None:
        rng, q = self.rng, (ONE if self.whole else CENT)
        pool = ITEMS["en" if self.lang == "en" else self.lang]
        count = min(12, 1 + int(rng.expovariate(1 / 3.5)))
        rates = RATES[self.loc]
        single = self.loc in ("en-US", "vi", "id") or self.layout.startswith("vn-") or rng.random() < 0.6
        main = Decimal(rng.choice(rates) if self.loc in ("en-US", "vi") else rates[0])
        self.items = []
        picks = rng.sample(pool, min(count, len(pool))) + [rng.choice(pool) for _ in range(count - len(pool))]
        for desc, unit, lo, hi in picks:
            price = Decimal(rng.uniform(float(lo), float(hi)))
            price = (
                (price / 1000).quantize(ONE) * 1000
                if self.whole
                else price.quantize(CENT if rng.random() < 0.6 else ONE)
            )
            hourly = unit in ("hour", "Std.", "heure", "uur", "godz.", "giờ", "jam")
            qty = (
                Decimal(rng.choice(["0.5", "1.5", "2.5", "3", "4", "6.5", "7.5", "8"]))
                if hourly
                else Decimal(
                    rng.choice(
                        [1, 1, 1, 2, 3, 4, 5, 10, 12, 20, 25]
                        if int(hi) < (200000 if self.whole else 60)
                        else [1, 1, 1, 2, 3]
                    )
                )
            )
            rate = main if single else Decimal(rng.choice(rates))
            net = (qty * price).quantize(q, ROUND_HALF_UP)
            item = {"desc": desc, "unit": unit, "qty": qty, "price": price, "rate": rate, "net": net}
            item["tax"] = (net * rate / 100).quantize(q, ROUND_HALF_UP)
            self.items.append(item)
        self.net = sum((it["net"] for it in self.items), Decimal(0))
        self.taxes: dict[Decimal, Decimal] = {}
        for r in sorted({it["rate"] for it in self.items}, reverse=True):
            base = sum(it["net"] for it in self.items if it["rate"] == r)
            self.taxes[r] = (
                sum(it["tax"] for it in self.items if it["rate"] == r)
                if self.loc == "pl"
                else (base * r / 100).quantize(q, ROUND_HALF_UP)
            )
        self.tax = sum(self.taxes.values(), Decimal(0))
        self.extra = (
            Decimal(rng.choice(["12.50", "24.95", "45.00", "89.00"]))
            if self.loc == "en-US" and rng.random() < 0.5
            else Decimal(0)
        )
        self.gross = self.net + self.tax + self.extra
        self.deposit = Decimal(0)
        if not self.layout.startswith("vn-") and rng.random() < 0.3:
            share = Decimal(rng.choice(["0.2", "0.3", "0.5"]))
            self.deposit = (
                (self.gross * share / 1000).quantize(ONE) * 1000
                if self.whole
                else (self.gross * share).quantize(ONE)
            )
        self.payable = self.gross - self.deposit
        self.repeat_due = rng.random() < 0.5

    # formatting ------------------------------------------------------------------------------
    def d(self, day: dt.date) -> str:
        loc, s = self.loc, self.dstyle
        month = MONTHS.get("en" if loc.startswith("en") else loc, MONTHS["en"]).split()[day.month - 1]
        return {
            "en-GB": [f"{day:%d/%m/%Y}", f"{day.day} {month} {day.year}"],
            "en-US": [f"{day:%m/%d/%Y}", f"{month} {day.day}, {day.year}"],
            "de": [f"{day:%d.%m.%Y}", f"{day:%d.%m.%Y}"],
            "fr": [f"{day:%d/%m/%Y}", f"{day.day} {month} {day.year}"],
            "nl": [f"{day:%d-%m-%Y}", f"{day.day} {month} {day.year}"],
            "pl": [f"{day:%Y-%m-%d}", f"{day:%d.%m.%Y}"],
            "vi": [f"{day:%d/%m/%Y}", f"{day:%d/%m/%Y}"],
            "id": [f"{day:%d/%m/%Y}", f"{day.day} {month} {day.year}"],
        }[loc][s]

    def n(self, a: Decimal) -> str:
        """A plain amount in the locale's notation, no currency sign (table cells)."""
        loc = self.loc
        if loc.startswith("en"):
            return num(a, ",", ".")
        if loc in ("fr", "pl"):
            return num(a, self.space, ",")
        if self.whole:
            return num(a, ".", ",", 2 if (loc == "id" and self.mstyle) else 0)
        return num(a, ".", ",")

    def m(self, a: Decimal) -> str:
        """An amount with its currency, as the locale prints totals."""
        sign, body = ("-", self.n(-a)) if a < 0 else ("", self.n(a))
        return (
            sign
            + {
                "en-GB": f"£{body}",
                "en-US": f"${body}",
                "de": [f"{body} €", f"{body} EUR"][self.mstyle],
                "fr": f"{body}{self.space}€",
                "nl": f"€ {body}",
                "pl": [f"{body} zł", f"{body} PLN"][self.mstyle],
                "vi": [f"{body}", f"{body} VND"][self.mstyle],
                "id": f"Rp {body}",
            }[self.loc]
        )

    def qty(self, q: Decimal) -> str:
        s = f"{q.normalize():f}"
        return s if self.loc.startswith("en") else s.replace(".", ",")

    def rate(self, r: Decimal) -> str:
        return rate_str(r, "." if self.loc.startswith("en") else ",")


GENERIC = {
    "cong",
    "ty",
    "tnhh",
    "co",
    "phan",
    "doanh",
    "nghiep",
    "tu",
    "nhan",
    "pt",
    "cv",
    "przedsiebiorstwo",
    "zaklad",
    "biuro",
    "the",
}


def _ascii(s: str) -> str:
    import unicodedata

    s = s.replace("đ", "d").replace("Đ", "D").replace("ł", "l").replace("Ł", "L").replace("ß", "ss")
    return "".join(ch for ch in unicodedata.normalize("NFKD", s) if not unicodedata.combining(ch))


def _nip(rng: random.Random) -> str:
    """A Polish NIP with a valid check digit."""
    while True:
        body = digits(rng, 9)
        check = sum(int(c) * w for c, w in zip(body, (6, 5, 7, 2, 3, 4, 5, 6, 7), strict=True)) % 11
        if check < 10:
            return body + str(check)


# --------------------------------------------------------------------------- shared pieces

ATTN = {
    "en-GB": "FAO",
    "en-US": "Attn:",
    "de": "z. Hd.",
    "fr": "À l'attention de",
    "nl": "t.a.v.",
    "pl": "Odbierający:",
    "vi": "Người liên hệ:",
    "id": "Up.",
}
CONTACT = {
    "en-GB": "Contact",
    "en-US": "Sales Rep",
    "de": "Ansprechpartner",
    "fr": "Votre contact",
    "nl": "Contactpersoon",
    "pl": "Wystawił",
    "vi": "Người liên hệ",
    "id": "Kontak",
}
NO_SHORT = {
    "en-GB": "No.",
    "en-US": "#",
    "de": "Nr.",
    "fr": "n°",
    "nl": "nr.",
    "pl": "nr",
    "vi": "số",
    "id": "No.",
}
FULL = (
    ("pos", 9, "c"),
    ("desc", 67, "l"),
    ("qty", 14, "r"),
    ("unit", 16, "c"),
    ("price", 24, "r"),
    ("vat", 14, "r"),
    ("amount", 30, "r"),
)


def _wrap(
    P: Page,
    x: float,
    y: float,
    text: str,
    width: float,
    size: float = 8.5,
    lead: float = 4.0,
    bold: bool = False,
) -> float:
    from reportlab.lib.utils import simpleSplit

    for line in simpleSplit(text, BOLD if bold else REG, size, width * mm):
        P.text(x, y, line, size, bold)
        y += lead
    return y


def _meta(D: Doc, due: bool = True) -> list[tuple[str, str]]:
    V, rng = D.V, D.rng
    rows = [(V["no"], D.number), (V["date"], D.d(D.issue))]
    if rng.random() < 0.6:
        rows.append((V["delivery"], D.d(D.delivery)))
    if due:
        rows.append((V["due"], D.d(D.due)))
    rows.append((V["cust"], D.buyer["cust"]))
    if D.loc == "en-US" or rng.random() < 0.5:
        rows.append((V["ref"], D.ref))
    return rows


def _buyer(D: Doc, attn: bool = True) -> list[str]:
    B = D.buyer
    rows = [B["name"]] + ([f"{ATTN[D.loc]} {B['person']}"] if attn and D.rng.random() < 0.5 else [])
    return rows + [B["street"], B["town"], f"{D.V['buyer_tax']}: {B['tax']}"]


def _items(P: Page, D: Doc, x: float, y: float, spec: tuple, **kw) -> float:
    cells = {
        "pos": lambda i, it: str(i + 1),
        "desc": lambda i, it: it["desc"],
        "qty": lambda i, it: D.qty(it["qty"]),
        "unit": lambda i, it: it["unit"],
        "price": lambda i, it: D.n(it["price"]),
        "vat": lambda i, it: f"{D.rate(it['rate'])}{' %' if D.loc == 'fr' else '%'}",
        "amount": lambda i, it: D.n(it["net"]),
    }
    k = (P.w - 18 - x) / sum(w for _, w, _ in spec)  # to the right margin (letter-size pages are wider)
    cols = [(D.V[f"c_{key}"], w * k, al) for key, w, al in spec]
    rows = [[cells[key](i, it) for key, _, _ in spec] for i, it in enumerate(D.items)]
    return P.table(x, y, cols, rows, **kw)


def _totals(D: Doc) -> list[tuple[str, str, bool]]:
    V = D.V
    out = [(V["subtotal"], D.m(D.net), False)]
    if D.extra:
        out.append((V["shipping"], D.m(D.extra), False))
    out += [(V["tax"].format(r=D.rate(r)), D.m(t), False) for r, t in D.taxes.items()]
    out.append((V["total"], D.m(D.gross), not (D.deposit or D.repeat_due)))
    if D.deposit:
        out.append((V["deposit"].format(ddate=D.d(D.ddate)), D.m(-D.deposit), False))
    if D.deposit or D.repeat_due:
        out.append((V["payable"], D.m(D.payable), True))
    return out


def _draw_totals(P: Page, D: Doc, x: float, xr: float, y: float, size: float = 9) -> float:
    for label, value, strong in _totals(D):
        if strong:
            P.rule(x, y - 0.5, xr, 0.8)
            y += 1.2
        font, room = (
            (BOLD if strong else REG),
            (xr - x - 3) * mm - pdfmetrics.stringWidth(value, BOLD, size + strong),
        )
        small = size + strong
        while small > 6.5 and pdfmetrics.stringWidth(label, font, small) > room:
            small -= 0.5
        P.text(x, y + 4, label, small, strong)
        P.text(xr, y + 4, value, size + strong, strong, "r")
        y += 5 + strong
    return y


def _words(D: Doc) -> str:
    a = D.payable
    return {
        "pl": lambda: pl_words(a),
        "vi": lambda: vi_words(int(a)) + ".",
        "id": lambda: (id_words(int(a)) + " rupiah").capitalize(),
    }.get(D.loc, lambda: "")()


def _payment(P: Page, D: Doc, x: float, y: float, width: float) -> float:
    V, S = D.V, D.seller
    ib = next(
        (v for k, v in S["bank"] if k in ("IBAN", "Nr konta", "No. Rek.", "Số tài khoản", "Account #")), ""
    )
    if _words(D):
        y = _wrap(P, x, y, f"{V['words']}: {_words(D)}", width, 8.5) + 2
    y = (
        _wrap(P, x, y, V["pay_text"].format(due=D.d(D.due), no=D.number, seller=S["name"], iban=ib), width)
        + 1.5
    )
    P.text(x, y, V["bank"], 8.5, True)
    return _wrap(P, x, y + 4, "  ·  ".join(f"{k}: {v}" for k, v in S["bank"] if k != "a.n."), width) + 2


def _grid(pairs: list[tuple[str, str]], width: float, align: str = "c") -> list[tuple[str, float, str]]:
    """Columns for labels over values, each as wide as its longer text needs."""
    need = [max(len(k), len(v)) + 3 for k, v in pairs]
    return [(k, width * w / sum(need), align) for (k, _), w in zip(pairs, need, strict=True)]


def _reg(D: Doc) -> str:
    return f"{D.V['reg']}: {D.seller['reg']}" if D.V["reg"] else D.seller["reg"]


def _footer_line(P: Page, D: Doc) -> None:
    S, V = D.seller, D.V
    bits = [S["name"], f"{S['street']}, {S['town']}", f"{V['tax_id']}: {S['tax']}"]
    bits += [_reg(D)] if S["reg"] else []
    P.rule(18, P.h - 16, P.w - 18, 0.3)
    P.text(P.w / 2, P.h - 12, " · ".join(bits), 7, align="c")


# --------------------------------------------------------------------------- layouts


def _classic(P: Page, D: Doc) -> None:
    """Seller top-left, big title and label/value meta on the right, bill-to (and ship-to) below."""
    V, S, xr = D.V, D.seller, P.w - 18
    P.text(18, 22, S["name"], 14, True)
    P.lines(
        18,
        28,
        [S["street"], S["town"], f"{V['tel']}: {S['tel']}", S["email"], f"{V['tax_id']}: {S['tax']}"],
        8.5,
        4,
    )
    P.text(xr, 24, V["title"], 20, True, "r")
    y = max(P.pairs(122, xr, 34, _meta(D), 9), 52) + 8
    P.text(18, y, V["bill_to"], 9, True)
    yb = P.lines(18, y + 5, _buyer(D), 9)
    if D.ship:
        P.text(110, y, V["ship_to"], 9, True)
        P.lines(110, y + 5, D.ship, 9)
    spec = (("pos", 10, "c"), ("desc", 88, "l"), ("qty", 16, "r"), ("price", 28, "r"), ("amount", 32, "r"))
    y = _items(P, D, 18, yb + 6, spec)
    y = _draw_totals(P, D, 112, xr, y + 4)
    y = _payment(P, D, 18, y + 8, 174)
    P.text(18, y + 4, V["thanks"], 9, True)
    _footer_line(P, D)


def _banner(P: Page, D: Doc) -> None:
    """Seller centred on top, meta as a grid of labels over values, gridded item table, bank grid."""
    V, S, xr, cx = D.V, D.seller, P.w - 18, P.w / 2
    P.text(cx, 18, S["name"], 16, True, "c")
    P.text(cx, 24, f"{S['street']} · {S['town']}", 8.5, align="c")
    P.text(cx, 28.5, f"{V['tel']} {S['tel']} · {S['email']} · {S['web']}", 8.5, align="c")
    P.text(cx, 33, f"{V['tax_id']}: {S['tax']}" + (f" · {_reg(D)}" if S["reg"] else ""), 8.5, align="c")
    P.rule(18, 37, xr, 1)
    P.text(cx, 48, V["title"].upper(), 18, True, "c")
    meta = _meta(D)[:5]
    P.table(18, 54, _grid(meta, xr - 18), [[v for _, v in meta]], 8.5, 5.8, grid=True)
    P.text(18, 75, V["bill_to"], 9, True)
    yb = P.lines(18, 80, _buyer(D, attn=False), 9)
    right = (
        (V["ship_to"], D.ship)
        if D.ship
        else (V["seller_head"], [S["person"], f"{V['tel']}: {S['tel']}", S["email"]])
    )
    P.text(112, 75, right[0], 9, True)
    P.lines(112, 80, right[1], 9)
    spec = FULL if D.loc != "en-US" else FULL[:5] + (("amount", 44, "r"),)
    y = _items(P, D, 18, yb + 6, spec, grid=True, size=8)
    top, y = y + 4, _draw_totals(P, D, 111, xr - 3, y + 5)
    P.box(108, top, xr - 108, y - top + 1.5)
    y += 6
    if _words(D):
        y = _wrap(P, 18, y, f"{V['words']}: {_words(D)}", 174) + 2
    y = (
        _wrap(
            P,
            18,
            y,
            V["pay_text"].format(due=D.d(D.due), no=D.number, seller=S["name"], iban=S["bank"][1][1]),
            174,
        )
        + 2
    )
    bank = [(k, v) for k, v in S["bank"] if k != "a.n."]
    P.table(18, y, _grid(bank, xr - 18, "l"), [[v for _, v in bank]], 8, 5.4, grid=True)
    P.text(cx, P.h - 14, V["thanks"], 9, True, "c")


def _letter(P: Page, D: Doc) -> None:
    """DIN-5008-like letter: window address left, seller and info block right, four-column footer."""
    V, S, xr = D.V, D.seller, P.w - 18
    P.text(xr, 20, S["name"], 13, True, "r")
    P.lines(
        xr, 26, [S["street"], S["town"], f"{V['tel']} {S['tel']}", S["email"], S["web"]], 8, 3.7, align="r"
    )
    P.text(20, 50, f"{S['name']} · {S['street']} · {S['town']}", 6.5)
    P.rule(20, 51.2, 105, 0.3)
    B = D.buyer
    P.lines(
        20,
        57,
        [B["name"]]
        + ([f"{ATTN[D.loc]} {B['person']}"] if D.rng.random() < 0.5 else [])
        + [B["street"], B["town"]],
        10,
        4.6,
    )
    info = _meta(D, due=False) + [(V["buyer_tax"], B["tax"]), (CONTACT[D.loc], S["person"])]
    P.pairs(122, xr, 52, info[:7], 8.5, 4.3)
    P.text(20, 98, f"{V['title']} {NO_SHORT[D.loc]} {D.number}", 13, True)
    y = 106
    if V["greeting"]:
        y = _wrap(P, 20, P.lines(20, y, [V["greeting"]], 9.5) + 1, V["intro"], 172, 9.5, 4.4) + 2
    spec = (
        ("pos", 10, "c"),
        ("desc", 76, "l"),
        ("qty", 14, "r"),
        ("unit", 16, "l"),
        ("price", 26, "r"),
        ("amount", 30, "r"),
    )
    y = _items(P, D, 20, y, spec, shade=None)
    y = _draw_totals(P, D, 114, xr, y + 4)
    if _words(D):
        y = _wrap(P, 20, y + 4, f"{V['words']}: {_words(D)}", 172)
    y = _wrap(
        P,
        20,
        y + 6,
        V["pay_text"].format(due=D.d(D.due), no=D.number, seller=S["name"], iban=S["bank"][1][1]),
        172,
        9,
        4.3,
    )
    if V["closing"]:
        P.lines(20, y + 5, [V["closing"], "", S["person"]], 9.5, 4.4)
    top = P.h - 27
    P.rule(20, top - 4, xr, 0.3)
    bank = [f"{k}: {v}" if k != "Bank" else v for k, v in S["bank"] if k != "a.n."]
    cols = [
        [S["name"], S["street"], S["town"]],
        [f"{V['tel']} {S['tel']}", S["email"], S["web"]],
        bank,
        [f"{V['tax_id']}: {S['tax']}"]
        + ([_reg(D)] if S["reg"] else [])
        + ([S["tax2"]] if "tax2" in S else []),
    ]
    for x, width, rows in zip((20, 60, 98, 150), (38, 36, 50, 42), cols, strict=True):
        fits = [
            r if pdfmetrics.stringWidth(r, REG, 6.5) < width * mm else r.replace(": ", ":\n", 1) for r in rows
        ]
        P.lines(x, top, "\n".join(fits).split("\n"), 6.5, 3.2)


def _plform(P: Page, D: Doc) -> None:
    """Polish 'Faktura VAT': place/dates top-right, Sprzedawca/Nabywca boxes, 9-column table, VAT summary."""
    S, B, xr, cx = D.seller, D.buyer, P.w - 18, P.w / 2
    P.text(18, 20, S["name"], 11, True)
    P.pairs(
        122,
        xr,
        16,
        [
            ("Miejsce wystawienia", S["town"].split(" ", 1)[1]),
            ("Data wystawienia", D.d(D.issue)),
            ("Data sprzedaży", D.d(D.delivery)),
        ],
        8.5,
    )
    P.text(cx, 40, f"Faktura VAT nr {D.number}", 15, True, "c")
    P.text(cx, 45, "ORYGINAŁ", 8, align="c")
    for x, head, party in ((18, "Sprzedawca", S), (108, "Nabywca", B)):
        P.box(x, 50, 84, 30)
        P.text(x + 2, 55, head, 9, True)
        y = _wrap(P, x + 2, 60, party["name"], 80, 9, 4.2, True)
        P.lines(x + 2, y, [party["street"], party["town"], f"NIP: {party['tax']}"], 8.5, 4.1)
    spec = [
        ("Lp.", 8, "c"),
        ("Nazwa towaru lub usługi", 50, "l"),
        ("J.m.", 10, "c"),
        ("Ilość", 11, "r"),
        ("Cena\nnetto", 19, "r"),
        ("Wartość\nnetto", 21, "r"),
        ("Stawka\nVAT", 12, "r"),
        ("Kwota\nVAT", 19, "r"),
        ("Wartość\nbrutto", 24, "r"),
    ]
    rows = [
        [
            str(i + 1),
            it["desc"],
            it["unit"],
            D.qty(it["qty"]),
            D.n(it["price"]),
            D.n(it["net"]),
            f"{D.rate(it['rate'])}%",
            D.n(it["tax"]),
            D.n(it["net"] + it["tax"]),
        ]
        for i, it in enumerate(D.items)
    ]
    y = P.table(18, 86, spec, rows, 7, 5, grid=True)
    summary = [
        [
            f"{D.rate(r)}%",
            D.n(sum(it["net"] for it in D.items if it["rate"] == r)),
            D.n(t),
            D.n(sum(it["net"] for it in D.items if it["rate"] == r) + t),
        ]
        for r, t in D.taxes.items()
    ]
    summary.append(["Razem", D.n(D.net), D.n(D.tax), D.n(D.gross)])
    P.table(
        108,
        y + 4,
        [
            ("Stawka\nVAT", 16, "l"),
            ("Wartość\nnetto", 23, "r"),
            ("Kwota\nVAT", 21, "r"),
            ("Wartość\nbrutto", 24, "r"),
        ],
        summary,
        7.5,
        5,
        grid=True,
    )
    bank = dict(S["bank"])
    yl = P.lines(
        18,
        y + 8,
        [
            f"Sposób płatności: {D.rng.choice(['przelew', 'przelew bankowy'])}",
            f"Termin płatności: {D.d(D.due)} ({(D.due - D.issue).days} dni)",
            f"Bank: {bank['Bank']}",
            f"Nr konta: {bank['Nr konta']}",
        ],
        8.5,
        4.4,
    )
    y = max(yl, y + 4 + 5 * (len(summary) + 2)) + 6
    if D.deposit:
        y = P.lines(18, y, [f"Razem brutto: {D.m(D.gross)}", f"Zapłacono: {D.m(D.deposit)}"], 9.5, 5)
    P.text(18, y + 2, f"Do zapłaty: {D.m(D.payable)}", 12, True)
    y = _wrap(P, 18, y + 9, f"Słownie: {_words(D)}", 174, 9)
    for x in (30, 120):
        P.text(x + 30, y + 28, "." * 60, 8, align="c")
    P.text(60, y + 32, "Osoba upoważniona do odbioru", 7.5, align="c")
    P.text(150, y + 32, "Osoba upoważniona do wystawienia", 7.5, align="c")
    P.text(150, y + 24, S["person"], 9, align="c")
    _footer_line(P, D)


def _vnform(P: Page, D: Doc, gloss: bool) -> None:
    """Vietnamese e-invoice (Decree 123 style), optionally with English glosses."""
    S, B, xr, cx, rng = D.seller, D.buyer, P.w - 18, P.w / 2, D.rng

    def g(vi: str, en: str) -> str:
        return f"{vi} ({en})" if gloss else vi

    serial = f"{rng.choice('12')}C{D.issue:%y}T{rng.choice(['AA', 'BB', 'MP', 'TT'])}"
    P.lines(
        xr, 16, [f"{g('Ký hiệu', 'Serial')}: {serial}", f"{g('Số', 'No.')}: {D.number}"], 9, 4.6, align="r"
    )
    P.text(cx, 30, "HÓA ĐƠN GIÁ TRỊ GIA TĂNG", 15, True, "c")
    y = 35
    if gloss:
        P.text(cx, y, "(VAT INVOICE)", 10, True, "c")
        y += 5
    day = D.issue
    date = (
        f"Ngày (Date) {day:%d} tháng (month) {day:%m} năm (year) {day.year}"
        if gloss
        else f"Ngày {day:%d} tháng {day:%m} năm {day.year}"
    )
    P.text(cx, y, date, 9.5, align="c")
    P.text(
        cx,
        y + 5,
        f"{g('Mã của cơ quan thuế', 'Tax authority code')}: 00{''.join(rng.choice('0123456789ABCDEF') for _ in range(32))}",
        7.5,
        align="c",
    )
    bank = dict(S["bank"])
    y += 11
    P.rule(18, y, xr, 0.5)
    P.text(18, y + 6, f"{g('Đơn vị bán hàng', 'Seller')}: {S['name']}", 10, True)
    y = P.lines(
        18,
        y + 11,
        [
            f"{g('Mã số thuế', 'Tax code')}: {S['tax']}",
            f"{g('Địa chỉ', 'Address')}: {S['street']}, {S['town']}",
            f"{g('Điện thoại', 'Tel')}: {S['tel']}",
            f"{g('Số tài khoản', 'Account No.')}: {bank['Số tài khoản']} - {bank['Ngân hàng']}",
        ],
        9,
        4.6,
    )
    P.rule(18, y, xr, 0.5)
    y = P.lines(
        18,
        y + 6,
        [
            f"{g('Họ tên người mua hàng', 'Buyer')}: {B['person']}",
            f"{g('Tên đơn vị', 'Company name')}: {B['name']}",
            f"{g('Mã số thuế', 'Tax code')}: {B['tax']}",
            f"{g('Địa chỉ', 'Address')}: {B['street']}, {B['town']}",
            f"{g('Hình thức thanh toán', 'Payment method')}: {rng.choice(['TM/CK', 'CK', 'Chuyển khoản'])}"
            f"      {g('Đồng tiền thanh toán', 'Currency')}: VND",
        ],
        9,
        4.6,
    )
    heads = [
        ("STT", "No.", 11, "c"),
        ("Tên hàng hóa, dịch vụ", "Description", 69, "l"),
        ("Đơn vị tính", "Unit", 18, "c"),
        ("Số lượng", "Quantity", 18, "r"),
        ("Đơn giá", "Unit price", 26, "r"),
        ("Thành tiền", "Amount", 32, "r"),
    ]
    rows = [["1", "2", "3", "4", "5", "6 = 4 x 5"]]
    rows += [
        [str(i + 1), it["desc"], it["unit"], D.qty(it["qty"]), D.n(it["price"]), D.n(it["net"])]
        for i, it in enumerate(D.items)
    ]
    y = P.table(
        18, y + 3, [(f"{a}\n({b})" if gloss else a, w, al) for a, b, w, al in heads], rows, 8, 5.4, grid=True
    )
    rate = next(iter(D.taxes))
    y = P.pairs(
        18,
        xr,
        y + 5,
        [
            (g("Cộng tiền hàng", "Sub total"), D.n(D.net)),
            (
                f"{g('Thuế suất GTGT', 'VAT rate')}: {D.rate(rate)}%     {g('Tiền thuế GTGT', 'VAT amount')}",
                D.n(D.tax),
            ),
        ],
        9,
        5,
    )
    P.text(18, y + 1, g("Tổng cộng tiền thanh toán", "Total payment") + ":", 10, True)
    P.text(xr, y + 1, D.n(D.gross), 10, True, "r")
    y = _wrap(P, 18, y + 7, f"{g('Số tiền viết bằng chữ', 'Amount in words')}: {_words(D)}", 174, 9)
    for x, who, how in (
        (55, g("Người mua hàng", "Buyer"), "(Ký, ghi rõ họ tên)"),
        (150, g("Người bán hàng", "Seller"), "(Ký, đóng dấu, ghi rõ họ tên)"),
    ):
        P.text(x, y + 8, who, 9.5, True, "c")
        P.text(x, y + 12.5, how, 8, align="c")
    P.box(118, y + 17, 64, 16)
    P.lines(
        121,
        y + 22,
        ["Signature Valid", f"Ký bởi: {P.fit(S['name'], 52, 7)}", f"Ký ngày: {D.d(D.issue)}"],
        7,
        3.6,
    )
    code = "".join(rng.choice("ABCDEFGHJKLMNPQRSTUVWXYZ23456789") for _ in range(10))
    P.text(
        cx,
        P.h - 16,
        f"Tra cứu hóa đơn tại: https://tracuu.{S['web'][4:]} - Mã tra cứu: {code}",
        7.5,
        align="c",
    )
    P.text(cx, P.h - 12, "(Cần kiểm tra, đối chiếu khi lập, giao, nhận hóa đơn)", 7.5, align="c")


# --------------------------------------------------------------------------- entry point


def holdout_invoices(
    work: pathlib.Path, langs: list[str], n: int, seed: int = 11
) -> list[tuple[dict, pathlib.Path]]:
    """Write n invoices per language under `work`; return (label, path) pairs (deterministic in the arguments)."""
    _fonts()
    work = pathlib.Path(work)
    work.mkdir(parents=True, exist_ok=True)
    out = []
    for lang in langs:
        if lang not in LANGUAGES:
            raise ValueError(f"unknown language {lang!r}; expected one of {LANGUAGES}")
        for k in range(n):
            layout = LAYOUTS[lang][k % len(LAYOUTS[lang])]
            D = Doc(
                lang, layout, random.Random(f"holdout-invoices/{seed}/{lang}/{k}"), k // len(LAYOUTS[lang])
            )
            path = work / f"holdout-{lang}-{k:03d}-{layout}.pdf"
            P = Page(path, LETTER if D.loc == "en-US" else A4)
            {
                "classic": _classic,
                "banner": _banner,
                "letter": _letter,
                "pl-form": _plform,
                "vn-form": lambda p, d: _vnform(p, d, False),
                "vn-form-bilingual": lambda p, d: _vnform(p, d, True),
            }[layout](P, D)
            P.save()
            label = {
                "issuer": D.seller["name"],
                "invoice_number": D.number,
                "date": D.issue.isoformat(),
                "total": f"{D.payable.quantize(CENT)}",
                "gross": f"{D.gross.quantize(CENT)}",
                "currency": D.cur,
                "language": lang,
                "layout": layout,
                "set": "holdout",
                "doc_id": f"holdout-{seed}-{lang}-{k:03d}",
            }
            out.append((label, path))
    return out
