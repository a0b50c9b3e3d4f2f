"""The place names of the countries a language's documents come from, to spell a misread town back.

`places/CC.txt` holds a country's populated places as GeoNames spells them (`scripts/build_places.py`
writes them from GeoNames' cities500, CC BY 4.0). A language reads the countries of `COUNTRIES`; a
language tag with a region (`en-SG`, `de-AT`) reads that region's country alone. Names are compared
as their words in upper case without accents; `Places` indexes them by the lengths of those words.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from app.extraction.languages.text import strip_accents

DIR = Path(__file__).resolve().parent / "places"

COUNTRIES: dict[str, tuple[str, ...]] = {
    "en": ("MY", "SG", "GB", "IE"),
    "ms": ("MY", "SG", "BN"),
    "id": ("ID",),
    "vi": ("VN",),
    "pl": ("PL",),
    "de": ("DE", "AT", "CH"),
    "fr": ("FR", "BE", "CH", "LU"),
    "nl": ("NL", "BE"),
    "es": ("ES",),
    "it": ("IT",),
    "pt": ("PT",),
}
# Read only when a language tag names them (`en-US`): one gazetteer of every English-speaking country
# corrects real words to far towns (`JAPAN` -> `JAPAH`, `LAPANGAN` -> `LARANGAN` on Malaysian receipts).
REGION_ONLY = ("US", "AU", "CA", "NZ")


def key(word: str) -> str:
    """A word as names are compared: upper case, no accents."""
    return strip_accents(word).upper()


WORD = re.compile(r"[^\W\d_]+")  # a run of letters


def split(name: str) -> tuple[str, ...]:
    """The words of a name (letters only; `Kuala-Lumpur`, `St. Gallen` split at the marks)."""
    return tuple(WORD.findall(name))


@dataclass(frozen=True)
class Places:
    """Place names indexed for lookup: exact names, the words they use, and names by word lengths."""

    exact: frozenset[tuple[str, ...]]
    words: frozenset[str]
    by_shape: dict[tuple[int, ...], tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]]

    def named(self, keys: tuple[str, ...]) -> bool:
        """Tell whether these words (compared as keys) are a place's whole name."""
        return keys in self.exact

    def shaped(self, keys: tuple[str, ...]) -> tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]:
        """The names (keys, printed words) whose words have the lengths of `keys`."""
        return self.by_shape.get(tuple(len(k) for k in keys), ())


def countries(language: str) -> tuple[str, ...]:
    """The countries a language tag reads: its region's when it names one we hold, else the language's."""
    base, _, region = language.replace("_", "-").partition("-")
    region = region.upper()
    if len(region) == 2 and (DIR / f"{region}.txt").is_file():
        return (region,)
    return COUNTRIES.get(base.lower(), ())


def _names(country: str) -> list[str]:
    path = DIR / f"{country}.txt"
    if not path.is_file():
        return []
    return [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip() and line[0] != "#"]


@lru_cache(maxsize=16)
def places(codes: tuple[str, ...]) -> Places:
    """The place names of these countries, indexed (loaded once per set of countries)."""
    exact: set[tuple[str, ...]] = set()
    known: set[str] = set()
    shapes: dict[tuple[int, ...], dict[tuple[str, ...], tuple[str, ...]]] = {}
    for country in codes:
        for name in _names(country):
            printed = split(name)
            keys = tuple(key(w) for w in printed)
            known.update(keys)  # the words of longer names too (`Marburg an der Lahn`)
            if not keys or len(keys) > 3:
                continue
            exact.add(keys)
            shapes.setdefault(tuple(len(k) for k in keys), {}).setdefault(keys, tuple(w.upper() for w in printed))
    return Places(
        frozenset(exact),
        frozenset(known),
        {shape: tuple(sorted(found.items())) for shape, found in shapes.items()},
    )


# The names a country goes by on a document: in English and in its own languages (upper case, no accents).
COUNTRY_NAMES: dict[str, tuple[str, ...]] = {
    "MY": ("MALAYSIA",), "SG": ("SINGAPORE", "SINGAPURA"), "BN": ("BRUNEI", "BRUNEI DARUSSALAM"),
    "GB": ("UNITED KINGDOM", "UK", "GREAT BRITAIN", "ENGLAND", "SCOTLAND", "WALES", "NORTHERN IRELAND"),
    "IE": ("IRELAND", "EIRE"), "ID": ("INDONESIA",), "VN": ("VIETNAM", "VIET NAM"), "PL": ("POLAND", "POLSKA"),
    "DE": ("GERMANY", "DEUTSCHLAND"), "AT": ("AUSTRIA", "OSTERREICH"),
    "CH": ("SWITZERLAND", "SCHWEIZ", "SUISSE", "SVIZZERA"), "FR": ("FRANCE",),
    "BE": ("BELGIUM", "BELGIQUE", "BELGIE"), "LU": ("LUXEMBOURG", "LUXEMBURG"),
    "NL": ("NETHERLANDS", "THE NETHERLANDS", "NEDERLAND"), "ES": ("SPAIN", "ESPANA"), "IT": ("ITALY", "ITALIA"),
    "PT": ("PORTUGAL",), "US": ("USA", "UNITED STATES", "UNITED STATES OF AMERICA"), "AU": ("AUSTRALIA",),
    "CA": ("CANADA",), "NZ": ("NEW ZEALAND",),
}
_COUNTRY_KEYS = frozenset(tuple(name.split()) for names in COUNTRY_NAMES.values() for name in names)
_LONGEST_COUNTRY = max(len(k) for k in _COUNTRY_KEYS)


def ends_with_country(text: str) -> bool:
    """Tell whether a row ends with a country's name (`56000 Kuala Lumpur, Malaysia.`): where an address ends."""
    words = tuple(key(w) for w in split(text)[-_LONGEST_COUNTRY:])
    return any(words[-n:] in _COUNTRY_KEYS for n in range(1, len(words) + 1))


# How an address shows its country without naming it: a US state and ZIP code after the town's comma
# (`San Francisco, CA 94103`), an Australian state and postcode (`Bondi Junction NSW 2022`). Upper case
# only; the states that are common words or other codes (`WA`, `SA`, `NT`, `ACT`: `GST ACT 2014`) are left out.
_US_STATE_ZIP = re.compile(
    r",\s*(?:AL|AK|AZ|AR|CA|CO|CT|DC|FL|GA|HI|IA|ID|IL|IN|KS|KY|LA|MA|MD|ME|MI|MN|MO|MS|MT|NC|ND|NE|NH|NJ|NM|"
    r"NV|NY|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VA|VT|WI|WV|WY)\s+\d{5}(?:-\d{4})?(?![\w-])"
)
_AU_STATE_POSTCODE = re.compile(r"\b(?:NSW|VIC|QLD|TAS)\s+\d{4}(?![\w-])"
                                r"|\bABN:?\s*\d{2}\s?\d{3}\s?\d{3}\s?\d{3}(?!\d)")  # or its business number


def shown_country(texts: Sequence[str]) -> str | None:
    """Return `US` or `AU` when a row prints that country's state and postcode (or, Australia, its business
    number: `ABN 93 267 810 101`); else None."""
    for text in texts:
        if _US_STATE_ZIP.search(text):
            return "US"
        if _AU_STATE_POSTCODE.search(text):
            return "AU"
    return None
