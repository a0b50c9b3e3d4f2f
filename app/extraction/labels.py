"""Classify the label printed before an amount: total, subtotal, tax, payment, rounding…"""

from __future__ import annotations

import re

from app.extraction import languages
from app.extraction.languages.labels import classify as classify_by_pack

TAX_WORDS = r"(?:GST|VAT|TAX|TAXES|HST|PST|QST|SST|CGST|SGST|IGST|UTGST|IVA|TVA|MWST|BTW|PPN|SALES TAX)"

_QTY_TOTAL = re.compile(r"\bTOTAL ?(?:QTY|QUANTITY|ITEMS?|ITEM S|PCS|PIECES|UNITS?|COUNT|NO|NUMBER)\b")
_QTY = re.compile(r"\b(?:QTY|QUANTITY|ITEM COUNT|ITEMS?|COUNT|PCS|NO OF ITEMS|UNITS)\b")
_CHANGE = re.compile(r"\bCHANGE\b")
_DISCOUNT = re.compile(r"\b(?:DISC|DISCOUNTS?|SAVINGS?|SAVED|YOU SAVE|COUPON|PROMO|LESS|MARKDOWN)\b")
_SUBTOTAL = re.compile(
    r"\bSUB ?TOTAL\b|\bSUBTOTAL\b|\bNET (?:AMOUNT|AMT|VALUE|SALES|OF TAX)\b|\bTAXABLE\b"
    r"|\bTOTAL.*\b(?:EXCL?|EXCLUDING|EXCLUSIVE|EX|BEFORE|WITHOUT|W O|NET OF|PRE)\b"
)
_TIP = re.compile(r"\b(?:TIPS?|GRATUITY)\b")
_SERVICE = re.compile(r"\b(?:SERVICE|SERV|SVC|SRV)\b|\bSERVICE CH")
_TAX = re.compile(rf"\b{TAX_WORDS}\b")
_TAX_TOTAL = re.compile(rf"^{TAX_WORDS}\b|\bTOTAL ?{TAX_WORDS}\b")
_NOT_TAX = re.compile(r"\bTAX (?:INVOICE|CODE|ID|NO|REG)\b|\b(?:GST|VAT) (?:ID|NO|REG)\b")
_ROUNDING = re.compile(r"\bROUND(?:ING|ED)?\b|\bADJ(?:USTMENT|USTEMENT)?\b")
_PAYMENT = re.compile(
    r"\b(?:CASH|PAID|PAYMENT|PAY|TENDER|TENDERED|CARD|VISA|MASTER|MASTERCARD|AMEX|AMERICAN EXPRESS|DEBIT"
    r"|CREDIT|EFTPOS|MAESTRO|DISCOVER|JCB|UNIONPAY|NETS|PAYPAL|WALLET|EWALLET|GIFT|REFUND|DEPOSIT|CHEQUE"
    r"|CHECK|APPROVED|AUTH)\b"
)
_PAID_TOTAL = re.compile(r"\bTOTAL ?(?:PAID|TENDERED|PAYMENT|CASH)\b")
_TOTAL_STRONG = re.compile(
    r"\b(?:GRAND TOTAL|TOTAL DUE|AMOUNT DUE|AMT DUE|BALANCE DUE|BAL DUE|TOTAL PAYABLE|AMOUNT PAYABLE"
    r"|AMT PAYABLE|TOTAL TO PAY|AMOUNT TO PAY|TO PAY|NETT? TOTAL|TOTAL NETT?|ROUNDED TOTAL|TOTAL ROUNDED"
    r"|TOTAL AFTER|TOTAL AMOUNT|TOTAL AMT|INVOICE TOTAL|TOTAL GROSS|GROSS TOTAL|TOTAL SALE|TOTAL BILL"
    r"|TOTAL CHARGES?|AMOUNT PAYABLE|TOTAL [A-Z]* ?PAYABLE)\b"
)
_TOTAL = re.compile(r"\bTOTAL|\bTTL\b")
_TOTAL_WEAK = re.compile(r"\b(?:AMOUNT|AMT|NETT?|BALANCE|SUM|PAYABLE|DUE|GROSS)\b")
_SUMMARY = re.compile(rf"\b{TAX_WORDS} ?(?:SUMMARY|ANALYSIS|DETAILS?|BREAKDOWN|RATE)\b")


def normalise(label: str) -> str:
    """Upper-case a label and reduce it to words (letters of any script) separated by single spaces."""
    return " ".join(re.sub(r"[^\w%]+|_", " ", label.upper().replace("-", "")).split())


def classify(label: str, language: str = "en") -> tuple[str, int]:
    """Return (kind, rank) of a label; kinds: total, subtotal, tax, rounding, payment, change,
    discount, tip, service, qty, other. Rank orders total labels (3 strongest).

    Another language's pack words are tried first, then the English rules (receipts mix them)."""
    if languages.base_code(language) != "en" and languages.has_pack(language):
        found = classify_by_pack(label, languages.get(language))
        if found is not None:
            return found
    s = normalise(label)
    has_total = bool(_TOTAL.search(s))
    for kind, matched in _ordered_checks(s, has_total):
        if matched:
            return kind, 0
    if _TOTAL_STRONG.search(s):
        return "total", 3
    if has_total:
        return "total", 2
    if _TOTAL_WEAK.search(s):
        return "total", 1
    return "other", 0


def _ordered_checks(s: str, has_total: bool) -> list[tuple[str, bool]]:
    tax = bool(_TAX.search(s)) and not _NOT_TAX.search(s)
    return [
        ("qty", bool(_QTY_TOTAL.search(s)) or (bool(_QTY.search(s)) and not has_total)),
        ("change", bool(_CHANGE.search(s))),
        ("discount", bool(_DISCOUNT.search(s))),
        ("subtotal", bool(_SUBTOTAL.search(s))),
        ("tip", bool(_TIP.search(s))),
        ("service", bool(_SERVICE.search(s)) and not has_total),
        ("tax", tax and (not has_total or bool(_TAX_TOTAL.search(s)))),
        ("rounding", bool(_ROUNDING.search(s)) and not has_total),
        (
            "payment",
            bool(_PAID_TOTAL.search(s))
            or (bool(_PAYMENT.search(s)) and not has_total and not _TOTAL_STRONG.search(s)),
        ),
    ]


def is_tax_total(label: str) -> bool:
    """Tell whether a tax label names the document's tax total (`TOTAL GST`, `VAT …` first)."""
    return bool(_TAX_TOTAL.search(normalise(label)))


def is_summary_header(text: str) -> bool:
    """Tell whether a row opens a tax summary table (its totals are not the document's)."""
    s = normalise(text)
    return bool(_SUMMARY.search(s)) and not _TOTAL_STRONG.search(s)
