"""The learned candidate scorer: boosted trees per field and a calibration table, from JSON.

The model file (`model/fields.json`, written by `scripts/train_extraction.py`) is read once
per process. Scoring is NumPy only: boosted trees give each candidate a score; the best
candidate's score is turned into a calibrated confidence by isotonic steps fitted on
out-of-fold predictions.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from app.extraction import places
from app.extraction.boost import Tree, raw_scores
from app.extraction.candidates import FEATURES, VARIANTS, Candidate
from app.extraction.header import SUFFIX_RE, is_address_start, without_address_label
from app.extraction.lexicon import DEFAULT_LANGUAGE, has
from app.extraction.lexicon import words as lexicon_words
from app.ocr.layout import block_height

MODEL_PATH = Path(__file__).resolve().parent / "model" / "fields.json"
DEFAULT_REVIEW_BAR = 0.9


@dataclass(frozen=True)
class FieldModel:
    """One field's boosted trees and its calibration steps."""

    features: tuple[str, ...]
    base: float
    trees: list[Tree]
    steps: Mapping[str, tuple[np.ndarray, np.ndarray]]
    # Below this confidence the field goes to review: the lowest bar at which the picks made out of
    # fold were right at least `training.PRECISION` of the time (set at training time).
    review_bar: float = DEFAULT_REVIEW_BAR

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> FieldModel:
        """Build a field model from its JSON object."""
        return cls(
            tuple(data["features"]),
            float(data["base"]),
            [Tree.from_dict(t) for t in data["trees"]],
            {
                group: (np.asarray(c["x"], dtype=float), np.asarray(c["y"], dtype=float))
                for group, c in data["calibration"].items()
            },
            float(data.get("review_bar", DEFAULT_REVIEW_BAR)),
        )

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON object of the field model."""
        return {
            "features": list(self.features),
            "base": round(self.base, 8),
            "trees": [t.to_dict() for t in self.trees],
            "calibration": {g: {"x": _round(x), "y": _round(y)} for g, (x, y) in sorted(self.steps.items())},
            "review_bar": round(self.review_bar, 4),
        }

    def scores(self, rows: np.ndarray) -> np.ndarray:
        """Return the scores (0-1) of feature rows."""
        z = raw_scores(self.trees, self.base, rows)
        return 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))

    def calibrate(self, score: float, group: str) -> float:
        """Return the share of right answers seen out of fold near this score in a group
        (isotonic blocks, linear between their mean scores and from (0, 0) below the lowest block;
        the raw score when the group is empty)."""
        xs, ys = self.steps.get(group, (np.zeros(0), np.zeros(0)))
        if xs.size == 0:
            return score
        if xs[0] > 0:
            xs, ys = np.concatenate(([0.0], xs)), np.concatenate(([0.0], ys))
        return float(np.interp(score, xs, ys))


def _round(a: np.ndarray) -> list[float]:
    return [round(float(v), 8) for v in a]


@dataclass(frozen=True)
class Model:
    """One model per learned field, with the training metadata."""

    fields: Mapping[str, FieldModel]
    meta: Mapping[str, Any]

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Model:
        """Build the model from the JSON file's object."""
        return cls({k: FieldModel.from_dict(v) for k, v in data["fields"].items()}, dict(data.get("meta", {})))

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON object written to the model file."""
        return {"meta": dict(self.meta), "fields": {k: v.to_dict() for k, v in self.fields.items()}}

    def review_bars(self) -> dict[str, float]:
        """Return each field's review bar: a field read with a lower confidence goes to review."""
        return {name: fm.review_bar for name, fm in self.fields.items()}

    def pick(
        self, name: str, cands: Sequence[Candidate], among: Sequence[Candidate] | None = None,
        language: str = DEFAULT_LANGUAGE,
    ) -> tuple[Candidate | None, float, float]:
        """Return the best candidate of a field (of those `among` when given: the rest still read on by the
        whole-name and whole-address steps, in the page's `language`), its raw score and its calibrated
        confidence."""
        fm = self.fields.get(name)
        allowed = [k for k, c in enumerate(cands) if among is None or any(c is a for a in among)]
        if fm is None or not allowed:
            return None, 0.0, 0.0
        if fm.features != FEATURES[name]:
            raise ValueError(f"model features of {name} do not match the code; run `make train`")
        scores = fm.scores(np.asarray([c.features for c in cands], dtype=float))
        # Of equal scores, the one the rules read, else the one printed first.
        best = max(allowed, key=lambda k: (scores[k], cands[k].features[-1], -k))
        score = float(scores[best])
        if name == "total_amount":
            best = rounded_total(cands, handed_over(cands, unlabelled(cands, best, scores), scores))
        elif name == "vendor":
            best = untitled(cands, labelled(cands, best, scores), scores)
            best = in_capitals(cands, by_site(cands, best, scores, language), scores, language)
            best = unrepeated(cands, whole_name(cands, above_address(cands, best, scores, language), scores, language), scores)
            best = unbranched(cands, best, scores)
        elif name == "address":
            best = whole_address(cands, best, language)
        return cands[best], score, fm.calibrate(score, agreement(cands[best]))


def row_texts(cands: Sequence[Candidate]) -> dict[int, str]:
    """The text of each header row that a one-row candidate was read from, by row index."""
    return {c.rows[0]: str(c.raw) for c in cands if c.rows[1] == c.rows[0] + 1}


def _best_of(indices: Sequence[int], scores: np.ndarray, default: int) -> int:
    """Return the best-scored of `indices` (the first printed of equal scores), else `default`."""
    return max(indices, key=lambda k: (scores[k], -k)) if indices else default


def rounded_total(cands: Sequence[Candidate], best: int) -> int:
    """Return the index of the amount paid: when the picked total was rounded to 5 cents further down
    (a multiple of 5 cents within 2 cents of it, printed below), the rounded amount, else the pick.

    The labelled receipts take the rounded amount as the total 42 times out of 44 (24 sellers)."""
    v = cands[best].value
    if (v * 20) % 1 == 0:
        return best
    for k in range(best + 1, len(cands)):
        u = cands[k].value
        if (u * 20) % 1 == 0 and abs(u - v) <= Decimal("0.02") and u > 0:
            return k
    return best


def unlabelled(cands: Sequence[Candidate], best: int, scores: np.ndarray) -> int:
    """Return the best-scored amount under a total label that the cash less the change gives, when the
    pick has no total label (the goods' subtotal `Tổng tiền hàng: 19.000`, printed over a discount and a
    service charge, its value printed three times); else `best`."""
    named = FEATURES["total_amount"]
    labels = [named.index(f"label_{role}") for role in ("total", "due")]
    if len(cands[best].features) != len(named) or any(cands[best].features[i] for i in labels):
        return best
    change = named.index("cash_change")
    paid = [k for k, c in enumerate(cands) if c.features[change] and any(c.features[i] for i in labels)]
    return _best_of(paid, scores, best)


def handed_over(cands: Sequence[Candidate], best: int, scores: np.ndarray) -> int:
    """Return the index of the amount due when the pick is the amount handed over: less the change
    printed next after it, it gives an amount printed above (`ACCEPTED TOTAL 10.00`, `CHANGE 5.00`
    under `AMOUNT 5.00`); the best-scored such amount, else the pick."""
    named = FEATURES["total_amount"]
    pick = cands[best]
    if len(pick.features) != len(named) or not pick.features[named.index("tendered")]:
        return best
    is_change = named.index("label_change")
    changes = [c.value for c in cands[best + 1 : best + 2] if c.features[is_change] and 0 < c.value < pick.value]
    due = [k for k in range(best) if any(cands[k].value == pick.value - c for c in changes)]
    return max(due, key=lambda k: (scores[k], k)) if due else best


_JOINED = re.compile(
    r"^\W*(?:&|AND\b|CO\b|\)|\(?(?:M|MALAYSIA)\)|SDN\b|BHD\b|BERHAD\b|S/B\b|ENTERPRISES?\b|LTD\b|LIMITED\b"
    # a bracketed branch right before the legal suffix: `(SEMENYIH) SDN BHD` ends a name printed above
    r"|\([^()]{1,30}\)\s*(?:SDN|BHD|BERHAD|S/B)\b)",
    re.IGNORECASE,
)


def whole_name(cands: Sequence[Candidate], best: int, scores: np.ndarray, language: str = DEFAULT_LANGUAGE) -> int:
    """Return the index of the whole name when the pick is its tail: a name that starts with `)`,
    `&`, `CO`, `(M)` or leaves brackets unbalanced continues the rows above; take the best-scored
    candidate that starts above the pick's first row, takes that row in and is whole."""
    pick = cands[best]
    text = str(pick.value)
    if not _JOINED.match(text) and text.count("(") == text.count(")") and not _only_kinds(text):
        return _name_goes_on(cands, best, scores, language)
    first = pick.rows[0]
    longer = [k for k, c in enumerate(cands) if c.rows[0] < first < c.rows[1] and _whole(str(c.value))]
    return _best_of(longer, scores, best)


def _street_row(text: str, language: str = DEFAULT_LANGUAGE) -> bool:
    return bool(_HOUSE.match(text)) and has(text, "street", language)


MIN_LOGO_WORD = 5  # a word this long in lower case is a name printed so (`envato`), not a logo's scraps


def in_capitals(cands: Sequence[Candidate], best: int, scores: np.ndarray, language: str = DEFAULT_LANGUAGE) -> int:
    """Return the best-scored name in capitals with a business or legal word when the pick is scraps:
    no capital letter and no word of `MIN_LOGO_WORD` letters, what OCR reads off a drawn logo (`ui rwit`
    over `SYARIKAT PERNIAGAAN GIN KEE`); else `best` (a name printed in lower case, `envato`)."""
    text = str(cands[best].value)
    if any(c.isupper() for c in text) or any(len(w) >= MIN_LOGO_WORD for w in places.WORD.findall(text)):
        return best
    named = [k for k, c in enumerate(cands)
             if any(ch.isupper() for ch in str(c.value)) and has(str(c.value), "company", language)]
    return _best_of(named, scores, best)


def unrepeated(cands: Sequence[Candidate], best: int, scores: np.ndarray) -> int:
    """Return the name without its first row when the row under it starts by repeating it (the logo
    `REWE` over `REWE Markt GmbH`), or is a legal name that opens with its first word (the shop `Tesco
    Express` over `Tesco Stores Ltd`): the best-scored candidate of the rows after; else `best`."""
    first, last = cands[best].rows
    line = row_texts(cands)
    top, under = _words(line.get(first, "")), _words(line.get(first + 1, ""))
    repeated = under[: len(top)] == top or (under[:1] == top[:1] and SUFFIX_RE.search(" ".join(under)) is not None)
    if last - first < 2 or not top or not repeated:
        return best
    rest = [k for k, c in enumerate(cands) if c.rows == (first + 1, last)]
    return _best_of(rest, scores, best)


def unbranched(cands: Sequence[Candidate], best: int, scores: np.ndarray) -> int:
    """Return the name printed on its own row above when the pick is a shop's row read after its label
    that repeats that name and goes on with the branch's place and number (`CIRCLE K` over `Cửa hàng:
    CIRCLE K Kim Mã - 2843`); else `best`."""
    pick = cands[best]
    at = VARIANTS.index("after_colon")
    if len(pick.features) != len(FEATURES["vendor"]) or not pick.features[at]:
        return best
    said = _words(str(pick.value))
    above = [k for k, c in enumerate(cands) if c.rows[1] < pick.rows[1] and c.rows[1] == c.rows[0] + 1
             and (top := _words(str(c.value))) and len(top) < len(said) and said[: len(top)] == top
             and any(ch.isdigit() for ch in str(pick.value).split(top[-1], 1)[-1])]
    return _best_of(above, scores, best)


def _words(text: str) -> list[str]:
    return [w.upper() for w in places.WORD.findall(text)]


def untitled(cands: Sequence[Candidate], best: int, scores: np.ndarray) -> int:
    """Return the best-scored name that is no title or greeting when the pick is one (`Willkommen
    bei` over `EDEKA Müller`); else `best`."""
    at = FEATURES["vendor"].index("titled")
    if len(cands[best].features) != len(FEATURES["vendor"]) or not cands[best].features[at]:
        return best
    named = [k for k, c in enumerate(cands) if not c.features[at]]
    return _best_of(named, scores, best)


def labelled(cands: Sequence[Candidate], best: int, scores: np.ndarray) -> int:
    """Return the best-scored name printed after a seller label (`Đơn vị bán hàng: CÔNG TY TNHH …`)
    when there is one: the document says who sold; else `best`."""
    at = FEATURES["vendor"].index("seller_labelled")
    named = [k for k, c in enumerate(cands) if len(c.features) == len(FEATURES["vendor"]) and c.features[at]]
    return _best_of(named, scores, best)


def by_site(cands: Sequence[Candidate], best: int, scores: np.ndarray, language: str = DEFAULT_LANGUAGE) -> int:
    """Return the best-scored name the page's web or mail address names when the pick is neither
    that name nor a business's name (no legal or business word): `Marktkauf Lehr` under a logo read
    as `thomasLehe`, on a receipt that prints `www.marktkauf-lehr.de`; else `best`. A legal name
    stays: the site often names the brand a franchise trades under (`ELITETRAX MARKETING SDN BHD`
    selling for harveynorman.com.my)."""
    at = FEATURES["vendor"].index("named_by_site")
    pick = cands[best]
    if len(pick.features) != len(FEATURES["vendor"]) or pick.features[at] or has(str(pick.value), "company", language):
        return best
    named = [k for k, c in enumerate(cands) if c.features[at]]
    return _best_of(named, scores, best)


def above_address(cands: Sequence[Candidate], best: int, scores: np.ndarray, language: str = DEFAULT_LANGUAGE) -> int:
    """Return the best-scored name above the address when the pick is a row of it: a pick without a
    legal or business word, over a postcode row, that is a street row (`2nd Floor, Wisma Cosway, …`)
    or follows one (`LOT 2110 JALAN PERMAS UTARA` / `BANDAR BARU PERMAS` / `81750 JOHOR BAHRU`); the name
    alone when the pick ends with the street row over the postcode (`Hauptstr. 5`); else `best`."""
    line = row_texts(cands)
    first, last = cands[best].rows
    text = str(cands[best].raw)
    below = line.get(last, "")
    if not (_POSTCODE_ROW.search(below) or starts_postcode(below, language)):
        return best
    shorter = next((k for k, c in enumerate(cands) if c.rows == (first, last - 1)), None)
    if shorter is not None and _STREET_THEN_NUMBER.match(line.get(last - 1, "")):
        return shorter  # the name and the street row under it (`EDEKA Markt` / `Hauptstr. 5` / `12345 Berlin`)
    if has(text, "company", language):
        return best
    if _street_row(text, language):
        end = first
    elif last == first + 1 and _street_row(line.get(first - 1, ""), language):
        end = first - 1
    else:
        return best
    above = [k for k, c in enumerate(cands) if c.rows[1] <= end]
    return _best_of(above, scores, best)


def _only_kinds(name: str) -> bool:
    """Tell whether a name says only what kind of business it is (`RESTAURANT SDN BHD`): the tail of a
    name printed over rows (`LIAN CHI PU TIAN VEGETARIAN` / `RESTAURANT SDN BHD`)."""
    words = re.findall(r"[^\W\d_]+", name.upper())
    return bool(words) and all(w in _KINDS for w in words)


_KINDS = frozenset(w for entry in lexicon_words(DEFAULT_LANGUAGE, "company") for w in re.split(r"[\s/.]+", entry) if w)


def _whole(name: str) -> bool:
    return not _JOINED.match(name) and name.count("(") == name.count(")")


# A name's row that ends with a word that joins it to the next (`Bakkerij De` / `Korenschoof`, `Smith &`).
_OPEN_END = re.compile(r"(?:^|\s)(?:&|and|und|de|het|van|der|den|du|des|la|le|les|di|dan|et|en|y|da|do|z|w|i|of)\W*$",
                       re.IGNORECASE)


MIN_COMPOUND_TRADE = 6  # a word ending in a trade word this long is a compound of it (`Banketbakkerij`)
_TRADE_JOINS = frozenset({"&", "UND", "EN", "AND", "ET", "I", "Y", "E", "VA"})


@lru_cache(maxsize=16)
def _trades(language: str) -> frozenset[str]:
    """The words of a language's business entries (`BACKEREI`, `BAKKERIJ`), three letters or more."""
    return frozenset(w for entry in lexicon_words(language, "company") for w in entry.split() if len(w) >= 3)


def _trade_only(name: str, language: str) -> bool:
    """Tell whether a name row says only what trade the shop is in (`Bäckerei & Konditorei`,
    `Banketbakkerij`): no one's name yet, so the owner's name on the next row goes with it."""
    trades = _trades(language)
    words = [places.key(w) for w in re.findall(r"[^\W\d_]+|&", name)]
    return bool(words) and any(w not in _TRADE_JOINS for w in words) and all(
        w in _TRADE_JOINS or w in trades or any(len(t) >= MIN_COMPOUND_TRADE and w.endswith(t) for t in trades)
        for w in words)


# An owner's name on a row of its own: one or two words of letters (`Huber`, `Jansen`, `De Vries`).
_OWNER_ROW = re.compile(r"^\s*[^\W\d_][^\W\d_'-]+(?:\s+[^\W\d_][^\W\d_'-]+)?\s*$")


_ONE_WORD = re.compile(r"^\s*[^\W\d_]{2,}\s*$")
SAME_HEIGHT = 0.15  # rows of one name printed in one size differ by less than this share of their height


def _last_word_wrapped(cands: Sequence[Candidate], best: int, under: Candidate, language: str) -> bool:
    """Tell whether the row under a name is its last word wrapped (`Nhà Hàng Lẩu Nướng Hoàng` / `Gia`): one
    word, in the name's size, right over the address."""
    line = row_texts(cands)
    after = without_address_label(line.get(under.rows[1], ""), language)
    if not (_ONE_WORD.match(str(under.raw)) and plain_line(str(under.raw), language) and cands[best].blocks
            and under.blocks and (after != line.get(under.rows[1], "") or is_address_start(after))):
        return False
    name, word = block_height(cands[best].blocks[-1]), block_height(under.blocks[0])
    nxt = [c for c in cands if c.rows == (under.rows[1], under.rows[1] + 1) and c.blocks]
    if nxt:  # in the name's size rather than the address's (a word with no marks reads shorter: `Gia`)
        return abs(word - name) < abs(word - block_height(nxt[0].blocks[0]))
    return abs(word - name) <= SAME_HEIGHT * max(word, name)


def _name_goes_on(cands: Sequence[Candidate], best: int, scores: np.ndarray, language: str = DEFAULT_LANGUAGE) -> int:
    """Return the index of the name read on with the rows below when the next row starts inside it
    (`AIK HUAT HARDWARE` / `ENTERPRISE (SETIA ALAM) SDN BHD`), the name's row ends with a word that
    joins it to a next row of words (`Bakkerij De` / `Korenschoof`), it names only a trade and the
    next row an owner (`Bäckerei & Konditorei` / `Huber`), or the next row is its last word wrapped
    (`… Hoàng` / `Gia`), else `best`."""
    first, last = cands[best].rows
    below = [c for c in cands if c.rows == (last, last + 1)]
    if not below:
        return best
    under, raw = str(below[0].raw), str(cands[best].raw)
    if _JOINED.match(under) or (_OPEN_END.search(raw) and not any(ch.isdigit() for ch in under)):
        longer = [k for k, c in enumerate(cands) if c.rows[0] == first and c.rows[1] > last and _whole(str(c.value))]
        return _best_of(longer, scores, best)
    owner = _trade_only(raw, language) and bool(_OWNER_ROW.match(under)) and plain_line(under, language)
    if not owner and not _last_word_wrapped(cands, best, below[0], language):
        return best
    # Just the one row more, read whole.
    at = VARIANTS.index("whole")
    return next((k for k, c in enumerate(cands) if c.rows == (first, last + 1) and c.features[at]), best)


_HOUSE = re.compile(r"^\W*(?:(?:NO|LOT|UNIT|BLK|BLOCK)\b|[A-Z]{0,2}-?[A-Z]?-?\d)", re.IGNORECASE)
_ENDS_POSTCODE = re.compile(r"(?<![\d-])\d{5}\W*$")
_POSTCODE_ROW = re.compile(r"(?<![\d-])\d{5}(?![\d-])")
_TOWN = re.compile(r"^[^\W\d_][^\W\d_\s,.'()-]*(?:[\s,.'()-]+[^\W\d_]+)*[\s,.'()-]*$")  # words only


def opens_with_house(text: str) -> bool:
    """Tell whether a row opens with a house or lot number (`NO 12,`, `LOT 3`, `K3-113,`)."""
    return bool(_HOUSE.match(without_address_label(text)))


# A house number's own label (`NO: G3,`, `NO.53:` read for `NO.53`): its colon marks no other label.
_HOUSE_LABEL = re.compile(r"^\W*(?:NO|LOT|UNIT)\b[\s.\d]*:", re.IGNORECASE)


def plain_line(text: str, language: str = DEFAULT_LANGUAGE) -> bool:
    """Tell whether a header row carries none of a name's, a number's, a contact's or a title's marks."""
    named = has(text, "company", language) and not (has(text, "street", language) and _STREET_THEN_NUMBER.match(text))
    return not named and not any(has(text, role, language) for role in ("registration", "contact", "title", "noise", "date")) \
        and ":" not in _HOUSE_LABEL.sub("", text) and not re.search(r"\d{4,}-?\s?[A-Z]\b|\d{6,}", text, re.IGNORECASE)


def whole_address(cands: Sequence[Candidate], best: int, language: str = DEFAULT_LANGUAGE) -> int:
    """Return the index of the whole address when the pick leaves out its house number row above
    (`NO.1,` / `JLN PUTERI 1/6, …`) or the town row below a postcode that ends it (`…, 47301` /
    `PETALING JAYA, SELANGOR`), when that longer run was a candidate; else `best`."""
    span = {c.rows: k for k, c in enumerate(cands)}
    line = row_texts(cands)
    first, last = cands[best].rows
    first = _comma_rows_above(span, line, first, last, language)
    above, below = without_address_label(line.get(first - 1, ""), language), line.get(last, "")
    if (first - 1, last) in span and _HOUSE.match(above) and plain_line(above, language) \
            and not _HOUSE.match(line.get(first, "")):
        first -= 1
    elif starts_postcode(line.get(first, ""), language):
        first = _house_row_above(span, line, first, last, language)
    if (first, last + 1) in span and _ENDS_POSTCODE.search(line.get(last - 1, "")) \
            and _TOWN.match(below) and not re.search(r"\w\.\w", below) and plain_line(below, language):
        last += 1
    elif (first, last + 1) in span and starts_postcode(below, language) and plain_line(below, language) \
            and not _ENDS_POSTCODE.search(line.get(last - 1, "")):
        last += 1  # the postcode and town row under the street rows (`TAMAN KOK LIAN` / `51200 KUALA LUMPUR,`)
    elif (first, last + 1) in span and starts_postcode(line.get(last - 1, ""), language) and plain_line(below, language) \
            and (has(below, "street", language) or _STREET_THEN_NUMBER.match(below)) and not _HOUSE.match(below) \
            and not BRANCH_NUMBER.match(below):
        last += 1  # the street row under the postcode and town (`26-600 Radom` / `ul. Żeromskiego 124`)
    return span.get((first, last), best)


# A row that opens with a postcode and its town: `50668 Köln`, `1012 LG Amsterdam`, `00-950 Warszawa`,
# `1100-053 Lisboa`, `8001 Zürich`, `CH-8001 Zürich`.
_STARTS_POSTCODE = re.compile(
    r"^\W*(?:[A-Z]{1,2}-)?(?:\d{5}|\d{4}\s?[A-Z]{2}\b|\d{2}-\d{3}|\d{4}-\d{3}|(?P<four>\d{4}))(?![\d-])[\s,.]*[^\W\d_]{3,}"
)


def starts_postcode(text: str, language: str = DEFAULT_LANGUAGE) -> bool:
    """Tell whether a row opens with a postcode and its town; four digits alone (`8001 Zürich`) only
    on a row with no street word (`1234 ELM ST` is a house number)."""
    m = _STARTS_POSTCODE.match(text)
    return m is not None and not (m.group("four") and has(text, "street", language))
# A street row that ends with its house number, as most of Europe prints it: `Domstr. 20`, `Damrak 1`,
# `ul. Długa 10/12`, `Via Roma 5a`, `Meir 223-A`.
_STREET_THEN_NUMBER = re.compile(
    r"^\W*[^\W\d_]{2,}.*[^\W\d_]\.?\s+\d{1,4}(?:\s?[a-zA-Z]|-[a-zA-Z])?(?:\s?[-/]\s?\d{1,4}[a-zA-Z]?)?\W*$"
)


# A word and a number of four digits: a branch (`Filiaal 1234`, `Filiale 1234`, `Sklep nr 1187`), not a
# street and its house number, nor a postcode.
BRANCH_NUMBER = re.compile(r"^\W*[^\W\d_]+(?:\W+(?:nr|no|n°|#))?\W+[A-Z]{0,2}\d{4}\W*$", re.IGNORECASE)


MAX_ROWS_ABOVE = 3  # plain rows an address may print between its house number's row and its postcode's


def _house_row_above(
    span: Mapping[tuple[int, int], int], line: Mapping[int, str], first: int, last: int, language: str
) -> int:
    """Return the first row of the address read on upwards from its postcode row over plain rows to
    the house number's row (`NO.17, JALAN PERMAS 1/7,` / `BANDAR BARU PERMAS JAYA.` / `81750,MASAI`;
    `HQ ADD: LOT 11995, …` / `41400 KLANG, SELANGOR`), else to the street row right above that ends
    with its number (`Domstr. 20` / `50668 Köln`), when that run was a candidate; else `first`."""
    for top in range(first - 1, max(first - MAX_ROWS_ABOVE, 0) - 1, -1):
        row = without_address_label(line.get(top, ""), language)
        if (top, last) not in span or not plain_line(row, language):
            break
        if _HOUSE.match(row):
            return top
    above = without_address_label(line.get(first - 1, ""), language)
    if (first - 1, last) in span and plain_line(above, language) and _STREET_THEN_NUMBER.match(above):
        return first - 1  # `Domstr. 20` / `50668 Köln`
    return first


def _comma_rows_above(
    span: Mapping[tuple[int, int], int], line: Mapping[int, str], first: int, last: int, language: str
) -> int:
    """Return the first row of the address read on upwards over the plain rows that end with a comma
    (`31,31A, JALAN HANG TUAH 9,` / `TAMAN SKUDAI BARU,` / `81300 SKUDAI,`) when that run was a candidate."""
    while (first - 1, last) in span and line.get(first - 1, "").rstrip().endswith(",") \
            and plain_line(without_address_label(line[first - 1], language), language):
        first -= 1
    return first


def agreement(cand: Candidate) -> str:
    """Return the calibration group of a pick: `agree` when the rules read the same value, else `differ`."""
    return "agree" if cand.features[-1] else "differ"


_lock = threading.Lock()
_loaded: dict[Path, Model | None] = {}


def load_model(path: Path = MODEL_PATH) -> Model | None:
    """Return the shipped model, read once per process (None when the file is absent)."""
    with _lock:
        if path not in _loaded:
            _loaded[path] = Model.from_dict(json.loads(path.read_text())) if path.is_file() else None
        return _loaded[path]
