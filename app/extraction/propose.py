"""Propose a template from a user's corrected results of one vendor."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from app.extraction.amounts import find_amounts, to_decimal
from app.extraction.dates import day_first_or_month_first, find_dates
from app.extraction.options import ExtractionOptions
from app.extraction.templates import convert_value, validate_template
from app.extraction.totals import amounts_in

MIN_SAMPLES = 3
HEADER_LINES = 8
LEARNED_FIELDS = ("total_amount", "subtotal", "tax", "date", "invoice_number")
_VALUE_PATTERNS = {
    "total_amount": r"(?P<value>-?(?:[A-Z]{1,3}\$?|[$€£])?[ ]?(?:\d{1,3}(?: \d{3})+|\d[\d.,']*)[.,]\d{2})",
    "date": r"(?P<value>\d{1,4}[./-]\d{1,2}[./-]\d{2,4}|\d{1,2}[ -]?[A-Z]{3,9}\.?,?[ -]?\d{2,4}"
    r"|[A-Z]{3,9}\.?[ ]?\d{1,2},?[ ]?\d{4})",
    "invoice_number": r"(?P<value>[A-Z]{1,4} \d[A-Z0-9/_.-]*|[A-Z0-9][A-Z0-9/_.-]*\d[A-Z0-9/_.-]*)",
}
_GENERIC = set(
    "TAX INVOICE RECEIPT TOTAL DATE TIME TEL FAX GST VAT REG THE AND FOR WITH CASH SALE SALES BILL "
    "SIMPLIFIED PHONE EMAIL WWW COM THANK YOU NO".split()
)
_SEPARATOR = r"[^\S\n]*[:#.=-]?[^\S\n]*[:#]?[^\S\n]*"


def _norm(text: str) -> str:
    return " ".join(re.sub(r"[^\w]+|_", " ", str(text).upper()).split())


def _final(sample: Mapping[str, Any], name: str) -> Any:
    corrections = sample.get("corrections") or {}
    if name in corrections:
        return corrections[name]
    return (sample.get("extracted_data") or {}).get(name)


def _language(sample: Mapping[str, Any]) -> str:
    """The language a sample was read in (`extracted_data.language.code`), English when not recorded."""
    read = (sample.get("extracted_data") or {}).get("language")
    return str(read.get("code") or "en") if isinstance(read, Mapping) else "en"


def _spans(name: str, value: Any, line: str, language: str = "en") -> list[tuple[int, int, str]]:
    """Return (start, end, raw) of each place the value is printed on a line, read in `language`."""
    if name in ("total_amount", "subtotal", "tax"):
        target = to_decimal(str(value), ".")
        return [
            (a.start, a.end, line[a.start : a.end])
            for a in amounts_in(line, None, language)
            if target is not None and abs(a.value) == abs(target)
        ]
    if name == "date":
        try:
            day = date.fromisoformat(str(value)[:10])
        except ValueError:  # a bad sample is skipped; it must not stop learning from the others
            return []
        return [
            (d.start, d.end, d.raw)
            for order in ("DMY", "MDY")
            for d in find_dates(line, order, language=language)
            if d.value == day
        ]
    pos = line.upper().find(str(value).upper())
    return (
        [(pos, pos + len(str(value)), line[pos : pos + len(str(value))])] if pos >= 0 and str(value) else []
    )


def _labels(name: str, value: Any, text: str, language: str = "en") -> tuple[set[str], list[str]]:
    """Return the 1-3 word labels printed just before the value, and the value as printed."""
    labels, raws = set(), []
    for line in text.splitlines():
        for start, _, raw in _spans(name, value, line, language):
            words = re.sub(r"[^\w%&/()-]+", " ", line[:start]).split()
            raws.append(raw)
            for n in (1, 2, 3):
                if len(words) >= n:
                    labels.add(" ".join(words[-n:]).upper())
    return labels, raws


def _date_order(raws: list[str]) -> str | None:
    """Return the day/month order that a printed date with a day above 12 proves, if any."""
    for raw in raws:
        m = re.fullmatch(r"(\d{1,2})[./-](\d{1,2})[./-](\d{2,4})", raw)
        if m:
            order = day_first_or_month_first(int(m[1]), int(m[2]))
            if order:
                return order
    return None


def _pattern(name: str, label: str) -> str:
    words = [re.escape(w) for w in label.split()]
    value = _VALUE_PATTERNS.get(name, _VALUE_PATTERNS["total_amount"])
    return r"(?<![\w-])" + r"\W{1,3}".join(words) + _SEPARATOR + value


def _same(name: str, found: Any, expected: Any) -> bool:
    if found is None or expected is None:
        return False
    if name in ("total_amount", "subtotal", "tax"):
        return Decimal(str(found)) == to_decimal(str(expected), ".")
    if name == "date":
        return str(found) == str(expected)[:10]
    return _norm(found) == _norm(expected)


def _verified(name: str, pattern: str, samples: Sequence[Mapping[str, Any]], order: str | None) -> bool:
    rx = re.compile(pattern, re.IGNORECASE | re.MULTILINE)
    for s in samples:
        options = ExtractionOptions(date_order=order, language=_language(s))
        m = rx.search(str(s.get("text") or ""))
        if m is None or not _same(name, convert_value(name, m.group("value"), options), _final(s, name)):
            return False
    return True


def _learn_field(name: str, samples: Sequence[Mapping[str, Any]]) -> tuple[str | None, str | None]:
    """Return (pattern, date order) for a field printed after the same label in every sample."""
    common: set[str] | None = None
    raws: list[str] = []
    for s in samples:
        labels, found = _labels(name, _final(s, name), str(s.get("text") or ""), _language(s))
        common = labels if common is None else common & labels
        raws += found
    order = _date_order(raws) if name == "date" else None
    for label in sorted(common or (), key=lambda x: (-len(x.split()), x)):
        pattern = _pattern(name, label)
        if _verified(name, pattern, samples, order):
            return pattern, order
    return None, None


def _keywords(vendor: str, samples: Sequence[Mapping[str, Any]]) -> list[str]:
    """Return the vendor name (if printed in every sample) and stable header words."""
    heads = [" ".join(str(s.get("text") or "").splitlines()[:HEADER_LINES]).upper() for s in samples]
    keywords = (
        [vendor]
        if vendor and all(" ".join(vendor.upper().split()) in " ".join(h.split()) for h in heads)
        else []
    )
    tokens = [t.strip(".,:;()[]") for t in heads[0].split()]
    for token in tokens:
        if len(keywords) >= 3:
            break
        if (
            len(token) >= 3
            and token not in _GENERIC
            and not find_amounts(token)
            and not find_dates(token)
            and all(re.search(rf"(?<!\w){re.escape(token)}(?!\w)", h) for h in heads)
            and not any(token in k.upper() for k in keywords)
        ):
            keywords.append(token)
    return keywords


def _group(corrections: Sequence[Mapping[str, Any]], min_samples: int) -> tuple[str, list[Mapping[str, Any]]]:
    groups: dict[str, list[Mapping[str, Any]]] = {}
    names: dict[str, str] = {}
    for sample in corrections:
        vendor = _final(sample, "vendor")
        if vendor and _norm(vendor):
            groups.setdefault(_norm(vendor), []).append(sample)
            names.setdefault(_norm(vendor), str(vendor).strip())
    best = max(groups, key=lambda k: len(groups[k]), default=None)
    if best is None or len(groups[best]) < min_samples:
        return "", []
    return names[best], groups[best]


def propose_template(corrections: Sequence[Mapping[str, Any]], min_samples: int = MIN_SAMPLES) -> dict | None:
    """Propose a template once one vendor has `min_samples` corrected results; None before that."""
    vendor, samples = _group(corrections, min_samples)
    if not samples:
        return None
    corrected = {k for s in samples for k in (s.get("corrections") or {})}
    fields: dict[str, str] = {}
    options: dict[str, Any] = {"static": {"vendor": vendor}}
    for name in LEARNED_FIELDS:
        if name not in corrected or any(_final(s, name) in (None, "") for s in samples):
            continue
        pattern, order = _learn_field(name, samples)
        if pattern:
            fields[name] = pattern
            if order:
                options["date_order"] = order
    keywords = _keywords(vendor, samples)
    if not keywords or not fields:
        return None
    proposal = {
        "name": f"{vendor} (learned)",
        "keywords": keywords,
        "exclude_keywords": [],
        "fields": fields,
        "options": options,
        "priority": 10,
    }
    return proposal if not validate_template(proposal) else None
