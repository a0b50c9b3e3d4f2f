"""User templates (invoice2data style): validation, selection and time-bounded application."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from app.extraction.amounts import CODES, SYMBOLS, parse_amount
from app.extraction.dates import find_dates, find_times
from app.extraction.options import DATE_ORDERS, ExtractionOptions
from app.extraction.result import FIELD_NAMES, Field, ReviewReason
from app.extraction.rows import Row, document_text, locate
from app.extraction.saferegex import Deadline, RegexTimeout, pattern_problem, search
from app.extraction.totals import amounts_in

# Every extracted field but line items, which a single regex cannot express.
TEMPLATE_FIELDS = tuple(name for name in FIELD_NAMES if name != "line_items")
OPTION_KEYS = ("date_order", "currency", "decimal_separator", "static", "language")
STATIC_FIELDS = ("vendor", "address", "currency")
MAX_KEYWORDS = 50
MAX_KEYWORD_LENGTH = 200
MAX_PATTERNS_PER_FIELD = 10


@dataclass(frozen=True, eq=False)
class Template:
    """A user template: keywords that select it and one regex (or several) per field."""

    id: int | None
    name: str
    keywords: Sequence[str] = ()
    exclude_keywords: Sequence[str] = ()
    fields: Mapping[str, str | Sequence[str]] = field(default_factory=dict)
    options: Mapping[str, Any] = field(default_factory=dict)
    priority: int = 0

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Template:
        """Build a template from its stored JSON shape (the `templates` row)."""
        return cls(
            id=data.get("id"),
            name=str(data.get("name", "")),
            keywords=tuple(data.get("keywords") or ()),
            exclude_keywords=tuple(data.get("exclude_keywords") or ()),
            fields=dict(data.get("fields") or {}),
            options=dict(data.get("options") or {}),
            priority=int(data.get("priority") or 0),
        )

    def patterns(self, name: str) -> list[str]:
        """Return the patterns of one field as a list."""
        value = self.fields.get(name)
        if value is None:
            return []
        return [value] if isinstance(value, str) else list(value)


MAX_STATIC_LENGTH = 500


def _check_strings(name: str, value: Any, required: bool) -> list[str]:
    if value is None:
        return [f"{name}: required"] if required else []
    if not isinstance(value, list | tuple) or not all(isinstance(v, str) and v.strip() for v in value):
        return [f"{name}: must be a list of non-empty strings"]
    if required and not value:
        return [f"{name}: at least one is required"]
    if len(value) > MAX_KEYWORDS or any(len(v) > MAX_KEYWORD_LENGTH for v in value):
        return [f"{name}: at most {MAX_KEYWORDS} of at most {MAX_KEYWORD_LENGTH} characters"]
    return []


def _check_fields(fields: Any) -> list[str]:
    if not isinstance(fields, Mapping):
        return ["fields: must be an object {field: regex}"]
    errors = []
    for name, value in fields.items():
        if name not in TEMPLATE_FIELDS:
            errors.append(f"fields.{name}: unknown field (known: {', '.join(TEMPLATE_FIELDS)})")
            continue
        patterns = [value] if isinstance(value, str) else value
        if not isinstance(patterns, list | tuple) or not patterns or len(patterns) > MAX_PATTERNS_PER_FIELD:
            errors.append(f"fields.{name}: must be a regex or a list of 1-{MAX_PATTERNS_PER_FIELD} regexes")
            continue
        for pattern in patterns:
            problem = pattern_problem(pattern) if isinstance(pattern, str) else "must be a string"
            if problem:
                errors.append(f"fields.{name}: {problem}")
    return errors


def _check_options(options: Any) -> list[str]:
    if not isinstance(options, Mapping):
        return ["options: must be an object"]
    errors = [
        f"options.{k}: unknown option (known: {', '.join(OPTION_KEYS)})"
        for k in options
        if k not in OPTION_KEYS
    ]
    order = options.get("date_order")
    if order is not None and str(order).upper() not in DATE_ORDERS:
        errors.append(f"options.date_order: must be one of {', '.join(DATE_ORDERS)}")
    if options.get("decimal_separator") not in (None, ".", ","):
        errors.append("options.decimal_separator: must be '.' or ','")
    currency = options.get("currency")
    if currency is not None and str(currency).upper() not in CODES:
        errors.append("options.currency: must be an ISO 4217 code such as EUR")
    static = options.get("static", {})
    if not isinstance(static, Mapping) or any(
        k not in STATIC_FIELDS or not isinstance(v, str) or len(v) > MAX_STATIC_LENGTH for k, v in static.items()
    ):
        errors.append(f"options.static: must map {', '.join(STATIC_FIELDS)} to strings of at most "
                      f"{MAX_STATIC_LENGTH} characters")
    return errors


def validate_template(data: Mapping[str, Any]) -> list[str]:
    """Return the errors of a template's JSON (empty when it can be saved)."""
    if not isinstance(data, Mapping):
        return ["template: must be an object"]
    errors = []
    name = data.get("name")
    if not isinstance(name, str) or not name.strip() or len(name) > 200:
        errors.append("name: required, at most 200 characters")
    errors += _check_strings("keywords", data.get("keywords"), required=True)
    errors += _check_strings("exclude_keywords", data.get("exclude_keywords"), required=False)
    errors += _check_fields(data.get("fields", {}))
    errors += _check_options(data.get("options", {}))
    priority = data.get("priority", 0)
    if not isinstance(priority, int) or isinstance(priority, bool) or not -1000 <= priority <= 1000:
        errors.append("priority: must be an integer from -1000 to 1000")
    return errors


def _norm(text: str) -> str:
    return " ".join(text.casefold().split())


def matches(template: Template, text: str) -> bool:
    """Tell whether all keywords and no exclude keyword occur in text (case and spacing ignored)."""
    norm = _norm(text)
    return (
        bool(template.keywords)
        and all(_norm(k) in norm for k in template.keywords)
        and not any(_norm(k) in norm for k in template.exclude_keywords)
    )


def select_template(
    templates: Sequence[Template], text: str, template_id: int | None = None
) -> Template | None:
    """Return the template asked for by id, else the highest-priority one whose keywords match."""
    if template_id is not None:
        chosen = next((t for t in templates if t.id == template_id), None)
        if chosen is not None:
            return chosen
    fitting = [t for t in templates if matches(t, text)]
    if not fitting:
        return None
    return max(fitting, key=lambda t: (t.priority, len(t.keywords), -(t.id or 0)))


def convert_value(
    name: str,
    raw: str,
    options: ExtractionOptions,
    decimal_separator: str | None = None,
    date_order: str | None = None,
) -> Any:
    """Turn the text a template captured into the field's value (amount, date, time, code or text)."""
    sep = decimal_separator or options.decimal_separator
    order = (date_order or options.resolved_date_order).upper()
    if name in ("total_amount", "subtotal", "tax"):
        # The page's number formats (`1 234,56`, `Rp 15.000`) unless the template names its separator.
        amounts = amounts_in(raw, sep, options.language)
        return amounts[0].value if amounts else parse_amount(raw, sep)
    if name == "date":
        found = find_dates(raw, order, compact=True, language=options.language)
        return found[0].value if found else None
    if name == "time":
        times = find_times(raw)
        return times[0].value if times else None
    if name == "currency":
        token = raw.strip().upper()
        code = SYMBOLS.get(token, token if token in CODES else None)
        return options.dollar_currency if code == "$" else code
    return " ".join(raw.split()) or None


def _convert(name: str, raw: str, template: Template, options: ExtractionOptions) -> Any:
    return convert_value(
        name, raw, options, template.options.get("decimal_separator"), template.options.get("date_order")
    )


def _field_from_match(m: Any, rows: Sequence[Row], value: Any) -> Field:
    group = "value" if "value" in m.re.groupindex else (1 if m.re.groups else 0)
    start, end = m.span(group)
    spans = locate(rows, start, end)
    blocks = [b for row, s, e in spans for b in row.blocks_in(s, e)]
    conf = min((row.confidence(s, e) for row, s, e in spans), default=1.0)
    return Field.found(value, m.group(group), 0.95 * conf, blocks, source="template")


def apply_template(
    template: Template, rows: Sequence[Row], options: ExtractionOptions
) -> tuple[dict[str, Field], list[ReviewReason]]:
    """Run the template's regexes (bounded by `options.regex_timeout_s` in all) over the rows."""
    text = document_text(rows)
    deadline = Deadline(options.regex_timeout_s)
    found: dict[str, Field] = {}
    reasons: list[ReviewReason] = []
    for name in TEMPLATE_FIELDS:
        try:
            value_field = _first_match(template, name, text, rows, options, deadline)
        except RegexTimeout:
            reasons.append(
                ReviewReason(
                    name, "template_timeout", f"template {template.name!r} regex for {name} ran out of time"
                )
            )
            continue
        if value_field is not None:
            found[name] = value_field
    for name, value in _statics(template).items():
        found.setdefault(name, Field(value, value, 1.0, None, "template"))
    return found, reasons


def _first_match(
    template: Template,
    name: str,
    text: str,
    rows: Sequence[Row],
    options: ExtractionOptions,
    deadline: Deadline,
) -> Field | None:
    for pattern in template.patterns(name):
        if pattern_problem(pattern):
            continue
        m = search(pattern, text, deadline)
        if m is None:
            continue
        group = "value" if "value" in m.re.groupindex else (1 if m.re.groups else 0)
        value = _convert(name, m.group(group) or "", template, options)
        if value is not None:
            return _field_from_match(m, rows, value)
    return None


def _statics(template: Template) -> dict[str, str]:
    static = {k: v for k, v in dict(template.options.get("static") or {}).items() if k in STATIC_FIELDS}
    if template.options.get("currency"):
        static.setdefault("currency", str(template.options["currency"]).upper())
    return static
