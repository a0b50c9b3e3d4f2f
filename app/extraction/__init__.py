"""Field extraction from OCR blocks (framework-free): rows, rules, templates and checks."""

from app.extraction.extract import extract
from app.extraction.memory import Correction
from app.extraction.options import ExtractionOptions
from app.extraction.propose import propose_template
from app.extraction.result import ExtractionResult, Field, LineItem, ReviewReason
from app.extraction.templates import Template, select_template, validate_template

__all__ = [
    "Correction",
    "ExtractionOptions",
    "ExtractionResult",
    "Field",
    "LineItem",
    "ReviewReason",
    "Template",
    "extract",
    "propose_template",
    "select_template",
    "validate_template",
]
