"""The words extraction's features look for, by language and role.

Roles name what a word says about the text beside it: `total` labels the amount due,
`company` ends a legal name, `street` opens an address line, and so on. The roles the language
packs define (`app/extraction/languages`: total, subtotal, tax, payment, change, rounding, discount,
date, …) take their words from the pack of the language, with the English words below added, since
receipts in every language print some (TOTAL, VAT, CASH); English uses the table below alone (the
model was trained on it; `app/extraction/languages/en.py` holds the English words the rules read). The feature-only roles (`due`, `company`,
`street`, …) are English here. Multi-word entries match as phrases; matching ignores case, accents
and punctuation between words.
"""

from __future__ import annotations

import re
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
            "ADRES", "ADRESSE", "ANSCHRIFT", "ADRESA", "INDIRIZZO", "DIRECCIÓN", "ENDEREÇO", "ĐỊA CHỈ",
        ),
        "region": (
            "SELANGOR", "JOHOR", "KUALA LUMPUR", "PERAK", "PENANG", "PULAU PINANG", "KEDAH", "MELAKA",
            "MALACCA", "PAHANG", "SABAH", "SARAWAK", "NEGERI SEMBILAN", "KELANTAN", "TERENGGANU", "PERLIS",
            "PUTRAJAYA", "LABUAN", "DARUL EHSAN", "DARUL TAKZIM", "MALAYSIA", "SINGAPORE",
        ),
    },
}
DEFAULT_LANGUAGE = "en"


def _base(language: str) -> str:
    base = language.replace("_", "-").split("-")[0].lower()
    return base if base in WORDS else DEFAULT_LANGUAGE


@lru_cache(maxsize=512)
def words(language: str, role: str) -> tuple[str, ...]:
    """Return the words of one role in a language: its pack's (for the packs' roles) and the table's."""
    own = WORDS[_base(language)].get(role, ())
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
    alts = [r"[^A-Z0-9]*".join(re.escape(w) for w in re.split(r"[\s/-]+", e) if w) for e in entries]
    return re.compile(r"(?<![A-Z0-9])(?:" + "|".join(alts) + r")(?![A-Z0-9])")


def has(text: str, role: str, language: str = DEFAULT_LANGUAGE) -> bool:
    """Tell whether a text holds a word of a role (case-insensitive)."""
    pattern = role_pattern(language, role)
    return bool(pattern and pattern.search(_key(text)))


def opens_with(text: str, role: str, language: str = DEFAULT_LANGUAGE) -> bool:
    """Tell whether a text starts with a word of a role, marks before it aside (`TEL: 03-…`, `*Email`)."""
    pattern = role_pattern(language, role)
    return bool(pattern and pattern.match(_key(text).lstrip(" .,:;-*#(")))
