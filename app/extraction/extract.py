"""Extraction entry point: rows, template or rules, then the checks."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date

from app.extraction import languages
from app.extraction.checks import KEY_FIELDS, review
from app.extraction.languages.gloss import without_glosses
from app.extraction.learned import read_learned
from app.extraction.memory import Correction
from app.extraction.options import ExtractionOptions
from app.extraction.result import ExtractionResult, Field, ReviewReason
from app.extraction.rows import Row, document_text, group_rows
from app.extraction.rules import read_fields
from app.extraction.scorer import Model, load_model
from app.extraction.templates import Template, apply_template, select_template
from app.ocr.types import TextBlock


def extract(
    blocks: Sequence[TextBlock],
    options: ExtractionOptions | None = None,
    templates: Sequence[Template] = (),
    template_id: int | None = None,
    today: date | None = None,
    model: Model | None | bool = True,
    corrections: Sequence[Correction] = (),
) -> ExtractionResult:
    """Extract fields from OCR blocks: a template's regexes where one applies; else, for total,
    date, vendor and address, what the user's `corrections` of the same seller point to, else
    the learned scorer (`model=True`: the shipped one; `False`: rules only); the rules for the rest."""
    options = options or ExtractionOptions()
    today = today or date.today()
    rows = group_rows(blocks)
    options, language = resolve_language(options, document_text(rows))
    rows = _without_glosses(blocks, rows, options.language)
    ruled = read_fields(rows, options, today)
    scorer = load_model() if model is True else (model or None)
    learned = read_learned(rows, options, today, scorer, corrections, ruled.fields)
    result = ExtractionResult(fields={**ruled.fields, **learned.fields}, language=language)
    template = select_template(templates, document_text(rows), template_id)
    reasons: list[ReviewReason] = []
    ambiguous = ruled.ambiguous_date
    if template is not None:
        found, reasons = apply_template(template, rows, options)
        result.fields.update(found)
        result.template_id = template.id
        ambiguous = ambiguous and "date" not in found
    if result.fields.get("date", Field()).source == "model":
        ambiguous = ambiguous and result.value("date") == ruled.fields["date"].value
    bars = scorer.review_bars() if scorer is not None else {}
    if options.model_review_confidence is not None:
        bars = dict.fromkeys(KEY_FIELDS, options.model_review_confidence)
    result.review_reasons = reasons + ruled.reasons + review(
        result, ruled.adjustments, ambiguous, today, options.amount_tolerance, options.review_confidence, bars,
    )
    return result


def _without_glosses(blocks: Sequence[TextBlock], rows: list[Row], language: str) -> list[Row]:
    """The rows again without the English glosses of a bilingual document's labels (`Ngày (Date) 15`)."""
    read = without_glosses(blocks, language)
    return rows if all(a is b for a, b in zip(read, blocks, strict=True)) else group_rows(read)


def resolve_language(options: ExtractionOptions, text: str) -> tuple[ExtractionOptions, dict[str, object]]:
    """Detect the language when `auto`; return the options to read with and `{code, confidence, detected}`."""
    if options.language.lower() != languages.AUTO:
        return options, {"code": options.language.lower(), "confidence": 1.0, "detected": False}
    code, confidence = languages.detect(text)
    return replace(options, language=code), {"code": code, "confidence": confidence, "detected": True}
