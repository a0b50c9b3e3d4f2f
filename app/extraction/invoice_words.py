"""Invoice label words by language code (one table, lower-case) and how a label is found in a row's text."""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .rows import Row

INVOICE_WORDS: dict[str, dict[str, tuple[str, ...]]] = {
    "en": {"title": ("invoice", "tax invoice", "vat invoice"),
           "gross": ("total due", "amount due", "balance due", "invoice total", "total amount", "grand total", "total"),
           "net": ("subtotal", "sub-total", "net amount", "net total", "total excl. vat", "untaxed amount"),
           "tax": ("vat", "tax", "sales tax", "gst"),
           "invoice_number": ("invoice number", "invoice no", "invoice #", "invoice"),
           "due_date": ("due date", "payment due", "due"), "buyer": ("bill to", "billed to", "invoice to", "to"),
           "payment_terms": ("payment terms", "terms"), "iban": ("iban",),
           "tax_id": ("vat no", "vat number", "vat id", "tax id", "abn")},
    "fr": {"title": ("facture",), "invoice_number": ("numéro de facture", "n° de facture", "facture n°", "facture n"),
           "gross": ("total ttc", "net à payer", "montant ttc", "total à payer", "montant total"),
           "net": ("total ht", "montant ht", "sous-total"), "tax": ("tva", "montant tva", "total tva"),
           "due_date": ("date d'échéance", "échéance"), "buyer": ("facturé à", "client"),
           "payment_terms": ("conditions de paiement", "conditions de règlement"), "iban": ("iban",),
           "tax_id": ("n° tva", "tva intracommunautaire", "numéro de tva")},
    "de": {"title": ("rechnung",), "invoice_number": ("rechnungsnummer", "rechnungs-nr", "rechnung nr"),
           "gross": ("gesamtbetrag", "rechnungsbetrag", "zu zahlen", "endbetrag", "bruttobetrag", "summe"),
           "net": ("nettobetrag", "zwischensumme", "summe netto", "netto"), "tax": ("mwst", "ust", "umsatzsteuer"),
           "due_date": ("fällig am", "fälligkeitsdatum", "zahlbar bis"), "buyer": ("rechnungsempfänger", "kunde"),
           "payment_terms": ("zahlungsbedingungen", "zahlungsziel"), "iban": ("iban",),
           "tax_id": ("ust-idnr", "ust-id", "steuernummer")},
    "nl": {"title": ("factuur",), "invoice_number": ("factuurnummer", "factuur nr", "factuurnr"),
           "gross": ("te betalen", "totaal incl. btw", "totaalbedrag", "factuur totaal", "totaal"),
           "net": ("subtotaal", "totaal excl. btw", "netto"), "tax": ("btw",),
           "due_date": ("vervaldatum", "uiterste betaaldatum"), "buyer": ("factuuradres", "klant"),
           "payment_terms": ("betalingsvoorwaarden", "betalingstermijn"), "iban": ("iban",),
           "tax_id": ("btw-nummer", "btw nr", "btw-id")},
    "pl": {"title": ("faktura", "faktura vat"), "invoice_number": ("numer faktury", "faktura vat nr", "faktura nr", "nr faktury"),
           "gross": ("do zapłaty", "razem brutto", "wartość brutto", "suma brutto"),
           "net": ("razem netto", "wartość netto", "suma netto"), "tax": ("kwota vat", "vat"),
           "due_date": ("termin płatności", "termin zapłaty"), "buyer": ("nabywca",),
           "payment_terms": ("sposób płatności", "forma płatności"), "iban": ("iban", "nr rachunku"),
           "tax_id": ("nip",)},
    "vi": {"title": ("hóa đơn", "hoá đơn", "hóa đơn giá trị gia tăng"),
           "gross": ("tổng cộng tiền thanh toán", "tổng tiền thanh toán", "tổng cộng"),
           "net": ("cộng tiền hàng", "tiền hàng"), "tax": ("tiền thuế gtgt", "thuế gtgt"),
           "invoice_number": ("số hóa đơn", "số hoá đơn", "số"), "due_date": ("hạn thanh toán",),
           "buyer": ("người mua hàng", "đơn vị mua hàng"), "payment_terms": ("hình thức thanh toán",),
           "iban": ("số tài khoản",), "tax_id": ("mã số thuế", "mst")},
}


def words(role: str) -> tuple[str, ...]:
    """Return a role's words in every language, longest first (so 'invoice number' wins over 'invoice')."""
    found = {w for table in INVOICE_WORDS.values() for w in table.get(role, ())}
    return tuple(sorted(found, key=len, reverse=True))


def fold(text: str) -> str:
    """Drop accents one character for one (positions stay valid): OCR often loses them ('Echeance')."""
    out = []
    for ch in text:
        base = "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c))
        out.append(_FOLD_EXTRA.get(ch, base if len(base) == 1 else ch))
    return "".join(out)


_FOLD_EXTRA = {"đ": "d", "Đ": "D", "ł": "l", "Ł": "L"}


@functools.cache
def _label_patterns(role: str) -> tuple[re.Pattern[str], ...]:
    """A role's words as patterns: whole words, any spacing ('N°de facture'), accents optional."""
    patterns = []
    for word in words(role):
        body = r"\s*".join(re.escape(part) for part in fold(word).split())
        end = r"(?!\w)" if word[-1].isalnum() else ""  # 'facture n°562…': a label may touch its value
        patterns.append(re.compile(rf"(?<!\w){body}{end}", re.IGNORECASE))
    return tuple(patterns)


def find_label(text: str, role: str) -> re.Match[str] | None:
    """Find the first of a role's words as a whole word in text (spans index `text` itself)."""
    folded = fold(text)
    for pattern in _label_patterns(role):
        m = pattern.search(folded)
        if m:
            return m
    return None


def after_label(rows: Sequence[Row], index: int, end: int) -> list[str]:
    """The text right of a label on its row, then the next row's text."""
    out = [rows[index].text[end:]]
    if index + 1 < len(rows):
        out.append(rows[index + 1].text)
    return out
