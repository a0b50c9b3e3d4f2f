"""Read the invoice / receipt number and the currency."""

from __future__ import annotations

import re
from collections.abc import Sequence

from app.extraction.amounts import detect_currency
from app.extraction.dates import find_dates
from app.extraction.result import Field
from app.extraction.rows import Row

# (pattern of the label, confidence): the first label that matches on any row wins over later ones.
_LABELS = [
    (
        r"INVOICE\s*(?:NO|NUMBER|NUM|#|ID)\.?|INV(?:OICE)?\s*[-.]?\s*(?:NO|NUM|#)\.?|INV\s*#|TAX\s+INVOICE",
        0.9,
    ),
    (r"(?:RECEIPT|RCPT|RCT)\s*(?:NO|NUMBER|NUM|#|ID)\.?|RECEIPT\s*#", 0.85),
    (r"(?:BILL|CHECK|CHK)\s*(?:NO|NUMBER|NUM|#)\.?", 0.8),
    (r"(?:DOC(?:UMENT)?|REF(?:ERENCE)?|VOUCHER)\s*(?:NO|NUMBER|NUM|#)\.?", 0.75),
    (r"(?:TRANS(?:ACTION)?|TXN|TRN|ORDER|ORD)\s*(?:NO|NUMBER|NUM|ID|#)?\.?", 0.6),
    (r"INVOICE|INV|RECEIPT", 0.6),
]
_VALUE = (
    r"\s*[:#.\-]?\s*[:#]?\s*\[?\s*(?P<value>(?:[A-Z]{1,4}[ -]?)?[A-Z0-9]*\d[A-Z0-9\-/_.]*(?:[ ]?-[ ]?\d+)?)"
)
_PATTERNS = [(re.compile(rf"(?<![A-Z])(?:{label}){_VALUE}", re.IGNORECASE), conf) for label, conf in _LABELS]
_NOT_A_NUMBER = re.compile(r"^(?:\d{1,2}|\d+[.,]\d{2}|[A-Z]+)$", re.IGNORECASE)


def _clean(value: str) -> str:
    return value.strip(" .:-/[]")


def _plausible(value: str) -> bool:
    if len(value) < 3 or _NOT_A_NUMBER.match(value):
        return False
    return not find_dates(value)


def find_invoice_number(rows: Sequence[Row]) -> Field | None:
    """Return the number printed after INVOICE NO / INV # / RECEIPT NO / BILL NO / DOC NO and kin."""
    for pattern, conf in _PATTERNS:
        for row in rows:
            for m in pattern.finditer(row.text):
                value = _clean(m["value"])
                if not _plausible(value):
                    continue
                start, end = m.start("value"), m.start("value") + len(m["value"].rstrip(" .:-/[]"))
                blocks = row.blocks_in(start, end)
                return Field.found(value, m.group(0).strip(), conf * row.confidence(start, end), blocks)
    return None


def find_currency(rows: Sequence[Row], dollar: str) -> Field | None:
    """Return the currency printed most often (symbols or ISO codes; `RM` → MYR)."""
    code, raw = detect_currency([r.text for r in rows], dollar)
    if code is None or raw is None:
        return None
    for row in rows:
        pos = row.text.upper().find(raw)
        if pos >= 0:
            return Field.found(
                code, raw, 0.9 * row.confidence(pos, pos + len(raw)), row.blocks_in(pos, pos + len(raw))
            )
    return Field.found(code, raw, 0.8, [])
