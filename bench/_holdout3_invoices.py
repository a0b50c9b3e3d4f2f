"""Held-out set 3: synthetic born-digital PDF invoices made as HTML + CSS printed by headless Chromium.

Written independently of the extraction code, to measure how extraction generalises to invoice
designs it has never seen.  Each document is an HTML page (fonts: DejaVu, Liberation, Noto Sans/Serif)
printed to PDF with ``chromium --headless --print-to-pdf``; the PDF keeps a real text layer, including
Polish and Vietnamese diacritics.

Interface::

    holdout_invoices(work, langs, n, seed) -> [(label, pdf_path), ...]

For each ``lang`` in ``langs`` and ``k`` in ``range(n)`` one PDF is written under ``work``.  Everything
random is drawn from ``random.Random(f"{seed}:{lang}:{k}")`` only, so labels (and the HTML) are
deterministic in ``(lang, k, seed)``; the PDF bytes may differ (Chromium stamps a creation date).

Label conventions (all values are strings):

* ``issuer`` - the seller's company (or sole trader's) name exactly as printed in the seller's own
  block (which may be on the right, below the buyer, or only in the footer / sender line).  The buyer's
  name is never the issuer.  A styled-text logo may show a shortened brand; the label is the full name.
* ``invoice_number`` - exactly as printed (Vietnamese e-invoices: the ``Số``, never ``Ký hiệu`` /
  ``Mẫu số`` / ``Mã của CQT``).  Order, customer, PO, account and VAT numbers are distractors.
* ``date`` - the issue date, ISO ``YYYY-MM-DD``.  Due, delivery / service period, order, deposit,
  direct-debit and early-payment (Skonto) dates are always different from it.
* ``gross`` - the gross total (net + tax [+ shipping] [- discount]) before any deposit is deducted.
* ``total`` - the final amount payable: ``gross`` minus any deposit / advance / credit already paid.
  Formatted ``"1234.56"``; VND and IDR are whole amounts written ``"12500000.00"``.
* ``currency`` - ISO 4217 (GBP, USD, AUD, SGD, EUR, PLN, VND, IDR).
* ``language``, ``layout``, ``set`` (= ``"holdout3"``), ``doc_id``.

Amounts are computed with ``Decimal`` and ROUND_HALF_UP: per-rate tax on net sums (EU/UK B2B, AU, SG,
ID), per-line tax (Polish Faktura VAT tables, Vietnamese per-line rates), tax contained in gross
prices (B2C web shops: "inkl. MwSt.", "TTC", "incl. btw", "includes GST"), US sales tax on the taxable
subtotal (shipping untaxed), or no tax (Kleinunternehmer §19 UStG, auto-entrepreneur art. 293 B,
KOR, Polish ``zw``, Indonesian marketplace receipts).

Layouts (``layout`` field), each with random options (fonts, colours, zebra/grid tables, seller block
left/right/footer-only, buyer block first, styled-text logo, number/date/currency styles):

* ``shop``       - Stripe/Shopify-like invoice-receipt: "$1,234.56 due March 29, 2024" headline,
                   order number, bill-to/ship-to, discount code, shipping, applied credit.  (all)
* ``freelancer`` - sole trader's invoice: hours x rate, service period, deposit received, bank line
                   naming the account holder (= issuer), no-VAT notes.  (en de fr nl pl id)
* ``b2b``        - business invoice with a long items table (may run to 2 pages, repeated header,
                   page x of y), window address with sender line, info block (customer no., order no.,
                   PO, delivery date), per-rate VAT summary, deposit, Skonto, 4-column legal footer.
                   German DATEV/lexoffice ``Rechnung``, French ``Facture`` (SIRET, TVA intracommunautaire,
                   Total HT/TVA/TTC, acompte, Net à payer, 40 € indemnity), Dutch ``Factuur`` (KvK,
                   BTW-nummer), UK/US/AU/SG invoice / tax invoice, Indonesian ``Faktur`` (NPWP, DPP,
                   PPN 11%, Terbilang).  (en de fr nl id)
* ``utility``    - telecom / energy bill summary: account number, billing period, previous balance and
                   payment received netting to zero, direct-debit date, seller only in the footer.  (all)
* ``faktura``    - Polish ``Faktura VAT``: Sprzedawca / Nabywca boxes, NIP, Lp. table with per-line
                   VAT, ``Razem`` / ``w tym`` rate summary, zaliczka, ``Do zapłaty``, ``Słownie:``.  (pl)
* ``gtgt``       - Vietnamese e-invoice ``HÓA ĐƠN GIÁ TRỊ GIA TĂNG`` (optionally bilingual), ``Ký hiệu``,
                   ``Số``, ``Ngày … tháng … năm …``, ``Mã số thuế``, ``Mã của CQT``, single-rate or per-line
                   rates, ``Tổng cộng tiền thanh toán``, ``Số tiền viết bằng chữ``.  (vi)
"""

from __future__ import annotations

import datetime as dt
import html
import os
import pathlib
import random
import shutil
import subprocess
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

LANGUAGES = ("en", "de", "fr", "nl", "pl", "vi", "id")
SET_NAME = "holdout3"

LAYOUTS: dict[str, tuple[str, ...]] = {
    "en": ("shop", "freelancer", "b2b", "utility"),
    "de": ("b2b", "shop", "freelancer", "utility"),
    "fr": ("b2b", "shop", "freelancer", "utility"),
    "nl": ("b2b", "shop", "freelancer", "utility"),
    "pl": ("faktura", "shop", "freelancer", "utility"),
    "vi": ("gtgt", "shop", "utility"),
    "id": ("b2b", "shop", "freelancer", "utility"),
}

D = Decimal
C2 = D("0.01")
C0 = D("1")
NBSP = "\u00a0"
NNBSP = "\u202f"

E = html.escape


def _q(v: Decimal, q: Decimal) -> Decimal:
    return v.quantize(q, rounding=ROUND_HALF_UP)


# ----------------------------------------------------------------------------------------------------
# number, money and date formatting
# ----------------------------------------------------------------------------------------------------


@dataclass
class Fmt:
    th: str  # thousands separator
    dec: str  # decimal separator
    places: int  # 0 or 2
    sym: str  # currency sign or code ("" = none)
    pre: bool  # sign before the number
    space: str  # between sign and number

    def num(self, v: Decimal, places: int | None = None) -> str:
        p = self.places if places is None else places
        v = _q(v, C0 if p == 0 else D(1).scaleb(-p))
        neg = v < 0
        s = f"{abs(v):.{p}f}"
        ip, _, fp = s.partition(".")
        groups = []
        while len(ip) > 3:
            groups.insert(0, ip[-3:])
            ip = ip[:-3]
        groups.insert(0, ip)
        out = self.th.join(groups) + (self.dec + fp if p else "")
        return ("-" if neg else "") + out

    def money(self, v: Decimal) -> str:
        neg = v < 0
        s = self.num(abs(v))
        if self.sym:
            s = f"{self.sym}{self.space}{s}" if self.pre else f"{s}{self.space}{self.sym}"
        return ("-" + s) if neg else s

    def qty(self, v: Decimal) -> str:
        if v == v.to_integral_value():
            return str(int(v))
        return (f"{v.normalize():f}").replace(".", self.dec)

    def rate(self, r: Decimal) -> str:
        s = f"{(r * 100).normalize():f}"
        return s.replace(".", self.dec)


MONTHS = {
    "en": "January February March April May June July August September October November December".split(),
    "de": "Januar Februar März April Mai Juni Juli August September Oktober November Dezember".split(),
    "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre".split(),
    "nl": "januari februari maart april mei juni juli augustus september oktober november december".split(),
    "pl": "stycznia lutego marca kwietnia maja czerwca lipca sierpnia września października listopada grudnia".split(),
    "id": "Januari Februari Maret April Mei Juni Juli Agustus September Oktober November Desember".split(),
    "vi": [f"tháng {i:02d}" for i in range(1, 13)],
}


def _fd(d: dt.date, style: str, lang: str) -> str:
    m = MONTHS[lang][d.month - 1]
    if style == "dmy.":
        return f"{d.day:02d}.{d.month:02d}.{d.year}"
    if style == "dmy/":
        return f"{d.day:02d}/{d.month:02d}/{d.year}"
    if style == "dmy-":
        return f"{d.day:02d}-{d.month:02d}-{d.year}"
    if style == "mdy/":
        return f"{d.month:02d}/{d.day:02d}/{d.year}"
    if style == "iso":
        return d.isoformat()
    if style == "us_long":
        return f"{m} {d.day}, {d.year}"
    if style == "us_short":
        return f"{m[:3]} {d.day}, {d.year}"
    if style == "short":
        return f"{d.day} {m[:3]} {d.year}"
    if style == "vi":
        return f"Ngày {d.day:02d} tháng {d.month:02d} năm {d.year}"
    # long
    if lang == "de":
        return f"{d.day}. {m} {d.year}"
    if lang == "fr" and d.day == 1:
        return f"1er {m} {d.year}"
    return f"{d.day} {m} {d.year}"


# ----------------------------------------------------------------------------------------------------
# amounts in words (pl "Słownie", vi "Số tiền viết bằng chữ", id "Terbilang")
# ----------------------------------------------------------------------------------------------------

_PL_U = ["", "jeden", "dwa", "trzy", "cztery", "pięć", "sześć", "siedem", "osiem", "dziewięć"]
_PL_T = ["dziesięć", "jedenaście", "dwanaście", "trzynaście", "czternaście", "piętnaście", "szesnaście",
         "siedemnaście", "osiemnaście", "dziewiętnaście"]
_PL_D = ["", "", "dwadzieścia", "trzydzieści", "czterdzieści", "pięćdziesiąt", "sześćdziesiąt",
         "siedemdziesiąt", "osiemdziesiąt", "dziewięćdziesiąt"]
_PL_H = ["", "sto", "dwieście", "trzysta", "czterysta", "pięćset", "sześćset", "siedemset", "osiemset",
         "dziewięćset"]


def _pl_form(n: int, forms: tuple[str, str, str]) -> str:
    if n == 1:
        return forms[0]
    if n % 10 in (2, 3, 4) and n % 100 not in (12, 13, 14):
        return forms[1]
    return forms[2]


def _pl_999(n: int) -> list[str]:
    w = [_PL_H[n // 100]]
    t, u = (n % 100) // 10, n % 10
    if t == 1:
        w.append(_PL_T[u])
    else:
        w += [_PL_D[t], _PL_U[u]]
    return [x for x in w if x]


def _pl_words(n: int) -> str:
    if n == 0:
        return "zero"
    out: list[str] = []
    for scale, forms in ((10**6, ("milion", "miliony", "milionów")), (10**3, ("tysiąc", "tysiące", "tysięcy"))):
        g = n // scale
        n %= scale
        if g:
            out += _pl_999(g) + [_pl_form(g, forms)]
    out += _pl_999(n)
    return " ".join(out)


def _pl_amount_words(v: Decimal, style: int) -> str:
    zl = int(v)
    gr = int(_q((v - zl) * 100, C0))
    zw = _pl_form(zl, ("złoty", "złote", "złotych"))
    if style == 0:
        return f"{_pl_words(zl)} {zw} {gr:02d}/100"
    return f"{_pl_words(zl)} {zw} {_pl_words(gr)} {_pl_form(gr, ('grosz', 'grosze', 'groszy'))}"


_VI_D = ["không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"]


def _vi_999(n: int, full: bool) -> list[str]:
    h, t, u = n // 100, (n % 100) // 10, n % 10
    w: list[str] = []
    if full or h:
        w += [_VI_D[h], "trăm"]
    if t == 0:
        if u and (full or h):
            w += ["linh", _VI_D[u]]
        elif u:
            w.append(_VI_D[u])
    elif t == 1:
        w.append("mười")
        if u:
            w.append("lăm" if u == 5 else _VI_D[u])
    else:
        w += [_VI_D[t], "mươi"]
        if u:
            w.append({1: "mốt", 5: "lăm"}.get(u, _VI_D[u]))
    return w


def _vi_words(n: int) -> str:
    if n == 0:
        return "không"
    groups = []
    while n:
        groups.insert(0, n % 1000)
        n //= 1000
    scales = ["", "nghìn", "triệu", "tỷ", "nghìn tỷ"]
    out: list[str] = []
    for i, g in enumerate(groups):
        sc = scales[len(groups) - 1 - i]
        if g == 0:
            continue
        out += _vi_999(g, full=i > 0)
        if sc:
            out.append(sc)
    return " ".join(out)


_ID_U = ["", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan", "sepuluh", "sebelas"]


def _id_words(n: int) -> str:
    if n < 12:
        return _ID_U[n]
    if n < 20:
        return f"{_ID_U[n - 10]} belas"
    if n < 100:
        return f"{_ID_U[n // 10]} puluh {_id_words(n % 10)}".strip()
    if n < 200:
        return f"seratus {_id_words(n - 100)}".strip()
    if n < 1000:
        return f"{_ID_U[n // 100]} ratus {_id_words(n % 100)}".strip()
    if n < 2000:
        return f"seribu {_id_words(n - 1000)}".strip()
    for scale, name in ((10**12, "triliun"), (10**9, "miliar"), (10**6, "juta"), (10**3, "ribu")):
        if n >= scale:
            return f"{_id_words(n // scale)} {name} {_id_words(n % scale)}".strip()
    return ""


# ----------------------------------------------------------------------------------------------------
# data pools
# ----------------------------------------------------------------------------------------------------

REGIONS = {
    # currency, signs, tax name, standard / reduced rate, date styles, page size
    "UK": ("GBP", ["£", "GBP"], "VAT", ["long", "dmy/", "short"], "A4"),
    "US": ("USD", ["$", "USD"], "Sales Tax", ["us_long", "mdy/", "us_short"], "Letter"),
    "AU": ("AUD", ["$", "A$", "AUD"], "GST", ["dmy/", "long", "short"], "A4"),
    "SG": ("SGD", ["S$", "SGD", "$"], "GST", ["long", "dmy/", "short"], "A4"),
}

EN_PLACES = {
    "UK": (["14 Wharf Road", "Unit 3, Riverside Business Park", "22 Church Street", "7 Queen's Parade",
            "Suite 4, 18 King Street"],
           ["London N1 7GR", "Manchester M4 6JF", "Bristol BS1 5TR", "Leeds LS1 4AP", "Glasgow G2 1QX",
            "Cambridge CB2 1RT"], "United Kingdom"),
    "US": (["1450 Market Street, Suite 300", "88 Pine Ave", "2301 W Olive Blvd", "17 Elm Court", "500 Commerce Dr"],
           ["San Francisco, CA 94103", "Austin, TX 78701", "Brooklyn, NY 11201", "Denver, CO 80202",
            "Portland, OR 97205", "Chicago, IL 60607"], "United States"),
    "AU": (["Level 5, 120 Collins Street", "12 Harbour St", "3/45 George Street", "88 Adelaide Terrace"],
           ["Melbourne VIC 3000", "Sydney NSW 2000", "Brisbane QLD 4000", "Perth WA 6000", "Adelaide SA 5000"],
           "Australia"),
    "SG": (["10 Anson Road, #21-02 International Plaza", "1 Kaki Bukit View, #04-11", "50 Ubi Ave 3, #02-08",
            "160 Robinson Road, #14-04"],
           ["Singapore 079903", "Singapore 415941", "Singapore 408866", "Singapore 068914"], "Singapore"),
}
EN_SUFFIX = {"UK": ["Ltd", "Limited", "LLP"], "US": ["LLC", "Inc.", "Co."], "AU": ["Pty Ltd"],
             "SG": ["Pte. Ltd.", "Pte Ltd"]}
EN_W1 = ["Harbour", "Northgate", "Bluestone", "Kestrel", "Silverline", "Oakridge", "Brightwater", "Pinecrest",
         "Redfern", "Lighthouse", "Granite", "Meridian", "Copperleaf", "Fernhill", "Summit", "Ashford"]
EN_W2 = ["Digital", "Logistics", "Supplies", "Consulting", "Print", "Electrical", "Software", "Trading",
         "Engineering", "Media", "Foods", "Interiors", "Analytics", "Telecom"]
EN_PEOPLE = ["Emma Clarke", "Oliver Bennett", "Sophie Turner", "James Whitfield", "Priya Nair", "Daniel Kim",
             "Chloe Martin", "Liam O'Connor", "Grace Tan", "Noah Fraser"]

DE_W1 = ["Nordwind", "Bergmann", "Alpenblick", "Rheintal", "Sonnenhof", "Kranich", "Elbwerk", "Lindner",
         "Hansen", "Falkenstein", "Brückner", "Wendland", "Isartal", "Moosgruber"]
DE_W2 = ["Logistik", "Haustechnik", "Druckerei", "Software", "Metallbau", "Bürobedarf", "Elektrotechnik",
         "Unternehmensberatung", "Medien", "Gastro-Service", "Systemhaus", "Fensterbau"]
DE_SUFFIX = ["GmbH", "GmbH & Co. KG", "AG", "e.K.", "UG (haftungsbeschränkt)", "KG"]
DE_STREETS = ["Hauptstraße 12", "Industriestraße 4a", "Am Mühlbach 7", "Königsallee 58", "Gewerbepark Süd 21",
              "Lindenweg 3", "Schillerstraße 104", "Hafenstraße 19"]
DE_CITIES = ["80331 München", "20095 Hamburg", "50667 Köln", "70173 Stuttgart", "04109 Leipzig",
             "90402 Nürnberg", "28195 Bremen", "01067 Dresden", "60311 Frankfurt am Main", "33602 Bielefeld"]
DE_PEOPLE = ["Lena Hoffmann", "Jonas Becker", "Sabine Krüger", "Markus Weiß", "Julia Schäfer", "Tobias Müller",
             "Katrin Lorenz", "Stefan Böhm"]

FR_W1 = ["Atelier Duval", "Imprimerie Martin", "Transports Lefèvre", "Menuiserie Girard", "Électricité Moreau",
         "Conseil Durand", "Cave Rousseau", "Boulangerie Fournier", "Ferronnerie Lambert", "Éditions Bonnefoy",
         "Solutions Numériques Garnier", "Plomberie Chevalier"]
FR_SUFFIX = ["SARL", "SAS", "EURL", "SA", "SASU"]
FR_STREETS = ["12 rue de la République", "4 avenue Jean Jaurès", "27 boulevard Voltaire", "8 place Bellecour",
              "3 impasse des Lilas", "115 rue du Faubourg Saint-Antoine", "ZA des Marches, 2 allée des Érables"]
FR_CITIES = ["69002 Lyon", "75011 Paris", "33000 Bordeaux", "31000 Toulouse", "44000 Nantes", "13001 Marseille",
             "59000 Lille", "67000 Strasbourg", "35000 Rennes"]
FR_PEOPLE = ["Camille Laurent", "Julien Mercier", "Élodie Faure", "Nicolas Roux", "Chloé Bertrand",
             "Mathieu Gauthier", "Inès Chevallier", "Hélène Picard"]

NL_W1 = ["De Vries", "Van Dijk", "Bakker", "Jansen", "Visser", "Smit", "Meijer", "Mulder", "Zonnewijzer",
         "Polderlicht", "Duinzicht", "Grachtwerk", "Hofstede", "Van den Berg"]
NL_W2 = ["Installatietechniek", "Transport", "Drukwerk", "Bouw", "ICT", "Schilderwerken", "Advies", "Groothandel",
         "Catering", "Kantoorinrichting"]
NL_SUFFIX = ["B.V.", "V.O.F.", "Holding B.V.", "B.V."]
NL_STREETS = ["Keizersgracht 123", "Stationsweg 4", "Industrieweg 17", "Marktplein 8", "Hoofdstraat 56",
              "Oudegracht 201", "Dorpsstraat 12a"]
NL_CITIES = ["1012 AB Amsterdam", "3011 AD Rotterdam", "3511 LX Utrecht", "2511 BT Den Haag", "5611 AZ Eindhoven",
             "9711 LM Groningen", "6811 DK Arnhem", "8011 PK Zwolle"]
NL_PEOPLE = ["Sanne de Jong", "Daan Vermeulen", "Lotte Bos", "Bram Hendriks", "Femke van Leeuwen",
             "Ruben Kuipers", "Anouk Peters"]

PL_W1 = ["Budrex", "Mazowiecka Hurtownia Elektryczna", "Zakład Stolarski Kowalczyk", "Przedsiębiorstwo Usługowe Żak",
         "Śląskie Centrum Druku", "Wólczańska Dystrybucja", "Techpol Serwis", "Łęczyckie Młyny",
         "Gdańska Spółdzielnia Transportowa", "Pomorska Grupa Informatyczna", "Źródło Wody Mineralnej Żywiec Zdrój"]
PL_SUFFIX = ["Sp. z o.o.", "S.A.", "Sp. z o.o. sp.k.", "s.c.", "Sp. z o.o."]
PL_STREETS = ["ul. Marszałkowska 12/4", "ul. Długa 5", "al. Jerozolimskie 123", "ul. Świętokrzyska 30",
              "ul. Żeromskiego 7", "ul. Piłsudskiego 44 lok. 2", "ul. Łąkowa 18"]
PL_CITIES = ["00-950 Warszawa", "30-001 Kraków", "50-001 Wrocław", "80-001 Gdańsk", "60-101 Poznań", "90-001 Łódź",
             "40-001 Katowice", "20-001 Lublin"]
PL_PEOPLE = ["Anna Wiśniewska", "Piotr Zieliński", "Małgorzata Wójcik", "Krzysztof Dąbrowski", "Agnieszka Kozłowska",
             "Łukasz Jankowski", "Katarzyna Mazur", "Paweł Szymański"]

VI_W1 = ["THƯƠNG MẠI DỊCH VỤ HOÀNG PHÁT", "CÔNG NGHỆ MINH ANH", "XÂY DỰNG ĐỨC THỊNH", "VẬN TẢI PHƯƠNG NAM",
         "THỰC PHẨM SÀI GÒN XANH", "IN ẤN QUANG TRUNG", "THIẾT BỊ ĐIỆN NGỌC LÂM", "PHẦN MỀM VIỆT TIẾN",
         "NỘI THẤT AN KHANG", "DƯỢC PHẨM HƯNG THỊNH"]
VI_PREFIX = ["CÔNG TY TNHH", "CÔNG TY CỔ PHẦN", "CÔNG TY TNHH MỘT THÀNH VIÊN"]
VI_ADDR = ["Số 12 Nguyễn Trãi, Phường Bến Thành, Quận 1, TP. Hồ Chí Minh",
           "Số 45 Láng Hạ, Phường Thành Công, Quận Ba Đình, Hà Nội",
           "Lô B2, KCN Tân Bình, Phường Tây Thạnh, Quận Tân Phú, TP. Hồ Chí Minh",
           "123 Lê Duẩn, Phường Thạch Thang, Quận Hải Châu, TP. Đà Nẵng",
           "Tầng 8, Tòa nhà Việt Á, 9 Duy Tân, Phường Dịch Vọng Hậu, Quận Cầu Giấy, Hà Nội",
           "Số 78 Trần Phú, Phường Lộc Thọ, TP. Nha Trang, Khánh Hòa"]
VI_PEOPLE = ["Nguyễn Văn An", "Trần Thị Bích Ngọc", "Lê Hoàng Nam", "Phạm Minh Đức", "Vũ Thị Hương",
             "Đặng Quốc Việt", "Bùi Thị Thu Trang"]
VI_BANKS = ["Ngân hàng TMCP Ngoại thương Việt Nam (Vietcombank)", "Ngân hàng TMCP Á Châu (ACB)",
            "Ngân hàng TMCP Kỹ thương Việt Nam (Techcombank)", "Ngân hàng TMCP Đầu tư và Phát triển Việt Nam (BIDV)"]

ID_W1 = ["Sinar Jaya Abadi", "Maju Bersama Sentosa", "Nusantara Digital Solusi", "Cahaya Logistik Indonesia",
         "Mitra Sejahtera Teknik", "Karya Prima Mandiri", "Sumber Rejeki Makmur", "Bintang Timur Perkasa",
         "Tirta Anugerah Lestari", "Garuda Cipta Media"]
ID_PREFIX = ["PT", "PT", "CV"]
ID_STREETS = ["Jl. Jend. Sudirman Kav. 52-53", "Jl. Gatot Subroto No. 18", "Jl. Pemuda No. 27",
              "Ruko Golden Boulevard Blok C No. 8, BSD", "Jl. Diponegoro No. 45", "Jl. Gajah Mada No. 112"]
ID_CITIES = ["Jakarta Selatan 12190", "Bandung 40262", "Surabaya 60271", "Tangerang Selatan 15321",
             "Semarang 50241", "Medan 20112", "Denpasar 80231"]
ID_PEOPLE = ["Budi Santoso", "Siti Rahmawati", "Andi Pratama", "Dewi Lestari", "Rizky Hidayat", "Putri Maharani",
             "Agus Setiawan"]
ID_BANKS = ["BCA", "Bank Mandiri", "BNI", "BRI", "CIMB Niaga"]

# items: (description, unit, low, high, reduced-rate?) ; prices in currency units
ITEMS = {
    "en": [("Web hosting - Business plan (12 months)", "ea", 90, 400, 0), ("Consulting services", "hr", 80, 180, 0),
           ("A4 copy paper, 80gsm (box of 5 reams)", "box", 18, 35, 0), ("Wireless keyboard and mouse set", "ea", 25, 80, 0),
           ("Annual software licence - Pro", "ea", 120, 900, 0), ("Installation and configuration", "hr", 60, 140, 0),
           ("Ergonomic mesh office chair", "ea", 120, 380, 0), ("Printer toner cartridge, black", "ea", 45, 120, 0),
           ("Cat6 patch cable 2m", "ea", 3, 9, 0), ("Logo design - 3 concepts", "ea", 300, 1200, 0),
           ("Monthly maintenance retainer", "mo", 250, 900, 0), ("USB-C docking station", "ea", 90, 260, 0),
           ("Stainless steel bolts M8 x 40 (pack of 100)", "pk", 12, 30, 0), ("Printed training manual", "ea", 15, 45, 1),
           ("Children's safety helmet", "ea", 20, 40, 1), ("Delivery and setup", "ea", 40, 150, 0)],
    "de": [("Beratungsleistung", "Std.", 85, 160, 0), ("Kopierpapier A4, 80 g/m², 500 Blatt", "Pkg.", 4, 9, 0),
           ("Montage und Inbetriebnahme", "Std.", 55, 110, 0), ("Softwarelizenz Jahresabo", "Stk.", 120, 900, 0),
           ("Edelstahlschrauben M8×40 (100 Stk.)", "Pkg.", 12, 30, 0), ("Bürostuhl ergonomisch", "Stk.", 150, 420, 0),
           ("Fachbuch „Steuerrecht kompakt“", "Stk.", 25, 60, 1), ("Kaffeebohnen Espresso 1 kg", "kg", 14, 28, 1),
           ("Anfahrtspauschale", "psch.", 30, 80, 0), ("Wartung Heizungsanlage", "Stk.", 150, 450, 0),
           ("Toner schwarz, kompatibel", "Stk.", 45, 120, 0), ("Netzwerkkabel Cat6, 2 m", "Stk.", 3, 9, 0),
           ("Druck Flyer DIN A5, 1.000 Stk.", "Aufl.", 60, 180, 0), ("Hosting Business-Paket", "Mon.", 9, 49, 0),
           ("Mineralwasser 12 × 0,75 l", "Kiste", 6, 12, 1), ("Übersetzung Fachtext", "Seite", 25, 45, 0)],
    "fr": [("Prestation de conseil", "h", 80, 150, 0), ("Ramette papier A4 80 g", "u", 4, 9, 0),
           ("Installation et mise en service", "h", 55, 110, 0), ("Licence logiciel annuelle", "u", 120, 900, 0),
           ("Vis inox M8×40 (boîte de 100)", "boîte", 12, 30, 0), ("Fauteuil de bureau ergonomique", "u", 150, 420, 0),
           ("Travaux de rénovation énergétique", "forfait", 400, 1800, 1), ("Repas traiteur - formule entreprise", "u", 14, 28, 1),
           ("Frais de déplacement", "forfait", 30, 80, 0), ("Maintenance chaudière", "u", 120, 350, 0),
           ("Cartouche de toner noir", "u", 45, 120, 0), ("Câble réseau Cat6 2 m", "u", 3, 9, 0),
           ("Impression flyers A5 (1 000 ex.)", "lot", 60, 180, 0), ("Hébergement web - offre Pro", "mois", 9, 49, 0),
           ("Livre « Gestion d'entreprise »", "u", 20, 45, 2), ("Développement d'une fonctionnalité", "jour", 350, 650, 0)],
    "nl": [("Adviesuren", "uur", 75, 140, 0), ("Kopieerpapier A4 80 g/m² (500 vel)", "pak", 4, 9, 0),
           ("Montage en installatie", "uur", 50, 95, 0), ("Softwarelicentie jaarabonnement", "st", 120, 900, 0),
           ("RVS bouten M8×40 (100 st)", "doos", 12, 30, 0), ("Ergonomische bureaustoel", "st", 150, 420, 0),
           ("Boek „Ondernemen in Nederland“", "st", 20, 45, 1), ("Koffiebonen espresso 1 kg", "kg", 14, 28, 1),
           ("Voorrijkosten", "st", 30, 75, 0), ("Onderhoud cv-ketel", "st", 90, 250, 0),
           ("Tonercartridge zwart", "st", 45, 120, 0), ("Netwerkkabel Cat6 2 m", "st", 3, 9, 0),
           ("Drukwerk flyers A5 (1.000 st)", "oplage", 60, 180, 0), ("Webhosting zakelijk", "mnd", 9, 49, 0),
           ("Broodjeslunch vergadering", "pers", 8, 16, 1), ("Schilderwerk kozijnen", "m²", 25, 55, 0)],
    "pl": [("Usługa doradcza", "godz.", 120, 350, 0), ("Papier ksero A4 80 g/m² (ryza)", "szt.", 18, 32, 0),
           ("Montaż i uruchomienie instalacji", "godz.", 90, 220, 0), ("Licencja oprogramowania - roczna", "szt.", 450, 3600, 0),
           ("Śruby nierdzewne M8×40 (op. 100 szt.)", "op.", 45, 110, 0), ("Krzesło biurowe ergonomiczne", "szt.", 450, 1400, 0),
           ("Książka „Podatki w firmie”", "szt.", 49, 129, 2), ("Kawa ziarnista 1 kg", "kg", 59, 119, 2),
           ("Usługa gastronomiczna - catering", "os.", 45, 95, 1), ("Przegląd kotła gazowego", "usł.", 250, 600, 0),
           ("Toner czarny do drukarki", "szt.", 160, 420, 0), ("Kabel sieciowy Cat6 2 m", "szt.", 9, 29, 0),
           ("Druk ulotek A5 (1000 szt.)", "nakł.", 220, 650, 0), ("Hosting firmowy", "mies.", 29, 199, 0),
           ("Transport materiałów", "kurs", 150, 480, 0), ("Żarówka LED E27 9W", "szt.", 8, 25, 0)],
    "vi": [("Dịch vụ tư vấn triển khai phần mềm", "Giờ", 400_000, 1_200_000, 0), ("Giấy in A4 Double A 80gsm", "Ram", 75_000, 110_000, 0),
           ("Mực in HP 12A chính hãng", "Hộp", 350_000, 1_200_000, 0), ("Ghế văn phòng lưới cao cấp", "Cái", 1_200_000, 4_500_000, 0),
           ("Cáp mạng Cat6 AMP", "Mét", 8_000, 15_000, 0), ("Bản quyền phần mềm kế toán (12 tháng)", "Gói", 3_000_000, 12_000_000, 0),
           ("Nước uống đóng chai 500ml", "Thùng", 90_000, 140_000, 1), ("Cà phê hạt rang xay 1kg", "Kg", 180_000, 450_000, 1),
           ("Phí vận chuyển và lắp đặt", "Lần", 150_000, 800_000, 0), ("Bảo trì hệ thống điều hòa", "Lần", 500_000, 2_500_000, 0),
           ("Thép hộp mạ kẽm 40x80", "Cây", 250_000, 480_000, 0), ("Sách chuyên ngành kế toán", "Cuốn", 90_000, 250_000, 2),
           ("Màn hình Dell 24 inch", "Cái", 3_200_000, 5_900_000, 0), ("Dịch vụ thiết kế bộ nhận diện thương hiệu", "Gói", 8_000_000, 25_000_000, 0)],
    "id": [("Jasa konsultasi IT", "Jam", 350_000, 1_200_000, 0), ("Kertas HVS A4 80 gr", "Rim", 45_000, 70_000, 0),
           ("Tinta printer Epson 003 hitam", "Botol", 75_000, 120_000, 0), ("Kursi kantor ergonomis", "Unit", 1_200_000, 4_500_000, 0),
           ("Kabel LAN Cat6 (per meter)", "Meter", 6_000, 15_000, 0), ("Lisensi software akuntansi 1 tahun", "Paket", 2_500_000, 12_000_000, 0),
           ("Jasa instalasi jaringan", "Titik", 150_000, 450_000, 0), ("Servis AC split 1 PK", "Unit", 85_000, 250_000, 0),
           ("Semen Portland 50 kg", "Sak", 62_000, 78_000, 0), ("Besi beton polos 10 mm", "Batang", 65_000, 95_000, 0),
           ("Jasa desain logo & identitas", "Paket", 3_500_000, 15_000_000, 0), ("Monitor LED 24 inch", "Unit", 1_600_000, 3_200_000, 0),
           ("Biaya pengiriman", "Kali", 50_000, 350_000, 0), ("Air mineral galon 19 L", "Galon", 18_000, 25_000, 0)],
}

FREELANCE = {
    "en": ["Web development", "UX design", "Copywriting", "Photography - half-day shoot", "Project management",
           "Bookkeeping services", "Translation EN>FR", "Video editing"],
    "de": ["Webentwicklung", "UX-Design", "Texterstellung", "Fotografie - Halbtagesshooting", "Projektmanagement",
           "Buchhaltungsleistungen", "Übersetzung DE>EN", "Videoschnitt"],
    "fr": ["Développement web", "Design UX", "Rédaction de contenus", "Shooting photo (demi-journée)",
           "Gestion de projet", "Tenue de comptabilité", "Traduction FR>EN", "Montage vidéo"],
    "nl": ["Webontwikkeling", "UX-ontwerp", "Copywriting", "Fotografie (dagdeel)", "Projectbegeleiding",
           "Boekhouding", "Vertaling NL>EN", "Videomontage"],
    "pl": ["Programowanie aplikacji webowej", "Projekt graficzny UX", "Copywriting - teksty na stronę",
           "Sesja zdjęciowa (pół dnia)", "Zarządzanie projektem", "Usługi księgowe", "Tłumaczenie PL>EN",
           "Montaż wideo"],
    "id": ["Pengembangan website", "Desain UI/UX", "Penulisan konten", "Sesi foto produk (setengah hari)",
           "Manajemen proyek", "Jasa pembukuan", "Penerjemahan EN>ID", "Editing video"],
}

UTIL = {
    # (plan, usage, extra, one-off, provider words)
    "en": (["Unlimited Fibre 500 - monthly plan", "Mobile SIM Only 30GB", "Business Broadband Pro"],
           ["Calls to mobiles (34 min)", "International calls", "Electricity usage 412 kWh", "Roaming data 1.2 GB"],
           ["Router rental", "Static IP address", "Standing charge (31 days)"], ["Connection fee", "Late payment fee"],
           ["Telecom", "Energy", "Connect"]),
    "de": (["Glasfaser 500 Tarif - Grundgebühr", "Mobilfunk Allnet L", "DSL Business Pro"],
           ["Verbindungen ins Mobilfunknetz (34 Min.)", "Auslandsverbindungen", "Stromverbrauch 412 kWh",
            "Roaming-Daten 1,2 GB"], ["Routermiete", "Feste IP-Adresse", "Grundpreis Strom (31 Tage)"],
           ["Bereitstellungsentgelt", "Mahngebühr"], ["Telekom", "Energie", "Netz"]),
    "fr": (["Forfait Fibre 500 Mb/s", "Forfait mobile 60 Go", "Offre Pro Internet + Téléphonie"],
           ["Appels vers mobiles (34 min)", "Appels internationaux", "Consommation électricité 412 kWh",
            "Données en itinérance 1,2 Go"], ["Location box", "Option IP fixe", "Abonnement électricité (31 jours)"],
           ["Frais de mise en service", "Frais de relance"], ["Télécom", "Énergie", "Réseaux"]),
    "nl": (["Glasvezel 500 Mbit/s abonnement", "Sim Only 30 GB", "Zakelijk Internet Pro"],
           ["Gesprekken naar mobiel (34 min)", "Buitenlandgesprekken", "Stroomverbruik 412 kWh",
            "Roaming data 1,2 GB"], ["Modemhuur", "Vast IP-adres", "Vastrecht stroom (31 dagen)"],
           ["Aansluitkosten", "Aanmaningskosten"], ["Telecom", "Energie", "Net"]),
    "pl": (["Abonament Światłowód 500 Mb/s", "Abonament komórkowy 30 GB", "Internet dla firm Pro"],
           ["Połączenia do sieci komórkowych (34 min)", "Połączenia międzynarodowe", "Zużycie energii 412 kWh",
            "Transmisja danych w roamingu 1,2 GB"], ["Dzierżawa routera", "Stały adres IP",
                                                      "Opłata stała (31 dni)"],
           ["Opłata aktywacyjna", "Opłata za upomnienie"], ["Telekom", "Energia", "Sieć"]),
    "vi": (["Cước thuê bao Internet cáp quang 300Mbps", "Gói cước di động 4G 60GB", "Gói Internet doanh nghiệp Pro"],
           ["Cước gọi di động (34 phút)", "Cước gọi quốc tế", "Tiền điện tiêu thụ 412 kWh", "Dữ liệu chuyển vùng 1,2 GB"],
           ["Thuê modem", "IP tĩnh", "Phí dịch vụ truyền hình"], ["Phí hòa mạng", "Phí lắp đặt"],
           ["VIỄN THÔNG", "NĂNG LƯỢNG", "MẠNG"]),
    "id": (["Paket Internet Fiber 100 Mbps", "Paket Pascabayar 30 GB", "Internet Bisnis Pro"],
           ["Panggilan ke operator lain (34 menit)", "Panggilan internasional", "Pemakaian listrik 412 kWh",
            "Data roaming 1,2 GB"], ["Sewa modem", "IP statis", "Abonemen TV kabel"],
           ["Biaya pemasangan", "Denda keterlambatan"], ["Telekomunikasi", "Energi", "Net"]),
}

# ----------------------------------------------------------------------------------------------------
# vocabulary for the shared layouts
# ----------------------------------------------------------------------------------------------------

V: dict[str, dict[str, str]] = {
    "en": dict(title="Invoice", title_b2b="INVOICE", no="Invoice number", no_s="Invoice #", date="Date of issue",
               date_s="Invoice Date", due="Date due", due_s="Due Date", bill_to="Bill to", ship_to="Ship to",
               frm="From", desc="Description", qty="Qty", unit="Unit", price="Unit price", amount="Amount",
               subtotal="Subtotal", discount="Discount", shipping="Shipping", net_total="Subtotal",
               total="Total", gross_total="Total", deposit="Less deposit paid", credit="Applied balance",
               due_amt="Amount due", due_amt2="Balance Due", due_head="{a} due {d}", order="Order number",
               customer="Customer ID", po="PO Number", delivery="Delivery date", period="Service period",
               vat_id="VAT Reg. No.", pos="#", art="Item code", incl="Includes {t} {r}%", hours="Hours",
               rate="Rate", contact="Contact", intro="Thank you for your business. Please find our invoice below.",
               pay="Please pay {a} by {d}.", bank_h="Payment details", holder="Account name", bank="Bank",
               iban="IBAN", bic="BIC/SWIFT", thanks="Thank you for your business!", page=("Page ", " of "),
               regards="Kind regards,", bill="Your bill", account="Account number", bill_date="Bill date",
               bill_period="Billing period", prev="Previous bill", paid_recv="Payment received - thank you",
               fwd="Balance brought forward", this="Charges this period", dd="Direct debit on or after {d}",
               summary="Account summary", details="Itemised charges", dep_on="Deposit received {d}",
               questions="Questions? Contact {e}", notax="", terms="Terms: {n} days", skonto="",
               ordered="Order date"),
    "de": dict(title="Rechnung", title_b2b="Rechnung", no="Rechnungsnummer", no_s="Rechnungsnr.",
               date="Rechnungsdatum", date_s="Datum", due="Fällig am", due_s="Fälligkeit", bill_to="Rechnungsadresse",
               ship_to="Lieferadresse", frm="Von", desc="Bezeichnung", qty="Menge", unit="Einheit",
               price="Einzelpreis", amount="Gesamt", subtotal="Zwischensumme", discount="Rabatt",
               shipping="Versandkosten", net_total="Gesamtbetrag netto", total="Gesamtbetrag",
               gross_total="Gesamtbetrag brutto", deposit="abzgl. Anzahlung vom {d}", credit="Guthaben verrechnet",
               due_amt="Zahlbetrag", due_amt2="Offener Betrag", due_head="{a} fällig am {d}",
               order="Auftragsnr.", customer="Kundennr.", po="Ihre Bestellung", delivery="Lieferdatum",
               period="Leistungszeitraum", vat_id="USt-IdNr.", pos="Pos.", art="Art.-Nr.",
               incl="enthaltene {t} {r} %", hours="Std.", rate="Stundensatz", contact="Ansprechpartner",
               intro="Sehr geehrte Damen und Herren,<br>vielen Dank für Ihren Auftrag. Wir berechnen Ihnen "
                     "folgende Leistungen:",
               pay="Bitte überweisen Sie {a} bis zum {d} ohne Abzug.", bank_h="Bankverbindung",
               holder="Kontoinhaber", bank="Bank", iban="IBAN", bic="BIC", thanks="Vielen Dank für Ihren Einkauf!",
               page=("Seite ", " von "), regards="Mit freundlichen Grüßen", bill="Ihre Rechnung",
               account="Kundenkonto", bill_date="Rechnungsdatum", bill_period="Abrechnungszeitraum",
               prev="Vorherige Rechnung", paid_recv="Zahlungseingang - vielen Dank", fwd="Saldovortrag",
               this="Entgelte im Abrechnungszeitraum", dd="Der Betrag wird frühestens am {d} per Lastschrift eingezogen.",
               summary="Übersicht", details="Einzelaufstellung", dep_on="Anzahlung erhalten am {d}",
               questions="Fragen? Schreiben Sie an {e}",
               notax="Gemäß § 19 UStG wird keine Umsatzsteuer berechnet.", terms="Zahlungsziel: {n} Tage",
               skonto="Bei Zahlung bis {d} gewähren wir {p} % Skonto ({a}).", ordered="Bestelldatum"),
    "fr": dict(title="Facture", title_b2b="FACTURE", no="Numéro de facture", no_s="Facture n°",
               date="Date d'émission", date_s="Date", due="Date d'échéance", due_s="Échéance", bill_to="Facturé à",
               ship_to="Livré à", frm="De", desc="Désignation", qty="Qté", unit="Unité", price="Prix unitaire HT",
               amount="Montant HT", subtotal="Sous-total", discount="Remise", shipping="Frais de port",
               net_total="Total HT", total="Total", gross_total="Total TTC", deposit="Acompte versé le {d}",
               credit="Avoir déduit", due_amt="Net à payer", due_amt2="Reste à payer", due_head="{a} à régler avant le {d}",
               order="N° de commande", customer="N° client", po="Votre référence", delivery="Date de livraison",
               period="Période d'exécution", vat_id="TVA intracommunautaire", pos="Réf.", art="Code",
               incl="dont {t} {r} %", hours="Heures", rate="Taux horaire", contact="Contact",
               intro="Nous vous remercions de votre confiance.", pay="Merci de régler {a} avant le {d}.",
               bank_h="Coordonnées bancaires", holder="Titulaire", bank="Banque", iban="IBAN", bic="BIC",
               thanks="Merci pour votre commande !", page=("Page ", " / "), regards="Cordialement,",
               bill="Votre facture", account="N° de compte", bill_date="Date de facture",
               bill_period="Période de facturation", prev="Facture précédente", paid_recv="Paiement reçu - merci",
               fwd="Solde reporté", this="Montant de la période", dd="Prélevé à partir du {d}",
               summary="Récapitulatif", details="Détail des prestations", dep_on="Acompte reçu le {d}",
               questions="Une question ? {e}", notax="TVA non applicable, art. 293 B du CGI",
               terms="Paiement à {n} jours", skonto="", ordered="Date de commande"),
    "nl": dict(title="Factuur", title_b2b="FACTUUR", no="Factuurnummer", no_s="Factuurnr.", date="Factuurdatum",
               date_s="Datum", due="Vervaldatum", due_s="Vervaldatum", bill_to="Factuuradres", ship_to="Afleveradres",
               frm="Van", desc="Omschrijving", qty="Aantal", unit="Eenheid", price="Prijs", amount="Bedrag",
               subtotal="Subtotaal", discount="Korting", shipping="Verzendkosten", net_total="Totaal excl. btw",
               total="Totaal", gross_total="Totaal incl. btw", deposit="Reeds betaald (aanbetaling {d})",
               credit="Tegoed verrekend", due_amt="Te betalen", due_amt2="Openstaand bedrag",
               due_head="{a} te betalen vóór {d}", order="Ordernummer", customer="Klantnummer", po="Uw referentie",
               delivery="Leverdatum", period="Periode", vat_id="BTW-nummer", pos="Nr.", art="Artikelnr.",
               incl="waarvan {t} {r}%", hours="Uren", rate="Uurtarief", contact="Contactpersoon",
               intro="Hartelijk dank voor uw opdracht. Hierbij ontvangt u onze factuur.",
               pay="Wij verzoeken u {a} vóór {d} over te maken.", bank_h="Betaalgegevens",
               holder="Ten name van", bank="Bank", iban="IBAN", bic="BIC", thanks="Bedankt voor je bestelling!",
               page=("Pagina ", " van "), regards="Met vriendelijke groet,", bill="Uw factuur",
               account="Klantnummer", bill_date="Factuurdatum", bill_period="Factuurperiode",
               prev="Vorige factuur", paid_recv="Betaling ontvangen - bedankt", fwd="Saldo overgeboekt",
               this="Kosten deze periode", dd="Wordt op of na {d} automatisch afgeschreven",
               summary="Overzicht", details="Specificatie", dep_on="Aanbetaling ontvangen op {d}",
               questions="Vragen? Mail {e}", notax="Vrijgesteld van btw (kleineondernemersregeling)",
               terms="Betalingstermijn: {n} dagen", skonto="", ordered="Besteldatum"),
    "pl": dict(title="Faktura", title_b2b="Faktura VAT", no="Numer faktury", no_s="Faktura nr", date="Data wystawienia",
               date_s="Data wystawienia", due="Termin płatności", due_s="Termin płatności", bill_to="Nabywca",
               ship_to="Odbiorca", frm="Sprzedawca", desc="Nazwa towaru lub usługi", qty="Ilość", unit="J.m.",
               price="Cena netto", amount="Wartość netto", subtotal="Suma", discount="Rabat",
               shipping="Koszt dostawy", net_total="Razem netto", total="Razem", gross_total="Razem brutto",
               deposit="Zapłacono (zaliczka z dnia {d})", credit="Rozliczono nadpłatę", due_amt="Do zapłaty",
               due_amt2="Pozostało do zapłaty", due_head="{a} do zapłaty do {d}", order="Nr zamówienia",
               customer="Nr klienta", po="Zamówienie", delivery="Data sprzedaży", period="Okres rozliczeniowy",
               vat_id="NIP", pos="Lp.", art="Kod", incl="w tym {t} {r}%", hours="Godz.", rate="Stawka",
               contact="Osoba kontaktowa", intro="", pay="Prosimy o wpłatę {a} do dnia {d}.",
               bank_h="Dane do przelewu", holder="Odbiorca przelewu", bank="Bank", iban="Nr konta", bic="SWIFT",
               thanks="Dziękujemy za zakupy!", page=("Strona ", " z "), regards="Z poważaniem",
               bill="Twoja faktura", account="Numer konta klienta", bill_date="Data wystawienia",
               bill_period="Okres rozliczeniowy", prev="Poprzednia faktura", paid_recv="Wpłata - dziękujemy",
               fwd="Saldo z poprzedniego okresu", this="Opłaty w bieżącym okresie",
               dd="Kwota zostanie pobrana w ramach polecenia zapłaty od {d}", summary="Podsumowanie",
               details="Szczegóły opłat", dep_on="Zaliczka otrzymana {d}", questions="Pytania? {e}",
               notax="Zwolnienie podmiotowe z VAT - art. 113 ust. 1 ustawy o VAT", terms="Termin: {n} dni",
               skonto="", ordered="Data zamówienia"),
    "vi": dict(title="HÓA ĐƠN", title_b2b="HÓA ĐƠN", no="Số hóa đơn", no_s="Số", date="Ngày lập", date_s="Ngày",
               due="Hạn thanh toán", due_s="Hạn thanh toán", bill_to="Khách hàng", ship_to="Giao hàng đến",
               frm="Bên bán", desc="Tên hàng hóa, dịch vụ", qty="SL", unit="ĐVT", price="Đơn giá",
               amount="Thành tiền", subtotal="Tạm tính", discount="Giảm giá", shipping="Phí vận chuyển",
               net_total="Cộng tiền hàng", total="Tổng cộng", gross_total="Tổng cộng",
               deposit="Đã đặt cọc ngày {d}", credit="Trừ số dư tài khoản", due_amt="Cần thanh toán",
               due_amt2="Còn phải trả", due_head="{a} - hạn thanh toán {d}", order="Mã đơn hàng",
               customer="Mã khách hàng", po="Số PO", delivery="Ngày giao hàng", period="Kỳ cước",
               vat_id="Mã số thuế", pos="STT", art="Mã hàng", incl="Đã gồm {t} {r}%", hours="Giờ",
               rate="Đơn giá/giờ", contact="Liên hệ", intro="", pay="Vui lòng thanh toán {a} trước ngày {d}.",
               bank_h="Thông tin chuyển khoản", holder="Chủ tài khoản", bank="Ngân hàng", iban="Số tài khoản",
               bic="SWIFT", thanks="Cảm ơn quý khách đã mua hàng!", page=("Trang ", "/"), regards="Trân trọng,",
               bill="THÔNG BÁO CƯỚC KIÊM HÓA ĐƠN", account="Mã thuê bao", bill_date="Ngày lập",
               bill_period="Kỳ cước", prev="Nợ kỳ trước", paid_recv="Đã thanh toán - xin cảm ơn",
               fwd="Số dư chuyển sang", this="Cước phát sinh trong kỳ", dd="Tự động trích nợ từ ngày {d}",
               summary="Tổng hợp", details="Chi tiết cước", dep_on="Đã đặt cọc ngày {d}",
               questions="Hỗ trợ: {e}", notax="", terms="Thanh toán trong {n} ngày", skonto="",
               ordered="Ngày đặt hàng"),
    "id": dict(title="Invoice", title_b2b="FAKTUR", no="Nomor Invoice", no_s="No. Faktur", date="Tanggal",
               date_s="Tanggal", due="Jatuh Tempo", due_s="Jatuh Tempo", bill_to="Ditagihkan kepada",
               ship_to="Dikirim ke", frm="Dari", desc="Deskripsi", qty="Qty", unit="Satuan", price="Harga Satuan",
               amount="Jumlah", subtotal="Subtotal", discount="Diskon", shipping="Ongkos Kirim",
               net_total="Dasar Pengenaan Pajak (DPP)", total="Total", gross_total="Total",
               deposit="Dikurangi uang muka ({d})", credit="Saldo terpakai", due_amt="Total Tagihan",
               due_amt2="Sisa Tagihan", due_head="{a} jatuh tempo {d}", order="No. Pesanan",
               customer="Kode Pelanggan", po="No. PO", delivery="Tanggal Pengiriman", period="Periode",
               vat_id="NPWP", pos="No", art="Kode", incl="Termasuk {t} {r}%", hours="Jam", rate="Tarif",
               contact="Kontak", intro="", pay="Mohon lakukan pembayaran sebesar {a} sebelum {d}.",
               bank_h="Informasi Pembayaran", holder="Atas nama", bank="Bank", iban="No. Rekening", bic="SWIFT",
               thanks="Terima kasih telah berbelanja!", page=("Halaman ", " dari "), regards="Hormat kami,",
               bill="Tagihan Anda", account="Nomor Pelanggan", bill_date="Tanggal Tagihan",
               bill_period="Periode Tagihan", prev="Tagihan sebelumnya", paid_recv="Pembayaran diterima - terima kasih",
               fwd="Saldo dibawa", this="Tagihan periode ini", dd="Didebet otomatis mulai {d}",
               summary="Ringkasan", details="Rincian Tagihan", dep_on="Uang muka diterima {d}",
               questions="Pertanyaan? {e}", notax="", terms="Termin {n} hari", skonto="", ordered="Tanggal Pesanan"),
}

TAXNAME = {"de": ["USt.", "MwSt.", "Umsatzsteuer"], "fr": ["TVA"], "nl": ["btw", "BTW"], "pl": ["VAT"],
           "vi": ["Thuế GTGT"], "id": ["PPN"]}
FONTS = ["'DejaVu Sans'", "'Liberation Sans'", "'Noto Sans'", "'Liberation Serif'", "'Noto Serif'", "'DejaVu Serif'",
         "'Liberation Sans Narrow', 'Liberation Sans'", "'Noto Sans Display', 'Noto Sans'"]
ACCENTS = ["#0a6cff", "#635bff", "#0f766e", "#b91c1c", "#1f2937", "#7c3aed", "#c2410c", "#047857", "#1d4ed8",
           "#9d174d", "#334155"]

# ----------------------------------------------------------------------------------------------------
# document model
# ----------------------------------------------------------------------------------------------------


@dataclass
class Party:
    name: str
    lines: list[str]
    ids: list[tuple[str, str]] = field(default_factory=list)
    email: str = ""
    phone: str = ""
    web: str = ""
    person: str = ""
    brand: str = ""


@dataclass
class Item:
    desc: str
    qty: Decimal
    unit: str
    price: Decimal
    rate: Decimal | None
    code: str = ""
    amount: Decimal = D(0)
    tax: Decimal = D(0)


@dataclass
class Totals:
    mode: str
    subtotal: Decimal  # sum of item amounts (net, or gross in "incl" mode)
    discount: Decimal
    discount_pct: Decimal | None
    shipping: Decimal
    net: Decimal
    tax: Decimal
    gross: Decimal
    by_rate: list[tuple[Decimal, Decimal, Decimal]]  # (rate, base, tax), base net (or gross in incl)
    deposit: Decimal
    due: Decimal


@dataclass
class Doc:
    lang: str
    layout: str
    rng: random.Random
    region: str
    cur: str
    f: Fmt
    q: Decimal
    dstyle: str
    taxname: str
    std: Decimal
    red: Decimal
    seller: Party
    buyer: Party
    number: str
    issue: dt.date
    due: dt.date
    delivery: dt.date
    order_date: dt.date
    period: tuple[dt.date, dt.date]
    deposit_date: dt.date
    order_no: str
    customer_no: str
    po: str
    items: list[Item]
    t: Totals
    font: str
    accent: str
    bank: dict[str, str]
    terms: int

    def d(self, day: dt.date) -> str:
        return _fd(day, self.dstyle, self.lang)

    def m(self, v: Decimal) -> str:
        return self.f.money(v)

    def per(self) -> str:
        a, b = self.period
        if self.dstyle == "dmy.":
            return f"{a.day:02d}.{a.month:02d}.–{b.day:02d}.{b.month:02d}.{b.year}"
        return f"{self.d(a)} – {self.d(b)}"

    def rate(self, r: Decimal) -> str:
        sp = NBSP if self.lang in ("de", "fr") else ""
        return f"{self.f.rate(r)}{sp}%"


def _compute(items: list[Item], mode: str, q: Decimal, disc_pct: Decimal | None, ship: Decimal,
             ship_rate: Decimal | None, dep_frac: Decimal | None) -> Totals:
    for it in items:
        it.amount = _q(it.qty * it.price, q)
        it.tax = _q(it.amount * it.rate, q) if (mode == "line" and it.rate) else D(0)
    subtotal = sum((it.amount for it in items), D(0))
    discount = _q(subtotal * disc_pct, q) if disc_pct else D(0)
    groups: dict[Decimal | None, list[Decimal]] = {}
    order: list[Decimal | None] = []
    for it in items:
        if it.rate not in groups:
            groups[it.rate] = [D(0), D(0)]
            order.append(it.rate)
        groups[it.rate][0] += it.amount
        groups[it.rate][1] += it.tax
    if discount:
        r0 = items[0].rate  # discounts are only used on single-rate documents
        groups[r0][0] -= discount
        if mode == "line" and r0:
            groups[r0][1] -= _q(discount * r0, q)
    if ship:
        if ship_rate not in groups:
            groups[ship_rate] = [D(0), D(0)]
            order.append(ship_rate)
        groups[ship_rate][0] += ship
        if mode == "line" and ship_rate:
            groups[ship_rate][1] += _q(ship * ship_rate, q)
    by_rate = []
    for r in order:
        base, ltax = groups[r]
        if r is None or mode == "none":
            continue
        if mode == "excl":
            tax = _q(base * r, q)
        elif mode == "incl":
            tax = _q(base * r / (1 + r), q)
        else:
            tax = ltax
        by_rate.append((r, base, tax))
    base_sum = subtotal - discount + ship
    tax = sum((x[2] for x in by_rate), D(0))
    if mode == "incl":
        gross, net = base_sum, base_sum - tax
    else:
        net, gross = base_sum, base_sum + tax
    deposit = D(0)
    if dep_frac:
        step = D(1000) if q == C0 else D(10)
        deposit = (gross * dep_frac / step).quantize(C0, rounding=ROUND_DOWN) * step
        if deposit <= 0 or deposit >= gross:
            deposit = D(0)
    return Totals(mode, subtotal, discount, disc_pct, ship, net, tax, gross, by_rate, deposit, gross - deposit)


# ----------------------------------------------------------------------------------------------------
# random document
# ----------------------------------------------------------------------------------------------------


def _digits(rng: random.Random, n: int) -> str:
    return "".join(str(rng.randint(0, 9)) for _ in range(n))


def _party(rng: random.Random, lang: str, region: str, company: bool = True) -> Party:
    ch = rng.choice
    if lang == "en":
        streets, cities, country = EN_PLACES[region]
        w1 = ch(EN_W1)
        name = f"{w1} {ch(EN_W2)} {ch(EN_SUFFIX[region])}" if company else ch(EN_PEOPLE)
        lines = [ch(streets), ch(cities)] + ([country] if rng.random() < 0.4 else [])
        ids = {"UK": [("Company No.", _digits(rng, 8)), ("VAT Reg. No.", f"GB {_digits(rng, 3)} {_digits(rng, 4)} {_digits(rng, 2)}")],
               "US": [("EIN", f"{_digits(rng, 2)}-{_digits(rng, 7)}")],
               "AU": [("ABN", f"{_digits(rng, 2)} {_digits(rng, 3)} {_digits(rng, 3)} {_digits(rng, 3)}")],
               "SG": [("UEN", f"20{_digits(rng, 7)}{ch('KDEMNRWZ')}"),
                      ("GST Reg. No.", f"M{rng.randint(2, 9)}-{_digits(rng, 7)}-{rng.randint(0, 9)}")]}[region]
        dom = w1.lower()
    elif lang == "de":
        w1 = ch(DE_W1)
        name = f"{w1} {ch(DE_W2)} {ch(DE_SUFFIX)}" if company else ch(DE_PEOPLE)
        lines = [ch(DE_STREETS), ch(DE_CITIES)]
        ids = [("USt-IdNr.", f"DE{_digits(rng, 9)}"), ("Steuernr.", f"{_digits(rng, 3)}/{_digits(rng, 3)}/{_digits(rng, 5)}")]
        if company:
            ids.append(("Handelsregister", f"Amtsgericht {lines[1].split(' ', 1)[1]} HRB {_digits(rng, 5)}"))
        dom = w1.lower().replace("ü", "ue").replace("ö", "oe").replace("ä", "ae")
    elif lang == "fr":
        w1 = ch(FR_W1)
        name = f"{w1} {ch(FR_SUFFIX)}" if company else ch(FR_PEOPLE)
        lines = [ch(FR_STREETS), ch(FR_CITIES)]
        siren = _digits(rng, 9)
        ids = [("SIRET", f"{siren[:3]} {siren[3:6]} {siren[6:]} {_digits(rng, 5)}"),
               ("TVA intracommunautaire", f"FR{_digits(rng, 2)} {siren}")]
        if company:
            ids.append(("RCS", f"{lines[1].split(' ', 1)[1]} B {siren[:3]} {siren[3:6]} {siren[6:]}"))
            ids.append(("Code APE", f"{_digits(rng, 4)}{ch('ABCZ')}"))
        dom = w1.split()[-1].lower().replace("è", "e").replace("é", "e")
    elif lang == "nl":
        w1 = ch(NL_W1)
        name = f"{w1} {ch(NL_W2)} {ch(NL_SUFFIX)}" if company else ch(NL_PEOPLE)
        lines = [ch(NL_STREETS), ch(NL_CITIES)]
        ids = [("KvK", _digits(rng, 8)), ("BTW-nummer", f"NL{_digits(rng, 9)}B{rng.randint(1, 9):02d}")]
        dom = w1.lower().replace(" ", "")
    elif lang == "pl":
        w1 = ch(PL_W1)
        name = f"{w1} {ch(PL_SUFFIX)}" if company else ch(PL_PEOPLE)
        lines = [ch(PL_STREETS), ch(PL_CITIES)]
        nip = _digits(rng, 10)
        nips = ch([nip, f"{nip[:3]}-{nip[3:6]}-{nip[6:8]}-{nip[8:]}", f"PL{nip}"])
        ids = [("NIP", nips)]
        if company and rng.random() < 0.6:
            ids.append(("REGON", _digits(rng, 9)))
        if company and rng.random() < 0.4:
            ids.append(("KRS", "0000" + _digits(rng, 6)))
        dom = "firma"
    elif lang == "vi":
        w1 = ch(VI_W1)
        name = f"{ch(VI_PREFIX)} {w1}" if company else ch(VI_PEOPLE)
        lines = [ch(VI_ADDR)]
        ids = [("Mã số thuế", _digits(rng, 10) + ch(["", "", f"-{rng.randint(1, 9):03d}"]))]
        dom = "congty"
    else:
        w1 = ch(ID_W1)
        name = f"{ch(ID_PREFIX)} {w1}" if company else ch(ID_PEOPLE)
        lines = [ch(ID_STREETS), ch(ID_CITIES)]
        npwp = _digits(rng, 15)
        ids = [("NPWP", ch([f"{npwp[:2]}.{npwp[2:5]}.{npwp[5:8]}.{npwp[8]}-{npwp[9:12]}.{npwp[12:]}",
                             "0" + npwp]))]
        dom = w1.split()[0].lower()
    tld = {"en": {"UK": ".co.uk", "US": ".com", "AU": ".com.au", "SG": ".com.sg"}.get(region, ".com"), "de": ".de",
           "fr": ".fr", "nl": ".nl", "pl": ".pl", "vi": ".vn", "id": ".co.id"}[lang]
    if not company:
        dom = "".join(c for c in name.split()[-1].lower() if c.isascii() and c.isalnum()) or "mail"
    return Party(name=name, lines=lines, ids=ids, email=f"{ch(['billing', 'info', 'invoices', 'office'])}@{dom}{tld}",
                 phone=_phone(rng, lang, region), web=f"www.{dom}{tld}", brand=w1)


def _phone(rng: random.Random, lang: str, region: str) -> str:
    d = lambda n: _digits(rng, n)  # noqa: E731
    return {"de": f"+49 {d(2)} {d(7)}", "fr": f"0{rng.randint(1, 5)} {d(2)} {d(2)} {d(2)} {d(2)}",
            "nl": f"+31 {d(2)} {d(3)} {d(4)}", "pl": f"+48 {d(3)} {d(3)} {d(3)}", "vi": f"028 {d(4)} {d(4)}",
            "id": f"(021) {d(4)}-{d(4)}"}.get(lang) or {
        "UK": f"020 {d(4)} {d(4)}", "US": f"({d(3)}) {d(3)}-{d(4)}", "AU": f"(02) {d(4)} {d(4)}",
        "SG": f"+65 {d(4)} {d(4)}"}[region]


def _iban(rng: random.Random, lang: str) -> str:
    if lang == "de":
        raw = "DE" + _digits(rng, 20)
    elif lang == "fr":
        raw = "FR76" + _digits(rng, 23)
    elif lang == "nl":
        raw = "NL" + _digits(rng, 2) + rng.choice(["ABNA", "INGB", "RABO", "BUNQ"]) + _digits(rng, 10)
    elif lang == "pl":
        raw = _digits(rng, 26)
    else:
        raw = "GB" + _digits(rng, 2) + "BARC" + _digits(rng, 14)
    return " ".join(raw[i:i + 4] for i in range(0, len(raw), 4))


def _number(rng: random.Random, lang: str, layout: str, issue: dt.date) -> str:
    y, mo = issue.year, issue.month
    n = rng.randint(1, 9999)
    opts = {
        "en": [f"INV-{y}-{n:04d}", f"INV{rng.randint(1000, 99999)}", f"{_digits(rng, 4).upper()}-{n:04d}",
               f"{rng.choice('ABCDEFGH')}{_digits(rng, 2)}{rng.choice('KLMNPQRS')}{_digits(rng, 2)}-{n:04d}",
               f"{y}{mo:02d}-{n:03d}"],
        "de": [f"RE-{y}-{n:04d}", f"{y}-{n:05d}", f"R{y % 100}{mo:02d}{n:04d}", f"RE{rng.randint(10000, 99999)}",
               f"{n:04d}/{y}"],
        "fr": [f"F{y}-{n:05d}", f"FA-{y}{mo:02d}-{n:04d}", f"{y}-{n:04d}", f"FAC{rng.randint(10000, 999999)}"],
        "nl": [f"{y}{n:04d}", f"F{y}-{n:04d}", f"INV-{y}-{n:05d}", f"{y}.{n:04d}"],
        "pl": [f"FV/{n}/{mo:02d}/{y}", f"{n}/{mo:02d}/{y}", f"FS/{y}/{mo:02d}/{n:04d}", f"F/{n:05d}/{y % 100}"],
        "vi": [f"{n:08d}", f"{n:07d}", f"{n}"],
        "id": [f"INV/{y}/{mo:02d}/{n:05d}", f"INV/{y}{mo:02d}{issue.day:02d}/MPL/{_digits(rng, 10)}",
               f"{n:04d}/FP/{mo:02d}/{y}", f"SI-{y % 100}{mo:02d}-{n:04d}"],
    }[lang]
    return rng.choice(opts)


def _fmt(rng: random.Random, lang: str, region: str, cur: str, signs: list[str]) -> Fmt:
    ch = rng.choice
    if lang == "en":
        s = ch(signs)
        code = s.isalpha()
        if lang == "en" and region == "SG" and rng.random() < 0.3:
            return Fmt(",", ".", 2, s, False, " ") if code else Fmt(",", ".", 2, s, True, "")
        return Fmt(",", ".", 2, s, True, " " if code else "")
    if lang == "de":
        sym = ch(["€", "€", "EUR"])
        return Fmt(ch([".", ".", ""]), ",", 2, sym, sym == "EUR" and rng.random() < 0.3, NBSP)
    if lang == "fr":
        return Fmt(ch([NNBSP, NBSP, " "]), ",", 2, ch(["€", "€", "EUR"]), False, ch([NBSP, NNBSP]))
    if lang == "nl":
        sym = ch(["€", "€", "EUR"])
        return Fmt(".", ",", 2, sym, True, ch([" ", NBSP, ""]) if sym == "€" else " ")
    if lang == "pl":
        sym = ch(["zł", "zł", "PLN"])
        return Fmt(ch([NBSP, " ", "", "."]), ",", 2, sym, sym == "PLN" and rng.random() < 0.2, " ")
    if lang == "vi":
        return Fmt(ch([".", ".", ","]), ",", 0, ch(["đ", "VNĐ", "VND", "₫"]), False, ch([" ", ""]))
    # id
    if rng.random() < 0.25:
        return Fmt(",", ".", 2, "IDR", True, " ")
    return Fmt(".", ",", ch([0, 0, 2]), ch(["Rp", "Rp", "IDR"]), True, ch([" ", "", NBSP]))


def _price(rng: random.Random, lo: int, hi: int, q: Decimal) -> Decimal:
    if q == C0:
        step = 1000 if hi > 100_000 else 500
        return D(rng.randint(lo // step, hi // step) * step)
    v = D(rng.randint(lo * 100, hi * 100)) / 100
    style = rng.random()
    if style < 0.35:
        return v.to_integral_value()
    if style < 0.55:
        return v.to_integral_value() - D("0.01")
    if style < 0.7:
        return (v * 2).to_integral_value() / 2
    return v


def _build_doc(lang: str, k: int, seed: int) -> Doc:
    rng = random.Random(f"{seed}:{lang}:{k}")
    ch = rng.choice
    layouts = LAYOUTS[lang]
    layout = layouts[k % len(layouts)]
    region = ch(["UK", "UK", "US", "US", "AU", "SG"]) if lang == "en" else lang.upper()
    issue = dt.date(2023, 1, 1) + dt.timedelta(days=rng.randint(0, 900))
    # currency and taxes
    if lang == "en":
        cur, signs, taxname, dstyles, _ = REGIONS[region]
        std, red = {"UK": (D("0.20"), D("0")), "US": (ch([D("0.08875"), D("0.0725"), D("0.0625"), D("0.07"),
                                                               D("0.0825")]), D("0")),
                    "AU": (D("0.10"), D("0")), "SG": (D("0.09") if issue.year >= 2024 else D("0.08"), D("0"))}[region]
    else:
        cur = {"de": "EUR", "fr": "EUR", "nl": "EUR", "pl": "PLN", "vi": "VND", "id": "IDR"}[lang]
        signs = []
        taxname = ch(TAXNAME[lang])
        dstyles = {"de": ["dmy.", "dmy.", "long"], "fr": ["dmy/", "dmy/", "long"], "nl": ["dmy-", "long", "dmy-"],
                   "pl": ["iso", "dmy.", "long"], "vi": ["dmy/"], "id": ["long", "dmy/", "dmy-"]}[lang]
        std, red = {"de": (D("0.19"), D("0.07")), "fr": (D("0.20"), D("0.10")), "nl": (D("0.21"), D("0.09")),
                    "pl": (D("0.23"), D("0.08")), "vi": (ch([D("0.10"), D("0.10"), D("0.08")]), D("0.05")),
                    "id": (D("0.11"), D("0.11"))}[lang]
    q = C0 if cur in ("VND", "IDR") else C2
    f = _fmt(rng, lang, region, cur, signs)
    dstyle = ch(dstyles)
    seller = _party(rng, lang, region, company=layout != "freelancer" or rng.random() < 0.25)
    buyer = _party(rng, lang, region, company=layout not in ("utility",) and rng.random() < 0.85)
    while buyer.name == seller.name or buyer.brand == seller.brand:
        buyer = _party(rng, lang, region)
    buyer.person = ch({"en": EN_PEOPLE, "de": DE_PEOPLE, "fr": FR_PEOPLE, "nl": NL_PEOPLE, "pl": PL_PEOPLE,
                       "vi": VI_PEOPLE, "id": ID_PEOPLE}[lang])
    if seller.name in EN_PEOPLE + DE_PEOPLE + FR_PEOPLE + NL_PEOPLE + PL_PEOPLE + ID_PEOPLE:
        prefix = {"en": ["", "", "Studio "], "de": ["", "", "Atelier "], "fr": ["", "", "Studio "],
                  "nl": ["", "", "Studio "], "pl": ["", "", "Pracownia "], "id": ["", ""]}[lang]
        p = ch(prefix)
        seller.person = seller.name
        if p:
            seller.name = p + seller.name.split()[-1]
        seller.brand = seller.name
    # dates (all different from the issue date)
    due = issue + dt.timedelta(days=ch([7, 10, 14, 14, 21, 30, 30, 45]))
    delivery = issue - dt.timedelta(days=rng.randint(1, 12))
    order_date = issue - dt.timedelta(days=rng.randint(2, 25))
    first = issue.replace(day=1)
    pend = first - dt.timedelta(days=1)
    period = (pend.replace(day=1), pend)
    deposit_date = issue - dt.timedelta(days=rng.randint(10, 60))
    terms = (due - issue).days
    number = _number(rng, lang, layout, issue)
    # items
    mode = "excl"
    if lang == "pl" and layout == "faktura":
        mode = "line"
    elif lang == "vi" and rng.random() < 0.4:
        mode = "line"
    if layout == "shop" and (lang in ("de", "fr", "nl", "pl") or region in ("AU", "UK")) and rng.random() < 0.7:
        mode = "incl"
    if layout == "shop" and lang in ("id", "vi") and rng.random() < 0.5:
        mode = "none"
    if layout == "freelancer" and (region == "US" or (rng.random() < 0.3 and lang in ("de", "fr", "nl", "pl"))):
        mode = "none"
    if layout == "utility":  # the provider's own name: brand + energy / telecom word
        word = ch(UTIL[lang][4])
        w = ch({"en": EN_W1, "de": DE_W1, "nl": NL_W1, "fr": ["Azur", "Hexa", "Lumen", "Alizé", "Opale"],
                "pl": ["Wolin", "Sudety", "Mazowsze", "Bałtyk", "Wisła"], "vi": ["SÀI GÒN", "HÀ THÀNH", "ĐÔNG Á"],
                "id": ["Nusa", "Cakra", "Garuda", "Samudra"]}[lang])
        seller.name = {"en": f"{w} {word} {ch(EN_SUFFIX.get(region, ['Ltd']))}", "de": f"{w} {word} {ch(['GmbH', 'AG'])}",
                       "fr": f"{w} {word} {ch(['SA', 'SAS'])}", "nl": f"{w} {word} B.V.",
                       "pl": f"{w} {word} {ch(['S.A.', 'Sp. z o.o.'])}", "vi": f"CÔNG TY CỔ PHẦN {word} {w}",
                       "id": f"PT {w} {word} {ch(['Indonesia', 'Nusantara'])}"}[lang]
        seller.brand = f"{w} {word}" if lang != "vi" else f"{w} {word}"
    multi = layout in ("b2b", "faktura", "gtgt") and rng.random() < 0.45 and red != std
    if region == "US":
        multi = False
    if layout == "b2b":
        n_items = ch([rng.randint(3, 8), rng.randint(8, 18), rng.randint(20, 42)])
    elif layout in ("faktura", "gtgt"):
        n_items = ch([rng.randint(1, 5), rng.randint(4, 14), rng.randint(12, 30)])
    elif layout == "utility":
        n_items = 0
    elif layout == "freelancer":
        n_items = rng.randint(1, 5)
    else:
        n_items = rng.randint(1, 6)
    items: list[Item] = []
    if layout == "utility":
        plans, usage, extra, oneoff, _ = UTIL[lang]
        scale = {"VND": 5000, "IDR": 8000, "PLN": 4}.get(cur, 1)
        items.append(Item(ch(plans), D(1), "", _price(rng, 20 * scale, 90 * scale, q), std))
        for d_ in rng.sample(usage, rng.randint(1, 3)):
            items.append(Item(d_, D(1), "", _price(rng, 1 * scale, 45 * scale, q), std))
        for d_ in rng.sample(extra, rng.randint(0, 2)):
            items.append(Item(d_, D(1), "", _price(rng, 2 * scale, 15 * scale, q), std))
        if rng.random() < 0.3:
            items.append(Item(ch(oneoff), D(1), "", _price(rng, 5 * scale, 60 * scale, q), std))
    elif layout == "freelancer":
        descs = rng.sample(FREELANCE[lang], n_items)
        rate_v = _price(rng, *{"EUR": (55, 140), "PLN": (120, 300), "IDR": (250_000, 900_000)}.get(cur, (50, 160)), q)
        rate_v = rate_v.to_integral_value() if q == C2 else rate_v
        for d_ in descs:
            hrs = D(rng.randint(2, 60)) / (2 if rng.random() < 0.5 else 1)
            items.append(Item(d_, hrs, V[lang]["hours"], rate_v, std))
    else:
        pool = [x for x in ITEMS[lang] if multi or not x[4]]
        picks = rng.sample(pool, min(n_items, len(pool)))
        picks += [rng.choice(pool) for _ in range(n_items - len(picks))]
        for desc, unit, lo, hi, rflag in picks:
            if region == "US" and unit == "ea":
                unit = ch(["ea", "pcs"])
            rate = (red if (rflag and multi) else std)
            if lang == "fr" and rflag == 2 and multi:
                rate = D("0.055")
            if lang == "pl" and rflag == 2 and multi:
                rate = D("0.05")
            if lang == "vi" and rflag == 2 and multi:
                rate = D("0")
            qty = D(ch([1, 1, 1, 2, 2, 3, 4, 5, 6, 10, 12, 20, 25, 50]))
            items.append(Item(desc, qty, unit, _price(rng, lo, hi, q), rate,
                              code=f"{ch('ABCDEFGHKMPRST')}{rng.randint(100, 99999):05d}"))
    if mode == "none":
        for it in items:
            it.rate = None
    # discount / shipping / deposit
    single_rate = len({it.rate for it in items}) == 1
    disc = None
    if single_rate and layout in ("shop", "b2b") and rng.random() < 0.3:
        disc = ch([D("0.05"), D("0.10"), D("0.15"), D("0.03")])
    ship = D(0)
    ship_rate: Decimal | None = std if mode != "none" else None
    if layout in ("shop", "b2b") and rng.random() < 0.5:
        ship = D(ch([25_000, 30_000, 45_000, 18_000])) if q == C0 else D(ch(["4.95", "5.90", "9.99", "14.50", "7.00"]))
        if region == "US":
            ship_rate = None
    dep = None
    if layout in ("b2b", "freelancer", "faktura") and rng.random() < 0.35:
        dep = ch([D("0.2"), D("0.3"), D("0.5")])
    elif layout == "shop" and rng.random() < 0.15:
        dep = D("0.1")
    t = _compute(items, mode, q, disc, ship, ship_rate, dep)
    bank = {"iban": _iban(rng, lang), "bic": ch(["COBADEFFXXX", "DEUTDEDBXXX", "BNPAFRPPXXX", "INGBNL2AXXX",
                                                   "BREXPLPWXXX", "BARCGB22", "CHASUS33"]),
            "bank": ch({"de": ["Commerzbank", "Sparkasse KölnBonn", "GLS Bank", "Deutsche Bank"],
                        "fr": ["Crédit Agricole", "BNP Paribas", "Société Générale", "Qonto"],
                        "nl": ["ABN AMRO", "ING", "Rabobank", "bunq"],
                        "pl": ["mBank S.A.", "PKO BP", "Santander Bank Polska", "ING Bank Śląski"],
                        "vi": VI_BANKS, "id": ID_BANKS}.get(lang, ["Barclays", "HSBC", "Chase", "DBS", "Westpac"]))}
    if lang in ("vi", "id"):
        bank["iban"] = _digits(rng, rng.choice([10, 12, 13]))
    if region in ("US", "AU", "SG"):
        bank["iban"] = _digits(rng, 10)
        bank["bank"], bank["bic"] = {"US": ("Chase", "CHASUS33"), "AU": ("Westpac", "WPACAU2S"),
                                     "SG": ("DBS Bank", "DBSSSGSG")}[region]
    return Doc(lang=lang, layout=layout, rng=rng, region=region, cur=cur, f=f, q=q, dstyle=dstyle, taxname=taxname,
               std=std, red=red, seller=seller, buyer=buyer, number=number, issue=issue, due=due, delivery=delivery,
               order_date=order_date, period=period, deposit_date=deposit_date,
               order_no=rng.choice([f"#{rng.randint(1001, 99999)}", f"SO-{_digits(rng, 6)}", f"{_digits(rng, 8)}"]),
               customer_no=rng.choice([f"K{_digits(rng, 5)}", f"{_digits(rng, 6)}", f"C-{_digits(rng, 4)}"]),
               po=rng.choice([f"PO-{_digits(rng, 5)}", f"4500{_digits(rng, 6)}", f"BE{_digits(rng, 6)}"]),
               items=items, t=t, font=ch(FONTS), accent=ch(ACCENTS), bank=bank, terms=terms)


# ----------------------------------------------------------------------------------------------------
# HTML pieces
# ----------------------------------------------------------------------------------------------------

BASE_CSS = """
@page { size: $SIZE; margin: $MARGIN; $PAGENO }
* { box-sizing: border-box; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { font-family: $FONT; font-size: $FS; color: #1f2328; margin: 0; line-height: 1.35; }
table { border-collapse: collapse; width: 100%; }
th, td { padding: 4px 6px; vertical-align: top; text-align: left; }
.r { text-align: right; } .c { text-align: center; } .b { font-weight: bold; }
.muted { color: #6b7280; } .small { font-size: 0.8em; } .acc { color: $ACC; }
thead { display: table-header-group; }
tr { page-break-inside: avoid; }
.keep { page-break-inside: avoid; }
.zebra tbody tr:nth-child(even) td { background: $ZEBRA; }
.grid th, .grid td { border: 1px solid #9ca3af; }
.lined td { border-bottom: 1px solid #e5e7eb; }
.lined th { border-bottom: 2px solid $ACC; }
.head th { background: $ACC; color: #fff; }
.soft th { background: #f3f4f6; color: #374151; font-weight: 600; }
.cols { display: flex; gap: 8mm; }
.cols > div { flex: 1; }
.big { font-size: 1.25em; }
.tot td { padding: 3px 6px; }
.tot .grand td { font-weight: bold; font-size: 1.15em; border-top: 2px solid #111; }
.box { border: 1px solid #9ca3af; padding: 3mm; }
.sender { font-size: 7pt; text-decoration: underline; color: #4b5563; margin-bottom: 2mm; }
.footer { font-size: 7.3pt; color: #4b5563; border-top: 1px solid #d1d5db; padding-top: 2mm; margin-top: 8mm; }
.fixfoot { position: fixed; bottom: 0; left: 0; right: 0; }
h1 { margin: 0; }
"""


def _page_css(d: Doc, fs: str, margin: str = "14mm 15mm 16mm 15mm", pageno: bool = False, extra: str = "") -> str:
    pn = ""
    if pageno:
        a, b = V[d.lang]["page"]
        pn = ('@bottom-right { content: "' + a + '" counter(page) "' + b + '" counter(pages); font-size: 7pt; '
              "color: #555; font-family: " + d.font + "; }")
    zebra = d.rng.choice(["#f3f4f6", "#eef2ff", "#f0fdf4", "#fafafa", "#eef6fb"])
    css = (BASE_CSS.replace("$SIZE", "Letter" if d.region == "US" else "A4").replace("$MARGIN", margin)
           .replace("$PAGENO", pn).replace("$FONT", d.font).replace("$FS", fs).replace("$ACC", d.accent)
           .replace("$ZEBRA", zebra))
    return css + extra


def _wrap(css: str, body: str, lang: str) -> str:
    return (f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8"><title>invoice</title>'
            f"<style>{css}</style></head><body>{body}</body></html>")


def _logo(d: Doc) -> str:
    b = d.seller.brand or d.seller.name
    s = d.rng.randrange(5)
    ini = "".join(w[0] for w in b.split()[:2]).upper()
    if s == 0:
        return (f'<div style="display:flex;align-items:center;gap:2.5mm"><span style="background:{d.accent};'
                f'color:#fff;font-weight:bold;padding:2mm 3mm;border-radius:2mm;font-size:13pt">{E(ini)}</span>'
                f'<span style="font-size:15pt;font-weight:bold;letter-spacing:0.5px">{E(b.lower())}</span></div>')
    if s == 1:
        return (f'<div style="font-size:20pt;font-weight:800;color:{d.accent};font-style:italic">'
                f'{E(b.split()[0])}<span style="color:#111">.</span></div>')
    if s == 2:
        return (f'<div style="width:16mm;height:16mm;border-radius:50%;border:2px solid {d.accent};color:{d.accent};'
                f'display:flex;align-items:center;justify-content:center;font-weight:bold;font-size:14pt">'
                f'{E(ini)}</div>')
    if s == 3:
        return (f'<div style="font-family:\'DejaVu Serif\';font-size:17pt;letter-spacing:3px;color:#111;'
                f'border-bottom:3px solid {d.accent};display:inline-block">{E(b.upper())}</div>')
    return f'<div style="font-size:16pt;font-weight:bold;color:{d.accent}">&#9670; {E(b)}</div>'


def _party_html(p: Party, title: str = "", name_cls: str = "b", ids: bool = True, extra: str = "",
                person: bool = False) -> str:
    h = f'<div class="muted small" style="text-transform:uppercase;letter-spacing:.5px">{E(title)}</div>' if title else ""
    h += f'<div class="{name_cls}">{E(p.name)}</div>'
    if person and p.person and p.person != p.name:
        h += f"<div>{E(p.person)}</div>"
    h += "".join(f"<div>{E(x)}</div>" for x in p.lines)
    if ids:
        h += "".join(f"<div>{E(a)}: {E(b)}</div>" for a, b in p.ids)
    return f"<div>{h}{extra}</div>"


def _kv(rows: list[tuple[str, str]], cls: str = "") -> str:
    return (f'<table class="{cls}" style="width:auto">' +
            "".join(f'<tr><td class="muted" style="padding:1px 8px 1px 0">{E(a)}</td>'
                    f'<td style="padding:1px 0">{b}</td></tr>' for a, b in rows) + "</table>")


def _tax_label(d: Doc, r: Decimal) -> str:
    if d.region == "US":
        return f"{d.taxname} ({d.f.rate(r)}%)"
    if d.lang == "de":
        return f"{d.rng.choice(['zzgl. ', '', '']) if d.t.mode == 'excl' else ''}{d.taxname} {d.rate(r)}"
    if d.lang == "fr":
        return f"TVA {d.rate(r)}"
    if d.lang == "id":
        return f"PPN {d.rate(r)}"
    if d.lang == "vi":
        return f"Thuế GTGT ({d.rate(r)})"
    return f"{d.taxname} {d.rate(r)}"


def _totals_rows(d: Doc, style: str = "plain") -> tuple[list[tuple[str, str, str]], str]:
    """Rows (label, value, css class) of the totals block, and the printed amount payable."""
    v, t, m = V[d.lang], d.t, d.m
    rows: list[tuple[str, str, str]] = []
    if d.lang == "fr" and t.mode != "incl":
        sub_l = "Total HT" if not (t.discount or t.shipping) else "Sous-total HT"
    else:
        sub_l = v["subtotal"]
    rows.append((sub_l, m(t.subtotal), ""))
    if t.discount:
        rows.append((f"{v['discount']} ({d.f.rate(t.discount_pct or D(0))}%)", m(-t.discount), ""))
    if t.shipping:
        rows.append((v["shipping"], m(t.shipping), ""))
    due_label = d.rng.choice([v["due_amt"], v["due_amt2"]]) if t.deposit else v["due_amt"]
    if t.mode in ("excl", "line"):
        if t.discount or t.shipping or len(t.by_rate) > 1 or d.rng.random() < 0.5:
            nl = v["net_total"] if d.lang != "en" else ("Net total" if d.rng.random() < 0.5 else "Total excl. tax")
            if d.region == "US":
                nl = "Taxable amount" if t.shipping == 0 else "Subtotal incl. shipping"
            if not (nl == sub_l and t.net == t.subtotal):
                rows.append((nl, m(t.net), ""))
        for r, base, tax in t.by_rate:
            lab = _tax_label(d, r)
            if len(t.by_rate) > 1 and d.region != "US":
                lab += f" ({'auf' if d.lang == 'de' else 'sur' if d.lang == 'fr' else 'over' if d.lang == 'nl' else 'on'} {m(base)})" \
                    if d.lang in ("de", "fr", "nl", "en") else ""
            rows.append((lab, m(tax), ""))
        rows.append((v["gross_total"] if d.lang != "en" else d.rng.choice(["Total", "Total incl. tax", "Invoice total"]),
                     m(t.gross), "grand" if not t.deposit else "b"))
    elif t.mode == "incl":
        rows.append((v["total"], m(t.gross), "grand" if not t.deposit else "b"))
        for r, _base, tax in t.by_rate:
            rows.append((v["incl"].format(t=d.taxname, r=d.f.rate(r)), m(tax), "muted"))
    else:
        rows.append((v["total"], m(t.gross), "grand" if not t.deposit else "b"))
    if t.deposit:
        dl = v["deposit"].format(d=d.d(d.deposit_date)) if d.layout != "shop" else v["credit"]
        rows.append((dl, m(-t.deposit), ""))
        rows.append((due_label, m(t.due), "grand"))
    elif style != "short" and (d.rng.random() < 0.6 or d.lang == "fr"):
        rows.append((v["due_amt"], m(t.due), "grand"))
    return rows, m(t.due)


def _totals_html(d: Doc, width: str = "48%", style: str = "plain") -> str:
    rows, _ = _totals_rows(d, style)
    h = "".join(f'<tr class="{c}"><td>{E(a)}</td><td class="r" style="white-space:nowrap">{E(b)}</td></tr>'
                for a, b, c in rows)
    box = "border:1px solid #d1d5db;background:#fafafa;" if d.rng.random() < 0.35 else ""
    return f'<table class="tot keep" style="width:{width};margin-left:auto;{box}">{h}</table>'


def _items_html(d: Doc, cols: list[str], cls: str) -> str:
    v = V[d.lang]
    heads = {"pos": (v["pos"], "c"), "code": (v["art"], ""), "desc": (v["desc"], ""), "qty": (v["qty"], "r"),
             "unit": (v["unit"], ""), "price": (v["price"], "r"), "rate": ("%" if d.lang != "en" else "Tax", "r"),
             "amount": (v["amount"], "r"), "qtyunit": (v["qty"], "r")}
    if d.t.mode == "incl" and d.lang == "fr":
        heads["price"] = ("Prix unitaire TTC", "r")
        heads["amount"] = ("Montant TTC", "r")
    if d.t.mode == "incl" and d.lang == "pl":
        heads["price"] = ("Cena brutto", "r")
        heads["amount"] = ("Wartość brutto", "r")
    if d.t.mode == "none" and d.lang == "fr":
        heads["price"] = ("Prix unitaire", "r")
        heads["amount"] = ("Montant", "r")
    th = "".join(f'<th class="{heads[c][1]}">{E(heads[c][0])}</th>' for c in cols)
    body = []
    for i, it in enumerate(d.items, 1):
        cells = {"pos": (str(i), "c"), "code": (it.code, "muted"), "desc": (it.desc, ""),
                 "qty": (d.f.qty(it.qty), "r"), "unit": (it.unit, ""), "price": (d.m(it.price), "r"),
                 "rate": (f"{d.f.rate(it.rate)}%" if it.rate is not None else "-", "r"), "amount": (d.m(it.amount), "r"),
                 "qtyunit": (f"{d.f.qty(it.qty)} {it.unit}".strip(), "r")}
        body.append("<tr>" + "".join(f'<td class="{cells[c][1]}">{E(cells[c][0])}</td>' for c in cols) + "</tr>")
    return f'<table class="items {cls}"><thead><tr>{th}</tr></thead><tbody>{"".join(body)}</tbody></table>'


def _bank_html(d: Doc, holder: bool = True) -> str:
    v = V[d.lang]
    rows = []
    if holder:
        rows.append((v["holder"], E(d.seller.name)))
    rows += [(v["bank"], E(d.bank["bank"])), (v["iban"], E(d.bank["iban"]))]
    if d.lang in ("de", "fr", "nl", "en") and d.region != "US":
        rows.append((v["bic"], E(d.bank["bic"])))
    if d.region == "US":
        rows = [(v["holder"], E(d.seller.name)), ("Bank", E(d.bank["bank"])), ("Routing (ABA)", _digits(d.rng, 9)),
                ("Account", _digits(d.rng, 10))]
    if d.region == "AU":
        rows = [(v["holder"], E(d.seller.name)), ("Bank", E(d.bank["bank"])),
                ("BSB", f"{_digits(d.rng, 3)}-{_digits(d.rng, 3)}"), ("Account", _digits(d.rng, 8))]
    return _kv(rows)


# ----------------------------------------------------------------------------------------------------
# layouts
# ----------------------------------------------------------------------------------------------------


def _layout_shop(d: Doc) -> tuple[str, str]:
    v, rng = V[d.lang], d.rng
    title = v["title"]
    if d.lang == "en" and d.region in ("AU", "SG") and d.t.mode != "none":
        title = "Tax Invoice"
    if d.lang == "vi":
        title = "HÓA ĐƠN BÁN HÀNG" if d.t.mode == "none" else rng.choice(["HÓA ĐƠN", "PHIẾU THANH TOÁN KIÊM HÓA ĐƠN"])
    meta = [(v["no"], f"<b>{E(d.number)}</b>"), (v["date"], E(d.d(d.issue))), (v["due"], E(d.d(d.due)))]
    if rng.random() < 0.6:
        meta.insert(1, (v["order"], E(d.order_no)))
    if rng.random() < 0.4:
        meta.append((v["ordered"], E(d.d(d.order_date))))
    seller_html = _party_html(d.seller, "", ids=True, extra=f"<div>{E(d.seller.email)}</div>")
    buyer_html = _party_html(d.buyer, v["bill_to"], ids=False, person=True,
                             extra=f"<div>{E(d.buyer.email)}</div>")
    ship_html = _party_html(Party(d.buyer.person or d.buyer.name, d.buyer.lines), v["ship_to"], name_cls="",
                            ids=False) if rng.random() < 0.5 else ""
    pos = rng.choice(["left", "right", "top"])
    if pos == "top":
        header = (f'<div class="cols"><div>{_logo(d)}<div style="margin-top:3mm" class="small">{seller_html}</div></div>'
                  f'<div class="r"><h1 style="font-size:22pt">{E(title)}</h1>{_kv(meta)}</div></div>')
        parties = f'<div class="cols" style="margin-top:8mm">{buyer_html}{ship_html or "<div></div>"}</div>'
    else:
        header = (f'<div class="cols"><div><h1 style="font-size:20pt">{E(title)}</h1>'
                  f'<div style="margin-top:3mm">{_kv(meta)}</div></div><div class="r">{_logo(d)}</div></div>')
        blocks = [seller_html, buyer_html] + ([ship_html] if ship_html else [])
        if pos == "right":
            blocks = blocks[1:] + blocks[:1]
        parties = '<div class="cols" style="margin-top:8mm">' + "".join(blocks) + "</div>"
    headline = ""
    if rng.random() < 0.7:
        headline = (f'<div style="font-size:16pt;font-weight:bold;margin:8mm 0 2mm">'
                    f'{E(v["due_head"].format(a=d.m(d.t.due), d=d.d(d.due)))}</div>')
        if rng.random() < 0.4:
            headline += f'<div class="acc" style="margin-bottom:3mm">{E(d.seller.web)}/pay</div>'
    cols = ["desc", "qty", "price", "amount"]
    if d.t.mode != "none" and rng.random() < 0.3 and d.region != "US":
        cols.insert(3, "rate")
    items = _items_html(d, cols, rng.choice(["lined", "lined zebra", "soft lined"]))
    tot = _totals_html(d, rng.choice(["45%", "50%", "60%"]))
    foot_bits = [v["questions"].format(e=d.seller.email)]
    if rng.random() < 0.5:
        foot_bits.append(f"{d.seller.name} · {' · '.join(d.seller.lines)}")
    foot_bits.append(f"{v['page'][0]}1{v['page'][1]}1")
    foot = (f'<div class="footer {"fixfoot" if len(d.items) < 6 else ""}">'
            + " &nbsp;|&nbsp; ".join(E(x) for x in foot_bits) + "</div>")
    notes = ""
    if d.t.mode == "none" and V[d.lang]["notax"]:
        notes = f'<p class="small">{E(V[d.lang]["notax"])}</p>'
    body = (f"{header}{parties}{headline}<div style='margin-top:6mm'>{items}</div>"
            f"<div style='margin-top:4mm'>{tot}</div>{notes}"
            f"<p class='muted' style='margin-top:8mm'>{E(v['thanks'])}</p>{foot}")
    return _page_css(d, rng.choice(["9pt", "9.5pt", "10pt"])), body


def _layout_freelancer(d: Doc) -> tuple[str, str]:
    v, rng, s = V[d.lang], d.rng, d.seller
    prof = {"en": "Freelance", "de": "Freiberuflich", "fr": "Indépendant", "nl": "Freelancer", "pl": "Działalność gospodarcza",
            "id": "Pekerja lepas"}[d.lang]
    prof = f"{prof} · {d.items[0].desc}"
    big_seller = rng.random() < 0.6
    seller_block = (f'<div style="font-size:{"20pt" if big_seller else "11pt"};font-weight:bold;color:{d.accent}">'
                    f'{E(s.name)}</div><div class="muted">{E(prof)}</div>'
                    + "".join(f"<div>{E(x)}</div>" for x in s.lines)
                    + f"<div>{E(s.email)} · {E(s.phone)}</div>"
                    + "".join(f"<div>{E(a)}: {E(b)}</div>" for a, b in s.ids[:2]))
    buyer_block = _party_html(d.buyer, v["bill_to"], name_cls="b big", ids=rng.random() < 0.5, person=True)
    meta = [(v["no_s"], f"<b>{E(d.number)}</b>"), (v["date_s"], E(d.d(d.issue)))]
    if rng.random() < 0.6:
        meta.append((v["period"], E(d.per())))
    else:
        meta.append((v["delivery"], E(d.d(d.delivery))))
    meta.append((v["due_s"], E(d.d(d.due))))
    if rng.random() < 0.4:
        meta.append((v["customer"], E(d.customer_no)))
    if big_seller:
        top = (f'<div class="cols"><div>{seller_block}</div><div></div></div>'
               f'<div class="cols" style="margin-top:10mm"><div>{buyer_block}</div><div>{_kv(meta)}</div></div>')
    else:  # buyer first and bigger; seller block small on the right
        top = (f'<div class="cols"><div style="flex:1.4;font-size:1.1em">{buyer_block}</div>'
               f'<div class="r small">{seller_block}</div></div>'
               f'<div style="margin-top:8mm">{_kv(meta)}</div>')
    title = v["title"] if d.lang != "pl" else rng.choice(["Faktura", "Rachunek" if d.t.mode == "none" else "Faktura VAT"])
    if d.lang == "en" and d.region in ("AU", "SG") and d.t.mode != "none":
        title = "Tax Invoice"
    cols = ["pos", "desc", "qty", "price", "amount"]
    items = _items_html(d, cols, rng.choice(["lined", "grid", "lined zebra"]))
    items = items.replace(f">{E(v['qty'])}<", f">{E(v['hours'])}<", 1).replace(f">{E(v['price'])}<", f">{E(v['rate'])}<", 1)
    note = f'<p class="small">{E(v["notax"])}</p>' if d.t.mode == "none" and v["notax"] else ""
    pay = v["pay"].format(a=d.m(d.t.due), d=d.d(d.due))
    sign = d.seller.person or d.buyer.person
    body = (f"{top}<h1 style='margin-top:10mm;font-size:16pt'>{E(title)} {E(d.number)}</h1>"
            f"<p>{v['intro'] if d.lang != 'de' else 'Vielen Dank für die gute Zusammenarbeit. Ich erlaube mir, folgende Leistungen in Rechnung zu stellen:'}</p>"
            f"{items}<div style='margin-top:4mm'>{_totals_html(d, '50%')}</div>{note}"
            f"<p style='margin-top:6mm'>{E(pay)}</p><div class='keep'><b>{E(v['bank_h'])}</b>{_bank_html(d)}</div>"
            f"<p style='margin-top:8mm'>{E(v['regards'])}<br>{E(sign)}</p>")
    return _page_css(d, rng.choice(["9.5pt", "10pt", "10.5pt"]), "18mm 20mm 18mm 20mm"), body


def _layout_b2b(d: Doc) -> tuple[str, str]:
    v, rng, s, b = V[d.lang], d.rng, d.seller, d.buyer
    spos = rng.choice(["right", "left", "footer"])
    title = v["title_b2b"]
    if d.lang == "en":
        title = "TAX INVOICE" if d.region in ("AU", "SG") else rng.choice(["INVOICE", "Invoice"])
    if d.lang == "id":
        title = rng.choice(["FAKTUR", "INVOICE", "FAKTUR PENJUALAN"])
    sender = f'<div class="sender">{E(s.name)} · {E(s.lines[0])} · {E(s.lines[-1])}</div>' \
        if d.lang in ("de", "nl", "fr") and rng.random() < 0.8 else ""
    buyer_html = sender + _party_html(b, "" if sender else v["bill_to"], name_cls="b", ids=False, person=True)
    meta = [(v["no_s"], f"<b>{E(d.number)}</b>"), (v["date_s"], E(d.d(d.issue)))]
    if rng.random() < 0.7:
        meta.append((v["customer"], E(d.customer_no)))
    if rng.random() < 0.6:
        meta.append((v["order"], E(d.order_no)))
    if rng.random() < 0.5:
        meta.append((v["po"], E(d.po)))
    if rng.random() < 0.5:
        meta.append((v["ordered"], E(d.d(d.order_date))))
    if rng.random() < 0.5:
        meta.append((v["period"], E(d.per())))
    else:
        meta.append((v["delivery"], E(d.d(d.delivery))))
    if rng.random() < 0.6 or d.lang == "en":
        meta.append((v["due_s"], E(d.d(d.due))))
    if b.ids and rng.random() < 0.6:
        bid = b.ids[1] if d.lang == "fr" else b.ids[0]
        meta.append((f"{bid[0]} ({v['bill_to'].lower()})", E(bid[1])))
    if rng.random() < 0.4:
        meta.append((v["contact"], E(rng.choice({"en": EN_PEOPLE, "de": DE_PEOPLE, "fr": FR_PEOPLE, "nl": NL_PEOPLE,
                                                 "id": ID_PEOPLE}[d.lang]))))
    seller_html = _party_html(s, "", name_cls="b", ids=d.lang in ("id", "en") or rng.random() < 0.3,
                              extra=f"<div>{E(s.phone)} · {E(s.email)}</div>")
    if spos == "footer":
        head = f'<div class="cols"><div>{_logo(d)}</div><div></div></div>'
    elif spos == "right":
        head = f'<div class="cols"><div>{_logo(d)}</div><div class="r small">{seller_html}</div></div>'
    else:
        head = f'<div class="cols"><div class="small">{_logo(d)}<div style="margin-top:2mm">{seller_html}</div></div><div></div></div>'
    ship = ""
    if d.lang == "en" and rng.random() < 0.5:
        ship = _party_html(Party(b.name, rng.sample(EN_PLACES[d.region][0], 1) + [b.lines[-1]]), "Ship To",
                           name_cls="", ids=False)
    addr = (f'<div class="cols" style="margin-top:9mm"><div style="flex:1.2;font-size:1.08em">{buyer_html}</div>'
            f'{"<div>" + ship + "</div>" if ship else ""}<div>{_kv(meta)}</div></div>')
    t_line = f'<h1 style="font-size:15pt;margin-top:9mm">{E(title)}'
    t_line += f" {E(d.number)}</h1>" if d.lang in ("de", "nl") else (" n° " + E(d.number) + "</h1>" if d.lang == "fr" else "</h1>")
    intro = f"<p>{v['intro']}</p>" if v["intro"] and rng.random() < 0.7 else ""
    multi = len({it.rate for it in d.items}) > 1
    cols = ["pos"] + (["code"] if rng.random() < 0.6 else []) + ["desc", "qty"] + \
        (["unit"] if rng.random() < 0.6 else []) + ["price"] + (["rate"] if multi else []) + ["amount"]
    items = _items_html(d, cols, rng.choice(["zebra head", "grid soft", "lined zebra", "grid head", "lined"]))
    # totals: optional per-rate summary on the left
    tot = _totals_html(d, "46%")
    if multi and rng.random() < 0.6:
        hdr = {"de": ("USt.-Satz", "Netto", "USt.", "Brutto"), "fr": ("Taux TVA", "Base HT", "Montant TVA", "Total TTC"),
               "nl": ("btw-tarief", "Grondslag", "btw", "Totaal"), "en": ("VAT rate", "Net", "VAT", "Gross"),
               "id": ("Tarif", "DPP", "PPN", "Total")}[d.lang]
        rws = "".join(f'<tr><td>{E(d.rate(r))}</td><td class="r">{E(d.m(bs))}</td><td class="r">{E(d.m(tx))}</td>'
                      f'<td class="r">{E(d.m(bs + tx))}</td></tr>' for r, bs, tx in d.t.by_rate)
        summ = ('<table class="grid small" style="width:100%"><thead><tr>' +
                "".join(f"<th>{E(h)}</th>" for h in hdr) + f"</tr></thead><tbody>{rws}</tbody></table>")
        tot = f'<div class="cols keep" style="margin-top:5mm;align-items:flex-start"><div>{summ}</div><div>{_totals_html(d, "100%")}</div></div>'
    else:
        tot = f'<div style="margin-top:5mm">{tot}</div>'
    # payment terms / legal text
    paras = [v["pay"].format(a=d.m(d.t.due), d=d.d(d.due))]
    if d.lang == "de" and rng.random() < 0.5:
        sk_d = d.issue + dt.timedelta(days=min(7, max(1, d.terms - 3)))
        pct = rng.choice([D("2"), D("3")])
        paras.append(v["skonto"].format(d=d.d(sk_d), p=d.f.qty(pct), a=d.m(_q(d.t.due * pct / 100, C2))))
    if d.lang == "fr":
        paras.append(f"Conditions de paiement : {d.terms} jours. Pas d'escompte pour paiement anticipé. En cas de retard "
                     "de paiement, des pénalités au taux de trois fois le taux d'intérêt légal seront appliquées, "
                     f"ainsi qu'une indemnité forfaitaire pour frais de recouvrement de 40{NBSP}€ (art. L441-10 du "
                     "Code de commerce).")
    if d.lang == "en" and rng.random() < 0.6:
        paras.append(f"Please make all cheques payable to {s.name}. Please quote invoice number {d.number} "
                     "as the payment reference.")
    if d.lang == "nl" and rng.random() < 0.5:
        paras.append(f"Vermeld bij betaling het factuurnummer {d.number} en uw klantnummer {d.customer_no}.")
    if d.lang == "id":
        paras.append(f"Terbilang: {_id_words(int(d.t.due)).capitalize()} rupiah")
        if rng.random() < 0.5:
            paras.append(f"No. Seri Faktur Pajak: 010.{_digits(rng, 3)}-{d.issue.year % 100:02d}.{_digits(rng, 8)}")
    pay_html = "".join(f"<p class='small'>{E(p)}</p>" for p in paras)
    bank = f"<div class='keep' style='margin-top:3mm'><b>{E(v['bank_h'])}</b>{_bank_html(d, holder=rng.random() < 0.6)}</div>" \
        if spos != "footer" or rng.random() < 0.3 else ""
    sig = ""
    if d.lang == "id":
        sig = (f"<div class='keep' style='margin-top:8mm;width:60mm;margin-left:auto;text-align:center'>{E(v['regards'])}"
               f"<br><br><br><br><u>{E(rng.choice(ID_PEOPLE))}</u><br>{E(s.name)}</div>")
    # footer: 3-4 columns
    fc = [f"<b>{E(s.name)}</b><br>" + "<br>".join(E(x) for x in s.lines),
          f"{E(s.phone)}<br>{E(s.email)}<br>{E(s.web)}",
          f"{E(d.bank['bank'])}<br>{E(v['iban'])}: {E(d.bank['iban'])}" +
          (f"<br>{E(v['bic'])}: {E(d.bank['bic'])}" if d.lang not in ("id",) else "") +
          (f"<br>{E(v['holder'])}: {E(s.name)}" if rng.random() < 0.4 else ""),
          "<br>".join(f"{E(a)}: {E(b_)}" for a, b_ in s.ids)]
    if d.lang == "de" and "GmbH" in s.name:
        fc[3] += f"<br>Geschäftsführer: {E(rng.choice(DE_PEOPLE))}"
    if d.lang == "fr" and s.name.split()[-1] in ("SARL", "SAS", "SASU", "EURL", "SA"):
        fc[3] += f"<br>{E(s.name.split()[-1])} au capital de {E(d.f.num(D(rng.choice([1000, 5000, 10000, 37000])), 0))}{NBSP}€"
    footer = '<div class="footer keep cols small" style="gap:4mm">' + "".join(f"<div>{c}</div>" for c in fc) + "</div>"
    if len(d.items) <= 8 and rng.random() < 0.7:
        footer = footer.replace('class="footer', 'class="footer fixfoot', 1)
    body = f"{head}{addr}{t_line}{intro}{items}{tot}<div style='margin-top:5mm'>{pay_html}</div>{bank}{sig}{footer}"
    css = _page_css(d, rng.choice(["8.5pt", "9pt", "9.5pt"]), "12mm 15mm 14mm 20mm", pageno=True)
    return css, body


def _layout_utility(d: Doc) -> tuple[str, str]:
    v, rng, s, b = V[d.lang], d.rng, d.seller, d.buyer
    acct = f"{_digits(rng, 3)} {_digits(rng, 3)} {_digits(rng, 4)}"
    dd_date = d.due if rng.random() < 0.5 else d.due + dt.timedelta(days=2)
    meta = [(v["account"], E(acct)), (v["no"], f"<b>{E(d.number)}</b>"), (v["bill_date"], E(d.d(d.issue))),
            (v["bill_period"], E(d.per())), (v["due"], E(d.d(d.due)))]
    if rng.random() < 0.5:
        meta.insert(1, (v["customer"], E(d.customer_no)))
    pay_big = (f'<div class="box" style="border:2px solid {d.accent};margin-top:6mm">'
               f'<div class="muted">{E(v["due_amt"])}</div>'
               f'<div style="font-size:22pt;font-weight:bold;color:{d.accent}">{E(d.m(d.t.due))}</div>'
               f'<div class="small">{E(v["dd"].format(d=d.d(dd_date)))}</div></div>')
    prev = _price(rng, 20, 120, d.q) if d.q == C2 else D(rng.randint(150, 900) * 1000)
    summary = [(v["prev"], d.m(prev)), (v["paid_recv"], d.m(-prev)), (v["fwd"], d.m(D(0))),
               (v["this"], d.m(d.t.gross))]
    summ_html = ('<table class="tot">' + "".join(f'<tr><td>{E(a)}</td><td class="r">{E(c)}</td></tr>' for a, c in summary)
                 + f'<tr class="grand"><td>{E(v["due_amt"])}</td><td class="r">{E(d.m(d.t.due))}</td></tr></table>')
    items = _items_html(d, ["desc", "amount"], rng.choice(["lined", "lined zebra", "soft lined"]))
    buyer = _party_html(b, "", name_cls="b", ids=False, person=False)
    footer = (f'<div class="footer fixfoot small"><b>{E(s.name)}</b> · {" · ".join(E(x) for x in s.lines)} · '
              + " · ".join(f"{E(a)}: {E(c)}" for a, c in s.ids) + f"<br>{E(s.web)} · {E(s.phone)}</div>")
    body = (f'<div class="cols"><div>{_logo(d)}<h1 style="font-size:17pt;margin-top:4mm">{E(v["bill"])}</h1></div>'
            f'<div class="box small">{_kv(meta)}</div></div>'
            f'<div class="cols" style="margin-top:8mm"><div style="font-size:1.1em">{buyer}</div><div>{pay_big}</div></div>'
            f'<h3 style="margin-top:8mm">{E(v["summary"])}</h3>{summ_html}'
            f'<h3 style="margin-top:6mm">{E(v["details"])} ({E(d.per())})</h3>{items}'
            f'<div style="margin-top:3mm">{_totals_html(d, "55%", "short")}</div>{footer}')
    return _page_css(d, rng.choice(["9pt", "9.5pt"]), "14mm 15mm 16mm 15mm"), body


def _layout_faktura(d: Doc) -> tuple[str, str]:
    rng, s, b, t, m = d.rng, d.seller, d.buyer, d.t, d.m
    city = s.lines[-1].split(" ", 1)[1]
    kind = "Faktura VAT" if rng.random() < 0.6 else "Faktura"
    if t.deposit:
        kind = rng.choice(["Faktura VAT", "Faktura końcowa"])
    place = _kv([("Miejsce wystawienia:", E(city)), ("Data wystawienia:", f"<b>{E(d.d(d.issue))}</b>"),
                 (rng.choice(["Data sprzedaży:", "Data dostawy/wykonania usługi:"]), E(d.d(d.delivery)))])
    head = (f'<div class="cols"><div>{_logo(d)}</div><div class="r" style="display:flex;justify-content:flex-end">'
            f"{place}</div></div>"
            f'<div class="c" style="margin:7mm 0 5mm"><div style="font-size:16pt;font-weight:bold">{E(kind)} nr {E(d.number)}</div>'
            f'<div class="muted">{rng.choice(["ORYGINAŁ", "ORYGINAŁ", "KOPIA", ""])}</div></div>')
    sp = _party_html(s, "Sprzedawca", name_cls="b", ids=True,
                     extra=f"<div>Nr konta: {E(d.bank['iban'])}</div><div>{E(d.bank['bank'])}</div>")
    nb = _party_html(b, "Nabywca", name_cls="b", ids=True)
    boxes = [sp, nb] if rng.random() < 0.7 else [nb, sp]
    parties = '<div class="cols">' + "".join(f'<div class="box">{x}</div>' for x in boxes) + "</div>"
    if rng.random() < 0.4:
        parties += f'<p class="small">Zamówienie nr ZAM/{d.issue.year}/{_digits(rng, 4)} z dnia {E(d.d(d.order_date))}</p>'
    rows = []
    for i, it in enumerate(d.items, 1):
        rate = "zw" if it.rate is None else f"{d.f.rate(it.rate)}%"
        rows.append(f'<tr><td class="c">{i}</td><td>{E(it.desc)}</td><td class="r">{d.f.qty(it.qty)}</td>'
                    f'<td>{E(it.unit)}</td><td class="r">{E(d.f.num(it.price))}</td><td class="r">{E(d.f.num(it.amount))}</td>'
                    f'<td class="c">{rate}</td><td class="r">{E(d.f.num(it.tax))}</td>'
                    f'<td class="r">{E(d.f.num(it.amount + it.tax))}</td></tr>')
    if t.shipping:
        st = _q(t.shipping * (d.std), C2)
        rows.append(f'<tr><td class="c">{len(d.items) + 1}</td><td>Koszt dostawy</td><td class="r">1</td><td>usł.</td>'
                    f'<td class="r">{d.f.num(t.shipping)}</td><td class="r">{d.f.num(t.shipping)}</td>'
                    f'<td class="c">{d.f.rate(d.std)}%</td><td class="r">{d.f.num(st)}</td>'
                    f'<td class="r">{d.f.num(t.shipping + st)}</td></tr>')
    heads = ["Lp.", "Nazwa towaru lub usługi", "Ilość", "J.m.", "Cena netto", "Wartość netto", "Stawka VAT",
             "Kwota VAT", "Wartość brutto"]
    table = (f'<table class="items grid {rng.choice(["soft", "head", "soft zebra"])}" style="margin-top:5mm;font-size:.92em"><thead><tr>'
             + "".join(f"<th>{h}</th>" for h in heads) + f'</tr></thead><tbody>{"".join(rows)}</tbody></table>')
    summ = "".join(f'<tr><td class="r">w tym</td><td class="r">{d.f.num(bs)}</td><td class="c">{d.f.rate(r)}%</td>'
                   f'<td class="r">{d.f.num(tx)}</td><td class="r">{d.f.num(bs + tx)}</td></tr>' for r, bs, tx in t.by_rate)
    summ = (f'<table class="grid keep" style="width:62%;margin-left:auto;margin-top:2mm"><tr class="b"><td class="r">Razem</td>'
            f'<td class="r">{d.f.num(t.net)}</td><td class="c">X</td><td class="r">{d.f.num(t.tax)}</td>'
            f'<td class="r">{d.f.num(t.gross)}</td></tr>{summ}</table>')
    pay = _kv([("Sposób płatności:", rng.choice(["przelew", "przelew bankowy", "gotówka" if not t.deposit else "przelew"])),
               ("Termin płatności:", f"{E(d.d(d.due))} ({d.terms} dni)"),
               ("Numer konta:", E(d.bank["iban"]))])
    dep = ""
    if t.deposit:
        dep = (f'<div>Razem brutto: {E(m(t.gross))}</div><div>Zapłacono (zaliczka z dnia {E(d.d(d.deposit_date))}): '
               f"{E(m(t.deposit))}</div>")
    words = _pl_amount_words(t.due, rng.randrange(2))
    dz = rng.choice(["Do zapłaty:", "Do zapłaty:", "Pozostało do zapłaty:" if t.deposit else "Do zapłaty:"])
    due_block = (f'<div class="keep" style="margin-top:5mm">{dep}<div style="font-size:14pt;font-weight:bold">{dz} '
                 f'{E(m(t.due))}</div><div>Słownie: {E(words)}</div></div>')
    mpp = ""
    if t.gross > 15000 and rng.random() < 0.7:
        mpp = '<p class="b">Mechanizm podzielonej płatności</p>'
    sig = ('<div class="cols keep small c" style="margin-top:18mm"><div style="border-top:1px dotted #555;padding-top:1mm">'
           'Osoba upoważniona do odbioru</div><div></div><div style="border-top:1px dotted #555;padding-top:1mm">'
           "Osoba upoważniona do wystawienia</div></div>")
    body = (f'{head}{parties}{table}{summ}<div class="cols" style="margin-top:5mm"><div>{pay}</div></div>'
            f"{due_block}{mpp}{sig}")
    return _page_css(d, rng.choice(["8.5pt", "9pt"]), "12mm 12mm 14mm 12mm", pageno=len(d.items) > 15), body


def _layout_gtgt(d: Doc) -> tuple[str, str]:
    rng, s, b, t, m = d.rng, d.seller, d.buyer, d.t, d.f.num
    bi = rng.random() < 0.5  # bilingual labels

    def L(vi: str, en: str) -> str:
        return f"{vi} <i class='muted'>({en})</i>" if bi else vi

    serial = f"{rng.choice('1C')}{rng.choice('CK')}{d.issue.year % 100}{rng.choice('TMN')}{rng.choice(['AA', 'BB', 'YY', 'HD', 'AB'])}"
    mau = rng.choice(["1", "01GTKT0/001", ""])
    ghead = rng.choice(["HÓA ĐƠN GIÁ TRỊ GIA TĂNG", "HÓA ĐƠN GIÁ TRỊ GIA TĂNG"])
    cqt = "00" + "".join(rng.choice("0123456789ABCDEF") for _ in range(32))
    right = []
    if mau:
        right.append(f"{L('Mẫu số', 'Form')}: {mau}")
    right += [f"{L('Ký hiệu', 'Serial')}: <b>{serial}</b>", f"{L('Số', 'No.')}: <b style='color:#b91c1c'>{E(d.number)}</b>"]
    head = (f'<div class="cols" style="align-items:center"><div style="flex:.7">{_logo(d)}</div>'
            f'<div class="c" style="flex:1.6"><div style="font-size:15pt;font-weight:bold;color:{d.accent}">{ghead}</div>'
            + ("<div><i>(VAT INVOICE)</i></div>" if bi else "")
            + '<div class="small muted">(Bản thể hiện của hóa đơn điện tử)</div>'
            f'<div style="margin-top:1mm"><i>{E(_fd(d.issue, "vi", "vi"))}</i></div>'
            + (f'<div class="small">Mã của CQT: {cqt}</div>' if rng.random() < 0.7 else "")
            + f'</div><div style="flex:.9">{"".join(f"<div>{x}</div>" for x in right)}</div></div>')
    sl = [(L("Đơn vị bán hàng", "Seller"), f"<b>{E(s.name)}</b>"), (L("Mã số thuế", "Tax code"), E(s.ids[0][1])),
          (L("Địa chỉ", "Address"), E(s.lines[0])), (L("Điện thoại", "Tel"), E(s.phone)),
          (L("Số tài khoản", "Account No."), f"{E(d.bank['iban'])} - {E(d.bank['bank'])}")]
    bl = [(L("Họ tên người mua hàng", "Buyer"), E(b.person)), (L("Tên đơn vị", "Company"), E(b.name)),
          (L("Mã số thuế", "Tax code"), E(b.ids[0][1])), (L("Địa chỉ", "Address"), E(b.lines[0])),
          (L("Hình thức thanh toán", "Payment method"), rng.choice(["TM/CK", "Chuyển khoản", "Tiền mặt"]))]
    if rng.random() < 0.4:
        bl.append((L("Số đơn hàng", "Order No."), E(d.order_no)))
    rowsf = lambda rs: "".join(f'<tr><td style="white-space:nowrap;padding:1px 6px 1px 0">{a}:</td><td style="padding:1px 0">{c}</td></tr>'  # noqa: E731
                               for a, c in rs)
    parties = (f'<table style="margin-top:4mm;border-top:1px solid #999">{rowsf(sl)}</table>'
               f'<table style="margin-top:2mm;border-top:1px dashed #999">{rowsf(bl)}</table>')
    per_line = len({it.rate for it in d.items}) > 1 or t.mode == "line"
    heads = [L("STT", "No."), L("Tên hàng hóa, dịch vụ", "Description"), L("Đơn vị tính", "Unit"),
             L("Số lượng", "Quantity"), L("Đơn giá", "Unit price"), L("Thành tiền", "Amount")]
    nums = ["1", "2", "3", "4", "5", "6 = 4 x 5"]
    if per_line:
        heads += [L("Thuế suất", "VAT rate"), L("Tiền thuế GTGT", "VAT amount")]
        nums += ["7", "8 = 6 x 7"]
    rows = []
    for i, it in enumerate(d.items, 1):
        cells = [str(i), E(it.desc), E(it.unit), d.f.qty(it.qty), m(it.price), m(it.amount)]
        if per_line:
            tax = it.tax if t.mode == "line" else _q(it.amount * (it.rate or 0), C0)
            cells += [f"{d.f.rate(it.rate or D(0))}%", m(tax)]
        rows.append("<tr>" + "".join(f'<td class="{"r" if j >= 3 else ("c" if j in (0, 2) else "")}">{c}</td>'
                                     for j, c in enumerate(cells)) + "</tr>")
    if t.shipping:
        rows.append(f"<tr><td class='c'>{len(d.items) + 1}</td><td>Phí vận chuyển</td><td class='c'>Lần</td>"
                    f"<td class='r'>1</td><td class='r'>{m(t.shipping)}</td><td class='r'>{m(t.shipping)}</td>"
                    + (f"<td class='r'>{d.f.rate(d.std)}%</td><td class='r'>{m(_q(t.shipping * d.std, C0))}</td>" if per_line else "")
                    + "</tr>")
    table = (f'<table class="items grid {rng.choice(["soft", "", "soft zebra"])}" style="margin-top:4mm"><thead><tr>'
             + "".join(f'<th class="c">{h}</th>' for h in heads) + '</tr><tr class="small muted">'
             + "".join(f'<td class="c">{n_}</td>' for n_ in nums) + f'</tr></thead><tbody>{"".join(rows)}</tbody></table>')
    if t.discount:
        table = table.replace("</tbody>", f"<tr><td></td><td>Chiết khấu thương mại</td><td></td><td></td><td></td>"
                                          f"<td class='r'>-{m(t.discount)}</td>"
                              + ("<td></td><td></td>" if per_line else "") + "</tr></tbody>")
    tot_rows = [(L("Cộng tiền hàng", "Total amount before VAT"), m(t.net))]
    if len(t.by_rate) == 1 and not per_line:
        r = t.by_rate[0][0]
        tot_rows.append((f"{L('Thuế suất GTGT', 'VAT rate')}: {d.f.rate(r)}% &nbsp;&nbsp; {L('Tiền thuế GTGT', 'VAT amount')}",
                         m(t.tax)))
    else:
        for r, bs, tx in t.by_rate:
            tot_rows.append((f"{L('Tổng tiền thuế suất', 'Total at')} {d.f.rate(r)}%: {L('tiền hàng', 'net')} {m(bs)}, "
                             f"{L('tiền thuế', 'VAT')}", m(tx)))
        tot_rows.append((L("Tổng tiền thuế GTGT", "Total VAT amount"), m(t.tax)))
    tot_rows.append((f"<b>{L('Tổng cộng tiền thanh toán', 'Total payment')}</b>", f"<b>{m(t.gross)}</b>"))
    tot = ('<table class="grid keep">' + "".join(f'<tr><td>{a}:</td><td class="r" style="width:32%">{c}</td></tr>'
                                                  for a, c in tot_rows) + "</table>")
    words = _vi_words(int(t.due))
    words = words[0].upper() + words[1:] + " đồng" + rng.choice([".", " chẵn.", " chẵn./."])
    tot += f'<div style="margin-top:2mm">{L("Số tiền viết bằng chữ", "In words")}: <i>{E(words)}</i></div>'
    signer = (f'<div style="border:1px solid #16a34a;color:#15803d;padding:2mm;font-size:8pt;margin-top:2mm">'
              f"Signature Valid<br>Ký bởi: {E(s.name)}<br>Ký ngày: {d.issue.day:02d}/{d.issue.month:02d}/{d.issue.year}</div>")
    sig = (f'<div class="cols keep c" style="margin-top:6mm"><div><b>{L("Người mua hàng", "Buyer")}</b><br>'
           f'<i class="small">(Ký, ghi rõ họ tên)</i></div><div><b>{L("Người bán hàng", "Seller")}</b><br>'
           f'<i class="small">(Ký, đóng dấu, ghi rõ họ tên)</i>{signer}</div></div>')
    look = (f'<div class="small muted c" style="margin-top:6mm">Tra cứu hóa đơn tại: https://tracuu.{E(s.web[4:])} '
            f"- Mã tra cứu: {''.join(rng.choice('ABCDEFGHJKLMNPQRSTUVWXYZ23456789') for _ in range(10))}<br>"
            "(Cần kiểm tra, đối chiếu khi lập, giao, nhận hóa đơn)</div>")
    body = f"{head}{parties}{table}{tot}{sig}{look}"
    border = f"border:3px double {d.accent};padding:5mm;" if rng.random() < 0.5 and len(d.items) < 12 else ""
    body = f'<div style="{border}">{body}</div>'
    return _page_css(d, rng.choice(["8.5pt", "9pt"]), "10mm 12mm 12mm 12mm", pageno=len(d.items) > 14), body


LAYOUT_FUNCS = {"shop": _layout_shop, "freelancer": _layout_freelancer, "b2b": _layout_b2b, "utility": _layout_utility,
                "faktura": _layout_faktura, "gtgt": _layout_gtgt}


def _render(lang: str, k: int, seed: int) -> tuple[dict, str, Doc]:
    """Label, HTML and the document model (the model is for checks only)."""
    d = _build_doc(lang, k, seed)
    css, body = LAYOUT_FUNCS[d.layout](d)
    label = {
        "issuer": d.seller.name,
        "invoice_number": d.number,
        "date": d.issue.isoformat(),
        "total": f"{d.t.due:.2f}",
        "gross": f"{d.t.gross:.2f}",
        "currency": d.cur,
        "language": lang,
        "layout": d.layout,
        "set": SET_NAME,
        "doc_id": f"{SET_NAME}-{lang}-{seed}-{k:03d}",
    }
    return label, _wrap(css, body, lang), d


# ----------------------------------------------------------------------------------------------------
# printing
# ----------------------------------------------------------------------------------------------------


def _chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome", "chrome"):
        p = shutil.which(name)
        if p:
            return p
    return "/usr/bin/chromium"


def _print_pdf(html_path: pathlib.Path, pdf_path: pathlib.Path, tries: int = 3) -> None:
    err = ""
    for _ in range(tries):
        with tempfile.TemporaryDirectory(prefix="h3i-prof-") as prof:
            cmd = [_chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                   "--no-first-run", "--disable-extensions", "--disable-background-networking",
                   "--disable-dev-shm-usage", "--disable-sync", "--mute-audio", f"--user-data-dir={prof}",
                   f"--print-to-pdf={pdf_path}", html_path.resolve().as_uri()]
            if pdf_path.exists():
                pdf_path.unlink()
            try:
                r = subprocess.run(cmd, capture_output=True, timeout=90, env={**os.environ, "HOME": prof})
                err = r.stderr.decode("utf-8", "replace")[-400:]
            except subprocess.TimeoutExpired:
                err = "timeout"
            if pdf_path.exists() and pdf_path.stat().st_size > 800:
                return
    raise RuntimeError(f"chromium failed to print {html_path}: {err}")


def holdout_invoices(work: pathlib.Path, langs: list[str], n: int, seed: int) -> list[tuple[dict, pathlib.Path]]:
    """For each lang in langs and k in range(n): (label, path of the PDF written under work)."""
    work = pathlib.Path(work)
    work.mkdir(parents=True, exist_ok=True)
    out: list[tuple[dict, pathlib.Path]] = []
    jobs: list[tuple[pathlib.Path, pathlib.Path]] = []
    html_dir = work / "_html3"
    html_dir.mkdir(exist_ok=True)
    for lang in langs:
        if lang not in LANGUAGES:
            raise ValueError(f"unsupported language {lang!r}")
        for k in range(n):
            label, page, _ = _render(lang, k, seed)
            hp = html_dir / f"{label['doc_id']}.html"
            hp.write_text(page, encoding="utf-8")
            pdf = work / f"{label['doc_id']}.pdf"
            jobs.append((hp, pdf))
            out.append((label, pdf))
    workers = max(1, min(4, (os.cpu_count() or 2) * 2))
    try:
        with ThreadPoolExecutor(max_workers=workers) as ex:
            list(ex.map(lambda j: _print_pdf(*j), jobs))
    finally:
        shutil.rmtree(html_dir, ignore_errors=True)
    return out
