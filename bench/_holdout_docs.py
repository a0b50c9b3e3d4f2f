"""Held-out synthetic receipts with known fields, written independently of the extraction code.

`holdout_documents(langs, n, seed)` renders, for every language and k in range(n), one receipt as an
RGB uint8 numpy array and returns (lang, image, truth, False).  The layouts follow how shops in each
country print their slips (Polish "paragon fiskalny", Vietnamese "hóa đơn", German Kassenbon with
MwSt table and TSE lines, French ticket with TVA table and CB slip, Dutch kassabon with BTW and cash
rounding, Indonesian struk with PPN / PB1, US and UK till receipts).

Truth conventions (all values are strings):

* ``vendor``   - the top printed name line of the receipt, exactly as printed.  Where a brand line is
  printed over a legal-name line (e.g. "Żabka" over "Żabka Polska sp. z o.o."), the truth is the brand
  line, i.e. always the first line.
* ``total``    - the amount the customer paid, "123.45" (dot, two decimals; VND / IDR as "125000.00").
  Where cash rounding is printed (Dutch "Afronding", Indonesian "Pembulatan") it is the rounded amount
  to pay; where a tip is added (US restaurant) it is the amount including the tip.  Cash tendered,
  change, card balances, savings and loyalty figures are never the total.
* ``date``     - ISO yyyy-mm-dd of the purchase.  Other dates on the page (coupon expiry, "return by",
  "valid until") are never the truth.
* ``currency`` - ISO 4217 code (PLN, VND, EUR, CHF, IDR, USD, GBP).
* ``address``  - the seller's street address lines as printed (street, postcode/city; no phone, tax id
  or website), joined by a single space.  A leading label such as "Địa chỉ:" / "Đ/c:" / "Alamat:" is
  not part of the truth.

Every amount on a page is arithmetically consistent: item lines, discounts, taxes (included or added),
service charges, rounding, tender and change.  Everything is deterministic in (langs, n, seed): each
document draws only from random.Random(f"{seed}:{lang}:{k}") (numpy noise is seeded from it).
"""

from __future__ import annotations

import datetime as dt
import os
import random
import unicodedata
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

LANGUAGES = ("pl", "vi", "de", "fr", "nl", "id", "en")

# --------------------------------------------------------------------------------------------------
# document model
# --------------------------------------------------------------------------------------------------


@dataclass
class Ln:
    kind: str  # c l r lr cols sep blank bar
    a: str = ""
    b: str = ""
    cells: tuple = ()
    bold: bool = False
    big: bool = False
    trunc: bool = False
    ch: str = "-"
    tcell: int = 0  # which cell of a cols line an over-long line may shorten


@dataclass
class Doc:
    lines: list[Ln] = field(default_factory=list)

    def c(self, text: str, bold: bool = False, big: bool = False) -> None:
        self.lines.append(Ln("c", text, bold=bold, big=big))

    def l(self, text: str, bold: bool = False, trunc: bool = False) -> None:  # noqa: E743
        self.lines.append(Ln("l", text, bold=bold, trunc=trunc))

    def r(self, text: str, bold: bool = False) -> None:
        self.lines.append(Ln("r", text, bold=bold))

    def lr(self, left: str, right: str, bold: bool = False, big: bool = False, trunc: bool = False) -> None:
        self.lines.append(Ln("lr", left, right, bold=bold, big=big, trunc=trunc))

    def cols(
        self, *cells: tuple[str, float, str], bold: bool = False, trunc: bool = True, tcell: int = 0
    ) -> None:
        """Cells (text, anchor as a fraction of the content width, 'l' or 'r')."""
        self.lines.append(Ln("cols", cells=tuple(cells), bold=bold, trunc=trunc, tcell=tcell))

    def sep(self, ch: str = "-") -> None:
        self.lines.append(Ln("sep", ch=ch))

    def blank(self) -> None:
        self.lines.append(Ln("blank"))

    def bar(self) -> None:
        self.lines.append(Ln("bar"))


# --------------------------------------------------------------------------------------------------
# money, tax, dates
# --------------------------------------------------------------------------------------------------

D = Decimal


def _rnd(x: Decimal) -> int:
    return int(x.quantize(D(1), rounding=ROUND_HALF_UP))


def _incl(gross: int, rate: str) -> int:
    """Tax contained in a gross amount."""
    r = D(rate)
    return _rnd(D(gross) * r / (100 + r))


def _added(net: int, rate: str) -> int:
    return _rnd(D(net) * D(rate) / 100)


def _money(dec: str = ",", thou: str = "", places: int = 2):
    def f(v: int, plus: bool = False) -> str:
        neg = v < 0
        v = abs(v)
        whole, frac = divmod(v, 100) if places else (v, 0)
        s = f"{whole:,}".replace(",", "\x00").replace("\x00", thou)
        if places:
            s += dec + f"{frac:02d}"
        return ("-" if neg else ("+" if plus else "")) + s

    return f


def _truth_amount(v: int, places: int) -> str:
    return f"{v // 100}.{v % 100:02d}" if places else f"{v}.00"


def _date(rng: random.Random) -> dt.date:
    start = dt.date(2022, 1, 3)
    return start + dt.timedelta(days=rng.randrange(0, 1300))


def _time(rng: random.Random, secs: bool | None = None) -> str:
    h, m, s = rng.randint(7, 21), rng.randint(0, 59), rng.randint(0, 59)
    if secs is None:
        secs = rng.random() < 0.4
    return f"{h:02d}:{m:02d}" + (f":{s:02d}" if secs else "")


def iso(d: dt.date) -> str:
    return d.isoformat()


def dmy(d: dt.date, sep: str = ".", yy: bool = False) -> str:
    y = f"{d.year % 100:02d}" if yy else str(d.year)
    return f"{d.day:02d}{sep}{d.month:02d}{sep}{y}"


def mdy(d: dt.date, yy: bool = False) -> str:
    y = f"{d.year % 100:02d}" if yy else str(d.year)
    return f"{d.month:02d}/{d.day:02d}/{y}"


def _later(d: dt.date, rng: random.Random, lo: int = 10, hi: int = 90) -> dt.date:
    return d + dt.timedelta(days=rng.randint(lo, hi))


def _cash(rng: random.Random, total: int, notes: list[int]) -> int:
    """Cash handed over: a note (or several of the largest) at least as large as the total."""
    above = [n for n in notes if n >= total]
    if not above:
        top = notes[-1]
        return -(-total // top) * top
    if rng.random() < 0.08:
        return total  # exact money
    return above[0] if rng.random() < 0.7 or len(above) == 1 else above[1]


@dataclass
class Item:
    name: str
    qty: int | None
    weight: int | None  # grams (or 1/100 lb)
    unit: int
    amount: int
    tax: str
    disc: int = 0

    @property
    def net(self) -> int:
        return self.amount - self.disc


def _n_items(rng: random.Random, hi: int = 15) -> int:
    pool = [1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 9, 10, 11, 12, 13, 14, 15]
    return min(hi, rng.choice(pool))


def _jitter(rng: random.Random, price: int, step: int, end: int = 0) -> int:
    p = int(price * rng.uniform(0.88, 1.15))
    p = max(step, (p // step) * step + end)
    return p


def _items(
    rng: random.Random,
    catalog: list[tuple],
    n: int,
    *,
    step: int = 10,
    end: int = 9,
    qty_max: int = 3,
    p_qty: float = 0.3,
    w_per: int = 1000,
    w_round: int = 1,
    w_range: tuple[int, int] = (150, 1800),
) -> list[Item]:
    n = min(n, len(catalog))
    out = []
    for name, price, tax, kind in rng.sample(catalog, n):
        price = _jitter(rng, price, step, end)
        if kind == "w":
            w = rng.randint(*w_range)
            amt = _rnd(D(price) * w / w_per / w_round) * w_round
            out.append(Item(name, None, w, price, max(amt, w_round), tax))
        else:
            q = rng.randint(2, qty_max) if rng.random() < p_qty else 1
            out.append(Item(name, q, None, price, q * price, tax))
    return out


def _discounts(rng: random.Random, items: list[Item], p: float, step: int) -> None:
    for it in items:
        if rng.random() < p and it.amount >= 4 * step:
            it.disc = max(step, _rnd(D(it.amount) * D(rng.choice([10, 15, 20, 25, 30])) / 100 / step) * step)


def _wrap(parts: list[str], maxc: int) -> list[str]:
    """Join comma-separated address parts greedily into printed lines of at most maxc characters."""
    lines: list[str] = []
    cur = ""
    for i, p in enumerate(parts):
        piece = p + ("," if i < len(parts) - 1 else "")
        if cur and len(cur) + 1 + len(piece) > maxc:
            lines.append(cur)
            cur = piece
        else:
            cur = f"{cur} {piece}" if cur else piece
    lines.append(cur)
    return lines


def _digits(rng: random.Random, n: int) -> str:
    return "".join(str(rng.randint(0, 9)) for _ in range(n))


# --------------------------------------------------------------------------------------------------
# Polish
# --------------------------------------------------------------------------------------------------

PL_RETAIL = [
    ("Biedronka", "Jeronimo Martins Polska S.A."),
    ("Lidl sp. z o.o. sp.k.", None),
    ("Żabka", "Żabka Polska sp. z o.o."),
    ("Delikatesy Centrum", "Sklep nr 1187"),
    ('Sklep Spożywczy "U Zosi"', "Zofia Nowak"),
    ("P.H.U. KOWALSKI", "Jan Kowalski"),
    ("Stokrotka", "Stokrotka sp. z o.o."),
    ("Drogeria Róża", "Róża Handel s.c."),
    ("Dino Polska S.A.", None),
    ("Lewiatan Market", "Market Ogrodowa sp. j."),
    ("Netto Polska", None),
    ("Sklep Osiedlowy Groszek", None),
]
PL_GASTRO = [
    "Kawiarnia Ważka",
    "Bar Mleczny Familijny",
    "Pizzeria Da Grzegorz",
    "Restauracja Pod Lipami",
    "Piekarnia Złoty Kłos",
    "Bistro Smaczny Kąsek",
    "Pierogarnia Stary Młyn",
    "Cukiernia Słodki Róg",
]
PL_STREETS = [
    ("ul. Marszałkowska", "00-624", "Warszawa"),
    ("ul. Piotrkowska", "90-410", "Łódź"),
    ("al. Grunwaldzka", "80-309", "Gdańsk"),
    ("ul. Świętojańska", "81-368", "Gdynia"),
    ("ul. Długa", "31-147", "Kraków"),
    ("ul. Głogowska", "60-734", "Poznań"),
    ("ul. Żeromskiego", "26-600", "Radom"),
    ("pl. Wolności", "50-071", "Wrocław"),
    ("ul. Kościuszki", "40-048", "Katowice"),
    ("ul. Lipowa", "20-020", "Lublin"),
    ("ul. Mickiewicza", "15-213", "Białystok"),
    ("ul. Toruńska", "85-023", "Bydgoszcz"),
    ("os. Bohaterów Września", "31-620", "Kraków"),
    ("ul. Wojska Polskiego", "70-482", "Szczecin"),
]
PL_SHOP_ITEMS = [
    ("Mleko 3,2% 1L", 349, "C", "u"),
    ("Masło Extra 200g", 799, "C", "u"),
    ("Jaja L 10szt", 1199, "C", "u"),
    ("Pomidory luz", 899, "C", "w"),
    ("Jabłka Ligol luz", 399, "C", "w"),
    ("Chleb żytni krojony", 429, "C", "u"),
    ("Bułka kajzerka", 69, "C", "u"),
    ("Ser żółty Gouda", 699, "C", "u"),
    ("Kiełbasa śląska", 2199, "C", "w"),
    ("Twaróg półtłusty", 399, "C", "u"),
    ("Makaron świderki", 329, "C", "u"),
    ("Cukier biały 1kg", 399, "C", "u"),
    ("Ogórki kiszone", 749, "C", "u"),
    ("Woda mineralna 1,5L", 199, "A", "u"),
    ("Kawa mielona 250g", 1599, "A", "u"),
    ("Piwo Żywiec 0,5L", 399, "A", "u"),
    ("Płyn do naczyń", 649, "A", "u"),
    ("Papier toaletowy 8r", 1299, "A", "u"),
    ("Czekolada mleczna", 479, "A", "u"),
    ("Reklamówka", 99, "A", "u"),
    ("Sok jabłkowy 1L", 449, "C", "u"),
    ("Ziemniaki 2kg", 599, "C", "u"),
    ("Pasta do zębów", 899, "A", "u"),
    ("Herbata czarna 100t", 1149, "A", "u"),
]
PL_MENU = [
    ("Kawa latte", 1400, "B", "u"),
    ("Cappuccino", 1300, "B", "u"),
    ("Herbata z cytryną", 900, "B", "u"),
    ("Szarlotka na ciepło", 1600, "B", "u"),
    ("Sernik", 1500, "B", "u"),
    ("Pierogi ruskie", 2400, "B", "u"),
    ("Żurek w chlebie", 2600, "B", "u"),
    ("Schabowy z ziemniakami", 3800, "B", "u"),
    ("Kompot", 700, "B", "u"),
    ("Zupa pomidorowa", 1400, "B", "u"),
    ("Naleśniki z serem", 2200, "B", "u"),
    ("Woda gazowana 0,3L", 800, "A", "u"),
    ("Sok pomarańczowy", 1100, "A", "u"),
    ("Piwo lane 0,5L", 1500, "A", "u"),
]
PL_RATES = {"A": "23", "B": "8", "C": "5", "D": "0"}
PL_NOTES = [1000, 2000, 5000, 10000, 20000]


def _pl_addr(rng: random.Random) -> list[str]:
    street, pc, city = rng.choice(PL_STREETS)
    no = str(rng.randint(1, 180)) + rng.choice(["", "", "", "A", f"/{rng.randint(1, 40)}"])
    st = rng.randrange(3)
    if st == 0 or len(f"{street} {no}, {pc} {city}") > 36:
        return [f"{street} {no}", f"{pc} {city}"]
    if st == 1:
        return [f"{street} {no}, {pc} {city}"]
    return [f"{pc} {city}", f"{street} {no}"]


def _pl_nip(rng: random.Random) -> str:
    d = _digits(rng, 10)
    form = rng.randrange(3)
    if form == 0:
        return f"NIP {d[:3]}-{d[3:6]}-{d[6:8]}-{d[8:]}"
    if form == 1:
        return f"NIP: {d}"
    return f"NIP {d[:3]}-{d[3:5]}-{d[5:7]}-{d[7:]}"


def _pl_qty(it: Item, f) -> str:
    if it.weight is not None:
        return f"{it.weight / 1000:.3f}".replace(".", ",")
    return str(it.qty)


def _pl_tax_block(doc: Doc, items: list[Item], f, rng: random.Random) -> int:
    style = rng.randrange(3)
    groups: dict[str, int] = {}
    for it in items:
        groups[it.tax] = groups.get(it.tax, 0) + it.net
    ptu_sum = 0
    for letter in sorted(groups):
        g = groups[letter]
        ptu = _incl(g, PL_RATES[letter])
        ptu_sum += ptu
        rate = PL_RATES[letter]
        if style == 0:
            doc.lr(f"SPRZEDAŻ OPODATKOWANA {letter}", f(g))
            doc.lr(f"PTU {letter} {rate},00 %", f(ptu))
        elif style == 1:
            doc.lr(f"Sprzedaż opodatk. {letter}", f(g))
            doc.lr(f"Kwota {letter} {rate},00%", f(ptu))
        else:
            doc.lr(f"SP.OP.{letter}", f(g))
            doc.lr(f"PTU {letter} {rate}%", f(ptu))
    doc.lr("SUMA PTU" if style != 1 else "Suma PTU", f(ptu_sum))
    return ptu_sum


def _pl_fiscal(rng: random.Random, two_line: bool) -> tuple[Doc, dict]:
    name, legal = rng.choice(PL_RETAIL)
    addr = _pl_addr(rng)
    f = _money(",", "")
    d = _date(rng)
    t = _time(rng)
    items = _items(rng, PL_SHOP_ITEMS, _n_items(rng), step=10, end=9)
    _discounts(rng, items, 0.18 if two_line else 0.1, 10)
    total = sum(it.net for it in items)
    doc = Doc()
    doc.c(name, bold=True, big=rng.random() < 0.6)
    if legal and rng.random() < 0.85:
        doc.c(legal)
    for a in addr:
        doc.c(a)
    if rng.random() < 0.35:
        doc.c(f"tel. {rng.randint(12, 91)} {_digits(rng, 3)} {_digits(rng, 2)} {_digits(rng, 2)}")
    doc.c(_pl_nip(rng))
    dfmt = rng.choice([iso, lambda x: dmy(x, "."), lambda x: dmy(x, "-")])
    if two_line:
        doc.lr(
            f"{dfmt(d)} {t}" if rng.random() < 0.6 else dfmt(d),
            f"#{rng.randint(1, 9999):04d}/{rng.randint(1, 9999):04d}",
        )
    else:
        doc.lr(dfmt(d), f"nr wydr. {rng.randint(1, 999999):06d}")
    doc.c("PARAGON FISKALNY", bold=True)
    if rng.random() < 0.4:
        doc.sep()
    sep_x = rng.choice([" x", "x", " * "])
    for it in items:
        q = _pl_qty(it, f)
        if two_line:
            doc.l(it.name, trunc=True)
            unit = "kg" if it.weight is not None else "szt."
            doc.r(f"{q} {unit} x {f(it.unit)} = {f(it.amount)} {it.tax}")
        else:
            doc.lr(it.name, f"{q}{sep_x}{f(it.unit)}  {f(it.amount)}{it.tax}", trunc=True)
        if it.disc:
            label = rng.choice(["Rabat", "Promocja", "Rabat Moja Karta", "Obniżka"])
            doc.lr(f"   {label}", f"-{f(it.disc)} {it.tax}")
            if rng.random() < 0.5:
                doc.lr("   Cena po rabacie", f"{f(it.net)} {it.tax}")
    doc.sep()
    _pl_tax_block(doc, items, f, rng)
    doc.lr("SUMA PLN", f(total), bold=True, big=rng.random() < 0.6)
    doc.sep()
    pay = rng.random()
    if pay < 0.45:
        doc.lr(rng.choice(["Karta płatnicza", "Karta", "Płatność kartą"]), f(total))
        if rng.random() < 0.4:
            doc.l(f"VISA **** **** **** {_digits(rng, 4)}")
    elif pay < 0.85:
        given = _cash(rng, total, PL_NOTES)
        doc.lr("Gotówka", f(given))
        doc.lr("Reszta", f(given - total))
    else:
        bal = rng.randint(total // 100 + 20, total // 100 + 300) * 100
        doc.lr("Bon podarunkowy", f(total))
        doc.lr("Saldo bonu po transakcji", f(bal))
    saved = sum(it.disc for it in items)
    if saved and rng.random() < 0.7:
        doc.lr("Suma rabatów", f(saved))
    kas = f"#Kasa {rng.randint(1, 9)}  Kasjer nr {rng.randint(1, 40)}"
    if rng.random() < 0.5:
        doc.lr(f"{rng.randint(1, 99999):05d} {kas}", t[:5])
    else:
        doc.lr(f"{rng.randint(1, 99999):05d} {kas}", f"{dfmt(d)} {t[:5]}")
    doc.c(f"{rng.choice(['BFA', 'CAO', 'EAA', 'BEC'])} {_digits(rng, 8)}", bold=True)
    if two_line and rng.random() < 0.6:
        doc.c(f"Kupon -10% ważny do {dfmt(_later(d, rng))}")
    if rng.random() < 0.5:
        doc.bar()
    doc.c(rng.choice(["Dziękujemy za zakupy!", "Zapraszamy ponownie", "Dziękujemy i zapraszamy"]))
    truth = {
        "vendor": name,
        "total": _truth_amount(total, 2),
        "date": iso(d),
        "currency": "PLN",
        "address": " ".join(addr),
    }
    return doc, truth


def _pl_bill(rng: random.Random) -> tuple[Doc, dict]:
    """Restaurant / cafe: non-fiscal bill ("Rachunek") with Razem / Do zapłaty, or a fiscal slip."""
    name = rng.choice(PL_GASTRO)
    addr = _pl_addr(rng)
    f = _money(",", "")
    d, t = _date(rng), _time(rng, False)
    items = _items(rng, PL_MENU, _n_items(rng, 8), step=100, end=0, p_qty=0.35)
    sub = sum(it.amount for it in items)
    disc = 0
    if rng.random() < 0.3:
        disc = _rnd(D(sub) * D(rng.choice([5, 10, 15])) / 100)
    total = sub - disc
    doc = Doc()
    doc.c(name, bold=True, big=rng.random() < 0.5)
    for a in addr:
        doc.c(a)
    doc.c(f"tel. {rng.randint(500, 799)} {_digits(rng, 3)} {_digits(rng, 3)}")
    doc.c(_pl_nip(rng))
    dfmt = rng.choice([lambda x: dmy(x, "-"), lambda x: dmy(x, "."), iso])
    doc.c(f"RACHUNEK NR {rng.randint(1, 999)}/{d.year}", bold=True)
    doc.lr(dfmt(d), f"godz. {t}")
    doc.lr(f"Stolik {rng.randint(1, 20)}", f"Kelner: {rng.choice(['Anna', 'Marek', 'Kasia', 'Piotr'])}")
    doc.sep("=")
    for it in items:
        doc.cols((it.name, 0, "l"), (f"{it.qty} x {f(it.unit)}", 0.72, "r"), (f(it.amount), 1.0, "r"))
    doc.sep()
    if disc:
        doc.lr("Suma", f(sub))
        doc.lr("Rabat", f"-{f(disc)}")
    doc.lr("Razem", f(total))
    doc.lr("DO ZAPŁATY", f"{f(total)} zł", bold=True, big=rng.random() < 0.5)
    if rng.random() < 0.5:
        given = _cash(rng, total, PL_NOTES)
        doc.lr("Gotówka", f(given))
        doc.lr("Reszta", f(given - total))
    else:
        doc.lr("Karta", f(total))
    doc.c("WYDRUK NIEFISKALNY")
    doc.c(f"www.{_slug(name)}.pl")
    doc.c("Zapraszamy ponownie!")
    truth = {
        "vendor": name,
        "total": _truth_amount(total, 2),
        "date": iso(d),
        "currency": "PLN",
        "address": " ".join(addr),
    }
    return doc, truth


def _slug(name: str) -> str:
    s = name.lower().replace("ł", "l").replace("đ", "d").replace("ß", "ss").replace("œ", "oe")
    s = unicodedata.normalize("NFKD", s)
    return "".join(c for c in s if c.isascii() and c.isalnum())[:18]


# --------------------------------------------------------------------------------------------------
# Vietnamese
# --------------------------------------------------------------------------------------------------

VI_FOOD = [
    "CÀ PHÊ HẠT MỘC",
    "CƠM TẤM SÀI GÒN 68",
    "PHỞ HÀ NỘI GIA TRUYỀN",
    "NHÀ HÀNG HẢI SẢN BIỂN ĐÔNG",
    "Quán Bún Chả Hương Liên",
    "TIỆM BÁNH MÌ HÒA BÌNH",
    "Trà Sữa Mây Hồng",
    "QUÁN NƯỚNG CHÚ HAI",
    "Highlands Coffee",
    "Lẩu Dê Phú Nhuận",
]
VI_SHOPS = [
    ("SIÊU THỊ MINH PHÁT", "CÔNG TY TNHH TMDV MINH PHÁT"),
    ("Co.opmart", "Liên hiệp HTX TM TP.HCM"),
    ("Bách Hóa Xanh", None),
    ("CỬA HÀNG TIỆN LỢI AN KHANG", None),
    ("WinMart+", "Công ty CP WinCommerce"),
    ("TẠP HÓA CÔ BA", None),
    ("NHÀ THUỐC AN TÂM", None),
    ("Circle K", "Công ty TNHH Vòng Tròn Đỏ"),
]
VI_PLACES = [
    (
        ["Nguyễn Trãi", "Trần Hưng Đạo", "An Dương Vương"],
        ["Phường 2", "Phường 8", "Phường 11"],
        "Quận 5",
        ["TP. Hồ Chí Minh", "TP.HCM"],
    ),
    (
        ["Lê Lợi", "Hai Bà Trưng", "Nguyễn Thị Minh Khai"],
        ["Phường Bến Nghé", "Phường Bến Thành"],
        "Quận 1",
        ["TP. Hồ Chí Minh", "TP.HCM"],
    ),
    (
        ["Võ Văn Tần", "Cách Mạng Tháng Tám", "Điện Biên Phủ"],
        ["Phường 6", "Phường Võ Thị Sáu"],
        "Quận 3",
        ["TP. Hồ Chí Minh"],
    ),
    (
        ["Hàng Bạc", "Bà Triệu", "Hàng Buồm"],
        ["Phường Hàng Bạc", "Phường Hàng Bài"],
        "Quận Hoàn Kiếm",
        ["Hà Nội"],
    ),
    (
        ["Lý Thường Kiệt", "Phố Huế"],
        ["Phường Phạm Đình Hổ", "Phường Lê Đại Hành"],
        "Quận Hai Bà Trưng",
        ["Hà Nội", "TP. Hà Nội"],
    ),
    (
        ["Bạch Đằng", "Lê Duẩn", "Phan Chu Trinh"],
        ["Phường Hải Châu 1", "Phường Thạch Thang"],
        "Quận Hải Châu",
        ["TP. Đà Nẵng", "Đà Nẵng"],
    ),
    (
        ["Nguyễn Văn Cừ", "Mậu Thân", "Ba Tháng Hai"],
        ["Phường An Hòa", "Phường Xuân Khánh"],
        "Quận Ninh Kiều",
        ["TP. Cần Thơ"],
    ),
]
VI_MENU = [
    ("Cà phê sữa đá", 29000, "", "u"),
    ("Bạc xỉu", 32000, "", "u"),
    ("Trà đào cam sả", 45000, "", "u"),
    ("Cơm tấm sườn bì chả", 55000, "", "u"),
    ("Phở bò tái", 60000, "", "u"),
    ("Bún chả", 50000, "", "u"),
    ("Gỏi cuốn", 35000, "", "u"),
    ("Nước suối", 10000, "", "u"),
    ("Trà đá", 5000, "", "u"),
    ("Bánh mì thịt", 25000, "", "u"),
    ("Chả giò", 40000, "", "u"),
    ("Sinh tố bơ", 40000, "", "u"),
    ("Bia Sài Gòn", 18000, "", "u"),
    ("Rau muống xào tỏi", 45000, "", "u"),
    ("Lẩu thái hải sản", 250000, "", "u"),
    ("Tôm nướng muối ớt", 180000, "", "u"),
    ("Mực hấp gừng", 150000, "", "u"),
    ("Cơm chiên dương châu", 65000, "", "u"),
]
VI_GOODS = [
    ("Sữa tươi Vinamilk 1L", 34500, "", "u"),
    ("Mì Hảo Hảo tôm chua cay", 4500, "", "u"),
    ("Nước mắm Nam Ngư 500ml", 38000, "", "u"),
    ("Gạo ST25 túi 5kg", 185000, "", "u"),
    ("Dầu ăn Tường An 1L", 52000, "", "u"),
    ("Trứng gà hộp 10 quả", 32000, "", "u"),
    ("Bột giặt OMO 800g", 45000, "", "u"),
    ("Dầu gội Clear 340g", 98000, "", "u"),
    ("Nước ngọt Coca lon 330ml", 10500, "", "u"),
    ("Bánh Chocopie hộp 12", 55000, "", "u"),
    ("Thịt ba chỉ heo", 145000, "", "w"),
    ("Cải ngọt", 28000, "", "w"),
    ("Chuối già", 32000, "", "w"),
    ("Cà chua", 26000, "", "w"),
    ("Nước suối Lavie 500ml", 5500, "", "u"),
    ("Kem đánh răng P/S", 27500, "", "u"),
    ("Khăn giấy Pulppy", 19000, "", "u"),
    ("Cà phê G7 hộp 18 gói", 56000, "", "u"),
]
VI_NOTES = [10000, 20000, 50000, 100000, 200000, 500000]


def _vi_addr(rng: random.Random, maxc: int = 30) -> list[str]:
    streets, wards, district, cities = rng.choice(VI_PLACES)
    no = rng.choice(
        [str(rng.randint(1, 350)), f"{rng.randint(1, 200)}/{rng.randint(1, 30)}", f"Số {rng.randint(1, 120)}"]
    )
    parts = [f"{no} {rng.choice(streets)}", rng.choice(wards), district, rng.choice(cities)]
    if rng.random() < 0.3:
        parts[1] = parts[1].replace("Phường", "P.")
        parts[2] = parts[2].replace("Quận", "Q.")
    return _wrap(parts, maxc)


def _vi_money(rng: random.Random):
    sep = rng.choice([".", ","])
    return _money(dec="", thou=sep, places=0), sep


def _vi_restaurant(rng: random.Random) -> tuple[Doc, dict]:
    name = rng.choice(VI_FOOD)
    addr = _vi_addr(rng)
    f, _ = _vi_money(rng)
    suf = rng.choice(["", " đ", "đ", " VND", " ₫"])
    d, t = _date(rng), _time(rng, False)
    items = _items(rng, VI_MENU, _n_items(rng, 9), step=1000, end=0, p_qty=0.4, qty_max=4)
    sub = sum(it.amount for it in items)
    disc = _rnd(D(sub) * D(rng.choice([5, 10, 15])) / 100) if rng.random() < 0.35 else 0
    svc = _added(sub - disc, "5") if rng.random() < 0.3 else 0
    vat = _added(sub - disc + svc, "8") if rng.random() < 0.35 else 0
    total = sub - disc + svc + vat
    doc = Doc()
    doc.c(name, bold=True, big=True)
    label = rng.choice(["", "Đ/c: ", "Địa chỉ: "])
    for i, a in enumerate(addr):
        doc.c((label if i == 0 else "") + a)
    doc.c(
        rng.choice(["ĐT: ", "Hotline: ", "SĐT: "]) + f"0{rng.choice([90, 91, 93, 28, 24])}{_digits(rng, 1)} "
        f"{_digits(rng, 3)} {_digits(rng, 3)}"
    )
    doc.blank()
    doc.c(rng.choice(["HÓA ĐƠN THANH TOÁN", "PHIẾU THANH TOÁN", "HÓA ĐƠN"]), bold=True)
    doc.lr(f"Số HĐ: {rng.randint(1, 99999):06d}", f"Bàn: {rng.randint(1, 30):02d}")
    style = rng.randrange(3)
    if style == 0:
        doc.l(f"Ngày: {dmy(d, '/')} {t}")
    elif style == 1:
        doc.lr(f"Ngày: {dmy(d, '/')}", f"Giờ vào: {t}")
    else:
        doc.lr(f"Giờ vào: {t}", f"Ngày {dmy(d, '-')}")
    doc.l(f"Thu ngân: {rng.choice(['Nguyễn Thị Lan', 'Trần Văn Hùng', 'Lê Minh Thư', 'Phạm Quốc Bảo'])}")
    doc.sep()
    pr, am = rng.choice([("Đơn giá", "Thành tiền"), ("Đ.Giá", "T.Tiền"), ("Giá", "Tiền")])
    doc.cols(("Tên món", 0, "l"), ("SL", 0.5, "r"), (pr, 0.75, "r"), (am, 1.0, "r"), bold=True, trunc=False)
    doc.sep()
    two = rng.random() < 0.5 or max(len(it.name) for it in items) > 15
    for it in items:
        if two:
            doc.l(it.name, trunc=True)
            doc.cols(("", 0, "l"), (str(it.qty), 0.5, "r"), (f(it.unit), 0.75, "r"), (f(it.amount), 1.0, "r"))
        else:
            doc.cols(
                (it.name, 0, "l"), (str(it.qty), 0.5, "r"), (f(it.unit), 0.75, "r"), (f(it.amount), 1.0, "r")
            )
    doc.sep()
    if disc or svc or vat or rng.random() < 0.5:
        doc.lr("Tổng tiền hàng:", f(sub))
    if disc:
        doc.lr("Giảm giá:", f"-{f(disc)}")
    if svc:
        doc.lr("Phí phục vụ (5%):", f(svc))
    if vat:
        doc.lr("Thuế VAT (8%):", f(vat))
    lab = rng.choice(["Tổng cộng:", "TỔNG CỘNG", "Tổng thanh toán:", "Khách phải trả:", "Tổng tiền:"])
    doc.lr(lab, f(total) + suf, bold=True, big=rng.random() < 0.5)
    if rng.random() < 0.65:
        given = _cash(rng, total, VI_NOTES)
        doc.lr("Tiền khách đưa:", f(given))
        doc.lr(rng.choice(["Tiền thối lại:", "Tiền trả lại:"]), f(given - total))
    else:
        doc.lr(rng.choice(["Chuyển khoản:", "Thẻ:", "Ví MoMo:"]), f(total))
    doc.sep()
    doc.c("Cảm ơn quý khách, hẹn gặp lại!")
    if rng.random() < 0.5:
        doc.c(f"Wifi: {_slug(name)[:10]} / Pass: {_digits(rng, 8)}")
    truth = {
        "vendor": name,
        "total": _truth_amount(total, 0),
        "date": iso(d),
        "currency": "VND",
        "address": " ".join(addr),
    }
    return doc, truth


def _vi_supermarket(rng: random.Random) -> tuple[Doc, dict]:
    name, legal = rng.choice(VI_SHOPS)
    addr = _vi_addr(rng, rng.choice([28, 34]))
    f, sep = _vi_money(rng)
    d, t = _date(rng), _time(rng, True)
    items = _items(rng, VI_GOODS, _n_items(rng), step=500, end=0, p_qty=0.3, w_range=(200, 1500))
    _discounts(rng, items, 0.15, 1000)
    gross = sum(it.amount for it in items)
    disc = sum(it.disc for it in items)
    total = gross - disc
    doc = Doc()
    doc.c(name, bold=True, big=rng.random() < 0.7)
    if legal and rng.random() < 0.7:
        doc.c(legal)
    for a in addr:
        doc.c(a)
    doc.c(f"MST: {_digits(rng, 10)}")
    doc.c(f"ĐT: (028) {_digits(rng, 4)} {_digits(rng, 4)}")
    doc.c(rng.choice(["PHIẾU TÍNH TIỀN", "HÓA ĐƠN BÁN LẺ", "PHIẾU THANH TOÁN"]), bold=True)
    doc.lr(
        f"Quầy: {rng.randint(1, 12):02d}  NV: {rng.randint(1000, 9999)}", f"Số: {rng.randint(1, 999999):06d}"
    )
    if rng.random() < 0.5:
        doc.l(f"Ngày: {dmy(d, '-')} {t}")
    else:
        doc.l(f"Ngày bán: {dmy(d, '/')}  {t}")
    doc.sep()
    codes = rng.random() < 0.5
    for it in items:
        doc.l(f"{_digits(rng, 13)} {it.name}" if codes else it.name, trunc=True)
        if it.weight is not None:
            q = f"{it.weight / 1000:.3f}".replace(".", "," if sep == "." else ".") + " kg"
        else:
            q = str(it.qty)
        doc.cols(("", 0, "l"), (q, 0.5, "r"), (f(it.unit), 0.74, "r"), (f(it.amount), 1.0, "r"))
        if it.disc:
            doc.lr("  Khuyến mãi", f"-{f(it.disc)}")
    doc.sep()
    doc.lr("Tổng số lượng:", str(sum(it.qty or 1 for it in items)))
    doc.lr("Tổng tiền hàng:", f(gross))
    if disc:
        doc.lr("Chiết khấu:", f"-{f(disc)}")
    doc.lr(
        rng.choice(["Tổng thanh toán:", "Thành tiền:", "TỔNG CỘNG:"]),
        f(total) + rng.choice(["", " VND", " đ"]),
        bold=True,
        big=rng.random() < 0.5,
    )
    pay = rng.random()
    if pay < 0.6:
        given = _cash(rng, total, VI_NOTES)
        doc.lr("Tiền mặt:", f(given))
        doc.lr("Tiền trả lại:", f(given - total))
    else:
        doc.lr(rng.choice(["Thẻ ATM:", "Thẻ VISA:", "QR Pay:"]), f(total))
    doc.c("(Giá trên đã bao gồm thuế GTGT)")
    if rng.random() < 0.6:
        pts = total // 1000
        doc.lr("Điểm tích lũy lần này:", f"{pts:,}".replace(",", "."))
        doc.lr("Tổng điểm:", f"{pts + rng.randint(500, 20000):,}".replace(",", "."))
    if rng.random() < 0.5:
        doc.c(f"Đổi trả trong 7 ngày, hạn đến {dmy(_later(d, rng, 7, 7), '/')}")
    doc.c("Cảm ơn quý khách! Hẹn gặp lại")
    if rng.random() < 0.5:
        doc.bar()
    truth = {
        "vendor": name,
        "total": _truth_amount(total, 0),
        "date": iso(d),
        "currency": "VND",
        "address": " ".join(addr),
    }
    return doc, truth


def _vi_small(rng: random.Random) -> tuple[Doc, dict]:
    """Small shop / take-away slip: total in the middle, date at the bottom, formal date sometimes."""
    name = rng.choice([n for n, _ in VI_SHOPS] + VI_FOOD)
    addr = _vi_addr(rng, 34)
    f, _ = _vi_money(rng)
    suf = rng.choice([" ₫", " VND", "đ", " đ"])
    d, t = _date(rng), _time(rng, True)
    cat = VI_MENU if name in VI_FOOD else VI_GOODS
    items = _items(rng, cat, _n_items(rng, 10), step=1000, end=0, p_qty=0.35, w_range=(200, 1200))
    total = sum(it.amount for it in items)
    doc = Doc()
    doc.c(name, bold=True, big=rng.random() < 0.5)
    for a in addr:
        doc.c(a)
    if rng.random() < 0.5:
        doc.c(f"Hotline: 1900 {_digits(rng, 4)}")
    doc.c("HÓA ĐƠN BÁN LẺ", bold=True)
    formal = rng.random() < 0.35
    if formal:
        doc.c(f"Ngày {d.day:02d} tháng {d.month:02d} năm {d.year}")
    doc.sep()
    for it in items:
        if it.weight is not None:
            qs = f"{it.weight / 1000:.3f}".replace(".", ",") + "kg"
        else:
            qs = str(it.qty)
        doc.l(it.name, trunc=True)
        doc.lr(f"  {qs} x {f(it.unit)}", f(it.amount) + suf)
    doc.sep()
    doc.lr("TỔNG CỘNG", f(total) + suf, bold=True, big=True)
    pay = rng.random()
    if pay < 0.6:
        given = _cash(rng, total, VI_NOTES)
        doc.lr("Tiền mặt VND", f(given))
        doc.lr("Tiền thối lại", f(given - total))
    else:
        doc.lr(rng.choice(["Ví MoMo", "ZaloPay", "Thẻ tín dụng"]), f(total))
    doc.sep()
    doc.lr(f"{dmy(d, '/')} {t}", f"#{_digits(rng, 7)}")
    if rng.random() < 0.5:
        doc.c(f"Khuyến mãi áp dụng đến {dmy(_later(d, rng, 5, 40), '/')}")
    doc.c(f"MST: {_digits(rng, 10)}")
    doc.c("Cảm ơn quý khách!")
    truth = {
        "vendor": name,
        "total": _truth_amount(total, 0),
        "date": iso(d),
        "currency": "VND",
        "address": " ".join(addr),
    }
    return doc, truth


# --------------------------------------------------------------------------------------------------
# German (Germany, Austria, Switzerland)
# --------------------------------------------------------------------------------------------------

DE_RETAIL = [
    ("REWE", "REWE Markt GmbH"),
    ("ALDI SÜD", None),
    ("Lidl", "Lidl Dienstleistung GmbH & Co. KG"),
    ("EDEKA Müller", "Inh. Thomas Müller e.K."),
    ("Netto Marken-Discount", None),
    ("dm-drogerie markt", None),
    ("Getränkemarkt Krause", None),
    ("Bio-Laden Löwenzahn", None),
    ("Kiosk am Bahnhof", None),
    ("Penny Markt", "PENNY Markt GmbH"),
    ("Nahkauf Schröder", None),
]
DE_FOOD = [
    "Café Sonnenschein",
    "Bäckerei Schäfer",
    "Gasthaus Zum Löwen",
    "Metzgerei Huber",
    "Eiscafé Venezia",
    "Brauhaus am Dom",
    "Konditorei Süßer Winkel",
    "Pizzeria Bella Italia",
]
DE_PLACES = {
    "de": [
        ("Hauptstraße", "10827", "Berlin"),
        ("Bahnhofstraße", "80335", "München"),
        ("Schillerstraße", "60313", "Frankfurt am Main"),
        ("Königsallee", "40212", "Düsseldorf"),
        ("Lindenstraße", "50674", "Köln"),
        ("Marktplatz", "70173", "Stuttgart"),
        ("Mönckebergstraße", "20095", "Hamburg"),
        ("Goethestraße", "04109", "Leipzig"),
        ("Am Wall", "28195", "Bremen"),
        ("Friedrich-Ebert-Straße", "34117", "Kassel"),
    ],
    "at": [
        ("Mariahilfer Straße", "1070", "Wien"),
        ("Getreidegasse", "5020", "Salzburg"),
        ("Herrengasse", "8010", "Graz"),
        ("Maria-Theresien-Straße", "6020", "Innsbruck"),
    ],
    "ch": [
        ("Bahnhofstrasse", "8001", "Zürich"),
        ("Marktgasse", "3011", "Bern"),
        ("Freie Strasse", "4001", "Basel"),
        ("Rue du Marché", "1204", "Genève"),
    ],
}
DE_RATES = {"de": {"A": "19", "B": "7"}, "at": {"A": "20", "B": "10"}, "ch": {"A": "8.1", "B": "2.6"}}
DE_ITEMS = [
    ("Vollmilch 3,5% 1l", 119, "B", "u"),
    ("Butter 250g", 239, "B", "u"),
    ("Bananen", 169, "B", "w"),
    ("Äpfel Elstar", 249, "B", "w"),
    ("Toastbrot", 129, "B", "u"),
    ("Gouda jung Scheiben", 199, "B", "u"),
    ("Kaffee Krönung 500g", 749, "B", "u"),
    ("Mineralwasser 1,5l", 45, "A", "u"),
    ("Spülmittel", 95, "A", "u"),
    ("Zahnpasta", 145, "A", "u"),
    ("Pils 0,5l", 89, "A", "u"),
    ("Kartoffeln 2,5kg", 299, "B", "u"),
    ("Eier Freiland 10er", 329, "B", "u"),
    ("Brezel", 85, "B", "u"),
    ("Joghurt Natur 500g", 79, "B", "u"),
    ("Spaghetti 500g", 99, "B", "u"),
    ("Rispentomaten", 299, "B", "w"),
    ("Schokolade Vollmilch", 139, "B", "u"),
    ("Küchenrolle 4x", 279, "A", "u"),
    ("Orangensaft 1l", 189, "A", "u"),
    ("Hähnchenbrust", 549, "B", "u"),
    ("Salami Aufschnitt", 189, "B", "u"),
    ("Gurke", 69, "B", "u"),
    ("Müsli Früchte", 229, "B", "u"),
]
DE_MENU = [
    ("Cappuccino", 340, "A", "u"),
    ("Milchkaffee", 380, "A", "u"),
    ("Espresso", 220, "A", "u"),
    ("Apfelstrudel", 450, "A", "u"),
    ("Käsekuchen", 390, "A", "u"),
    ("Schnitzel Wiener Art", 1490, "A", "u"),
    ("Gulaschsuppe", 690, "A", "u"),
    ("Apfelschorle 0,4l", 390, "A", "u"),
    ("Weißbier 0,5l", 450, "A", "u"),
    ("Bratwurst mit Brot", 590, "A", "u"),
    ("Kaffee Crema", 290, "A", "u"),
    ("Rührei mit Speck", 790, "A", "u"),
    ("Pizza Margherita", 890, "A", "u"),
    ("Salatteller", 990, "A", "u"),
]


def _de_region(rng: random.Random) -> str:
    r = rng.random()
    return "de" if r < 0.7 else ("at" if r < 0.85 else "ch")


def _de_addr(rng: random.Random, region: str) -> list[str]:
    street, pc, city = rng.choice(DE_PLACES[region])
    no = f"{rng.randint(1, 140)}{rng.choice(['', '', '', 'a', 'b'])}"
    prefix = {"de": "", "at": "A-", "ch": "CH-"}[region] if rng.random() < 0.3 else ""
    if street.startswith("Rue"):
        return [f"{street} {no}", f"{prefix}{pc} {city}"]
    if rng.random() < 0.15 and len(f"{street} {no}, {pc} {city}") <= 34:
        return [f"{street} {no}, {prefix}{pc} {city}"]
    return [f"{street} {no}", f"{prefix}{pc} {city}"]


def _de_setup(rng: random.Random, region: str, catalog: list[tuple], n: int, end: int = 9, **kw) -> tuple:
    ch = region == "ch"
    f = _money("." if ch else ",", "'" if ch else ".")
    if ch:  # Swiss prices: higher, in steps of 5 Rappen
        catalog = [(a, p * 3 // 2, t, k) for a, p, t, k in catalog]
    items = _items(rng, catalog, n, step=5 if ch else 10, end=0 if ch else end, w_round=5 if ch else 1, **kw)
    cur = "CHF" if ch else "EUR"
    return f, items, cur


def _de_tax_table(
    doc: Doc, rng: random.Random, f, groups: dict[str, int], rates: dict[str, str], region: str
):
    lab = {"de": "MwSt", "at": "USt", "ch": "MWST"}[region]
    doc.cols((f"{lab}-Satz", 0, "l"), ("Netto", 0.5, "r"), (lab, 0.75, "r"), ("Brutto", 1.0, "r"))
    tn = tt = tb = 0
    for letter in sorted(groups):
        g = groups[letter]
        tax = _incl(g, rates[letter])
        tn, tt, tb = tn + g - tax, tt + tax, tb + g
        rate = rates[letter].replace(".", "," if region != "ch" else ".")
        doc.cols((f"{letter} {rate}%", 0, "l"), (f(g - tax), 0.5, "r"), (f(tax), 0.75, "r"), (f(g), 1.0, "r"))
    if len(groups) > 1 or rng.random() < 0.5:
        doc.cols(("Summe", 0, "l"), (f(tn), 0.5, "r"), (f(tt), 0.75, "r"), (f(tb), 1.0, "r"))


def _de_discounter(rng: random.Random, rewe_style: bool) -> tuple[Doc, dict]:
    region = _de_region(rng)
    name, legal = rng.choice(DE_RETAIL)
    addr = _de_addr(rng, region)
    f, items, cur = _de_setup(rng, region, DE_ITEMS, _n_items(rng))
    rates = DE_RATES[region]
    _discounts(rng, items, 0.1, 5 if region == "ch" else 10)
    d, t = _date(rng), _time(rng, False)
    pfand = []
    if region == "de" and rng.random() < 0.4:
        pfand = [("Pfand", 25 * rng.randint(1, 6)), ("Leergut", -25 * rng.randint(2, 12))]
        if rng.random() < 0.5:
            pfand = pfand[:1]
    groups: dict[str, int] = {}
    for it in items:
        groups[it.tax] = groups.get(it.tax, 0) + it.net
    for _, v in pfand:
        groups["A"] = groups.get("A", 0) + v
    total = sum(groups.values())
    if total <= 0:
        pfand = []
        groups = {}
        for it in items:
            groups[it.tax] = groups.get(it.tax, 0) + it.net
        total = sum(groups.values())
    doc = Doc()
    doc.c(name, bold=True, big=rng.random() < 0.7)
    if legal and rng.random() < 0.6:
        doc.c(legal)
    for a in addr:
        doc.c(a)
    if rng.random() < 0.5:
        doc.c(f"Tel.: 0{rng.randint(30, 911)} {_digits(rng, 6)}")
    if rewe_style:
        doc.c(
            f"UID Nr.: {'DE' if region == 'de' else ('ATU' if region == 'at' else 'CHE-')}{_digits(rng, 9)}"
        )
    doc.r(cur)
    for it in items:
        if it.weight is not None:
            doc.lr(it.name, f"{f(it.amount)} {it.tax}", trunc=True)
            kg = f"{it.weight / 1000:.3f}".replace(".", "," if region != "ch" else ".")
            doc.l(f"  {kg} kg x {f(it.unit)} {cur}/kg")
        else:
            doc.lr(it.name, f"{f(it.amount)} {it.tax}", trunc=True)
            if it.qty and it.qty > 1:
                doc.l(f"  {it.qty} Stk x {f(it.unit)}")
        if it.disc:
            doc.lr(f"  {rng.choice(['Rabatt', 'Aktionsrabatt', 'Preisvorteil'])}", f"-{f(it.disc)} {it.tax}")
    for lab, v in pfand:
        doc.lr(lab, f"{f(v)} A")
    doc.sep()
    if rewe_style:
        doc.lr("SUMME", f"{cur} {f(total)}", bold=True, big=rng.random() < 0.6)
        doc.sep("=")
    else:
        doc.lr(
            rng.choice(["zu zahlen", "Summe", "Total" if region == "ch" else "zu zahlen"]),
            f(total),
            bold=True,
            big=rng.random() < 0.6,
        )
    notes = [500, 1000, 2000, 5000, 10000] if region != "ch" else [1000, 2000, 5000, 10000, 20000]
    pay = rng.random()
    if pay < 0.5:
        given = _cash(rng, total, notes)
        doc.lr("Geg. Bar" if rewe_style else "Bar", f"{cur} {f(given)}" if rewe_style else f(given))
        doc.lr(
            "Rückgeld BAR" if rewe_style else "Rückgeld",
            f"{cur} {f(given - total)}" if rewe_style else f(given - total),
        )
    else:
        card = rng.choice(["EC-Karte", "girocard", "Kreditkarte", "Maestro"])
        doc.lr(f"Geg. {card}" if rewe_style else card, f"{cur} {f(total)}" if rewe_style else f(total))
    doc.sep()
    _de_tax_table(doc, rng, f, groups, rates, region)
    doc.sep()
    ds = dmy(d, ".", yy=rng.random() < 0.3)
    if rewe_style:
        doc.lr(f"{ds}   {t}", f"Bon-Nr.:{rng.randint(1, 9999)}")
        doc.l(f"Markt:{rng.randint(1000, 9999)}  Kasse:{rng.randint(1, 9)}  Bed.:{rng.randint(100, 999)}")
    else:
        doc.lr(f"{ds} {t}", f"Bon {rng.randint(1, 9999):04d} Kasse {rng.randint(1, 9)}")
        doc.l(f"Filiale {rng.randint(1, 999):04d}")
    if region == "de" and rng.random() < 0.7:
        doc.l(f"TSE-Transaktion: {rng.randint(10000, 999999)}")
        doc.l(f"TSE-Start: {iso(d)}T{t}:{rng.randint(0, 59):02d}")
        doc.l(f"TSE-Seriennr.: {_digits(rng, 12)}")
    if rewe_style and pay >= 0.5:
        doc.c("*** Kundenbeleg ***")
        doc.lr("Datum:", dmy(d, "."))
        doc.lr("Uhrzeit:", f"{t}:{rng.randint(0, 59):02d} Uhr")
        doc.l(f"Karte Nr. ############{_digits(rng, 4)}")
        doc.lr("Betrag", f"{cur} {f(total)}")
        doc.c("Zahlung erfolgt")
    if rng.random() < 0.5:
        doc.c(f"Umtausch bis {dmy(_later(d, rng, 14, 30), '.')} nur mit Bon")
    if rewe_style and rng.random() < 0.5:
        doc.c(f"Mit PAYBACK hätten Sie {total // 200} Punkte")
    if rng.random() < 0.5:
        doc.c(f"Steuer-Nr.: {rng.randint(10, 99)}/{_digits(rng, 3)}/{_digits(rng, 5)}")
    doc.c(rng.choice(["Vielen Dank für Ihren Einkauf", "Danke für Ihren Einkauf!", "Auf Wiedersehen"]))
    truth = {
        "vendor": name,
        "total": _truth_amount(total, 2),
        "date": iso(d),
        "currency": cur,
        "address": " ".join(addr),
    }
    return doc, truth


def _de_cafe(rng: random.Random) -> tuple[Doc, dict]:
    region = _de_region(rng)
    name = rng.choice(DE_FOOD)
    addr = _de_addr(rng, region)
    f, items, cur = _de_setup(rng, region, DE_MENU, _n_items(rng, 7), end=0, p_qty=0.4)
    rate = DE_RATES[region]["A"]
    d, t = _date(rng), _time(rng, False)
    total = sum(it.amount for it in items)
    doc = Doc()
    doc.c(name, bold=True, big=rng.random() < 0.6)
    if rng.random() < 0.5:
        doc.c(f"Inh. {rng.choice(['Maria Schneider', 'Klaus Weber', 'Anna Fischer', 'Jürgen Koch'])}")
    for a in addr:
        doc.c(a)
    doc.c(f"Tel. 0{rng.randint(30, 911)} / {_digits(rng, 6)}")
    doc.c(f"St.-Nr. {rng.randint(100, 999)}/{_digits(rng, 4)}/{_digits(rng, 4)}")
    doc.blank()
    doc.lr(f"Rechnung Nr. {rng.randint(100, 9999)}", f"Tisch {rng.randint(1, 24)}")
    ds = dmy(d, ".", yy=rng.random() < 0.5)
    doc.lr(f"{ds}  {t}", f"Bedienung: {rng.choice(['Anna', 'Lukas', 'Sophie', 'Ben'])}")
    doc.sep()
    for it in items:
        doc.cols(
            (f"{it.qty} {it.name}", 0, "l"),
            (f(it.unit) if it.qty > 1 else "", 0.72, "r"),
            (f(it.amount), 1.0, "r"),
        )
    doc.sep()
    big = rng.random() < 0.5
    doc.lr("Gesamt" if region != "ch" else "Total", f"{cur} {f(total)}", bold=True, big=big)
    tax = _incl(total, rate)
    r = rate.replace(".", "," if region != "ch" else ".")
    doc.lr("Netto", f(total - tax))
    doc.lr(f"MwSt {r}%", f(tax))
    doc.lr("Brutto", f(total))
    notes = [500, 1000, 2000, 5000, 10000] if region != "ch" else [1000, 2000, 5000, 10000, 20000]
    if rng.random() < 0.6:
        given = _cash(rng, total, notes)
        doc.lr("Bar gegeben", f(given))
        doc.lr("Rückgeld", f(given - total))
    else:
        doc.lr(rng.choice(["EC-Karte", "Kartenzahlung", "VISA"]), f(total))
    doc.sep()
    doc.c(
        rng.choice(
            [
                "Vielen Dank für Ihren Besuch!",
                "Wir freuen uns auf Ihren nächsten Besuch",
                "Danke und bis bald!",
            ]
        )
    )
    if rng.random() < 0.5:
        doc.c(f"www.{_slug(name)}.{region}")
    truth = {
        "vendor": name,
        "total": _truth_amount(total, 2),
        "date": iso(d),
        "currency": cur,
        "address": " ".join(addr),
    }
    return doc, truth


# --------------------------------------------------------------------------------------------------
# French
# --------------------------------------------------------------------------------------------------

FR_RETAIL = [
    ("CARREFOUR MARKET", None),
    ("MONOPRIX", "MONOPRIX EXPLOITATION SAS"),
    ("Franprix", None),
    ("INTERMARCHÉ", "SAS LES MOUSQUETAIRES DU LAC"),
    ("Biocoop Les Halles", None),
    ("Épicerie Fine Martin", None),
    ("Le Petit Marché", None),
    ("Pharmacie du Centre", None),
    ("Tabac Presse de la Gare", None),
    ("SUPER U", "SAS DISTRIBUTION LAVAL"),
]
FR_FOOD = [
    "Brasserie Le Saint-Germain",
    "Boulangerie Dupont",
    "Crêperie Ty Breizh",
    "Café de la Paix",
    "Le Bistrot des Halles",
    "Pâtisserie Lemoine",
    "Pizzeria Chez Mario",
    "Restaurant L'Olivier",
]
FR_PLACES = [
    ("rue de Rivoli", "75001", "Paris"),
    ("avenue Jean Jaurès", "69007", "Lyon"),
    ("boulevard de la Liberté", "59000", "Lille"),
    ("rue Sainte-Catherine", "33000", "Bordeaux"),
    ("place du Commerce", "44000", "Nantes"),
    ("cours Mirabeau", "13100", "Aix-en-Provence"),
    ("rue Nationale", "37000", "Tours"),
    ("rue des Carmes", "31000", "Toulouse"),
    ("avenue de la République", "06300", "Nice"),
    ("rue du Général de Gaulle", "67000", "Strasbourg"),
]
FR_ITEMS = [
    ("BAGUETTE TRADITION", 120, "5.5", "u"),
    ("LAIT DEMI-ECREME 1L", 105, "5.5", "u"),
    ("BEURRE DOUX 250G", 259, "5.5", "u"),
    ("EMMENTAL RAPE 200G", 219, "5.5", "u"),
    ("YAOURT NATURE X4", 149, "5.5", "u"),
    ("POMMES GOLDEN", 299, "5.5", "w"),
    ("TOMATES GRAPPE", 349, "5.5", "w"),
    ("JAMBON BLANC X4", 329, "5.5", "u"),
    ("PATES COQUILLETTES", 95, "5.5", "u"),
    ("CAFE MOULU 250G", 389, "5.5", "u"),
    ("EAU MINERALE 6X1,5L", 299, "5.5", "u"),
    ("VIN ROUGE BORDEAUX", 650, "20", "u"),
    ("BIERE BLONDE 6X25CL", 499, "20", "u"),
    ("LIQUIDE VAISSELLE", 189, "20", "u"),
    ("PAPIER TOILETTE X6", 349, "20", "u"),
    ("DENTIFRICE", 239, "20", "u"),
    ("CHOCOLAT NOIR 70%", 199, "5.5", "u"),
    ("ŒUFS FRAIS X12", 389, "5.5", "u"),
    ("CRÈME FRAÎCHE 20CL", 179, "5.5", "u"),
    ("PÂTÉ DE CAMPAGNE", 249, "5.5", "u"),
    ("COMTÉ AOP 250G", 549, "5.5", "u"),
    ("SAC CABAS", 50, "20", "u"),
]
FR_MENU = [
    ("Café expresso", 180, "10", "u"),
    ("Café crème", 350, "10", "u"),
    ("Croissant", 110, "5.5", "u"),
    ("Pain au chocolat", 120, "5.5", "u"),
    ("Croque-monsieur", 850, "10", "u"),
    ("Salade niçoise", 1350, "10", "u"),
    ("Steak frites", 1690, "10", "u"),
    ("Crêpe complète", 950, "10", "u"),
    ("Galette saucisse", 650, "10", "u"),
    ("Verre de vin rouge", 550, "20", "u"),
    ("Demi pression", 450, "20", "u"),
    ("Éclair au café", 280, "5.5", "u"),
    ("Tarte aux pommes", 320, "5.5", "u"),
    ("Jus d'orange pressé", 500, "10", "u"),
]
FR_MONTHS = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
]
EUR_NOTES = [500, 1000, 2000, 5000, 10000]


def _fr_addr(rng: random.Random, upper: bool) -> list[str]:
    street, pc, city = rng.choice(FR_PLACES)
    no = rng.randint(1, 150)
    lines = [f"{no}{rng.choice([' ', ', '])}{street}", f"{pc} {city}"]
    return [x.upper() for x in lines] if upper else lines


def _fr_groups(items: list[Item]) -> dict[str, int]:
    g: dict[str, int] = {}
    for it in items:
        g[it.tax] = g.get(it.tax, 0) + it.net
    return g


def _fr_tva(doc: Doc, f, groups: dict[str, int]) -> None:
    doc.cols(("Taux", 0, "l"), ("HT", 0.45, "r"), ("TVA", 0.72, "r"), ("TTC", 1.0, "r"))
    for rate in sorted(groups, key=lambda r: D(r)):
        g = groups[rate]
        tax = _incl(g, rate)
        doc.cols(
            (f"{D(rate):.2f}%".replace(".", ","), 0, "l"),
            (f(g - tax), 0.45, "r"),
            (f(tax), 0.72, "r"),
            (f(g), 1.0, "r"),
        )


def _fr_super(rng: random.Random) -> tuple[Doc, dict]:
    name, legal = rng.choice(FR_RETAIL)
    upper = name.isupper() or rng.random() < 0.3
    addr = _fr_addr(rng, upper)
    f = _money(",", " ")
    d, t = _date(rng), _time(rng, True)
    items = _items(rng, FR_ITEMS, _n_items(rng), step=10, end=9)
    _discounts(rng, items, 0.12, 10)
    total = sum(it.net for it in items)
    doc = Doc()
    doc.c(name, bold=True, big=rng.random() < 0.7)
    if legal and rng.random() < 0.6:
        doc.c(legal)
    for a in addr:
        doc.c(a)
    doc.c(
        f"TEL : 0{rng.randint(1, 5)} {_digits(rng, 2)} {_digits(rng, 2)} {_digits(rng, 2)} {_digits(rng, 2)}"
    )
    sir = _digits(rng, 14)
    doc.c(f"SIRET {sir[:3]} {sir[3:6]} {sir[6:9]} {sir[9:]}" + (" - NAF 4711D" if rng.random() < 0.4 else ""))
    doc.r("EUR")
    for it in items:
        if it.weight is not None:
            doc.lr(it.name, f(it.amount), trunc=True)
            doc.l(f"  {it.weight / 1000:.3f} kg x {f(it.unit)} EUR/kg".replace(".", ",", 1))
        else:
            doc.lr(it.name, f(it.amount), trunc=True)
            if it.qty > 1:
                doc.l(f"  {it.qty} x {f(it.unit)}")
        if it.disc:
            doc.lr(rng.choice(["  REMISE FIDELITE", "  PROMO -25%", "  BON IMMEDIAT"]), f"-{f(it.disc)}")
    doc.sep("=")
    n_art = sum(it.qty or 1 for it in items)
    if rng.random() < 0.5:
        doc.l(f"{n_art} ARTICLE{'S' if n_art > 1 else ''}")
    else:
        doc.l(f"Nombre d'articles : {n_art}")
    doc.lr(
        rng.choice(["TOTAL A PAYER", "TOTAL", "TOTAL TTC"]),
        f(total) + rng.choice(["", " €", " EUR"]),
        bold=True,
        big=rng.random() < 0.6,
    )
    if rng.random() < 0.5:
        given = _cash(rng, total, EUR_NOTES)
        doc.lr("ESPECES", f(given))
        doc.lr("RENDU MONNAIE", f(given - total))
    else:
        doc.lr(rng.choice(["CB EMV", "CARTE BANCAIRE", "CB SANS CONTACT"]), f(total))
    doc.sep()
    _fr_tva(doc, f, _fr_groups(items))
    doc.sep()
    doc.l(f"{dmy(d, '/')} {t}  MAG {rng.randint(1, 9999):04d}")
    doc.l(f"CAISSE {rng.randint(1, 30):03d}  TICKET {rng.randint(1, 99999):05d}")
    if rng.random() < 0.5:
        doc.l(f"Vous avez été servi par : {rng.choice(['Julie', 'Karim', 'Nathalie', 'Hugo'])}")
    if rng.random() < 0.5:
        doc.l(f"Carte fidélité ****{_digits(rng, 4)}")
        doc.lr("Cagnotte disponible", f"{f(rng.randint(200, 4000))} €")
    if rng.random() < 0.5:
        doc.c(f"Offre valable jusqu'au {dmy(_later(d, rng), '/')}")
    doc.c(rng.choice(["MERCI DE VOTRE VISITE", "MERCI ET A BIENTOT", "Merci de votre fidélité"]))
    truth = {
        "vendor": name,
        "total": _truth_amount(total, 2),
        "date": iso(d),
        "currency": "EUR",
        "address": " ".join(addr),
    }
    return doc, truth


def _fr_brasserie(rng: random.Random) -> tuple[Doc, dict]:
    name = rng.choice(FR_FOOD)
    addr = _fr_addr(rng, False)
    f = _money(",", " ")
    d, t = _date(rng), _time(rng, False)
    items = _items(rng, FR_MENU, _n_items(rng, 8), step=10, end=0, p_qty=0.4)
    total = sum(it.amount for it in items)
    doc = Doc()
    doc.c(name, bold=True, big=rng.random() < 0.6)
    for a in addr:
        doc.c(a)
    doc.c(
        f"Tél. 0{rng.randint(1, 5)} {_digits(rng, 2)} {_digits(rng, 2)} {_digits(rng, 2)} {_digits(rng, 2)}"
    )
    doc.c(f"SIRET : {_digits(rng, 14)}")
    doc.c(f"TVA intracom. FR{_digits(rng, 11)}")
    doc.blank()
    doc.lr(f"Table {rng.randint(1, 40)}", f"Couverts {rng.randint(1, 6)}")
    doc.l(f"Ticket n° {rng.randint(1, 9999):04d}")
    st = rng.randrange(3)
    if st == 0:
        doc.l(f"Le {dmy(d, '/', yy=True)} à {t}")
    elif st == 1:
        doc.l(f"{d.day} {FR_MONTHS[d.month - 1]} {d.year}  {t}")
    else:
        doc.l(f"{dmy(d, '/')} {t}")
    doc.sep()
    for it in items:
        doc.cols((f"{it.qty} {it.name}", 0, "l"), (f(it.amount), 1.0, "r"))
    doc.sep()
    doc.lr("TOTAL TTC", f"EUR {f(total)}", bold=True, big=rng.random() < 0.6)
    groups = _fr_groups(items)
    for rate in sorted(groups, key=lambda r: D(r)):
        tax = _incl(groups[rate], rate)
        doc.lr(f"dont TVA {D(rate):.1f}%".replace(".", ","), f(tax))
    doc.lr("Total HT", f(total - sum(_incl(g, r) for r, g in groups.items())))
    if rng.random() < 0.5:
        given = _cash(rng, total, EUR_NOTES)
        doc.lr("Espèces", f(given))
        doc.lr("Rendu", f(given - total))
    else:
        doc.lr("Montant CB", f(total))
    doc.c(rng.choice(["Merci et à bientôt !", "Merci de votre visite", "Bonne journée !"]))
    truth = {
        "vendor": name,
        "total": _truth_amount(total, 2),
        "date": iso(d),
        "currency": "EUR",
        "address": " ".join(addr),
    }
    return doc, truth


def _fr_cb(rng: random.Random) -> tuple[Doc, dict]:
    """Small shop ticket followed by the card-terminal slip (MONTANT = ..., DEBIT)."""
    name = rng.choice(
        [
            "Pharmacie du Centre",
            "Tabac Presse de la Gare",
            "Boulangerie Dupont",
            "Le Petit Marché",
            "Pâtisserie Lemoine",
            "Fleurs & Co",
        ]
    )
    addr = _fr_addr(rng, rng.random() < 0.4)
    f = _money(",", " ")
    d, t = _date(rng), _time(rng, True)
    cat = FR_MENU if name.startswith(("Boul", "Pât")) else FR_ITEMS
    items = _items(rng, cat, _n_items(rng, 6), step=10, end=0, p_qty=0.3)
    total = sum(it.amount for it in items)
    doc = Doc()
    doc.c(name, bold=True, big=rng.random() < 0.5)
    for a in addr:
        doc.c(a)
    doc.c(f"SIRET {_digits(rng, 9)} {_digits(rng, 5)}")
    doc.sep()
    for it in items:
        doc.lr(f"{it.qty} x {it.name}", f"{f(it.amount)} €", trunc=True)
    doc.sep()
    doc.lr(
        rng.choice(["Montant dû", "TOTAL", "Total TTC"]), f"{f(total)} €", bold=True, big=rng.random() < 0.5
    )
    groups = _fr_groups(items)
    for rate in sorted(groups, key=lambda r: D(r)):
        doc.lr(f"TVA {D(rate):.2f}%".replace(".", ","), f(_incl(groups[rate], rate)))
    doc.lr("CB", f(total))
    doc.l(f"{dmy(d, '/')}  {t[:5]}  Caisse {rng.randint(1, 4)}")
    doc.blank()
    doc.c("CARTE BANCAIRE")
    doc.c(rng.choice(["SANS CONTACT", "EMV"]))
    doc.c(rng.choice(["VISA", "MASTERCARD", "CB"]))
    doc.l(f"A000000{_digits(rng, 7)}")
    doc.l(f"Le {dmy(d, '/', yy=True)} à {t if len(t) > 5 else t + ':00'}")
    doc.l(name.upper()[:24])
    doc.l(f"{rng.choice(['PARIS', 'LYON', 'NANTES', 'LILLE'])}")
    doc.l(f"{_digits(rng, 7)}")
    doc.l(f"############{_digits(rng, 4)}")
    doc.c(f"MONTANT = {f(total)} EUR", bold=True)
    doc.c("DEBIT")
    doc.c("TICKET CLIENT")
    doc.c("A CONSERVER")
    doc.c("Merci de votre visite")
    truth = {
        "vendor": name,
        "total": _truth_amount(total, 2),
        "date": iso(d),
        "currency": "EUR",
        "address": " ".join(addr),
    }
    return doc, truth


# --------------------------------------------------------------------------------------------------
# Dutch (Netherlands, Flanders)
# --------------------------------------------------------------------------------------------------

NL_RETAIL = [
    ("Albert Heijn", None),
    ("Jumbo", "Jumbo Supermarkten B.V."),
    ("Buurtsuper De Vries", None),
    ("Kruidvat", None),
    ("Dirk", "Dirk van den Broek"),
    ("HEMA", None),
    ("Drogisterij Bakker", None),
    ("Slagerij Jansen", None),
    ("PLUS Verhoeven", None),
    ("Coop Kampen", None),
]
NL_FOOD = [
    "Eetcafé De Gouden Leeuw",
    "Bakkerij Van der Meer",
    "Café 't Hoekje",
    "Pannenkoekenhuis De Molen",
    "Koffiebar Bonen & Zo",
    "Snackbar Het Frietje",
    "Restaurant De Waag",
]
NL_PLACES = [
    ("Kalverstraat", "1012 NX", "Amsterdam"),
    ("Oudegracht", "3511 AP", "Utrecht"),
    ("Grote Markt", "9711 LV", "Groningen"),
    ("Hoogstraat", "3011 PT", "Rotterdam"),
    ("Spui", "2511 BL", "Den Haag"),
    ("Breestraat", "2311 CS", "Leiden"),
    ("Stratumseind", "5611 EN", "Eindhoven"),
    ("Vismarkt", "6211 KN", "Maastricht"),
    ("Meir", "2000", "Antwerpen"),
    ("Veldstraat", "9000", "Gent"),
]
NL_ITEMS = [
    ("Halfvolle melk 1L", 119, "9", "u"),
    ("Volkoren brood", 239, "9", "u"),
    ("Goudse kaas jong 48+", 449, "9", "u"),
    ("Bananen", 199, "9", "w"),
    ("Komkommer", 79, "9", "u"),
    ("Pindakaas", 259, "9", "u"),
    ("Hagelslag puur", 199, "9", "u"),
    ("Appelsap 1L", 149, "9", "u"),
    ("Stroopwafels", 199, "9", "u"),
    ("Drop mix", 149, "9", "u"),
    ("Wasmiddel", 899, "21", "u"),
    ("Tandpasta", 189, "21", "u"),
    ("Koffiebonen 500g", 699, "9", "u"),
    ("Eieren 10 st", 329, "9", "u"),
    ("Kipfilet 300g", 549, "9", "u"),
    ("Spa blauw 1,5L", 109, "9", "u"),
    ("Rookworst", 299, "9", "u"),
    ("Bier 6-pack", 549, "21", "u"),
    ("Afwasmiddel", 159, "21", "u"),
    ("Tomaten", 299, "9", "w"),
    ("Boerenkool", 129, "9", "u"),
]
NL_MENU = [
    ("Koffie", 290, "9", "u"),
    ("Cappuccino", 360, "9", "u"),
    ("Thee", 260, "9", "u"),
    ("Appeltaart", 420, "9", "u"),
    ("Tosti ham kaas", 550, "9", "u"),
    ("Uitsmijter", 950, "9", "u"),
    ("Bitterballen", 750, "9", "u"),
    ("Heineken tap", 380, "21", "u"),
    ("Huiswijn rood", 490, "21", "u"),
    ("Pannenkoek spek", 1150, "9", "u"),
    ("Friet met mayo", 395, "9", "u"),
    ("Kroket", 275, "9", "u"),
    ("Erwtensoep", 750, "9", "u"),
    ("Jus d'orange", 395, "9", "u"),
]


def _nl_addr(rng: random.Random) -> tuple[list[str], bool]:
    street, pc, city = rng.choice(NL_PLACES)
    be = city in ("Antwerpen", "Gent")
    no = f"{rng.randint(1, 250)}{rng.choice(['', '', '-A', 'a'])}"
    return [
        f"{street} {no}",
        f"{pc} {city}" if not (rng.random() < 0.3 and not be) else f"{pc} {city.upper()}",
    ], be


def _nl_btw(rates_be: bool, rate: str) -> str:
    if rates_be:
        return {"9": "6", "21": "21"}[rate]
    return rate


def _nl_super(rng: random.Random) -> tuple[Doc, dict]:
    name, legal = rng.choice(NL_RETAIL)
    addr, be = _nl_addr(rng)
    f = _money(",", ".")
    d, t = _date(rng), _time(rng, False)
    items = _items(rng, NL_ITEMS, _n_items(rng), step=10, end=9, p_qty=0.3)
    for it in items:
        it.tax = _nl_btw(be, it.tax)
    _discounts(rng, items, 0.2, 10)
    sub = sum(it.amount for it in items)
    saved = sum(it.disc for it in items)
    total = sub - saved
    cash = rng.random() < 0.35 and not be
    pay = total
    rnd = 0
    if cash:
        pay = _rnd(D(total) / 5) * 5
        rnd = pay - total
    doc = Doc()
    doc.c(name, bold=True, big=rng.random() < 0.7)
    if legal and rng.random() < 0.6:
        doc.c(legal)
    for a in addr:
        doc.c(a)
    doc.c(f"Tel: 0{rng.randint(10, 79)}-{_digits(rng, 7)}")
    doc.cols(
        ("AANTAL", 0, "l"),
        ("OMSCHRIJVING", 0.17, "l"),
        ("PRIJS", 0.78, "r"),
        ("BEDRAG", 1.0, "r"),
        bold=True,
        trunc=False,
    )
    for it in items:
        if it.weight is not None:
            q = f"{it.weight / 1000:.3f}".replace(".", ",")
            doc.cols(
                ("1", 0, "l"),
                (it.name.upper(), 0.17, "l"),
                ("", 0.78, "r"),
                (f(it.amount), 1.0, "r"),
                tcell=1,
            )
            doc.l(f"    {q} KG x {f(it.unit)} /KG")
        else:
            doc.cols(
                (str(it.qty), 0, "l"),
                (it.name.upper(), 0.17, "l"),
                (f(it.unit) if it.qty > 1 else "", 0.78, "r"),
                (f(it.amount), 1.0, "r"),
                tcell=1,
            )
    doc.sep()
    n_art = sum(it.qty or 1 for it in items)
    doc.lr(f"{n_art} SUBTOTAAL", f(sub))
    for it in items:
        if it.disc:
            doc.lr(
                f"{rng.choice(['BONUS', 'KORTING', 'ACTIE'])} {it.name.upper()}", f"-{f(it.disc)}", trunc=True
            )
    if saved:
        doc.lr("UW VOORDEEL", f(saved))
    doc.lr("TOTAAL", f(total), bold=True, big=rng.random() < 0.6)
    if cash:
        if rnd:
            doc.lr("AFRONDING", f(rnd, plus=True))
            doc.lr("TE BETALEN", f(pay), bold=True)
        given = _cash(rng, pay, EUR_NOTES)
        doc.lr("CONTANT", f(given))
        doc.lr("WISSELGELD", f(given - pay))
    else:
        doc.lr(rng.choice(["BETAALD MET: PIN", "PINNEN", "PIN"]), f(total))
    doc.sep()
    groups: dict[str, int] = {}
    for it in items:
        groups[it.tax] = groups.get(it.tax, 0) + it.net
    doc.cols(("BTW", 0, "l"), ("OVER", 0.55, "r"), ("BEDRAG", 1.0, "r"))
    for rate in sorted(groups, key=int):
        doc.cols((f"{rate}%", 0, "l"), (f(groups[rate]), 0.55, "r"), (f(_incl(groups[rate], rate)), 1.0, "r"))
    doc.sep()
    doc.l(f"Filiaal {rng.randint(1, 9999)}  Kassa {rng.randint(1, 12)}")
    doc.l(f"{dmy(d, '-')} {t}" if rng.random() < 0.7 else f"{t}  {dmy(d, '-')}")
    if rng.random() < 0.5:
        doc.c(f"Spaarzegels {total // 100} - geldig t/m {dmy(_later(d, rng, 60, 200), '-')}")
    if rng.random() < 0.5:
        doc.c(f"KvK {_digits(rng, 8)}  BTW NL{_digits(rng, 9)}B01")
    doc.c(rng.choice(["Bedankt en tot ziens", "Bedankt voor uw bezoek", "Tot de volgende keer!"]))
    truth = {
        "vendor": name,
        "total": _truth_amount(pay, 2),
        "date": iso(d),
        "currency": "EUR",
        "address": " ".join(addr),
    }
    return doc, truth


def _nl_cafe(rng: random.Random) -> tuple[Doc, dict]:
    name = rng.choice(NL_FOOD)
    addr, be = _nl_addr(rng)
    f = _money(",", ".")
    d, t = _date(rng), _time(rng, False)
    items = _items(rng, NL_MENU, _n_items(rng, 8), step=5, end=0, p_qty=0.45)
    for it in items:
        it.tax = _nl_btw(be, it.tax)
    total = sum(it.amount for it in items)
    doc = Doc()
    doc.c(name, bold=True, big=rng.random() < 0.6)
    for a in addr:
        doc.c(a)
    doc.c(f"www.{_slug(name)}.{'be' if be else 'nl'}")
    doc.blank()
    doc.lr(f"Tafel {rng.randint(1, 30)}", f"Bon {rng.randint(1000, 9999)}")
    doc.lr(f"Datum: {dmy(d, '-')}", f"Tijd: {t}")
    doc.sep()
    for it in items:
        doc.cols(
            (f"{it.qty} x {it.name}", 0, "l"),
            (f"à {f(it.unit)}" if it.qty > 1 else "", 0.72, "r"),
            (f(it.amount), 1.0, "r"),
        )
    doc.sep()
    doc.lr("Totaal", f"EUR {f(total)}", bold=True, big=rng.random() < 0.5)
    groups: dict[str, int] = {}
    for it in items:
        groups[it.tax] = groups.get(it.tax, 0) + it.amount
    for rate in sorted(groups, key=int):
        word = "laag" if rate in ("6", "9") else "hoog"
        doc.lr(f"BTW {word} {rate}%", f(_incl(groups[rate], rate)))
    if rng.random() < 0.6:
        doc.lr("Te betalen", f(total))
        doc.lr(rng.choice(["PIN", "Pinbetaling", "Creditcard"]), f(total))
    else:
        given = _cash(rng, total, EUR_NOTES)
        doc.lr("Contant", f(given))
        doc.lr("Wisselgeld", f(given - total))
    doc.c(rng.choice(["Bedankt voor uw bezoek!", "Graag tot ziens!", "Dank u wel en tot ziens"]))
    truth = {
        "vendor": name,
        "total": _truth_amount(total, 2),
        "date": iso(d),
        "currency": "EUR",
        "address": " ".join(addr),
    }
    return doc, truth


def _nl_pinslip(rng: random.Random) -> tuple[Doc, dict]:
    name = rng.choice(
        [
            "Bakkerij Van der Meer",
            "Slagerij Jansen",
            "Drogisterij Bakker",
            "Bloemenhuis Flora",
            "Kaashandel De Koe",
            "Buurtsuper De Vries",
        ]
    )
    addr, be = _nl_addr(rng)
    f = _money(",", ".")
    d, t = _date(rng), _time(rng, False)
    cat = NL_MENU if name.startswith("Bakk") else NL_ITEMS
    items = _items(rng, cat, _n_items(rng, 6), step=5, end=0, p_qty=0.3)
    total = sum(it.amount for it in items)
    doc = Doc()
    doc.c(name, bold=True, big=True)
    for a in addr:
        doc.c(a)
    doc.sep()
    for it in items:
        doc.lr(f"{it.qty or 1} {it.name}", f(it.amount), trunc=True)
    doc.sep()
    doc.lr("Totaal te betalen", f(total), bold=True)
    groups: dict[str, int] = {}
    for it in items:
        groups[_nl_btw(be, it.tax)] = groups.get(_nl_btw(be, it.tax), 0) + it.amount
    for rate in sorted(groups, key=int):
        doc.lr(f"Waarvan BTW {rate}%", f(_incl(groups[rate], rate)))
    doc.blank()
    doc.c("Klantticket")
    doc.l(f"Terminal: {rng.choice('ABCDEFGH')}{_digits(rng, 5)}")
    doc.l(f"Merchant: {_digits(rng, 6)}")
    doc.l(f"Periode: {_digits(rng, 4)}  Transactie: {_digits(rng, 8)}")
    doc.c(rng.choice(["MAESTRO", "V PAY", "DEBIT MASTERCARD", "VISA DEBIT"]))
    doc.l(f"Kaart: xxxxxxxxxxxxxxx{_digits(rng, 4)}")
    doc.l(f"BETALING  {dmy(d, '/')} {t}")
    doc.lr("Totaal:", f"{f(total)} EUR", bold=True)
    doc.c("Akkoord")
    if rng.random() < 0.6:
        doc.c(f"Spaarkaart geldig tot {dmy(_later(d, rng, 90, 300), '-')}")
    doc.c("Bedankt en graag tot ziens")
    truth = {
        "vendor": name,
        "total": _truth_amount(total, 2),
        "date": iso(d),
        "currency": "EUR",
        "address": " ".join(addr),
    }
    return doc, truth


# --------------------------------------------------------------------------------------------------
# Indonesian
# --------------------------------------------------------------------------------------------------

ID_RETAIL = [
    ("INDOMARET", "PT. INDOMARCO PRISMATAMA"),
    ("Alfamart", "PT. SUMBER ALFARIA TRIJAYA, TBK"),
    ("TOKO SUMBER REJEKI", None),
    ("MINIMARKET BERKAH JAYA", None),
    ("APOTEK SEHAT SENTOSA", None),
    ("Superindo", "PT. LION SUPER INDO"),
    ("TOKO ROTI MAKMUR", None),
    ("Toserba Maju Bersama", None),
]
ID_FOOD = [
    "RM. PADANG SEDERHANA",
    "Rumah Makan Sari Rasa",
    "Kedai Kopi Senja",
    "Warung Bu Tini",
    "Bakmi Ayam Pak Kumis",
    "Sate Khas Senayan",
    "Kopi Janji Jiwa",
    "Ayam Geprek Bensu",
]
ID_PLACES = [
    ("Jl. Merdeka No. {n}", "Bandung 40117"),
    ("Jl. Jend. Sudirman Kav. {n}", "Jakarta Selatan 12190"),
    ("Jl. Malioboro No. {n}", "Yogyakarta 55213"),
    ("Jl. Pemuda No. {n}", "Semarang 50132"),
    ("Jl. Gajah Mada No. {n}", "Medan 20152"),
    ("Jl. Raya Kuta No. {n}", "Badung, Bali 80361"),
    ("Jl. Diponegoro No. {n}", "Surabaya 60241"),
    ("Jl. Ahmad Yani No. {n}", "Makassar 90174"),
    ("Jl. Margonda Raya No. {n}", "Depok 16424"),
    ("Jl. Asia Afrika No. {n}", "Bandung 40111"),
]
ID_ITEMS = [
    ("INDOMIE GORENG", 3100, "", "u"),
    ("AQUA 600ML", 3500, "", "u"),
    ("TEH BOTOL SOSRO 450", 4500, "", "u"),
    ("SARI ROTI TAWAR", 16500, "", "u"),
    ("ULTRA MILK 1L", 19900, "", "u"),
    ("GULAKU 1KG", 17500, "", "u"),
    ("BERAS RAMOS 5KG", 72000, "", "u"),
    ("BIMOLI 2L", 38500, "", "u"),
    ("KAPAL API 165G", 14900, "", "u"),
    ("LIFEBUOY SABUN 85G", 4200, "", "u"),
    ("PEPSODENT 190G", 12900, "", "u"),
    ("TELUR AYAM", 28000, "", "w"),
    ("CHITATO 68G", 11500, "", "u"),
    ("POCARI SWEAT 500ML", 7900, "", "u"),
    ("GOOD DAY CAPPUCINO", 2000, "", "u"),
    ("ROMA KELAPA 300G", 9800, "", "u"),
    ("SOKLIN LANTAI 800ML", 13500, "", "u"),
    ("KECAP BANGO 220ML", 10900, "", "u"),
]
ID_MENU = [
    ("Nasi Rendang", 28000, "", "u"),
    ("Ayam Pop", 25000, "", "u"),
    ("Es Teh Manis", 5000, "", "u"),
    ("Nasi Goreng Spesial", 35000, "", "u"),
    ("Mie Ayam Bakso", 22000, "", "u"),
    ("Kopi Susu Gula Aren", 22000, "", "u"),
    ("Es Jeruk", 8000, "", "u"),
    ("Sate Ayam 10 tusuk", 30000, "", "u"),
    ("Gado-gado", 20000, "", "u"),
    ("Kerupuk", 2000, "", "u"),
    ("Soto Betawi", 32000, "", "u"),
    ("Teh Tarik", 15000, "", "u"),
    ("Pisang Goreng", 12000, "", "u"),
    ("Air Mineral", 6000, "", "u"),
]
ID_NOTES = [2000, 5000, 10000, 20000, 50000, 100000]


def _id_addr(rng: random.Random) -> list[str]:
    street, city = rng.choice(ID_PLACES)
    lines = [street.format(n=rng.randint(1, 220)), city]
    if rng.random() < 0.25:
        lines.insert(1, f"RT {rng.randint(1, 12):02d}/RW {rng.randint(1, 9):02d}")
    return lines


def _id_mini(rng: random.Random) -> tuple[Doc, dict]:
    name, legal = rng.choice(ID_RETAIL)
    addr = _id_addr(rng)
    f = _money("", ".", 0) if rng.random() < 0.75 else _money("", ",", 0)
    d, t = _date(rng), _time(rng, True)
    items = _items(
        rng, ID_ITEMS, _n_items(rng), step=100, end=0, p_qty=0.35, qty_max=4, w_round=100, w_range=(250, 2000)
    )
    _discounts(rng, items, 0.15, 500)
    gross = sum(it.amount for it in items)
    disc = sum(it.disc for it in items)
    total = gross - disc
    doc = Doc()
    doc.c(name, bold=True, big=rng.random() < 0.7)
    if legal:
        doc.c(legal)
    for a in addr:
        doc.c(a)
    if rng.random() < 0.7:
        n = _digits(rng, 15)
        doc.c(f"NPWP: {n[:2]}.{n[2:5]}.{n[5:8]}.{n[8]}-{n[9:12]}.{n[12:]}")
    top = rng.random() < 0.5
    if top:
        doc.l(
            f"{dmy(d, '.', yy=True)}-{t[:5]}/2.0.{rng.randint(10, 40)}  {_digits(rng, 6)}/KASIR/0{rng.randint(1, 4)}"
        )
    doc.sep()
    for it in items:
        if it.weight is not None:
            q = f"{it.weight / 1000:.2f}".replace(".", ",")
        else:
            q = str(it.qty)
        doc.cols((it.name, 0, "l"), (q, 0.58, "r"), (f(it.unit), 0.78, "r"), (f(it.amount), 1.0, "r"))
        if it.disc:
            doc.cols(("  HEMAT", 0, "l"), (f"-{f(it.disc)}", 1.0, "r"))
    doc.sep()
    n_item = sum(it.qty or 1 for it in items)
    doc.lr("TOTAL ITEM", str(n_item))
    if disc:
        doc.lr("HARGA JUAL :", f(gross))
        doc.lr("TOTAL DISKON :", f"-{f(disc)}")
    doc.lr(
        "TOTAL :" if rng.random() < 0.6 else "TOTAL BELANJA :", f(total), bold=True, big=rng.random() < 0.4
    )
    if rng.random() < 0.65:
        given = _cash(rng, total, ID_NOTES)
        doc.lr("TUNAI :", f(given))
        doc.lr("KEMBALI :", f(given - total))
    else:
        doc.lr(rng.choice(["DEBIT BCA :", "QRIS :", "KARTU KREDIT :"]), f(total))
    ppn = _incl(total, "11")
    doc.lr("DPP :", f(total - ppn))
    doc.lr("PPN :", f(ppn))
    if not top:
        doc.l(f"Tgl. {dmy(d, '-')} {t}  V.{d.year}.{rng.randint(1, 9)}")
    if rng.random() < 0.5:
        doc.c(f"Promo berlaku s/d {dmy(_later(d, rng, 5, 30), '-')}")
    doc.c(f"LAYANAN KONSUMEN SMS/WA 08{_digits(rng, 2)} {_digits(rng, 4)} {_digits(rng, 4)}")
    doc.c(rng.choice(["TERIMA KASIH", "Terima kasih, selamat belanja kembali", "BARANG YANG SUDAH DIBELI"]))
    truth = {
        "vendor": name,
        "total": _truth_amount(total, 0),
        "date": iso(d),
        "currency": "IDR",
        "address": " ".join(addr),
    }
    return doc, truth


def _id_resto(rng: random.Random) -> tuple[Doc, dict]:
    name = rng.choice(ID_FOOD)
    addr = _id_addr(rng)
    rp = rng.random() < 0.5
    f0 = _money("", ".", 0)
    f = (lambda v, plus=False: ("-" if v < 0 else "") + "Rp " + f0(abs(v))) if rp else f0
    d, t = _date(rng), _time(rng, False)
    items = _items(rng, ID_MENU, _n_items(rng, 9), step=1000, end=0, p_qty=0.4, qty_max=4)
    sub = sum(it.amount for it in items)
    disc = _rnd(D(sub) * D(rng.choice([10, 15, 20])) / 100) if rng.random() < 0.3 else 0
    svc = _added(sub - disc, "5") if rng.random() < 0.5 else 0
    tax_rate = rng.choice(["10", "11"])
    tax = _added(sub - disc + svc, tax_rate)
    raw = sub - disc + svc + tax
    total = _rnd(D(raw) / 100) * 100 if rng.random() < 0.5 else raw
    doc = Doc()
    doc.c(name, bold=True, big=rng.random() < 0.6)
    for a in addr:
        doc.c(a)
    doc.c(f"Telp. (0{rng.randint(21, 361)}) {_digits(rng, 7)}")
    if rng.random() < 0.4:
        doc.c(f"IG: @{_slug(name)}")
    doc.sep()
    doc.lr(f"No. Meja: {rng.randint(1, 40)}", f"Kasir: {rng.choice(['Rina', 'Dimas', 'Sari', 'Budi'])}")
    if rng.random() < 0.5:
        doc.l(f"No: INV/{d.strftime('%Y%m%d')}/{rng.randint(1, 999):04d}")
    st = rng.randrange(3)
    doc.l([f"Tanggal: {dmy(d, '/')} {t}", f"{dmy(d, '-', yy=True)} {t}", f"Tgl: {dmy(d, '/')}  Jam: {t}"][st])
    doc.sep()
    for it in items:
        if rng.random() < 0.5:
            doc.lr(f"{it.qty} {it.name}", f(it.amount), trunc=True)
        else:
            doc.lr(f"{it.name} x{it.qty}", f(it.amount), trunc=True)
    doc.sep()
    doc.lr("Subtotal", f(sub))
    if disc:
        doc.lr("Diskon member", f(-disc))
    if svc:
        doc.lr("Service 5%", f(svc))
    doc.lr("PB1 10%" if tax_rate == "10" else "PPN 11%", f(tax))
    if total != raw:
        doc.lr("Pembulatan", ("-" if total < raw else "") + f0(abs(total - raw)))
    doc.lr(
        rng.choice(["Total", "TOTAL", "Total Bayar", "Grand Total"]),
        f(total),
        bold=True,
        big=rng.random() < 0.5,
    )
    if rng.random() < 0.55:
        given = _cash(rng, total, ID_NOTES)
        doc.lr("Tunai", f(given))
        doc.lr(rng.choice(["Kembali", "Kembalian"]), f(given - total))
    else:
        doc.lr(rng.choice(["QRIS", "Debit BCA", "GoPay", "OVO"]), f(total))
    if rng.random() < 0.4:
        doc.lr("Saldo poin", f0(rng.randint(50, 5000)))
    doc.c(
        rng.choice(["Terima kasih atas kunjungan Anda", "Terima Kasih, Datang Kembali", "Selamat menikmati!"])
    )
    if rng.random() < 0.4:
        doc.c(f"Wifi: {_slug(name)[:10]} / {_digits(rng, 8)}")
    truth = {
        "vendor": name,
        "total": _truth_amount(total, 0),
        "date": iso(d),
        "currency": "IDR",
        "address": " ".join(addr),
    }
    return doc, truth


# --------------------------------------------------------------------------------------------------
# English (US, UK)
# --------------------------------------------------------------------------------------------------

US_RETAIL = [
    "FRESH VALLEY MARKET",
    "Corner Deli & Grocery",
    "Harbor Hardware",
    "Green Leaf Pharmacy",
    "QuickStop #2214",
    "Walgreens",
    "Safeway",
    "TRADER BOB'S",
    "Dollar Mart",
    "Sprouts Farmers Market",
]
US_FOOD = [
    "Sunrise Diner",
    "Main Street Coffee",
    "Joe's Pizza",
    "The Rusty Spoon",
    "Taqueria El Sol",
    "Blue Moon Bagels",
    "Golden Dragon Restaurant",
]
US_PLACES = [
    ("1234 Main St", "Springfield, IL 62704", "6.25"),
    ("455 Market Street", "San Francisco, CA 94105", "8.625"),
    ("78 Elm Ave", "Burlington, VT 05401", "6.0"),
    ("2100 N Lamar Blvd", "Austin, TX 78705", "8.25"),
    ("901 Pine St", "Seattle, WA 98101", "10.25"),
    ("36 Court Sq", "Brooklyn, NY 11201", "8.875"),
    ("5010 Peachtree Rd", "Atlanta, GA 30341", "8.9"),
    ("150 W Colfax Ave", "Denver, CO 80202", "8.81"),
    ("88 Ocean Dr", "Miami Beach, FL 33139", "7.0"),
]
US_ITEMS = [
    ("MILK 2% GAL", 349, "F", "u"),
    ("BANANAS", 59, "F", "w"),
    ("EGGS LG DOZ", 329, "F", "u"),
    ("WHEAT BREAD", 279, "F", "u"),
    ("CHEDDAR CHEESE", 449, "F", "u"),
    ("COKE 12PK", 699, "T", "u"),
    ("PAPER TOWELS 6R", 899, "T", "u"),
    ("DISH SOAP", 349, "T", "u"),
    ("GROUND BEEF", 549, "F", "w"),
    ("APPLES GALA", 149, "F", "w"),
    ("CHIPS SALSA VERDE", 429, "T", "u"),
    ("ORANGE JUICE", 399, "F", "u"),
    ("CEREAL HONEY OATS", 389, "F", "u"),
    ("TOOTHPASTE", 299, "T", "u"),
    ("BATTERIES AA 4PK", 649, "T", "u"),
    ("YOGURT GREEK", 119, "F", "u"),
    ("PASTA PENNE", 149, "F", "u"),
    ("COFFEE GROUND", 899, "F", "u"),
]
US_MENU = [
    ("Coffee", 250, "T", "u"),
    ("Pancakes", 950, "T", "u"),
    ("Eggs Benedict", 1350, "T", "u"),
    ("Cheeseburger", 1295, "T", "u"),
    ("French Fries", 450, "T", "u"),
    ("Caesar Salad", 995, "T", "u"),
    ("Iced Tea", 295, "T", "u"),
    ("Club Sandwich", 1195, "T", "u"),
    ("Latte", 475, "T", "u"),
    ("Bagel w/ Cream Cheese", 395, "T", "u"),
    ("Slice Pepperoni", 375, "T", "u"),
    ("Soda", 225, "T", "u"),
    ("Apple Pie", 550, "T", "u"),
    ("Chicken Tacos", 1100, "T", "u"),
]
UK_RETAIL = [
    ("Tesco Express", "Tesco Stores Ltd"),
    ("Sainsbury's Local", None),
    ("Patel's Convenience Store", None),
    ("Boots", None),
    ("Marks & Spencer", None),
    ("Co-op Food", None),
    ("The Old Bakery Tearoom", None),
    ("The Crown & Anchor", None),
    ("Greggs", None),
]
UK_PLACES = [
    ["12 High Street", "Oxford OX1 4AP"],
    ["221 Baker Street", "London", "NW1 6XE"],
    ["45 Deansgate", "Manchester M3 2AY"],
    ["8 Queen Street", "Edinburgh EH2 1JE"],
    ["3 Castle Street", "Cardiff CF10 1BS"],
    ["17 Bold Street", "Liverpool L1 4DN"],
    ["Unit 4, Riverside Retail Park", "Norwich NR1 1WX"],
]
UK_ITEMS = [
    ("Semi Skimmed Milk 2pt", 145, "Z", "u"),
    ("Hovis Wholemeal", 140, "Z", "u"),
    ("Cheddar Mature 400g", 375, "Z", "u"),
    ("Free Range Eggs x6", 199, "Z", "u"),
    ("Bananas Loose", 94, "Z", "w"),
    ("Baked Beans 4pk", 250, "Z", "u"),
    ("Tea Bags 80s", 289, "Z", "u"),
    ("Crisps Multipack", 225, "S", "u"),
    ("Coca Cola 2L", 225, "S", "u"),
    ("Washing Up Liquid", 125, "S", "u"),
    ("Toilet Roll 9pk", 550, "S", "u"),
    ("Chocolate Bar", 135, "S", "u"),
    ("Orange Juice 1L", 190, "S", "u"),
    ("Sausage Roll", 115, "S", "u"),
    ("Bag for Life", 50, "S", "u"),
    ("Broccoli", 69, "Z", "u"),
    ("Paracetamol 16", 65, "S", "u"),
    ("Red Wine 75cl", 700, "S", "u"),
]


def _en_us_store(rng: random.Random) -> tuple[Doc, dict]:
    name = rng.choice(US_RETAIL)
    street, city, rate = rng.choice(US_PLACES)
    addr = [street, city]
    f = _money(".", ",")
    d, t = _date(rng), _time(rng, True)
    items = _items(rng, US_ITEMS, _n_items(rng), step=10, end=9, p_qty=0.3, w_per=100, w_range=(40, 400))
    _discounts(rng, items, 0.15, 10)
    sub = sum(it.net for it in items)
    taxable = sum(it.net for it in items if it.tax == "T")
    tax = _added(taxable, rate)
    total = sub + tax
    doc = Doc()
    doc.c(name, bold=True, big=rng.random() < 0.6)
    for a in addr:
        doc.c(a)
    doc.c(f"({_digits(rng, 3)}) 555-{_digits(rng, 4)}")
    if rng.random() < 0.5:
        doc.c(
            f"Store #{rng.randint(100, 9999)}  Reg {rng.randint(1, 12)}  Cashier {rng.choice(['Maria', 'Tyler', 'Dee'])}"
        )
    doc.sep()
    for it in items:
        if it.weight is not None:
            doc.l(it.name, trunc=True)
            doc.lr(f"  {it.weight / 100:.2f} lb @ {f(it.unit)} /lb", f"{f(it.amount)} {it.tax}")
        else:
            if it.qty > 1:
                doc.l(f"  {it.qty} @ {f(it.unit)}")
            doc.lr(it.name, f"{f(it.amount)} {it.tax}", trunc=True)
        if it.disc:
            doc.lr(rng.choice(["  SC COUPON", "  MEMBER SAVINGS", "  INSTANT SAVINGS"]), f"{f(it.disc)}-")
    doc.sep()
    doc.lr("SUBTOTAL", f(sub))
    doc.lr(f"SALES TAX {rate}%" if rng.random() < 0.6 else "TAX", f(tax))
    doc.lr(
        rng.choice(["**** TOTAL", "TOTAL", "BALANCE DUE"]),
        f"${f(total)}" if rng.random() < 0.5 else f(total),
        bold=True,
        big=rng.random() < 0.5,
    )
    pay = rng.random()
    if pay < 0.45:
        given = _cash(rng, total, [100, 500, 1000, 2000, 5000, 10000])
        doc.lr("CASH TEND", f(given))
        doc.lr("CHANGE DUE", f(given - total))
    else:
        card = rng.choice(["VISA", "MASTERCARD", "AMEX", "DEBIT"])
        doc.lr(f"{card} TEND", f(total))
        doc.l(f"{card} ************{_digits(rng, 4)}")
        doc.l(f"APPROVAL # {_digits(rng, 6)}")
        if card == "DEBIT" and rng.random() < 0.5:
            doc.lr("CASH BACK", "0.00")
    doc.l(f"# ITEMS SOLD {sum(it.qty or 1 for it in items)}")
    tf = rng.randrange(3)
    ds = [mdy(d), mdy(d, yy=True), mdy(d)][tf]
    doc.l(f"{ds} {t}" if tf != 2 else f"TC# {_digits(rng, 4)} {_digits(rng, 4)}   {ds} {t[:5]}")
    saved = sum(it.disc for it in items)
    if saved:
        doc.c(f"YOU SAVED ${f(saved)} TODAY")
    if rng.random() < 0.5:
        doc.c(f"Return by {mdy(_later(d, rng, 30, 30))} with receipt")
    doc.c(rng.choice(["Thank you for shopping with us!", "THANK YOU - COME AGAIN", "Have a great day!"]))
    if rng.random() < 0.4:
        doc.bar()
    truth = {
        "vendor": name,
        "total": _truth_amount(total, 2),
        "date": iso(d),
        "currency": "USD",
        "address": " ".join(addr),
    }
    return doc, truth


def _en_us_diner(rng: random.Random) -> tuple[Doc, dict]:
    name = rng.choice(US_FOOD)
    street, city, rate = rng.choice(US_PLACES)
    addr = [street, city]
    f = _money(".", ",")
    d = _date(rng)
    h, m = rng.randint(7, 22), rng.randint(0, 59)
    items = _items(rng, US_MENU, _n_items(rng, 8), step=5, end=0, p_qty=0.4)
    sub = sum(it.amount for it in items)
    tax = _added(sub, rate)
    tip = _rnd(D(sub) * D(rng.choice([15, 18, 20])) / 100) if rng.random() < 0.4 else 0
    total = sub + tax + tip
    doc = Doc()
    doc.c(name, bold=True, big=rng.random() < 0.6)
    for a in addr:
        doc.c(a)
    doc.c(f"Tel ({_digits(rng, 3)}) 555-{_digits(rng, 4)}")
    doc.blank()
    doc.lr(f"Server: {rng.choice(['Jessica', 'Mike', 'Ana', 'Sam'])}", f"Table {rng.randint(1, 30)}")
    doc.lr(f"Guests: {rng.randint(1, 6)}", f"Check #{rng.randint(1000, 9999)}")
    hh = (h - 1) % 12 + 1
    ampm = "AM" if h < 12 else "PM"
    st = rng.randrange(3)
    months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    doc.l(
        [
            f"{months[d.month - 1]} {d.day}, {d.year} {hh}:{m:02d} {ampm}",
            f"{mdy(d, yy=True)} {hh}:{m:02d}{ampm}",
            f"{mdy(d)} {h:02d}:{m:02d}",
        ][st]
    )
    doc.sep()
    for it in items:
        doc.cols((f"{it.qty} {it.name}", 0, "l"), (f(it.amount), 1.0, "r"))
    doc.sep()
    doc.lr("Subtotal", f(sub))
    doc.lr("Tax", f(tax))
    if tip:
        doc.lr("Tip", f(tip))
    doc.lr("Total", f"${f(total)}", bold=True, big=rng.random() < 0.5)
    if rng.random() < 0.45 and not tip:
        given = _cash(rng, total, [100, 500, 1000, 2000, 5000, 10000])
        doc.lr("Cash", f(given))
        doc.lr("Change", f(given - total))
    else:
        doc.lr(rng.choice(["Visa", "Amex", "Mastercard"]) + f" xxxx{_digits(rng, 4)}", f(total))
    if not tip and rng.random() < 0.6:
        doc.l("Suggested gratuity:")
        for p in (18, 20, 22):
            doc.lr(f"  {p}%", f"{f(_added(sub, str(p)))}")
    doc.c(rng.choice(["Thank you! Come again!", "Thanks for dining with us", "See you soon!"]))
    doc.c(f"www.{_slug(name)}.com")
    truth = {
        "vendor": name,
        "total": _truth_amount(total, 2),
        "date": iso(d),
        "currency": "USD",
        "address": " ".join(addr),
    }
    return doc, truth


def _en_uk(rng: random.Random) -> tuple[Doc, dict]:
    name, legal = rng.choice(UK_RETAIL)
    addr = list(rng.choice(UK_PLACES))
    f = _money(".", ",")
    d, t = _date(rng), _time(rng, False)
    items = _items(rng, UK_ITEMS, _n_items(rng), step=5, end=0, p_qty=0.25, w_range=(300, 1500))
    _discounts(rng, items, 0.15, 10)
    total = sum(it.net for it in items)
    doc = Doc()
    doc.c(name, bold=True, big=rng.random() < 0.6)
    if legal and rng.random() < 0.6:
        doc.c(legal)
    for a in addr:
        doc.c(a)
    doc.c(f"Tel: 0{rng.randint(113, 208)} {_digits(rng, 3)} {_digits(rng, 4)}")
    vr = _digits(rng, 9)
    doc.c(f"VAT Reg No: GB {vr[:3]} {vr[3:7]} {vr[7:]}")
    doc.sep()
    pound = rng.random() < 0.6
    for it in items:
        code = "" if it.tax == "Z" else " *"
        if it.weight is not None:
            doc.l(it.name, trunc=True)
            doc.lr(f"  {it.weight / 1000:.3f} kg @ £{f(it.unit)}/kg", f"£{f(it.amount)}{code}")
        else:
            doc.lr(it.name, ("£" if pound else "") + f(it.amount) + code, trunc=True)
            if it.qty > 1:
                doc.l(f"  {it.qty} x £{f(it.unit)}")
        if it.disc:
            doc.lr(rng.choice(["  Clubcard Price", "  Multibuy saving", "  Member price"]), f"-{f(it.disc)}")
    doc.sep()
    doc.lr(
        rng.choice(["TOTAL TO PAY", "BALANCE DUE", "TOTAL"]),
        f"£{f(total)}",
        bold=True,
        big=rng.random() < 0.6,
    )
    if rng.random() < 0.4:
        given = _cash(rng, total, [500, 1000, 2000, 5000])
        doc.lr("CASH", f"£{f(given)}")
        doc.lr("CHANGE DUE", f"£{f(given - total)}")
    else:
        doc.lr(rng.choice(["CONTACTLESS", "VISA DEBIT", "MASTERCARD"]), f"£{f(total)}")
        doc.l(f"Card number ************{_digits(rng, 4)}")
        doc.l(f"AUTH CODE: {_digits(rng, 6)}")
    saved = sum(it.disc for it in items)
    if saved:
        doc.lr("Total savings", f"£{f(saved)}")
    vat_base = sum(it.net for it in items if it.tax == "S")
    if vat_base:
        vat = _incl(vat_base, "20")
        doc.cols(("VAT", 0, "l"), ("Net", 0.45, "r"), ("VAT", 0.7, "r"), ("Gross", 1.0, "r"))
        doc.cols(
            ("* 20%", 0, "l"), (f(vat_base - vat), 0.45, "r"), (f(vat), 0.7, "r"), (f(vat_base), 1.0, "r")
        )
    doc.sep()
    doc.l(f"{dmy(d, '/')} {t}  Store {rng.randint(1000, 9999)}")
    doc.l(f"Till {rng.randint(1, 12)}  Op {rng.randint(100, 999)}  Trans {rng.randint(1000, 9999)}")
    if rng.random() < 0.5:
        doc.lr("Points this visit", str(total // 100))
        doc.lr("Points balance", f"{rng.randint(200, 9000):,}")
    if rng.random() < 0.5:
        doc.c(f"Voucher valid until {dmy(_later(d, rng, 14, 60), '/')}")
    doc.c(rng.choice(["Thank you for shopping with us", "Thanks for visiting", "Please retain your receipt"]))
    truth = {
        "vendor": name,
        "total": _truth_amount(total, 2),
        "date": iso(d),
        "currency": "GBP",
        "address": " ".join(addr),
    }
    return doc, truth


LAYOUTS = {
    "pl": [lambda r: _pl_fiscal(r, False), lambda r: _pl_fiscal(r, True), _pl_bill],
    "vi": [_vi_restaurant, _vi_supermarket, _vi_small],
    "de": [lambda r: _de_discounter(r, False), lambda r: _de_discounter(r, True), _de_cafe],
    "fr": [_fr_super, _fr_brasserie, _fr_cb],
    "nl": [_nl_super, _nl_cafe, _nl_pinslip],
    "id": [_id_mini, _id_resto],
    "en": [_en_us_store, _en_us_diner, _en_uk],
}
LAYOUT_NAMES = {
    "pl": ["fiscal one-line items", "fiscal two-line items", "restaurant bill (Rachunek)"],
    "vi": ["restaurant bill", "supermarket slip", "small shop slip"],
    "de": ["discounter bon", "supermarket bon with card slip", "cafe/restaurant bill"],
    "fr": ["supermarket ticket", "brasserie ticket", "small shop + CB slip"],
    "nl": ["supermarket kassabon", "cafe bon", "shop + PIN slip"],
    "id": ["minimarket struk", "restaurant/cafe bill"],
    "en": ["US store", "US diner", "UK shop"],
}

# --------------------------------------------------------------------------------------------------
# rendering
# --------------------------------------------------------------------------------------------------

_FONT_DIRS = [
    "/usr/share/fonts/truetype/dejavu",
    "/usr/share/fonts/truetype/liberation",
    "/usr/share/fonts/truetype/noto",
]
_FAMILIES = [  # (regular, bold, monospace, places Vietnamese stacked tone marks properly)
    ("DejaVuSansMono.ttf", "DejaVuSansMono-Bold.ttf", True, False),  # has the glyphs, but marks float off
    ("LiberationMono-Regular.ttf", "LiberationMono-Bold.ttf", True, False),
    ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", False, True),
    ("DejaVuSansCondensed.ttf", "DejaVuSansCondensed-Bold.ttf", False, True),
    ("NotoSans-Regular.ttf", "NotoSans-Bold.ttf", False, True),
]


def _font_path(name: str) -> str | None:
    for d in _FONT_DIRS:
        p = os.path.join(d, name)
        if os.path.exists(p):
            return p
    return None


def _families(lang: str) -> list[tuple[str, str, bool]]:
    out = []
    for reg, bold, mono, vi in _FAMILIES:
        if lang == "vi" and not vi:
            continue
        pr, pb = _font_path(reg), _font_path(bold)
        if pr:
            out.append((pr, pb or pr, mono))
    if not out:
        raise RuntimeError("no usable TrueType font found (DejaVu / Noto / Liberation)")
    return out


_FONT_CACHE: dict[tuple[str, int], ImageFont.FreeTypeFont] = {}


def _font(path: str, size: int) -> ImageFont.FreeTypeFont:
    key = (path, size)
    if key not in _FONT_CACHE:
        _FONT_CACHE[key] = ImageFont.truetype(path, size)
    return _FONT_CACHE[key]


class _Fonts:
    def __init__(self, reg: str, bold: str, size: int) -> None:
        self.size = size
        self.reg, self.bold = _font(reg, size), _font(bold, size)
        big = round(size * 1.3)
        self.big, self.bigbold = _font(reg, big), _font(bold, big)
        self.lh = max(18, min(26, round(size * 1.35)))
        self.big_lh = round(big * 1.35)
        self.gap = round(size * 0.9)

    def pick(self, ln: Ln) -> ImageFont.FreeTypeFont:
        if ln.big:
            return self.bigbold if ln.bold else self.big
        return self.bold if ln.bold else self.reg


def _col_boxes(ln: Ln, font, cw: float) -> list[tuple[float, float]]:
    boxes = []
    for text, frac, al in ln.cells:
        w = font.getlength(text)
        x = frac * cw
        boxes.append((x, x + w) if al == "l" else (x - w, x))
    return boxes


def _overflow(ln: Ln, fonts: _Fonts, cw: float) -> float:
    """How many pixels a line needs beyond what it has (<= 0: fits)."""
    font = fonts.pick(ln)
    if ln.kind in ("c", "l", "r"):
        return font.getlength(ln.a) - cw
    if ln.kind == "lr":
        return font.getlength(ln.a) + fonts.gap + font.getlength(ln.b) - cw
    if ln.kind == "cols":
        boxes = [b for b, cell in zip(_col_boxes(ln, font, cw), ln.cells, strict=True) if cell[0]]
        worst = max([-boxes[0][0]] + [boxes[-1][1] - cw] if boxes else [0])
        for (_, a1), (b0, _) in zip(boxes, boxes[1:], strict=False):
            worst = max(worst, a1 + fonts.gap * 0.6 - b0)
        return worst
    return 0.0


def _truncate(ln: Ln, fonts: _Fonts, cw: float) -> Ln:
    """Shorten an item name (the only text a real printer cuts) until the line fits."""
    if not ln.trunc or _overflow(ln, fonts, cw) <= 0:
        return ln
    if ln.kind in ("lr", "l"):
        a = ln.a
        while a and _overflow(Ln(ln.kind, a, ln.b, bold=ln.bold, big=ln.big), fonts, cw) > 0:
            a = a[:-1]
        return Ln(ln.kind, a.rstrip(), ln.b, bold=ln.bold, big=ln.big)
    if ln.kind == "cols":
        cells = list(ln.cells)
        i = ln.tcell
        text = cells[i][0]
        while text:
            cells[i] = (text, *ln.cells[i][1:])
            if _overflow(Ln("cols", cells=tuple(cells), bold=ln.bold), fonts, cw) <= 0:
                break
            text = text[:-1]
        cells[i] = (text.rstrip(), *ln.cells[i][1:])
        return Ln("cols", cells=tuple(cells), bold=ln.bold)
    return ln


def _layout_fonts(doc: Doc, rng: random.Random, lang: str) -> tuple[_Fonts, int, int, bool]:
    reg, bold, mono = rng.choice(_families(lang) + [f for f in _families(lang) if f[2]])
    width = rng.randint(380, 560)
    margin = rng.randint(12, 22)
    size = rng.randint(15, 19)
    while True:
        fonts = _Fonts(reg, bold, size)
        cw = width - 2 * margin
        worst = max(_overflow(ln, fonts, cw) for ln in doc.lines if not ln.trunc)
        worst_t = max([_overflow(ln, fonts, cw) for ln in doc.lines if ln.trunc] or [0])
        if worst <= 0 and (worst_t <= 0 or size <= 15):
            return fonts, width, margin, mono
        if size > 14:
            size -= 1
        elif width < 560:
            width = min(560, width + 20)
        elif margin > 10:
            margin -= 2
        elif size > 12:
            size -= 1
        else:
            raise ValueError(
                f"receipt line does not fit: {[ln for ln in doc.lines if _overflow(ln, fonts, cw) > 0]}"
            )


def _render(doc: Doc, rng: random.Random, lang: str) -> np.ndarray:
    fonts, width, margin, _ = _layout_fonts(doc, rng, lang)
    cw = width - 2 * margin
    lines = [_truncate(ln, fonts, cw) for ln in doc.lines]
    heights = []
    for ln in lines:
        if ln.kind == "bar":
            heights.append(56)
        elif ln.kind == "blank":
            heights.append(fonts.lh // 2)
        else:
            heights.append(fonts.big_lh if ln.big else fonts.lh)
    top, bottom = rng.randint(18, 40), rng.randint(24, 50)
    height = top + sum(heights) + bottom
    paper = rng.randint(236, 252)
    tint = (paper, paper, max(0, paper - rng.randint(0, 6)))
    img = Image.new("RGB", (width, height), tint)
    draw = ImageDraw.Draw(img)
    ink_v = rng.randint(10, 55)
    ink = (ink_v, ink_v, ink_v + rng.randint(0, 10))
    y = top
    for ln, h in zip(lines, heights, strict=True):
        font = fonts.pick(ln)
        mid = y + h / 2
        if ln.kind == "c":
            draw.text((margin + cw / 2, mid), ln.a, font=font, fill=ink, anchor="mm")
        elif ln.kind == "l":
            draw.text((margin, mid), ln.a, font=font, fill=ink, anchor="lm")
        elif ln.kind == "r":
            draw.text((margin + cw, mid), ln.a, font=font, fill=ink, anchor="rm")
        elif ln.kind == "lr":
            draw.text((margin, mid), ln.a, font=font, fill=ink, anchor="lm")
            draw.text((margin + cw, mid), ln.b, font=font, fill=ink, anchor="rm")
        elif ln.kind == "cols":
            for text, frac, al in ln.cells:
                if text:
                    draw.text(
                        (margin + frac * cw, mid),
                        text,
                        font=font,
                        fill=ink,
                        anchor="lm" if al == "l" else "rm",
                    )
        elif ln.kind == "sep":
            n = int(cw // max(1.0, font.getlength(ln.ch)))
            draw.text((margin + cw / 2, mid), ln.ch * n, font=font, fill=ink, anchor="mm")
        elif ln.kind == "bar":
            x = int(margin + cw * 0.2)
            end = int(margin + cw * 0.8)
            while x < end:
                w = rng.choice([1, 1, 2, 3])
                draw.rectangle([x, y + 8, x + w, y + h - 8], fill=ink)
                x += w + rng.choice([1, 2, 2, 3])
        y += h
    if rng.random() < 0.5:
        img = img.filter(ImageFilter.GaussianBlur(rng.uniform(0.25, 0.6)))
    if rng.random() < 0.35:
        img = img.rotate(rng.uniform(-0.8, 0.8), resample=Image.BICUBIC, expand=True, fillcolor=tint)
    if rng.random() < 0.4:
        pad = rng.randint(10, 30)
        bg = rng.randint(90, 170)
        canvas = Image.new("RGB", (img.width + 2 * pad, img.height + 2 * pad), (bg, bg, bg - 5))
        canvas.paste(img, (pad, pad))
        img = canvas
    arr = np.asarray(img).astype(np.float32)
    nrng = np.random.default_rng(rng.getrandbits(32))
    arr += nrng.normal(0, rng.uniform(2.0, 6.0), arr.shape[:2])[..., None]
    return np.clip(arr, 0, 255).astype(np.uint8)


# --------------------------------------------------------------------------------------------------
# public API
# --------------------------------------------------------------------------------------------------


def make(lang: str, k: int, seed: int = 7) -> tuple[Doc, dict, np.ndarray, str]:
    """One document: (Doc, truth, image, layout name)."""
    order = list(range(len(LAYOUTS[lang])))
    random.Random(f"{seed}:{lang}:order").shuffle(order)
    li = order[k % len(order)]
    rng = random.Random(f"{seed}:{lang}:{k}")
    doc, truth = LAYOUTS[lang][li](rng)
    image = _render(doc, rng, lang)
    return doc, truth, image, LAYOUT_NAMES[lang][li]


def holdout_documents(langs: list[str], n: int, seed: int = 7) -> list[tuple[str, np.ndarray, dict, bool]]:
    """Return (lang, RGB uint8 image, truth, False) for every language in langs and k in range(n)."""
    out = []
    for lang in langs:
        if lang not in LAYOUTS:
            raise ValueError(f"unknown language {lang!r}; known: {', '.join(LANGUAGES)}")
        for k in range(n):
            _, truth, image, _ = make(lang, k, seed)
            out.append((lang, image, truth, False))
    return out


def _text(doc: Doc) -> str:
    rows = []
    for ln in doc.lines:
        if ln.kind == "lr":
            rows.append(f"{ln.a}  ||  {ln.b}")
        elif ln.kind == "cols":
            rows.append(" | ".join(c[0] for c in ln.cells))
        elif ln.kind in ("c", "l", "r"):
            rows.append(ln.a)
        elif ln.kind == "sep":
            rows.append(ln.ch * 10)
    return "\n".join(rows)


if __name__ == "__main__":
    import argparse

    p = argparse.ArgumentParser(description="write held-out receipts as PNG (for a look by eye)")
    p.add_argument("--langs", default=",".join(LANGUAGES))
    p.add_argument("--n", type=int, default=2)
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--out", default="/tmp")
    a = p.parse_args()
    for lang in a.langs.split(","):
        for k in range(a.n):
            doc, truth, image, layout = make(lang, k, a.seed)
            path = os.path.join(a.out, f"holdout_{lang}_{k}.png")
            Image.fromarray(image).save(path)
            print(path, layout, truth)
