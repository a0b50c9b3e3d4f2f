"""Find money amounts and currencies in printed text."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

# Symbols and codes as printed, mapped to ISO 4217. `$` alone is resolved by the options' region.
SYMBOLS = {
    "US$": "USD",
    "S$": "SGD",
    "SG$": "SGD",
    "A$": "AUD",
    "AU$": "AUD",
    "C$": "CAD",
    "CA$": "CAD",
    "HK$": "HKD",
    "NZ$": "NZD",
    "NT$": "TWD",
    "R$": "BRL",
    "MX$": "MXN",
    "€": "EUR",
    "£": "GBP",
    "¥": "JPY",
    "₹": "INR",
    "₱": "PHP",
    "฿": "THB",
    "₩": "KRW",
    "₫": "VND",
    "RM": "MYR",
    "RP": "IDR",
    "RS": "INR",
    "RMB": "CNY",
    "$": "$",
}
CODES = (
    "USD EUR GBP MYR SGD AUD CAD NZD HKD JPY CNY INR IDR PHP THB VND KRW CHF SEK NOK DKK PLN CZK HUF "
    "ZAR AED SAR TWD BRL MXN"
).split()

_SYM = "|".join(re.escape(s) for s in sorted(SYMBOLS, key=len, reverse=True))
_CODE = "|".join(CODES)
_PREFIX = rf"(?:{_CODE}|{_SYM})"
_NUMBER = r"(?:\d{1,3}(?:(?P<ts>[.,'])\d{3})(?:(?P=ts)\d{3})*|\d+)?(?P<dec>[.,])\d{2}"
AMOUNT_RE = re.compile(
    rf"(?<![\d.,])(?P<neg>-)?(?P<po>\()?(?:(?<![A-Z])(?P<cur>{_PREFIX})\s?)?(?P<neg2>-\s?)?"
    rf"(?<![\d.,])(?P<num>{_NUMBER})(?![.,]?\d)(?!\s?%)(?P<pc>\))?"
    rf"(?:\s?(?P<cur2>{_CODE}|€|£|¥|₹)(?![A-Z]))?(?P<neg3>-(?!\d))?",
    re.IGNORECASE | re.ASCII,
)
_CURRENCY_TOKEN = re.compile(rf"(?<![A-Z]){_PREFIX}(?![A-Z])")


@dataclass(frozen=True)
class Amount:
    """One amount found in a text: value, text as printed, span and currency token."""

    value: Decimal
    raw: str
    start: int
    end: int
    currency: str | None = None


def to_decimal(number: str, decimal_separator: str | None = None) -> Decimal | None:
    """Convert a printed number (`1,234.56`, `1.234,56`, `12,50`) to a Decimal."""
    s = number.strip().replace("'", "").replace(" ", "")
    if not s:
        return None
    dec = decimal_separator or _guess_separator(s)
    other = "," if dec == "." else "."
    s = s.replace(other, "").replace(dec, ".")
    try:
        return Decimal(s)
    except InvalidOperation:
        return None


def _guess_separator(s: str) -> str:
    last_dot, last_comma = s.rfind("."), s.rfind(",")
    if last_dot >= 0 and last_comma >= 0:
        return "." if last_dot > last_comma else ","
    if last_comma >= 0:
        # A single comma followed by exactly three digits is a thousands separator, unless nothing but
        # a zero stands before it (`0,845` kg).
        thousands = len(s) - last_comma - 1 == 3 and s.count(",") == 1 and s.lstrip("-+")[:2] != "0,"
        return "." if thousands else ","
    return "."


def _currency(token: str | None) -> str | None:
    if not token:
        return None
    upper = token.upper()
    return SYMBOLS.get(upper, upper if upper in CODES else None)


def find_amounts(text: str, decimal_separator: str | None = None) -> list[Amount]:
    """Return amounts with two decimals (optionally signed, bracketed, with a currency) in text."""
    out = []
    for m in AMOUNT_RE.finditer(text):
        if m.group("ts") and m.group("ts") == m.group("dec"):
            continue
        if m.group("num")[0] in ".," and not m.group("po"):
            continue
        if decimal_separator and m.group("dec") != decimal_separator:
            continue
        value = to_decimal(m.group("num"), m.group("dec"))
        if value is None:
            continue
        negative = bool(
            m.group("neg") or m.group("neg2") or m.group("neg3") or (m.group("po") and m.group("pc"))
        )
        cur = _currency(m.group("cur") or m.group("cur2"))
        out.append(Amount(-value if negative else value, m.group(0).strip(), m.start(), m.end(), cur))
    return out


def parse_amount(text: str, decimal_separator: str | None = None) -> Decimal | None:
    """Return the first amount in text, or a plain number when no two-decimal amount is printed."""
    found = find_amounts(text, decimal_separator)
    if found:
        return found[0].value
    m = re.search(r"-?\d[\d.,']*", text)
    if m is None:
        return None
    return (
        to_decimal(m.group(0).lstrip("-"), decimal_separator)
        if not m.group(0).startswith("-")
        else (-(to_decimal(m.group(0)[1:], decimal_separator) or Decimal(0)))
    )


def detect_currency(texts: list[str], dollar: str = "USD") -> tuple[str | None, str | None]:
    """Return (ISO code, token as printed) of the currency printed most often, or (None, None)."""
    votes: Counter[str] = Counter()
    raw: dict[str, str] = {}
    for text in texts:
        for m in _CURRENCY_TOKEN.finditer(text.upper()):
            token = m.group(0)
            code = _currency(token)
            if code is None or (len(token) > 1 and not _near_amount_or_header(text.upper(), m)):
                continue
            code = dollar if code == "$" else code
            votes[code] += 1
            raw.setdefault(code, token)
    if not votes:
        return None, None
    code = votes.most_common(1)[0][0]
    return code, raw[code]


def only_currency(text: str) -> bool:
    """Tell whether a row prints nothing but a currency (`EUR`, `(RM)`, `€`): an amount column's header."""
    return _CURRENCY_TOKEN.fullmatch(text.upper().strip(" ()[]:*-")) is not None


def _near_amount_or_header(text: str, m: re.Match[str]) -> bool:
    # Letter codes count next to a number or in brackets, e.g. `RM 9.00`, `9.00 EUR`, `AMOUNT (RM)`.
    before, after = text[max(0, m.start() - 2) : m.start()], text[m.end() : m.end() + 2]
    return bool(re.search(r"\d", before + after)) or "(" in before or ")" in after
