"""Options of one extraction run."""

from __future__ import annotations

from dataclasses import dataclass

DATE_ORDERS = ("DMY", "MDY", "YMD")

# Regions that print month-first dates; every other English locale prints day-first.
_MONTH_FIRST_REGIONS = {"us", "ph", "fm", "pw", "mh"}
# OCR language codes (and ISO codes) whose documents print year-first dates.
_YEAR_FIRST_LANGUAGES = {"ch", "chinese_cht", "zh", "japan", "ja", "korean", "ko", "hu", "lt"}
# Which currency a bare `$` means, by region.
_DOLLAR_BY_REGION = {"au": "AUD", "ca": "CAD", "sg": "SGD", "nz": "NZD", "hk": "HKD", "tw": "TWD"}


def _split_language(language: str) -> tuple[str, str]:
    base, _, region = language.replace("_", "-").lower().partition("-")
    return base, region


@dataclass(frozen=True)
class ExtractionOptions:
    """Settings of one extraction: language, date order, bounds and review threshold."""

    language: str = "en"
    date_order: str | None = None
    regex_timeout_s: float = 1.0
    decimal_separator: str | None = None
    review_confidence: float = 0.5
    # Fields read by the learned scorer carry a calibrated confidence: below its field's bar (set at
    # training time, `Model.review_bars`) or below this value when given, a human looks.
    model_review_confidence: float | None = None
    amount_tolerance: float = 0.02

    def __post_init__(self) -> None:
        if self.date_order is not None and self.date_order.upper() not in DATE_ORDERS:
            raise ValueError(f"date_order must be one of {DATE_ORDERS} or None")
        if self.decimal_separator not in (None, ".", ","):
            raise ValueError("decimal_separator must be '.', ',' or None")
        if self.regex_timeout_s <= 0:
            raise ValueError("regex_timeout_s must be positive")

    @property
    def resolved_date_order(self) -> str:
        """Return the date order to use: the explicit one, else the language's."""
        if self.date_order:
            return self.date_order.upper()
        base, region = _split_language(self.language)
        if region in _MONTH_FIRST_REGIONS:
            return "MDY"
        if base in _YEAR_FIRST_LANGUAGES:
            return "YMD"
        return "DMY"

    @property
    def dollar_currency(self) -> str:
        """Return the ISO code a bare `$` stands for in this language's region."""
        return _DOLLAR_BY_REGION.get(_split_language(self.language)[1], "USD")
