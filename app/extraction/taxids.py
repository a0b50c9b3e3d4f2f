"""Tax identifiers and IBANs: find them in text and check them by their checksums.

PL NIP, DE USt-IdNr, VN MST, EU VAT numbers (AT BE DE DK ES FI FR IT LU NL PL PT SE, others by
format only), UK VAT numbers (mod 97, and the 9755 range) and IBAN (ISO 13616 mod 97). A number whose country defines a checksum is valid
only when the checksum holds.
"""

from __future__ import annotations

import re
from collections.abc import Callable

_COUNTRY_LENGTHS = {"AT": 9, "BE": 10, "DE": 9, "DK": 8, "ES": 9, "FI": 8, "FR": 11, "IT": 11, "LU": 8,
                    "NL": 12, "PL": 10, "PT": 9, "SE": 12}
IBAN_RE = re.compile(r"\b([A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?)\b")
VAT_RE = re.compile(r"\b(AT ?U\d{8}|BE ?[01]\d{9}|DE ?\d{9}|DK ?\d{8}|ES ?[A-Z0-9]\d{7}[A-Z0-9]|FI ?\d{8}|"
                    r"FR ?[A-Z0-9]{2} ?\d{9}|IT ?\d{11}|LU ?\d{8}|NL ?\d{9}B\d{2}|PL ?\d{10}|PT ?\d{9}|"
                    r"SE ?\d{12}|GB ?\d{3} ?\d{4} ?\d{2})\b")
NIP_RE = re.compile(r"(?<![\d-])(\d{3}-?\d{3}-?\d{2}-?\d{2}|\d{3}-?\d{2}-?\d{2}-?\d{3})(?![\d-])")
MST_RE = re.compile(r"(?<!\d)(\d{10}(?:-\d{3})?)(?!\d)")


def compact(value: str) -> str:
    """Return the identifier without spaces, dots and dashes, upper-cased."""
    return re.sub(r"[\s.\-]", "", value).upper()


def _weighted(digits: str, weights: tuple[int, ...]) -> int:
    return sum(int(d) * w for d, w in zip(digits, weights, strict=False))


def valid_nip(value: str) -> bool:
    """PL NIP: 10 digits, weights 6 5 7 2 3 4 5 6 7, mod 11 equals the last digit."""
    v = compact(value).removeprefix("PL")
    if not re.fullmatch(r"\d{10}", v):
        return False
    check = _weighted(v, (6, 5, 7, 2, 3, 4, 5, 6, 7)) % 11
    return check != 10 and check == int(v[9])


def valid_de(value: str) -> bool:
    """DE USt-IdNr: DE + 9 digits, ISO 7064 MOD 11,10."""
    v = compact(value).removeprefix("DE")
    if not re.fullmatch(r"[1-9]\d{8}", v):
        return False
    product = 10
    for d in v[:8]:
        total = (int(d) + product) % 10 or 10
        product = (2 * total) % 11
    return (11 - product) % 10 == int(v[8])


def valid_mst(value: str) -> bool:
    """VN MST: 10 digits (+ '-' and a 3-digit branch), weights 31 29 23 19 17 13 7 5 3, 10 - sum mod 11."""
    v = compact(value).removeprefix("VN")
    if not re.fullmatch(r"\d{10}(\d{3})?", v):
        return False
    check = 10 - _weighted(v, (31, 29, 23, 19, 17, 13, 7, 5, 3)) % 11
    return check < 10 and check == int(v[9])


def _fr(v: str) -> bool:
    if not v[:2].isdigit():
        return True  # the new alphanumeric keys have no public checksum: format only
    return int(v[:2]) == (12 + 3 * (int(v[2:]) % 97)) % 97


def _nl(v: str) -> bool:
    digits = v[:9]
    return _weighted(digits, (9, 8, 7, 6, 5, 4, 3, 2)) % 11 == int(digits[8]) or _mod97(f"NL{v}")


def _mod97(v: str) -> bool:
    numeric = "".join(str(int(c, 36)) for c in v[4:] + v[:4])
    return int(numeric) % 97 == 1


def _luhn(v: str) -> bool:
    total = 0
    for i, d in enumerate(reversed(v)):
        n = int(d) * (2 if i % 2 else 1)
        total += n - 9 if n > 9 else n
    return total % 10 == 0


_CHECKS: dict[str, Callable[[str], bool]] = {
    "PL": valid_nip,
    "DE": valid_de,
    "BE": lambda v: 97 - int(v[:8]) % 97 == int(v[8:]),
    "FR": _fr,
    "NL": _nl,
    "IT": _luhn,
    "AT": lambda v: (96 - sum(sum(divmod(int(d) * (2 if i % 2 else 1), 10)) for i, d in enumerate(v[1:8]))) % 10
    == int(v[8]),
    "GB": lambda v: (_weighted(v, (8, 7, 6, 5, 4, 3, 2)) + int(v[7:9])) % 97 in (0, 42),
    "DK": lambda v: _weighted(v, (2, 7, 6, 5, 4, 3, 2, 1)) % 11 == 0,
    "FI": lambda v: (11 - _weighted(v, (7, 9, 10, 5, 8, 4, 2)) % 11) % 11 == int(v[7]),
    "PT": lambda v: (11 - _weighted(v, (9, 8, 7, 6, 5, 4, 3, 2)) % 11) % 10 == int(v[8]),
}


def valid_vat(value: str) -> bool:
    """An EU VAT number (country prefix + national number): format, and the checksum where one exists."""
    v = compact(value)
    country, rest = v[:2], v[2:]
    if not VAT_RE.fullmatch(v):
        return False
    check = _CHECKS.get(country)
    return check(rest if country not in ("PL", "DE") else v) if check else True


def valid_iban(value: str) -> bool:
    """IBAN: 15-34 characters, ISO 13616 mod 97 equals 1."""
    v = compact(value)
    return bool(re.fullmatch(r"[A-Z]{2}\d{2}[A-Z0-9]{11,30}", v)) and _mod97(v)


def find_ibans(text: str) -> list[str]:
    """Return the valid IBANs printed in text, compacted, in order."""
    return [compact(m) for m in IBAN_RE.findall(text.upper()) if valid_iban(m)]


def find_tax_ids(text: str) -> list[str]:
    """Return valid tax ids in text: EU VAT numbers, then bare PL NIPs and VN MSTs, in order."""
    found = [compact(m) for m in VAT_RE.findall(text.upper()) if valid_vat(m)]
    found += [compact(m) for m in NIP_RE.findall(text) if valid_nip(m) and "PL" + compact(m) not in found]
    found += [m for m in MST_RE.findall(text) if valid_mst(m) and compact(m) not in found]
    return found
