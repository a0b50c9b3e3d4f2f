"""Validation: arithmetic and sanity checks that send a result to human review."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal
from itertools import combinations

from app.extraction.result import ExtractionResult, LineItem, ReviewReason

KEY_FIELDS = ("vendor", "date", "total_amount")
MODEL_BAR = 0.9  # review bar of a model-read field when the model gives none


def _subset_sums(values: Sequence[Decimal]) -> set[Decimal]:
    sums = {Decimal(0)}
    for n in range(1, min(len(values), 6) + 1):
        sums.update(sum(c, Decimal(0)) for c in combinations(values, n))
    return sums


def _close(a: Decimal, b: Decimal, tol: Decimal) -> bool:
    return abs(a - b) <= tol


def _arithmetic(
    result: ExtractionResult, adjustments: Sequence[Decimal], tol: Decimal
) -> ReviewReason | None:
    total, sub, tax = result.value("total_amount"), result.value("subtotal"), result.value("tax")
    if total is None or sub is None:
        return None
    extras = _subset_sums(adjustments)
    bases = {sub, sub + tax} if tax is not None else {sub}
    if any(_close(b + e, total, tol) for b in bases for e in extras):
        return None
    shown = f"{sub} + {tax}" if tax is not None else f"{sub}"
    return ReviewReason(
        "total_amount",
        "arithmetic_mismatch",
        f"subtotal {shown} (with printed adjustments) does not add up to total {total}",
    )


def _line_items(
    result: ExtractionResult, adjustments: Sequence[Decimal], tol: Decimal
) -> ReviewReason | None:
    items: list[LineItem] = result.value("line_items") or []
    if not items:
        return None
    total, sub, tax = result.value("total_amount"), result.value("subtotal"), result.value("tax")
    target = sub if sub is not None else total
    if target is None:
        return None
    summed = sum((i.amount for i in items), Decimal(0))
    targets = {t for t in (sub, total) if t is not None}
    if total is not None and tax is not None:
        targets.add(total - tax)
    if any(
        _close(summed + e, t, tol) or _close(summed, t + e, tol)
        for t in targets
        for e in _subset_sums(adjustments)
    ):
        return None
    return ReviewReason(
        "line_items",
        "line_items_mismatch",
        f"line items add up to {summed}, not {'subtotal' if sub is not None else 'total'} {target}",
    )


def _missing(result: ExtractionResult) -> list[ReviewReason]:
    return [
        ReviewReason(name, f"missing_{'total' if name == 'total_amount' else name}", f"no {name} found")
        for name in KEY_FIELDS
        if result.value(name) is None
    ]


def _low_confidence(
    result: ExtractionResult, threshold: float, model_bars: Mapping[str, float]
) -> list[ReviewReason]:
    """Flag key fields read with a low confidence; the model's calibrated ones against their field's bar."""
    out = []
    for name in KEY_FIELDS:
        f = result.fields.get(name)
        if f is None or f.value is None:
            continue
        if f.confidence < (model_bars.get(name, MODEL_BAR) if f.source == "model" else threshold):
            out.append(
                ReviewReason(name, "low_confidence", f"{name} read with confidence {f.confidence:.2f}")
            )
    return out


def review(
    result: ExtractionResult,
    adjustments: Sequence[Decimal],
    ambiguous_date: bool,
    today: date,
    tolerance: float,
    threshold: float,
    model_bars: Mapping[str, float] | None = None,
) -> list[ReviewReason]:
    """Return every reason the result needs a human look (empty when it passes all checks)."""
    tol = Decimal(str(tolerance))
    reasons = _missing(result)
    when = result.value("date")
    if ambiguous_date and when is not None:
        reasons.append(
            ReviewReason("date", "ambiguous_date", "the date reads differently day-first and month-first")
        )
    if when is not None and when > today:
        reasons.append(ReviewReason("date", "future_date", f"date {when.isoformat()} is in the future"))
    for check in (_arithmetic, _line_items):
        reason = check(result, adjustments, tol)
        if reason is not None:
            reasons.append(reason)
    reasons.extend(_low_confidence(result, threshold, model_bars or {}))
    return reasons
