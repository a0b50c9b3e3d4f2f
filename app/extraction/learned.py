"""Read total, date, vendor and address with the learned scorer and the user's corrections."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from app.extraction import languages, memory, places
from app.extraction.amounts import find_amounts
from app.extraction.candidates import LEARNED, Candidate, arithmetic_agrees, candidates, ends_with_price
from app.extraction.header import SUFFIX_RE, has_legal_form, has_postcode, without_address_label
from app.extraction.lexicon import has
from app.extraction.options import ExtractionOptions
from app.extraction.result import Field
from app.extraction.rows import Row
from app.extraction.scorer import (
    BRANCH_NUMBER,
    FEATURES,
    Model,
    opens_with_house,
    plain_line,
    row_texts,
    starts_postcode,
)
from app.extraction.when import reading_order

SOURCE = "model"
# Below this calibrated confidence the model is guessing: when the rules read nothing either,
# the field stays empty (a missing field goes to review) rather than take a guess.
FLOOR = 0.3


@dataclass
class Learned:
    """The fields the model (or the user's corrections) picked and the candidates chosen."""

    fields: dict[str, Field] = field(default_factory=dict)
    picks: dict[str, Candidate] = field(default_factory=dict)


def _takes_name(address: Candidate, cands: Sequence[Candidate], out: Learned, language: str) -> bool:
    """Tell whether an address takes in rows of the name picked and its first row is no address row
    (`SIÊU THỊ CO.OPMART` over `168 Nguyễn Đình Chiểu, …`; `Kaufland Filiale 1234` over `Bahnhofstr. 1`).
    When it opens with a house number or a street word (`K3-113, JL IBRAHIM SULTAN`, `MENARA DION
    #02-03, LEVEL 2,`), the address is right and the name picked over it the mistake."""
    vendor = out.picks.get("vendor")
    if vendor is None or not (address.rows[0] < vendor.rows[1] and vendor.rows[0] < address.rows[1]):
        return False
    first = next((str(c.raw) for c in cands if c.rows == (address.rows[0], address.rows[0] + 1)), str(address.raw))
    return not opens_with_house(first) and not has(first, "street", language)


# A row that ends with its postcode: `Kuala Lumpur 50450`, `New York, NY 10001`, `London W1D 1LL`.
_ENDS_POSTCODE = re.compile(r"[^\W\d_]{2,}\W+(?:\d{5}(?:-\d{4})?|[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2})\W*$")


def _town_row(text: str) -> bool:
    """Tell whether a row opens with a postcode and its town or ends with a postcode."""
    return starts_postcode(text) or _ENDS_POSTCODE.search(text) is not None


def _place_row(text: str, language: str) -> bool:
    """Tell whether a row names a place: a postcode and its town, or a street or region word of the
    language on a row with no label and no other role's word (`Số 18 Bà Triệu, Phường Hàng Bạc,` /
    `Quận Hoàn Kiếm, Hà Nội`: Vietnam prints no postcode; not `INV NO: P0S01/00012379`)."""
    return _town_row(text) or ((has(text, "street", language) or has(text, "region", language))
                               and plain_line(text, language))


def _names_no_place(address: Candidate, cands: Sequence[Candidate], language: str) -> bool:
    """Tell whether an address picked names no place, while rows outside it do: no row of it has a postcode
    or a street or region word (a branch's number, `Filiaal 1234`, `Store 2041`, `Tafel 29 Bon 6004`, over
    `Kalverstraat 10` / `1012 PA Amsterdam`)."""
    line = row_texts(cands)
    rows = [line.get(i, "") for i in range(*address.rows)]
    if _house_row(rows[0]) or any(_place_row(t, language) or (has_postcode(t) and not BRANCH_NUMBER.match(t) and not _numbered(t, language))
           for t in rows):
        return False
    return any(_place_row(t, language) for i, t in line.items() if not address.rows[0] <= i < address.rows[1])


def _house_row(text: str) -> bool:
    """Tell whether a row opens with a house number and prints no price (`109, SS21/1A,`; not an item's
    `1,228 kg x 2,69 EUR/kg` or `1 x 170,000 170.000 VND`)."""
    return opens_with_house(text) and not ends_with_price(text) and not find_amounts(text)


def _all_places(address: Candidate, cands: Sequence[Candidate], language: str) -> bool:
    """Tell whether every row of an address names a place or opens with a house number, over two rows at
    least: no guess, though the model, which learnt addresses with postcodes, is unsure of it (Vietnam)."""
    line = row_texts(cands)
    rows = [without_address_label(line.get(i, ""), language) for i in range(*address.rows)]
    return len(rows) >= 2 and all(_place_row(t, language) or _house_row(t) for t in rows)


def _numbered(text: str, language: str) -> bool:
    """Tell whether a row's numbers are a table's, a till's or a slip's (`Tafel 29 Bon 6004`, `Kasa 3`)."""
    return has(text, "noise", language) or has(text, "title", language)


def _with_town(cands: Sequence[Candidate], address: Candidate, language: str) -> list[Candidate]:
    """The address candidates apart from the rows of `address` that name a place (`_place_row`)."""
    line = row_texts(cands)
    first, last = address.rows
    return [c for c in cands if (c.rows[1] <= first or c.rows[0] >= last)
            and any(_place_row(line.get(i, ""), language) for i in range(*c.rows))]


# Languages whose receipts name the seller by its legal name when they print one under a brand (the SROIE
# labels: 12 of 15 such Malaysian receipts). Elsewhere the brand printed over it is the seller a user knows.
_LEGAL_NAME_LANGUAGES = frozenset({"en", "ms"})


def _names_legal_name(language: str, rows: Sequence[Row]) -> bool:
    """Whether the page's seller is its legal name: an English or Malay page, unless it shows a country that
    names the shop as its customers know it (a US or Australian address, a price in pounds)."""
    if languages.base_code(language) not in _LEGAL_NAME_LANGUAGES:
        return False
    texts = [r.text for r in rows]
    return places.shown_country(texts) is None and not any("£" in t for t in texts)


def _brand_over(name: Candidate, cands: Sequence[Candidate], language: str, legal: bool) -> Candidate:
    """Return the brand printed right over a legal name (`ALDI SÜD` over `Dienstleistungs-GmbH & Co. oHG`,
    `ALFAMART` over `PT. SUMBER ALFARIA TRIJAYA, TBK`, `REWE` over `REWE Markt GmbH`), unless the page
    names its `legal` name (`_names_legal_name`): the seller as its customers know it; else `name`. The brand is a name with no
    legal word, no number (`GS25` is a name), no title, no street word, no postcode and no closing full stop."""
    if legal or not (SUFFIX_RE.search(str(name.value).upper()) or has_legal_form(str(name.value))):
        return name
    first = _own_row(name, cands)
    above = next((c for c in cands if c.rows == (first - 1, first)), None)
    if above is None:
        return name
    brand, titled = str(above.value), FEATURES["vendor"].index("titled")
    if SUFFIX_RE.search(brand.upper()) or any(w.isdigit() for w in re.split(r"[\s.,:/]+", brand)) \
            or above.features[titled] \
            or brand.rstrip().endswith((".", "!", "?")) or has(brand, "street", language) or has_postcode(brand):
        return name  # a slogan (`Es gibt immer was zu tun.`), a title or an address row is no brand
    return above


def _own_row(name: Candidate, cands: Sequence[Candidate]) -> int:
    """Return the first row of a name read from its last row alone (the legal name of `Alfamart` /
    `PT. SUMBER ALFARIA TRIJAYA, TBK` picked without the brand over it), else the name's first row."""
    last = name.rows[1] - 1
    alone = next((c for c in cands if c.rows == (last, last + 1)), None)
    return last if alone is not None and alone.value == name.value else name.rows[0]


def _under_name(cands: Sequence[Candidate], out: Learned) -> list[Candidate]:
    """The address candidates under the name picked: none when the page prints nothing under it but the items
    (a stall's slip with no address)."""
    last = out.picks["vendor"].rows[1]
    return [c for c in cands if c.rows[0] >= last]


def read_learned(
    rows: Sequence[Row],
    options: ExtractionOptions,
    today: date,
    model: Model | None,
    corrections: Sequence[memory.Correction] = (),
    ruled: Mapping[str, Field] | None = None,
) -> Learned:
    """Return the pick for each learned field: the user's corrections of this seller, else the model's."""
    out = Learned()
    if model is None and not corrections:
        return out
    order, _ = reading_order(rows, options)
    values = {n: f.value for n, f in ruled.items() if n in LEARNED} if ruled is not None else None
    found = candidates(rows, options.language, order, today, values)
    for name in LEARNED:
        best, _, confidence = model.pick(name, found.get(name, []), language=options.language) if model \
            else (None, 0.0, 0.0)
        if best is not None and model is not None and name == "address" and _takes_name(best, found[name], out, options.language):
            best, _, confidence = model.pick(name, _under_name(found[name], out), language=options.language)
        if best is not None and name == "vendor":
            best = _brand_over(best, found[name], options.language, _names_legal_name(options.language, rows))
        if best is not None and model is not None and name == "address" \
                and _names_no_place(best, found[name], options.language):
            under = _under_name(found[name], out) if out.picks.get("vendor") else found[name]
            best, _, confidence = model.pick(name, found[name], _with_town(under, best, options.language),
                                             options.language)
        if best is not None:
            # The calibration was learnt on exact text: a value the engine itself was unsure of is
            # right only if it was also read right (the engine's confidence of its blocks).
            confidence *= best.confidence
        if best is not None and (confidence >= FLOOR or name in (ruled or {}) or arithmetic_agrees(best)
                                 or (name == "address" and _all_places(best, found[name], options.language))):
            out.picks[name] = best
            out.fields[name] = Field.found(best.value, best.raw, confidence, best.blocks, SOURCE)
    if corrections:
        learnt = memory.learn(corrections, options.language, order, today)
        header = " ".join(r.text for r in rows[: memory.HEADER_ROWS])
        for name, cand in memory.recall(found, header, learnt).items():
            out.picks[name] = cand
            out.fields[name] = Field.found(cand.value, cand.raw, memory.CONFIDENCE, cand.blocks, memory.SOURCE)
    return out
