"""Extraction entry point: rows, template or rules, then the checks."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date

from app.extraction import languages
from app.extraction.checks import review
from app.extraction.options import ExtractionOptions
from app.extraction.result import ExtractionResult, ReviewReason
from app.extraction.rows import document_text, group_rows
from app.extraction.rules import read_fields
from app.extraction.templates import Template, apply_template, select_template
from app.ocr.types import TextBlock


def extract(
    blocks: Sequence[TextBlock],
    options: ExtractionOptions | None = None,
    templates: Sequence[Template] = (),
    template_id: int | None = None,
    today: date | None = None,
) -> ExtractionResult:
    """Extract fields from OCR blocks: a template's regexes where one applies, rules for the rest."""
    options = options or ExtractionOptions()
    today = today or date.today()
    rows = group_rows(blocks)
    options, language = resolve_language(options, document_text(rows))
    ruled = read_fields(rows, options, today)
    result = ExtractionResult(fields=dict(ruled.fields), language=language)
    template = select_template(templates, document_text(rows), template_id)
    reasons: list[ReviewReason] = []
    ambiguous = ruled.ambiguous_date
    if template is not None:
        found, reasons = apply_template(template, rows, options)
        result.fields.update(found)
        result.template_id = template.id
        ambiguous = ambiguous and "date" not in found
    result.review_reasons = reasons + ruled.reasons + review(
        result, ruled.adjustments, ambiguous, today, options.amount_tolerance, options.review_confidence
    )
    return result


def resolve_language(options: ExtractionOptions, text: str) -> tuple[ExtractionOptions, dict[str, object]]:
    """Detect the language when `auto`; return the options to read with and `{code, confidence, detected}`."""
    if options.language.lower() != languages.AUTO:
        return options, {"code": options.language.lower(), "confidence": 1.0, "detected": False}
    code, confidence = languages.detect(text)
    return replace(options, language=code), {"code": code, "confidence": confidence, "detected": True}
