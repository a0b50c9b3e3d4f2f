"""The words extraction's features look for, one table per language, one tuple per role.

Roles name what a word says about the text beside it: `total` labels the amount due,
`company` ends a legal name, `street` opens an address line, and so on. Multi-word entries
match as phrases. Upper case; matching ignores case and punctuation between words.
"""

from __future__ import annotations

import re
from functools import lru_cache

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


def words(language: str, role: str) -> tuple[str, ...]:
    """Return the words of one role in a language (English when the language has no table)."""
    return WORDS[_base(language)].get(role, ())


def roles(language: str) -> tuple[str, ...]:
    """Return the role names of a language's table."""
    return tuple(WORDS[_base(language)])


@lru_cache(maxsize=256)
def role_pattern(language: str, role: str) -> re.Pattern[str] | None:
    """Return one compiled pattern matching any word of a role as whole words (None when empty)."""
    entries = sorted(words(language, role), key=len, reverse=True)
    if not entries:
        return None
    alts = [r"[^A-Z0-9]*".join(re.escape(w) for w in re.split(r"[\s/-]+", e) if w) for e in entries]
    return re.compile(r"(?<![A-Z0-9])(?:" + "|".join(alts) + r")(?![A-Z0-9])")


def has(text: str, role: str, language: str = DEFAULT_LANGUAGE) -> bool:
    """Tell whether a text holds a word of a role (case-insensitive)."""
    pattern = role_pattern(language, role)
    return bool(pattern and pattern.search(text.upper()))
