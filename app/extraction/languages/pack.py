"""The `LanguagePack` dataclass: everything language-specific that extraction reads, as data."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

# Roles of label words. Receipt roles first, then the invoice roles.
ROLES = (
    "total", "subtotal", "tax", "payment", "change", "rounding", "discount", "date",
    "invoice_number", "due_date", "seller", "buyer", "net", "gross", "iban", "payment_terms", "tax_id",
    "invoice_title", "prepaid", "payee",
)
DATE_ORDERS = ("DMY", "MDY", "YMD")


@dataclass(frozen=True)
class NumberFormat:
    """How a language prints amounts: decimal mark, thousands marks, and the usual count of decimals."""

    decimal: str
    thousands: tuple[str, ...]
    decimals: int = 2


@dataclass(frozen=True, eq=False)
class LanguagePack:
    """One language: label words per role, month names, date order, number formats, currencies, letters."""

    code: str
    name: str
    script: str
    words: Mapping[str, tuple[str, ...]]
    months: tuple[tuple[str, ...], ...]
    date_order: str
    number_formats: tuple[NumberFormat, ...]
    currencies: tuple[str, ...]
    symbols: Mapping[str, str] = field(default_factory=dict)
    letters: str = ""
    keywords: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        unknown = set(self.words) - set(ROLES)
        if unknown:
            raise ValueError(f"{self.code}: unknown roles {sorted(unknown)}")
        if self.months and len(self.months) != 12:
            raise ValueError(f"{self.code}: twelve months expected")
        if self.date_order not in DATE_ORDERS:
            raise ValueError(f"{self.code}: date_order must be one of {DATE_ORDERS}")
        object.__setattr__(self, "words", MappingProxyType({r: tuple(self.words.get(r, ())) for r in ROLES}))
        object.__setattr__(self, "symbols", MappingProxyType(dict(self.symbols)))

    @property
    def currency(self) -> str:
        """Return the language's usual currency (ISO 4217)."""
        return self.currencies[0]

    @property
    def decimals(self) -> int:
        """Return how many decimals the first number format prints (0 for VND)."""
        return self.number_formats[0].decimals


def pack(code: str, name: str, words: dict[str, str], months: str, date_order: str,
         formats: tuple[NumberFormat, ...], currencies: str, symbols: dict[str, str] | None = None,
         letters: str = "", keywords: str = "", script: str = "latin") -> LanguagePack:
    """Build a pack from compact text: words per role separated by `|`, months by `;` (forms by `,`)."""
    return LanguagePack(
        code=code, name=name, script=script,
        words={role: tuple(w.strip() for w in text.split("|") if w.strip()) for role, text in words.items()},
        months=tuple(tuple(f.strip() for f in m.split(",")) for m in months.split(";")) if months else (),
        date_order=date_order, number_formats=formats, currencies=tuple(currencies.split()),
        symbols=symbols or {}, letters=letters, keywords=tuple(k.strip() for k in keywords.split("|") if k.strip()),
    )


COMMA = NumberFormat(",", (".", " ", "\u00a0"))
COMMA_SPACE = NumberFormat(",", (" ", "\u00a0", "."))
DOT = NumberFormat(".", (",",))
WHOLE = NumberFormat(",", (".", ","), 0)
