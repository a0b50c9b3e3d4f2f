"""Locale-aware amounts: `1.234,56`, `1 234,56`, `1,234.56`, `45,67 zł`, `1.500.000 đ`, `Rp 15.000`."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from app.extraction.languages.pack import LanguagePack

ISO_CODES = frozenset(
    "USD EUR GBP MYR SGD AUD CAD NZD HKD JPY CNY INR IDR PHP THB VND KRW CHF SEK NOK DKK PLN CZK HUF "
    "ZAR AED SAR TWD BRL MXN".split()
)
# ASCII digits only: digits of other scripts are not read as amounts.
_D = "[0-9]"
_GROUPED = rf"{_D}{{1,3}}(?:(?P<ts>[.,'\u00a0 ]){_D}{{3}})(?:(?P=ts){_D}{{3}})*"
_NUMBER = re.compile(
    rf"(?<![0-9.,])(?P<neg>-\s?)?(?P<int>{_GROUPED}|{_D}+)(?:(?P<dec>[.,]){_D}{{1,2}})?(?![.,]?[0-9])(?!\s?%)(?P<neg2>-(?![0-9]))?"
)


# Thousands groups with both marks, as OCR reads a whole-unit amount's dots now and then (`1.120,392`
# for `1.120.392` đ): read only where the language prints no decimals.
_MIXED = re.compile(rf"(?<![0-9.,])(?P<neg>-\s?)?(?P<int>{_D}{{1,3}}(?:[.,]{_D}{{3}}){{2,}})(?![.,]?[0-9])")


@dataclass(frozen=True)
class Money:
    """An amount as printed: value, raw text, span in the text, and the currency printed beside it."""

    value: Decimal
    raw: str
    start: int
    end: int
    currency: str | None = None


def _symbols(pack: LanguagePack) -> dict[str, str]:
    table = {code: code for code in ISO_CODES}
    table.update({"€": "EUR", "£": "GBP", "₫": "VND", "zł": "PLN", "Rp": "IDR", "RM": "MYR", "$": "USD"})
    table.update(pack.symbols)
    return table


def _currency_near(text: str, start: int, end: int, pack: LanguagePack) -> tuple[str | None, int, int]:
    """Return the currency printed right before or after a number, and the widened span."""
    table = _symbols(pack)
    before = text[max(0, start - 6) : start]
    after = text[end : end + 7]
    for sym in sorted(table, key=len, reverse=True):
        m = re.search(rf"(?<![^\W\d_]){re.escape(sym)}\.?\s?$", before, re.IGNORECASE)
        if m and (len(sym) > 1 or not sym.isalpha()):
            return table[sym], start - (len(before) - m.start()), end
        m = re.match(rf"\s?{re.escape(sym)}(?![^\W\d_])", after, re.IGNORECASE)
        if m:
            return table[sym], start, end + m.end()
    return None, start, end


def _value(m: re.Match[str], pack: LanguagePack) -> Decimal | None:
    """Read a matched number with the pack's formats; None when the formats cannot read it."""
    integer, ts, dec = m["int"], m["ts"], m["dec"]
    frac = m.string[m.end("int") + 1 : m.end("int") + 3] if dec else ""
    if ts is not None and dec is not None and ts == dec:
        return None
    if ts == " " and not any(" " in f.thousands for f in pack.number_formats):
        return None
    if dec is not None and len(frac) != 2:
        return None
    if dec is None and ts is None:
        return Decimal(integer)
    if dec is None and ts is not None and pack.decimals == 2 and ts in ".,":
        # `1.234` on a two-decimal language: a thousands group only if the language groups with it.
        if not any(ts in f.thousands and f.decimal != ts for f in pack.number_formats):
            return None
    digits = integer.replace(ts or "", "")
    try:
        return Decimal(f"{digits}.{frac}" if frac else digits)
    except InvalidOperation:
        return None


def find_money(text: str, pack: LanguagePack, require_marker: bool = True) -> list[Money]:
    """Return amounts printed in `text` read with the pack's number formats.

    With `require_marker`, a number counts only when it reads as money: two decimals, thousands groups,
    or a currency beside it (so a quantity, a year or a tax id is not an amount)."""
    out: list[Money] = []
    mixed = [m for m in _MIXED.finditer(text) if pack.decimals == 0 and len(set(re.sub("[0-9]", "", m["int"]))) == 2]
    for m in mixed:
        whole = Decimal(re.sub("[.,]", "", m["int"]))
        cur, start, end = _currency_near(text, m.start("int"), m.end(), pack)
        start = m.start() if m["neg"] else start
        out.append(Money(-whole if m["neg"] else whole, text[start:end].strip(), start, end, cur))
    for m in _NUMBER.finditer(text):
        if any(x.start() <= m.start() < x.end() or m.start() <= x.start() < m.end() for x in mixed):
            continue
        value = _value(m, pack)
        if value is None:
            continue
        cur, start, end = _currency_near(text, m.start("int"), m.end(), pack)
        plain = m["dec"] is None and m["ts"] is None
        if require_marker and plain and (cur is None or pack.decimals == 2):
            continue
        if m["ts"] == " " and m["dec"] is None and cur is None:
            continue
        negative = bool(m["neg"] or m["neg2"])
        start = m.start() if m["neg"] else start
        out.append(Money(-value if negative else value, text[start:end].strip(), start, end, cur))
    return out


def parse_amount(text: str, pack: LanguagePack) -> Decimal | None:
    """Return the first amount printed in `text`, read the pack's way (`1.500.000 đ` → 1500000)."""
    found = find_money(text, pack, require_marker=False)
    return found[0].value if found else None
