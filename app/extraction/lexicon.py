"""The words extraction's features look for, by language and role.

Roles name what a word says about the text beside it: `total` labels the amount due,
`company` ends a legal name, `street` opens an address line, and so on. The roles the language
packs define (`app/extraction/languages`: total, subtotal, tax, payment, change, rounding, discount,
date, …) take their words from the pack of the language, with the English words below added, since
receipts in every language print some (TOTAL, VAT, CASH); English uses the table below alone (the
model was trained on it; `app/extraction/languages/en.py` holds the English words the rules read). The feature-only
roles (`due`, `company`, `street`, …) take the English words and the language's own below. Multi-word entries
match as phrases; matching ignores case, accents and punctuation between words.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from functools import lru_cache

from app.extraction import languages as packs
from app.extraction.languages.text import strip_accents

WORDS: dict[str, dict[str, tuple[str, ...]]] = {
    "en": {
        "total": ("TOTAL", "TTL", "TOTAL AMOUNT", "TOTAL AMT", "NETT TOTAL", "NET TOTAL", "TOTAL SALES"),
        "due": (
            "GRAND TOTAL", "AMOUNT DUE", "AMT DUE", "BALANCE DUE", "TOTAL DUE", "TO PAY", "PAYABLE",
            "TOTAL PAYABLE", "AMOUNT PAYABLE", "NETT", "ROUNDED TOTAL", "TOTAL ROUNDED", "BALANCE",
            "INVOICE TOTAL",
        ),
        "subtotal": ("SUBTOTAL", "SUB TOTAL", "SUB-TOTAL", "NET AMOUNT", "TAXABLE", "EXCL", "EXCLUDING",
                     "BEFORE", "GOODS TOTAL", "TOTAL EXCL", "AMOUNT EXCL"),
        "tax": ("GST", "VAT", "TAX", "SST", "HST", "PST", "SALES TAX", "SERVICE TAX"),
        "payment": ("CASH", "PAID", "PAYMENT", "TENDER", "TENDERED", "CARD", "VISA", "MASTER", "MASTERCARD",
                    "AMEX", "DEBIT", "CREDIT", "EFTPOS", "NETS", "CHEQUE", "RECEIVED", "BOOST", "GRAB"),
        "change": ("CHANGE", "CHANGE DUE", "BAKI"),
        "rounding": ("ROUNDING", "ROUND", "ROUNDED", "ADJ", "ADJUSTMENT", "ROUNDING ADJ"),
        "discount": ("DISCOUNT", "DISC", "SAVINGS", "SAVING", "YOU SAVE", "COUPON", "PROMO", "LESS", "VOUCHER"),
        "service": ("SERVICE", "SERVICE CHARGE", "SVC", "SC", "TIP", "TIPS", "GRATUITY"),
        "qty": ("QTY", "QUANTITY", "ITEMS", "ITEM", "PCS", "COUNT", "UNITS", "NO OF ITEMS", "TOTAL QTY"),
        "summary": ("SUMMARY", "ANALYSIS", "BREAKDOWN", "TAX CODE", "GST SUMMARY", "CODE"),
        "date": ("DATE", "DATED", "DT", "ISSUED", "INVOICE DATE", "BILL DATE", "TARIKH"),
        "not_date": ("DUE", "EXPIRY", "EXPIRES", "EXP", "VALID", "BIRTH", "DELIVERY", "UNTIL", "BEST BEFORE",
                     "USE BY", "MFG"),
        "printed": ("PRINT", "PRINTED", "REPRINT", "PRINTING"),
        "time": ("TIME",),
        "company": (
            "SDN BHD", "SDN", "BHD", "BERHAD", "S/B", "LTD", "LIMITED", "PLC", "LLC", "LLP", "INC", "CORP",
            "CORPORATION", "CO", "COMPANY", "GMBH", "PTE", "PTY", "ENTERPRISE", "ENTERPRISES", "TRADING",
            "HOLDINGS", "GROUP", "INDUSTRIES", "RESTORAN", "RESTAURANT", "STORE", "MART", "SHOP", "CAFE",
            "HARDWARE", "STATIONERY", "PHARMACY", "MARKETING", "SUPERMARKET", "BAKERY", "PERNIAGAAN", "KEDAI",
            # Kinds of business a name says it is (a look-alike letter in one is spelled back, `header.fix_words`).
            "BAKERIES", "RESTAURANTS", "TRADERS", "SERVICES", "ELECTRICAL", "ELECTRONICS", "BOOKSTORE", "BOOKSHOP",
            "MINIMARKET", "HYPERMARKET", "MARKET", "FOODS", "RESOURCES", "DISTRIBUTION", "DISTRIBUTORS",
            "SUPPLIES", "MOTORS", "FURNITURE", "TEXTILE", "BOUTIQUE", "CLINIC", "HOTEL", "BISTRO", "KITCHEN",
            "CATERING", "TRAVEL", "TECHNOLOGY", "SOLUTIONS", "MANAGEMENT", "CONSTRUCTION", "ENGINEERING",
            "MEDICAL", "OPTICAL", "CONFECTIONERY", "STATIONERS",
        ),
        "registration": (
            "CO REG", "COMPANY REG", "COMPANY NO", "CO NO", "REG NO", "REGISTRATION", "ROC", "BR NO", "GST NO",
            "GST ID", "GST REG", "VAT NO", "VAT REG", "ABN", "ACN", "TIN", "UEN", "BRN", "SST NO", "SST ID",
            "TAX ID", "TAX NO",
        ),
        "contact": ("TEL", "TELEPHONE", "PHONE", "FAX", "MOBILE", "EMAIL", "E-MAIL", "HOTLINE", "WHATSAPP",
                    "WEBSITE", "WWW", "HP", "H/P", "CARELINE"),
        "title": (
            "TAX INVOICE", "INVOICE", "RECEIPT", "CASH BILL", "CASH SALE", "CASH SALES", "BILL", "OFFICIAL RECEIPT",
            "SIMPLIFIED TAX INVOICE", "FULL TAX INVOICE", "QUOTATION", "STATEMENT", "DELIVERY ORDER",
            "CUSTOMER COPY", "MERCHANT COPY", "DUPLICATE", "REPRINT", "WELCOME", "COPY",
        ),
        "noise": (
            "THANK", "THANKS", "CASHIER", "SERVER", "TABLE", "TERMINAL", "POS", "COUNTER", "OPERATOR", "MEMBER",
            "PAX", "TRANSACTION", "DOC NO", "INVOICE NO", "RECEIPT NO", "BILL NO", "ORDER NO", "CUSTOMER",
            "BILL TO", "SHIP TO", "SOLD TO", "SALESPERSON", "SALES PERSON", "STAFF", "SLIP", "TRANS",
        ),
        "street": (
            "NO", "LOT", "UNIT", "SUITE", "LEVEL", "FLOOR", "FLR", "BLOCK", "BLK", "JALAN", "JLN", "LORONG",
            "LRG", "STREET", "ST", "ROAD", "RD", "AVENUE", "AVE", "LANE", "DRIVE", "WAY", "HIGHWAY", "PLAZA",
            "SQUARE", "CENTRE", "CENTER", "MALL", "BUILDING", "BLDG", "TOWER", "PARK", "ESTATE", "TAMAN", "TMN",
            "BANDAR", "KAWASAN", "SEKSYEN", "SECTION", "PO BOX", "KM", "BATU", "KAMPUNG", "KG", "PERSIARAN",
            "WISMA", "MEDAN", "PUSAT", "INDUSTRIAL", "COMPLEX", "KOMPLEKS", "GROUND", "PASAR",
        ),
        # What an address is printed after (`HQ ADD: LOT 5, …`), here for every language the service reads.
        "address_label": (
            "ADDRESS", "ADDR", "ADD", "ALAMAT", "HQ ADD", "HQ ADDRESS", "HEAD OFFICE", "OUTLET ADD", "BRANCH ADD",
            "ADRES", "ADRESSE", "ANSCHRIFT", "ADRESA", "INDIRIZZO", "DIRECCIÓN", "ENDEREÇO", "ĐỊA CHỈ", "Đ/C", "ĐC",
        ),
        "region": (
            "SELANGOR", "JOHOR", "KUALA LUMPUR", "PERAK", "PENANG", "PULAU PINANG", "KEDAH", "MELAKA",
            "MALACCA", "PAHANG", "SABAH", "SARAWAK", "NEGERI SEMBILAN", "KELANTAN", "TERENGGANU", "PERLIS",
            "PUTRAJAYA", "LABUAN", "DARUL EHSAN", "DARUL TAKZIM", "MALAYSIA", "SINGAPORE",
        ),
    },
    # The feature-only roles in the other languages the service reads, added to the English words above
    # (receipts everywhere print some: TEL, SHOP, CAFE). An entry that starts with `-` is the end of a
    # word: German and Dutch write the street word into the street's name (`Kerkstraat`, `Hauptstr.`).
    "pl": {
        "company": ("SP Z O O", "SPOLKA", "S A", "SP J", "SP K", "PPHU", "PHU", "FHU", "PPH", "SKLEP", "PIEKARNIA",
                    "APTEKA", "RESTAURACJA", "HURTOWNIA", "DELIKATESY", "HANDEL", "PRZEDSIEBIORSTWO", "FIRMA"),
        "registration": ("NIP", "REGON", "KRS", "BDO", "NR REJ"),
        "contact": ("TELEFON", "TEL KOM"),
        "title": ("PARAGON FISKALNY", "PARAGON", "FAKTURA", "FAKTURA VAT", "NIEFISKALNY", "RACHUNEK", "KOPIA", "WITAMY"),
        "noise": ("KASJER", "KASA", "NR SYS", "NR TRANS", "DZIEKUJEMY", "ZAPRASZAMY", "SPRZEDAWCA", "STOLIK"),
        "not_date": ("WAZNY DO", "WAZNE DO", "WAZNA DO", "TERMIN", "ZWROT DO", "DATA WAZNOSCI", "NAJLEPIEJ SPOZYC"),
        "street": ("UL", "ULICA", "AL", "ALEJA", "ALEJE", "PLAC", "OS", "OSIEDLE", "LOKAL", "LOK", "RYNEK"),
        "region": ("POLSKA",),
    },
    "de": {
        "company": ("AG", "KG", "OHG", "E K", "UG", "MBH", "GMBH CO KG", "MARKT", "SUPERMARKT", "FILIALE", "BACKEREI",
                    "BAECKEREI", "KONDITOREI", "FLEISCHEREI", "APOTHEKE", "DROGERIE", "METZGEREI", "KAUFHAUS", "GASTSTATTE", "HANDEL"),
        "registration": ("UST IDNR", "UST ID", "UST ID NR", "USTID", "STEUERNUMMER", "STEUER NR", "ST NR", "STNR",
                         "HRB", "HRA", "AMTSGERICHT"),
        "contact": ("TELEFON", "E MAIL"),
        "title": ("RECHNUNG", "KASSENBON", "BELEG", "QUITTUNG", "KUNDENBELEG", "BON", "WILLKOMMEN", "HERZLICH WILLKOMMEN"),
        "noise": ("KASSE", "KASSIERER", "BEDIENER", "BON NR", "DANKE", "VIELEN DANK", "IHR EINKAUF", "TISCH"),
        "not_date": ("GULTIG BIS", "GUELTIG BIS", "GULTIG", "HALTBAR", "UMTAUSCH", "RUCKGABE", "FALLIG", "MHD"),
        "street": ("STR", "STRASSE", "WEG", "PLATZ", "ALLEE", "GASSE", "RING", "DAMM", "UFER", "-STRASSE", "-STR",
                   "-WEG", "-PLATZ", "-ALLEE", "-GASSE", "-DAMM", "AM MARKT", "MARKTPLATZ"),
        "region": ("DEUTSCHLAND", "OSTERREICH", "SCHWEIZ"),
    },
    "nl": {
        "company": ("BV", "B V", "NV", "N V", "VOF", "SUPERMARKT", "BAKKERIJ", "APOTHEEK", "WINKEL", "SLAGERIJ"),
        "registration": ("KVK", "KVK NR", "BTW", "BTW NR", "BTW NUMMER"),
        "contact": ("TELEFOON", "TELEFOONNUMMER"),
        "title": ("KASSABON", "BON", "FACTUUR", "KWITANTIE", "WELKOM"),
        "noise": ("KASSA", "KASSIER", "BEDANKT", "MEDEWERKER", "FILIAAL", "TAFEL"),
        "not_date": ("GELDIG TOT", "GELDIG", "RUILEN", "RETOUR", "HOUDBAAR", "TEN MINSTE"),
        "street": ("STRAAT", "WEG", "LAAN", "PLEIN", "GRACHT", "KADE", "DREEF", "SINGEL", "-STRAAT", "-WEG",
                   "-LAAN", "-PLEIN", "-GRACHT", "-KADE", "-DREEF", "-SINGEL"),
        "region": ("NEDERLAND", "BELGIE"),
    },
    "fr": {
        "company": ("SARL", "SAS", "SASU", "EURL", "SNC", "S A", "BOULANGERIE", "PATISSERIE", "PHARMACIE",
                    "SUPERMARCHE", "HYPERMARCHE", "EPICERIE", "BOUCHERIE", "BRASSERIE", "MAGASIN"),
        "registration": ("SIRET", "SIREN", "RCS", "TVA INTRA", "N TVA", "APE", "NAF"),
        "contact": ("TELEPHONE", "COURRIEL"),
        "title": ("FACTURE", "TICKET", "TICKET DE CAISSE", "RECU", "DUPLICATA", "BIENVENUE"),
        "noise": ("CAISSE", "CAISSIER", "CAISSIERE", "MERCI", "VENDEUR", "HOTESSE"),
        "not_date": ("VALABLE", "JUSQU AU", "VALIDITE", "ECHEANCE", "DLC", "A CONSOMMER", "RETOUR"),
        "street": ("RUE", "AVENUE", "AV", "BD", "BOULEVARD", "PLACE", "CHEMIN", "ALLEE", "ROUTE", "QUAI", "IMPASSE",
                   "CEDEX", "ZA", "ZI"),
        "region": ("FRANCE", "BELGIQUE", "SUISSE", "LUXEMBOURG"),
    },
    "es": {
        "company": ("S L", "SL", "S A", "SLU", "S L U", "SUPERMERCADO", "PANADERIA", "FARMACIA", "RESTAURANTE",
                    "CAFETERIA", "TIENDA"),
        "registration": ("CIF", "NIF", "N I F", "C I F"),
        "contact": ("TELEFONO",),
        "title": ("FACTURA", "FACTURA SIMPLIFICADA", "TICKET", "RECIBO", "COPIA", "BIENVENIDO", "BIENVENIDOS"),
        "noise": ("CAJA", "CAJERO", "CAJERA", "GRACIAS", "ATENDIDO"),
        "street": ("CALLE", "C", "AVDA", "AVENIDA", "PLAZA", "PZA", "PASEO", "CTRA", "CARRETERA", "CAMINO", "LOCAL"),
        "region": ("ESPANA",),
    },
    "it": {
        "company": ("SRL", "S R L", "SPA", "S P A", "SNC", "SAS", "SUPERMERCATO", "PANIFICIO", "FARMACIA",
                    "RISTORANTE", "PIZZERIA", "ALIMENTARI", "TRATTORIA"),
        "registration": ("P IVA", "PARTITA IVA", "C F", "CODICE FISCALE", "REA"),
        "contact": ("TELEFONO",),
        "title": ("SCONTRINO", "DOCUMENTO COMMERCIALE", "FATTURA", "RICEVUTA", "SCONTRINO FISCALE", "BENVENUTI", "BENVENUTO"),
        "noise": ("CASSA", "CASSIERE", "OPERATORE", "GRAZIE", "ARRIVEDERCI"),
        "street": ("VIA", "VIALE", "PIAZZA", "P ZA", "CORSO", "LARGO", "VICOLO", "STRADA", "LOC"),
        "region": ("ITALIA",),
    },
    "pt": {
        "company": ("LDA", "LTDA", "S A", "EIRELI", "SUPERMERCADO", "PADARIA", "FARMACIA", "RESTAURANTE", "MERCADO",
                    "PASTELARIA"),
        "registration": ("NIF", "NIPC", "CNPJ", "CPF", "CONTRIBUINTE", "INSCRICAO ESTADUAL"),
        "contact": ("TELEFONE", "TELEF"),
        "title": ("FATURA", "FACTURA", "FATURA SIMPLIFICADA", "RECIBO", "CUPOM FISCAL", "NOTA FISCAL", "TALAO", "BEM VINDO",
                  "BEM VINDOS"),
        "noise": ("CAIXA", "OPERADOR", "OBRIGADO", "ATENDENTE"),
        "street": ("RUA", "AV", "AVENIDA", "PRACA", "TRAVESSA", "LARGO", "ESTRADA", "ALAMEDA"),
        "region": ("PORTUGAL", "BRASIL"),
    },
    "vi": {
        "company": ("CONG TY", "TNHH", "CO PHAN", "DNTN", "CUA HANG", "SIEU THI", "NHA HANG", "TIEM", "HO KINH DOANH",
                    "CHI NHANH", "TAP HOA"),
        "registration": ("MST", "MA SO THUE", "MS THUE"),
        "contact": ("DT", "DIEN THOAI", "SDT"),
        "title": ("HOA DON", "HOA DON GTGT", "HOA DON BAN LE", "HOA DON GIA TRI GIA TANG", "GIA TRI GIA TANG", "PHIEU THANH TOAN",
                  "PHIEU TINH TIEN", "BIEN LAI", "XIN CHAO", "KINH CHAO", "CHAO MUNG"),
        "noise": ("THU NGAN", "NHAN VIEN", "CAM ON", "SO HD"),
        "not_date": ("HET HAN", "HSD", "DOI TRA", "HIEU LUC", "HAN SU DUNG", "HAN THANH TOAN"),
        "street": ("DUONG", "PHO", "SO", "NGO", "HEM", "KIET", "PHUONG", "QUAN", "HUYEN", "XA", "AP", "KHU PHO",
                   "TOA NHA", "TANG"),
        "region": ("VIET NAM", "VIETNAM", "THANH PHO", "TP", "TINH", "HA NOI", "HO CHI MINH", "TP HCM", "DA NANG"),
    },
    "id": {
        "company": ("PT", "CV", "TBK", "TOKO", "WARUNG", "RUMAH MAKAN", "APOTEK", "SWALAYAN"),
        "registration": ("NPWP", "NIB", "PKP"),
        "contact": ("TELP", "TLP", "WA"),
        "title": ("STRUK", "NOTA", "FAKTUR", "KWITANSI", "BUKTI PEMBAYARAN", "SELAMAT DATANG"),
        "noise": ("KASIR", "TERIMA KASIH", "PELAYAN", "MEJA"),
        "not_date": ("BERLAKU", "KEDALUWARSA", "KADALUARSA", "JATUH TEMPO", "BATAS", "PENUKARAN"),
        "street": ("JL", "GG", "GANG", "RT", "RW", "KEL", "KELURAHAN", "KEC", "KECAMATAN", "KAV", "BLOK", "KOMPLEK",
                   "RUKO"),
        "region": ("INDONESIA", "JAKARTA", "DKI", "JAWA BARAT", "JAWA TENGAH", "JAWA TIMUR", "BALI", "BANTEN"),
    },
}
DEFAULT_LANGUAGE = "en"

# Words a language tells apart by their marks alone: in Vietnamese `Phố` (street) is not `Phở` (a soup),
# `Quận` (district) not `Quán` (an eatery), `Tỉnh` (province) not `tính` (to reckon), `Đường` not `Dương`.
# A word printed with marks takes one of these roles only when its marks are the entry's or some of them
# (OCR drops marks; it seldom adds one); a word printed bare still does.
MARKED: dict[str, dict[str, tuple[str, ...]]] = {
    "vi": {
        "street": ("ĐƯỜNG", "PHỐ", "SỐ", "NGÕ", "HẺM", "KIỆT", "PHƯỜNG", "QUẬN", "HUYỆN", "XÃ", "ẤP", "KHU PHỐ",
                   "TÒA NHÀ", "TẦNG"),
        "region": ("VIỆT NAM", "THÀNH PHỐ", "TỈNH", "HÀ NỘI", "HỒ CHÍ MINH", "ĐÀ NẴNG"),
    },
}


def _base(language: str) -> str:
    base = language.replace("_", "-").split("-")[0].lower()
    return base if base in WORDS else DEFAULT_LANGUAGE


@lru_cache(maxsize=512)
def words(language: str, role: str) -> tuple[str, ...]:
    """Return the words of one role in a language: its pack's (for the packs' roles) and the table's
    (the English table's, then the language's own)."""
    base = _base(language)
    own = tuple(dict.fromkeys((*WORDS[DEFAULT_LANGUAGE].get(role, ()), *WORDS[base].get(role, ()))))
    code = packs.base_code(language)
    if role not in packs.ROLES or code == DEFAULT_LANGUAGE or not packs.has_pack(code):
        return own  # English: the table the model was trained with
    from_pack = tuple(_key(word) for word in packs.words(language, role))
    return tuple(dict.fromkeys((*own, *from_pack)))


def roles(language: str) -> tuple[str, ...]:
    """Return the role names known for a language."""
    return tuple(dict.fromkeys((*WORDS[_base(language)], *packs.ROLES)))


def _key(text: str) -> str:
    """Upper case without accents: how words and texts are compared."""
    return strip_accents(text).upper()


@lru_cache(maxsize=256)
def role_pattern(language: str, role: str) -> re.Pattern[str] | None:
    """Return one compiled pattern matching any word of a role as whole words (None when empty)."""
    entries = sorted({_key(w) for w in words(language, role)}, key=len, reverse=True)
    if not entries:
        return None
    alts = [(r"[A-Z]*" if e.startswith("-") else "") + r"[^A-Z0-9]*".join(re.escape(w) for w in re.split(r"[\s/-]+", e) if w)
            for e in entries]
    return re.compile(r"(?<![A-Z0-9])(?:" + "|".join(alts) + r")(?![A-Z0-9])")


def has(text: str, role: str, language: str = DEFAULT_LANGUAGE) -> bool:
    """Tell whether a text holds a word of a role (case-insensitive)."""
    pattern = role_pattern(language, role)
    return bool(pattern and pattern.search(_key(_other_marks_out(text, language, role))))


def opens_with(text: str, role: str, language: str = DEFAULT_LANGUAGE) -> bool:
    """Tell whether a text starts with a word of a role, marks before it aside (`TEL: 03-…`, `*Email`)."""
    pattern = role_pattern(language, role)
    return bool(pattern and pattern.match(_key(_other_marks_out(text, language, role)).lstrip(" .,:;-*#(")))


_LETTERS = re.compile(r"[^\W\d_]+")


def _marks(word: str) -> tuple[str, Counter[str]]:
    """Return a word's letters in upper case without their marks (`Đ` kept whole) and its marks."""
    decomposed = unicodedata.normalize("NFD", word.upper())
    return "".join(c for c in decomposed if not unicodedata.combining(c)), \
        Counter(c for c in decomposed if unicodedata.combining(c))


@lru_cache(maxsize=64)
def _marked(language: str, role: str) -> dict[str, tuple[tuple[str, Counter[str]], ...]]:
    """The `MARKED` words of a role by their bare key, with their letters and marks."""
    out: dict[str, list[tuple[str, Counter[str]]]] = {}
    for entry in MARKED.get(_base(language), {}).get(role, ()):
        for word in entry.split():
            out.setdefault(_key(word), []).append(_marks(word))
    return {key: tuple(forms) for key, forms in out.items()}


def _other_marks_out(text: str, language: str, role: str) -> str:
    """Return a text with the words that spell a `MARKED` word of the role with other marks blotted out
    (`Phở bò` for the street word `PHỐ`)."""
    marked = _marked(language, role)
    if not marked or text.isascii():
        return text

    def blot(m: re.Match[str]) -> str:
        word = m.group(0)
        forms = marked.get(_key(word))
        if forms is None:
            return word
        letters, marks = _marks(word)
        if not marks and "Đ" not in letters:
            return word
        kept = any(letters == known and not marks - wanted for known, wanted in forms)
        return word if kept else "#" * len(word)

    return _LETTERS.sub(blot, text)
