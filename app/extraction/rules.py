"""The rule-based reader: every field from rows, without any template."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from app.extraction import languages, places
from app.extraction.header import find_address, find_vendor
from app.extraction.items import find_line_items
from app.extraction.options import ExtractionOptions
from app.extraction.refs import find_currency, find_invoice_number
from app.extraction.result import Field, ReviewReason
from app.extraction.rows import Row
from app.extraction.totals import Amounts, Segment, extract_amounts, row_segments
from app.extraction.when import pick_date, reading_order


@dataclass
class RulesOutput:
    """Fields read by the rules and what the checks need beyond them."""

    fields: dict[str, Field] = field(default_factory=dict)
    adjustments: list[Decimal] = field(default_factory=list)
    ambiguous_date: bool = False
    reasons: list[ReviewReason] = field(default_factory=list)



# The dollar of a country an address shows (`Bondi Junction NSW 2022`), when the caller named no region.
_COUNTRY_DOLLAR = {"US": "USD", "AU": "AUD"}


# A dollar named in words on the page: `All prices are in US dollars.`, `Amounts in AUD`.
_NAMED_DOLLAR = re.compile(
    r"\b(?:(?P<us>U\.?S\.? dollars?|US\$|USD)|(?P<au>australian dollars?|AUD)|(?P<ca>canadian dollars?|CAD)"
    r"|(?P<nz>new zealand dollars?|NZD)|(?P<sg>singapore dollars?|SGD)|(?P<hk>hong kong dollars?|HKD))(?!\w)",
    re.IGNORECASE)
_NAMED_CODES = {"us": "USD", "au": "AUD", "ca": "CAD", "nz": "NZD", "sg": "SGD", "hk": "HKD"}


def _dollar(rows: Sequence[Row], options: ExtractionOptions) -> str:
    """Return the ISO code a bare `$` stands for: the caller's region's, else the dollar the page names in
    words (`All prices are in US dollars.`), else the country's the address shows."""
    if "-" in options.language.replace("_", "-"):
        return options.dollar_currency
    for row in rows:
        m = _NAMED_DOLLAR.search(row.text)
        if m is not None and m.lastgroup is not None:
            return _NAMED_CODES[m.lastgroup]
    return _COUNTRY_DOLLAR.get(places.shown_country([r.text for r in rows]) or "", options.dollar_currency)


def shown_currency(rows: Sequence[Row]) -> Field | None:
    """Return, where no amount carries a currency, the dollar of the country the address shows
    (`Austin, TX 78701`, `Bondi Junction NSW 2022`), unprinted, with less confidence."""
    code = _COUNTRY_DOLLAR.get(places.shown_country([r.text for r in rows]) or "")
    return Field.found(code, None, 0.6, []) if code is not None else None

def money_currency(segs: Sequence[Segment]) -> tuple[Field | None, ReviewReason | None]:
    """Return the currency printed beside the amounts; none, with a reason, when two compete."""
    seen = Counter(s.amount.currency for s in segs if s.amount.currency)
    if not seen:
        return None, None
    (top, n), *rest = seen.most_common()
    if rest and rest[0][1] * 2 > n:
        other = rest[0][0]
        return None, ReviewReason("currency", "ambiguous_currency", f"amounts are printed in {top} and {other}")
    seg = next(s for s in segs if s.amount.currency == top)
    a = seg.amount
    return Field.found(top, a.raw, 0.9 * seg.row.confidence(a.start, a.end), seg.row.blocks_in(a.start, a.end)), None


def named_currency(rows: Sequence[Row], language: str) -> Field | None:
    """Return the language's own currency when a row names it though no amount carries it: `VNĐ` over
    a column, `đồng` in the amount in words (`Một triệu … đồng`); else, unprinted, the language's usual
    currency (a bill in another currency names it), with less confidence."""
    if languages.base_code(language) == "en" or not languages.has_pack(language):
        return None
    pack = languages.get(language)
    symbols = pack.symbols
    for row in rows:
        for sym in sorted(symbols, key=len, reverse=True):
            m = re.search(rf"(?<![^\W\d_]){re.escape(sym)}(?![^\W\d_])", row.text, re.IGNORECASE)
            if m:
                return Field.found(symbols[sym], m.group(0), 0.8 * row.confidence(m.start(), m.end()),
                                   row.blocks_in(m.start(), m.end()))
    return Field.found(pack.currency, None, 0.6, [])


def _header_end(rows: Sequence[Row], vendor_end: int, address: Field | None) -> int:
    if address is None or address.box is None:
        return vendor_end + 1
    bottom = address.box[2][1]
    page = address.page
    return max([vendor_end + 1] + [r.index + 1 for r in rows if r.page == page and r.bottom <= bottom + 1])


def read_fields(rows: Sequence[Row], options: ExtractionOptions, today: date) -> RulesOutput:
    """Read all fields from rows with the general rules."""
    out = RulesOutput()
    tol = Decimal(str(options.amount_tolerance))
    segs = row_segments(rows, options.decimal_separator, options.language)
    amounts: Amounts = extract_amounts(rows, segs, tol, options.language)
    vendor, vendor_end = find_vendor(rows, options.language)
    address = find_address(rows, vendor_end, options.language)
    order, settled = reading_order(rows, options)
    dated = pick_date(rows, order, settled, today, options.language)
    # Other languages' amounts carry their currency (`45,67 zł`, `Rp 15.000`); English keeps its reader.
    currency, why = money_currency(segs) if languages.base_code(options.language) != "en" else (None, None)
    printed = [f.value for f in (amounts.total, amounts.subtotal) if f is not None]
    if amounts.total is not None and amounts.tax is not None:
        printed.append(amounts.total.value - amounts.tax.value)
    items = find_line_items(rows, segs, _header_end(rows, vendor_end, address), printed, options.language)
    found = {
        "vendor": vendor,
        "address": address,
        "date": dated.date,
        "time": dated.time,
        "total_amount": amounts.total,
        "subtotal": amounts.subtotal,
        "tax": amounts.tax,
        "currency": currency if currency is not None or why
        else find_currency(rows, _dollar(rows, options)) or named_currency(rows, options.language)
        or shown_currency(rows),
        "invoice_number": find_invoice_number(rows),
        "line_items": Field(items, None, 0.7, None) if items else None,
    }
    out.fields = {k: v for k, v in found.items() if v is not None}
    out.adjustments = amounts.adjustments
    out.ambiguous_date = dated.ambiguous
    out.reasons = [why] if why else []
    return out
