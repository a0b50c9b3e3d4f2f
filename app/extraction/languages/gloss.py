"""English glosses printed after the labels of a bilingual document: `Ngày (Date) 15 tháng (month) 03 năm
(year) 2024`, `Tổng cộng tiền thanh toán (Total payment): 1.620.000`, `Sprzedawca (Seller):`.

Vietnamese e-invoices print every label so, and invoices of other countries often do. Read as part of the
label, the English words change what it names (`payment` in the total's label) and split a date. A gloss
is a bracket of English label words only; a bracket with any other word (`Kawa (Arabica)`, `(M)`) stays.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from functools import lru_cache

from app.extraction.languages import base_code, get
from app.ocr.types import TextBlock

ENGLISH = "en"
# Label words of bilingual documents beyond the English pack's own: the parts of a date, of a party's
# particulars, of a table's head.
_MORE = (
    "date day month year serial no number form symbol pattern template seller buyer vendor purchaser company "
    "name full legal representative address tel phone fax email website tax code id account a c bank at "
    "method unit quantity qty price unit price description goods services item items of in by for and the "
    "words amount total grand sub rate vat payment payable cash transfer exchange currency signature signed "
    "sign issued issuer customer remarks note notes discount"
)
_GLOSS = re.compile(r"\s*\(([A-Za-z][A-Za-z .'/&-]{0,60})\)")
MIN_WORDS_KNOWN = 1


@lru_cache(maxsize=1)
def _english_words() -> frozenset[str]:
    pack = get(ENGLISH)
    out = set(_MORE.split())
    for words in pack.words.values():
        for phrase in words:
            out.update(w for w in re.split(r"[^a-z]+", phrase.lower()) if w)
    return frozenset(out)


def _is_gloss(inner: str) -> bool:
    words = [w for w in re.split(r"[^a-z]+", inner.lower()) if w]
    return len(words) >= MIN_WORDS_KNOWN and all(w in _english_words() for w in words) and any(len(w) > 1 for w in words)


def drop_glosses(text: str, language: str) -> str:
    """Take the English glosses out of a row of a document in another language (`Ngày (Date) 15` ->
    `Ngày 15`); an English document, and a bracket with any word that is no label word, stay as read."""
    if base_code(language) == ENGLISH or "(" not in text:
        return text
    out = _GLOSS.sub(lambda m: "" if _is_gloss(m.group(1)) else m.group(0), text)
    return out if out.strip() else text  # a row that is all gloss (`(VAT INVOICE)`) stays as printed


def without_glosses(blocks: Sequence[TextBlock], language: str) -> list[TextBlock]:
    """The blocks with the English glosses of their labels taken out (`drop_glosses`)."""
    return [b if (t := drop_glosses(b.text, language)) == b.text else replace(b, text=t) for b in blocks]
