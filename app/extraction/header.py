"""Read vendor and address from the header rows at the top of the first page."""

from __future__ import annotations

import itertools
import re
import string
import unicodedata
from collections.abc import Mapping, Sequence
from functools import lru_cache

from app.extraction import languages, places
from app.extraction.amounts import find_amounts
from app.extraction.dates import find_dates, find_times
from app.extraction.lexicon import DEFAULT_LANGUAGE, opens_with, roles, words
from app.extraction.result import Field
from app.extraction.rows import Row

_SUFFIX = (
    r"SDN\.? ?BHD|BHD|BERHAD|LTD|LIMITED|PLC|LLC|L\.L\.C|LLP|INC|INCORPORATED|CORP|CORPORATION|CO|COMPANY"
    r"|GMBH|AG|KG|SARL|SAS|S\.?A|S\.?L|S\.?R\.?L|S\.?P\.?A|B\.?V|N\.?V|OY|AB|AS|APS|PTE|PTY|PVT|PT|TBK"
    r"|ENTERPRISES?|TRADING|HOLDINGS?|GROUP|INDUSTRIES|K\.?K|S/B"
)
SUFFIX_RE = re.compile(rf"(?<![A-Z])(?:{_SUFFIX})\.?(?![A-Z])")
SUFFIX_ONLY_RE = re.compile(rf"^\W*(?:(?:{_SUFFIX})\.?\W*)+$")
_REG_NUMBER = re.compile(r"\(?\s*\b\d{4,}(?:[-.]?[A-Z]|[-.][a-z])\b\s*\)?|\(\s*[A-Z]{0,3}\d{5,}[-A-Z\d]*\s*\)")
_REG_WORDS = re.compile(
    r"\b(?:CO\.? ?REG|COMPANY ?(?:REG|NO)|REG(?:ISTRATION)?\.? ?(?:NO|ID|NUMBER)|ROC|BR ?NO|GST|VAT|ABN"
    r"|ACN|TIN|EIN|UEN|BRN|SST|NPWP|CIN|GSTIN|PAN|TAX ?(?:ID|NO|REG))\b",
)
_CONTACT = re.compile(
    r"\b(?:TEL|TELEPHONE|PHONE|FAX|MOBILE|EMAIL|E-MAIL|HOTLINE|CARELINE|WHATSAPP)\b|\bWEB(?:SITE)?\s*:"
    r"|@|WWW\.|HTTPS?:|\.COM\b|\.NET\b|\.ORG\b|\.CO\.[A-Z]{2}\b"
)
_PHONE = re.compile(r"(?:\+?\d[\d\s\-/().]{6,}\d)")
_TITLES = re.compile(
    r"^\W*(?:SIMPLIFIED |FULL |OFFICIAL |SALES |CASH |TAX |COMMERCIAL |PRO ?FORMA )*(?:TAX )?"
    r"(?:INVOICE|RECEIPT|BILL|CASH SALES?|SALES?|CASH BILL|QUOTATION|STATEMENT|CREDIT NOTE|DEBIT NOTE"
    r"|DELIVERY ORDER|ORDER|CHIT|CHECK|COPY|DUPLICATE|DUPLICATE COPY|ORIGINAL|CUSTOMER COPY|MERCHANT COPY"
    r"|POSTED|PAID|VOID|REPRINT|WELCOME)\W*$"
)
_NOISE = re.compile(
    r"\b(?:THANK|THANKS|WELCOME|CASHIER|SERVER|TERMINAL|POS|MACHINE|COUNTER|OPERATOR|MEMBER|PAX"
    r"|SHOPPING HOURS|OPENING HOURS|NUMBER|TRANSACTION|PRE-?AUTH|GOODS SOLD|INVOICE ?NO|RECEIPT ?NO|BILL ?NO"
    r"|DOC ?NO|ORDER ?NO|INVOICE|RECEIPT|MANAGER|SUPERVISOR|BILL TO|SHIP TO|SOLD TO|DELIVER TO|CUSTOMER)\b"
    # A table's number (`TABLE 12`, `Table: A3`, `Table A`), not a name that holds the word (`La Table d'Hugo`).
    r"|\bTABLE\b(?=\s*(?:NO\b\.?|#)?\s*[:\d]|\s+[A-Z]{1,2}\d*\W*$|\W*$)"
)
_LABEL_VALUE = re.compile(r"^[A-Z][A-Z ./]{1,20}(?:NO\.?|#)?\s*:\s*\S")
_STREET = re.compile(
    r"\b(?:NO|LOT|UNIT|SUITE|STE|LEVEL|FLOOR|FLR|FL|BLOCK|BLK|JALAN|JLN|LORONG|LRG|STREET|ST|ROAD|RD"
    r"|AVENUE|AVE|BOULEVARD|BLVD|LANE|LN|DRIVE|DR|WAY|HIGHWAY|HWY|PLAZA|SQUARE|SQ|CENTRE|CENTER|MALL"
    r"|BUILDING|BLDG|TOWER|PARK|ESTATE|TAMAN|TMN|BANDAR|KAWASAN|SEKSYEN|SECTION|PO BOX|P\.O\. BOX|CRESCENT"
    r"|COURT|CT|PLACE|PL|TERRACE|PARADE|HOUSE|STRASSE|STR|RUE|VIA|CALLE|KM"
    # Other languages' street words (`JI` is how OCR reads Indonesian `Jl.`), and street names that end
    # in one (`Kerkstraat`, `Hauptstraße`).
    r"|UL|ULICA|AL|ALEJA|OS|PLAC|RUA|AV|AVDA|AVENIDA|PRAÇA|LARGO|CORSO|VIALE|PIAZZA|CARRER|PASEO|JL|JLN|JI"
    r"|ĐƯỜNG|PHỐ|SỐ|QUẬN|PHƯỜNG|HUYỆN|TỈNH|KOMPLEK|GANG|\w+(?:STRAAT|GRACHT|WEG|LAAN|PLEIN|STRASSE|STRAẞE"
    r"|GASSE|PLATZ|ALLEE|RING|DAMM|KADE|SINGEL))\b\.?"
)
_POSTCODE = re.compile(
    r"(?<![\d-])\d{5}(?:-\d{4})?(?![\d-])|(?<![#\dA-Z-])\d{4}\W*$"
    r"|\b[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}\b|\b[A-Z]\d[A-Z] ?\d[A-Z]\d\b"
    r"|(?<![\d-])\d{2}-\d{3}(?![\d-])|(?<![\d-])\d{4}-\d{3}(?![\d-])|\b\d{4} ?[A-Z]{2}\b"
)
HEADER_ROWS = 16


def _letters(text: str) -> int:
    return sum(c.isalpha() for c in text)


def is_registration(text: str) -> bool:
    """Tell whether a row is a registration / tax number line (`(742016-W)`, `GST NO: …`, `ABN …`)."""
    t = text.upper()
    if _REG_WORDS.search(t):
        return True
    stripped = _REG_NUMBER.sub("", t)
    return bool(_REG_NUMBER.search(t)) and _letters(stripped) <= 3 or bool(re.search(r"\d{9,}", t))


def is_contact(text: str) -> bool:
    """Tell whether a row holds a phone, fax, e-mail or web address."""
    t = text.upper()
    if _CONTACT.search(t):
        return True
    digits = sum(c.isdigit() for c in t)
    return bool(_PHONE.search(t)) and digits >= 7 and _letters(t) <= 3


def _is_stop(text: str) -> bool:
    t = text.upper()
    return (
        is_registration(t)
        or is_contact(t)
        or bool(_TITLES.match(t))
        or bool(_NOISE.search(t))
        or bool(find_dates(t))
        or bool(find_times(t))
        or bool(find_amounts(t))
        or (bool(_LABEL_VALUE.match(t)) and not _STREET.search(t.split(":")[0]))
    )


def _is_noise(text: str) -> bool:
    return _letters(text) < 3 or _is_stop(text)


# Malaysian legal suffixes as OCR misreads them: `SON BHD`, `SIN BHD`, `SDN EHD`, `5/B`, `S/8`.
_SDN_BHD = re.compile(r"\b(?:S[DO0I]?[NM]|[CS]DN|SIN|SON)(\.?\s*)(?:[BE8][HN]D|BH[O0DU])\b", re.IGNORECASE)
# `S/B` closes a name: nothing but marks and at most one stray letter may follow it (`S/D ·X)`).
_S_B = re.compile(r"(?<=\w\s)[S5]\s?/\s?[B8D](?=[\W\d_]*(?:\b[A-Z]\b[\W\d_]*)?$)", re.IGNORECASE)


# The Polish `Sp. z o.o.` with an o read as a zero (`Sp. z 0.o.`).
_SP_Z_OO = re.compile(r"\bSp\.?\s?(z)\s?([o0])\.\s?([o0])\b", re.IGNORECASE)


def _sp_z_oo(m: re.Match[str]) -> str:
    o = "o" if m.group(1).islower() else "O"
    return m.group(0).replace("0", o)


def fix_suffix(name: str) -> str:
    """Spell a misread legal suffix (`SDN BHD`, `S/B`, `Sp. z o.o.`) as printed; the rest of the name is
    left as read."""
    def sdn_bhd(m: re.Match[str]) -> str:
        return ("Sdn" if m.group(0)[1:2].islower() else "SDN") + m.group(1) + (
            "Bhd" if m.group(0)[-2:-1].islower() else "BHD")

    return _SP_Z_OO.sub(_sp_z_oo, _S_B.sub("S/B", _SDN_BHD.sub(sdn_bhd, name)))


_MISREAD = str.maketrans("0158!|", "OISBII")
_WORD = re.compile(r"[A-Za-z0-9!|]+")


def fix_letters(name: str) -> str:
    """Read a word's one digit as the letter OCR took it for (`1DEA` -> `IDEA`, `5PEED` -> `SPEED`,
    `GARDEN!A` -> `GARDENIA`): a word of at least three letters with one 0, 1, 5, 8, `!` or `|`
    followed by a letter and no other digit."""
    def fix(m: re.Match[str]) -> str:
        w = m.group(0)
        odd = [k for k, c in enumerate(w) if not c.isalpha()]
        if len(odd) != 1 or _letters(w) < 3 or w[odd[0]] not in "0158!|" or not w[odd[0] + 1 :][:1].isalpha():
            return w
        c = w[odd[0]].translate(_MISREAD)
        return w[: odd[0]] + (c.lower() if w[odd[0] + 1].islower() else c) + w[odd[0] + 1 :]

    return _WORD.sub(fix, name)


# An upper-case I inside a word printed in lower case is a misread l (`WorId`, `BIk`, `JIn`).
_CAPITAL_I = re.compile(r"(?<=\b[A-Z])I(?=[a-z])|(?<=[a-z])I(?=[a-z])")


def fix_capital_i(text: str) -> str:
    """Read an upper-case I between lower-case letters (or after a word's capital) as the l OCR took it for."""
    return _CAPITAL_I.sub("l", text)


# Letters OCR reads for each other (compared in upper case): one such letter away from a word of the
# lexicon, a word is that word (`HARDWAKE` -> `HARDWARE`, `Jalau` -> `Jalan`, `Malaysla` -> `Malaysia`).
# Only look-alikes: `PASIR` (a town) is not `PASAR`, `COMPLEKS` is not `KOMPLEKS`.
_LOOKALIKES = frozenset(
    frozenset(pair) for pair in (
        "IL", "I1", "L1", "IJ", "IT", "O0", "OD", "OQ", "OC", "OU", "DU", "D0", "MN", "MH", "NH", "NU", "UV",
        "RK", "RB", "RP", "EF", "EL", "EC", "S5", "B8", "S8", "A4", "Z2", "G6",
    )
)
MIN_FIX = 5  # shorter words are too often real words one letter away from another
_TOKEN = re.compile(r"[^\W_]+")


@lru_cache(maxsize=32)
def _vocabulary(language: str, of: tuple[str, ...]) -> frozenset[str]:
    """The words of the lexicon's entries of some roles in a language (`PO BOX` gives `PO` and `BOX`)."""
    return frozenset(w for role in of for entry in words(language, role) for w in re.split(r"[\s/-]+", entry))


@lru_cache(maxsize=16)
def _by_length(roles: tuple[str, ...]) -> dict[int, tuple[str, ...]]:
    out: dict[int, list[str]] = {}
    for w in sorted(_vocabulary(DEFAULT_LANGUAGE, roles)):
        if len(w) >= MIN_FIX and w.isalpha():
            out.setdefault(len(w), []).append(w)
    return {n: tuple(ws) for n, ws in out.items()}


MIN_TWO_FIXES = 8  # a word this long may have two look-alike letters misread (`HARUWARL`)
MIN_DROPPED = 6  # a word this long may have lost one letter (`Hardwae`)
MIN_ADDED = 8  # a word this long may be a word with one letter added (`Comparny`)


# Marked letters OCR reads for another letter (upper case, as printed): the stroke of `ł` read as the bar
# of a `t` or the arm of a `k` (`Wroctaw`, `Wrockaw`, `Białystok` read `Biatystok`).
_MARK_LOOKALIKES = frozenset({("T", "Ł"), ("K", "Ł")})


def _lookalikes_away(word: str, known: str, printed: str = "") -> bool:
    """Tell whether `word` is `known` with look-alike letters misread: one, or two in a long word; the
    letters of `printed` (the known word with its marks) may be read for their own look-alikes."""
    marks = printed if len(printed) == len(known) else known
    odd = [(a, b, m) for a, b, m in zip(word, known, marks, strict=True) if a != b]
    most = 2 if len(word) >= MIN_TWO_FIXES else 1
    return 0 < len(odd) <= most and all(frozenset((a, b)) in _LOOKALIKES or (a, m) in _MARK_LOOKALIKES
                                        for a, b, m in odd)


def _one_dropped(word: str, known: str) -> bool:
    """Tell whether `known` is `word` with one letter put back (not at either end)."""
    return any(known[:k] + known[k + 1 :] == word for k in range(1, len(known) - 1))


def _one_added(word: str, known: str) -> bool:
    """Tell whether `word` is `known` with one letter more (`ENTERPRISEN`, `Comparny`); a final S is a
    plural (`BOOKSTORES`), not a misread."""
    return not word.endswith("S") and any(word[:k] + word[k + 1 :] == known for k in range(1, len(word)))


def _in_case_of(word: str, known: str) -> str:
    """Spell `known` (upper case) in the case `word` was printed in."""
    if len(known) != len(word):
        return known if not any(c.islower() for c in word) else known[0] + known[1:].lower() if word[0].isupper() else known.lower()
    lower = any(c.islower() for c in word)
    return "".join(c.lower() if o.islower() or (lower and not o.isalpha()) else c for o, c in zip(word, known, strict=True))


# Languages whose names and addresses are spelt with the English table's words (Malaysian receipts print
# them in Malay too); in another language a word a letter longer or shorter than one of them is a word of
# its own (`Supermarkt`, `Restaurante`), not a misread.
_TABLE_LANGUAGES = frozenset({"en", "ms"})


def fix_words(text: str, roles: tuple[str, ...], language: str = DEFAULT_LANGUAGE) -> str:
    """Spell a word OCR misread as the lexicon word of one of `roles` (English table) it stands for, in
    the word's own case: one look-alike letter away (two in a long word), or, in English and Malay, one
    letter lost inside or added to a long word; a word with no single such match is left as read."""
    table = _by_length(roles)
    lengths = languages.base_code(language) in _TABLE_LANGUAGES

    def fix(m: re.Match[str]) -> str:
        w = m.group(0)
        up = w.upper()
        known = table.get(len(w), ())
        if len(w) < MIN_FIX or len(up) != len(w) or up in known:  # `ß` upper-cases to two letters
            return w
        near = [k for k in known if _lookalikes_away(up, k)]
        if not near and lengths and len(w) >= MIN_DROPPED:
            longer = [k for k in table.get(len(w) + 1, ()) if _one_dropped(up, k)]
            if len(longer) == 1:
                return _in_case_of(w, longer[0])
        if not near and lengths and len(w) >= MIN_ADDED:
            shorter = [k for k in table.get(len(w) - 1, ()) if _one_added(up, k)]
            if len(shorter) == 1:
                return _in_case_of(w, shorter[0])
        return _in_case_of(w, near[0]) if len(near) == 1 else w

    return _TOKEN.sub(fix, text)


ADDRESS_WORDS = ("street", "region")
NAME_WORDS = ("company",)
# After a name's last legal suffix: a stamp word or a scrap of a few marks (`2.1`, `P)`, `·X)`) is not the name.
_STAMP_TAIL = re.compile(r"\s+(?:POSTED|PAID)\W*$", re.IGNORECASE)


def _drop_tail(name: str) -> str:
    found = list(SUFFIX_RE.finditer(name.upper()))
    if not found:
        return name
    last = found[-1]
    tail = name[last.end() :]
    scrap = _letters(tail) <= 2 and (_letters(tail) == 0 or tail.count("(") != tail.count(")"))
    return name[: last.end()] if tail.strip() and (scrap or _STAMP_TAIL.fullmatch(tail)) else name


# A reference number printed before a name (`#000002 BAIFU`, `3-1708032 POPULAR`): a name's own number
# is short (`99 SPEED MART`, `7-ELEVEN`).
_LEAD_REF = re.compile(r"^\W*(?:#\s?\d[\d-]*|\d[\d-]{4,}\d)\s+(?=\S*[^\W\d_])")


def clean_name(text: str, language: str = DEFAULT_LANGUAGE) -> str:
    """Drop registration numbers and stray punctuation from a vendor line (full-width marks read as
    their plain forms); spell a misread legal suffix
    and letters OCR misread in the lexicon's company words (`fix_words`)."""
    t = _REG_NUMBER.sub(" ", unicodedata.normalize("NFKC", text))  # full-width `（M）` as `(M)`
    t = re.sub(r"\b(?:CO[.-]? ?REG|CO\.? ?NO|COMPANY ?NO|ROC)\b.*$", " ", t, flags=re.IGNORECASE)
    t = _LEAD_REF.sub("", " ".join(t.split()))
    t = fix_letters(fix_suffix(_ZERO_O.sub("O", t.strip(" ,;:-*~'\""))))
    name = _drop_tail(fix_words(fix_capital_i(t), NAME_WORDS, language)).strip(" ,;:-*~'\"")
    return _quotes_kept(name, text)


def _quotes_kept(name: str, text: str) -> str:
    """Put back a quote mark the cleaning took off either end of a quoted name (`"DINO POLSKA" S.A.`,
    `Sklep "U Basi"`): a name keeps its quote marks in pairs."""
    printed = text.strip(" ,;:-*~'")
    if name.count('"') % 2 == 0:
        return name
    if printed.startswith('"') and not name.startswith('"'):
        return f'"{name}'
    if printed.endswith('"') and not name.endswith('"'):
        return f'{name}"'
    return name


# `Jln` (jalan) as OCR reads its l: `Jin`, `J1n`, `JIN`; no address word is spelt so.
_JLN = re.compile(r"\bJ[I1i]n\b|\bJ[I1]N\b")
# `Jl.` (jalan, as Indonesia prints it) with its l read as I or 1: `JI. Merdeka`, `JI. SUDIRMAN`.
_JL_DOT = re.compile(r"\bJ[I1]\.(?=\s?([^\W\d_]+))")
# A postcode with one digit read as a look-alike letter (`4017U`, `4U170`), before the town's name.
_POSTCODE_LETTER = re.compile(r"(?<![\w-])(?=[\dUODIl]{5}\b)(\d*)([UODIl])(\d*)(?=,?\s+[A-Za-z]{3})")
_AS_DIGIT = {"U": "0", "O": "0", "D": "0", "I": "1", "l": "1"}
_NUMBER_WORD = re.compile(r"\b(?:NO|NR|LOT|UNIT|SUITE|BLK|BLOCK|LEVEL|KM|BATU|P\.?T)\W*$", re.IGNORECASE)
# A British postcode (`SW1A 1AA`, `M3 2BW`), at a row's end.
_UK_POSTCODE = re.compile(r"(?<![A-Z\d])[A-Z]{1,2}\d[A-Z\d]?\s\d[A-Z]{2}\W*$")


# A 1 read as I or l in a district code (`U13`, `SS15`, `PJU1` read `UI3`), and a letter glued after the
# address's closing full stop (`KUALA SELANGOR.O`).
# A postcode read run together with its town (`2000Antwerpen`).
_GLUED_TOWN = re.compile(r"(?<![\w-])(\d{4,5})(?=[A-ZÀ-Ý][a-zà-ÿ]{2,})")
# An O read as a zero at the start of a word in lower case (`88 0cean Dr`) or inside a word in capitals
# (`STRASB0URG`, `T0URS`).
_ZERO_O = re.compile(r"(?<![\w.,/-])0(?=[a-z]{2,}\b)|(?:(?<=\b[A-ZÀ-Ý])|(?<=[A-ZÀ-Ý]{2}))0(?=[A-ZÀ-Ý]{2,}\b)")
_CODE_ONE = re.compile(r"\b([A-Z]{1,3})[Il](?=\d)")
_END_SCRAP = re.compile(r"(?<=[A-Za-z]{3}\.)[A-Za-z]\W*$")


def _postcode_digit(m: re.Match[str]) -> str:
    before, after = m.string[: m.start()], m.string[m.end() :].lstrip(" ,")
    if len(m.group(1)) + len(m.group(3)) != 4 or _NUMBER_WORD.search(before) or _STREET.match(after.upper()):
        return m.group(0)  # a lot or house number (`LOT 1234D JALAN …`), not a postcode
    return m.group(1) + _AS_DIGIT[m.group(2)] + m.group(3)


@lru_cache(maxsize=8)
def _address_label(language: str) -> re.Pattern[str]:
    """The labels an address is printed after; a slash in one may be read as a 7 or a stroke (`Đ7c:`)."""
    labels = sorted(words(language, "address_label"), key=len, reverse=True)
    return re.compile(r"^\W*(?:" + "|".join(r"\s*".join(map(re.escape, w.split())) for w in labels).replace("/", "[/7|lI1]")
                      + r")\.?\s*:\s*(?=\S)", re.IGNORECASE)


def without_address_label(text: str, language: str = DEFAULT_LANGUAGE) -> str:
    """Return a row without the label an address is printed after (`HQ ADD: LOT 5, …` -> `LOT 5, …`)."""
    return _address_label(language).sub("", text)


_JOINS = frozenset({" ", "-", "- ", " -", " - "})
MAX_PLACE_WORDS = 3


def _known(language: str) -> frozenset[str]:
    """Every word of the lexicon's entries in a language: a word read as one is not a misread place."""
    return _vocabulary(language, roles(language))


@lru_cache(maxsize=65536)
def _near_place(keys: tuple[str, ...], codes: tuple[str, ...]) -> tuple[str, ...] | None:
    """The one place name these words misread: look-alike letters only (one per word, one in all
    under `MIN_TWO_FIXES` letters, two from there). A letter more or less is not read as a misread:
    towns have spelling variants (`PLENTONG`, `Pelentong`) and streets words near a town's (`KANTAN`)."""
    if len(keys) == 1 and len(keys[0]) < MIN_FIX:
        return None
    found = places.places(codes)
    near = {
        printed for known, printed in found.shaped(keys)
        if _lookalikes_away("".join(keys), "".join(known), "".join(printed))
        and all(sum(a != b for a, b in zip(k, n, strict=True)) <= 1 for k, n in zip(keys, known, strict=True))
    }
    return near.pop() if len(near) == 1 else None


def fix_places(text: str, language: str = DEFAULT_LANGUAGE) -> str:
    """Spell a town or district OCR misread as the place its country's gazetteer names (`SHAH ALAN` ->
    `SHAH ALAM`, `SERT KEMBANGAN` -> `SERI KEMBANGAN`), in the case it was printed in. Up to three
    words joined by spaces or hyphens are read as one name; words already a place's name, or a word
    of the lexicon, are left as read."""
    codes = places.countries(language)
    found = places.places(codes)
    if not found.exact:
        return text
    known = _known(language)
    runs = list(places.WORD.finditer(text))
    out, at, i = [], 0, 0
    while i < len(runs):
        step = 1
        for n in range(min(MAX_PLACE_WORDS, len(runs) - i), 0, -1):
            span = runs[i : i + n]
            if any(text[a.end() : b.start()] not in _JOINS for a, b in itertools.pairwise(span)):
                continue
            keys = tuple(places.key(m.group(0)) for m in span)
            if found.named(keys):
                step = n
                break
            if n == 1 and (keys[0] in known or keys[0] in found.words):
                break
            if n > 1 and all(k in found.words for k in keys):
                continue  # words of names as printed (`Marburg an der Lahn`, `Santa María del Campo`)
            name = _near_place(keys, codes)
            if name is not None:
                for m, word in zip(span, name, strict=True):
                    out.append(text[at : m.start()] + _in_case_of(m.group(0), word))
                    at = m.end()
                step = n
                break
        i += step
    return "".join(out) + text[at:]


# A letter OCR read as a mark inside a word (`JA:AN`, `SE_ANGOR`, `MA!KOTA`), or as `!`/`|` at its end (`Sr!`).
_THIN_MARK = re.compile(r"(?<=[A-Za-z])(?:[:_!|](?=[A-Za-z])|[!|](?![A-Za-z]))")
_MARKED_WORD = re.compile(r"(?<![A-Za-z])[A-Za-z]+(?:(?:[:_!|][A-Za-z]+)+|[!|](?![\w!|]))")


@lru_cache(maxsize=16)
def _spelt_words(language: str) -> frozenset[str]:
    return _known(language) | places.places(places.countries(language)).words


def fix_thin_marks(text: str, language: str = DEFAULT_LANGUAGE) -> str:
    """Read a mark in a word as the letter OCR took it for, when that spells a word of the lexicon or
    a place's name: l or I first (the thin letters: `JA:AN` -> `JALAN`, `SE_ANGOR` -> `SELANGOR`,
    `Sr!` -> `Sri`), else the one letter that does (`MA!KOTA` -> `MAHKOTA`); else leave it."""
    def fix(m: re.Match[str]) -> str:
        known = _spelt_words(language)
        word = m.group(0)
        lower = word[-2 if word[-1] in "!|" else -1].islower()
        for letters in ("LI", string.ascii_uppercase):
            spelt = {_THIN_MARK.sub(letter.lower() if lower else letter, word) for letter in letters}
            hits = [w for w in spelt if places.key(w) in known]
            if hits:
                return hits[0] if len(hits) == 1 else word
        return word

    return _MARKED_WORD.sub(fix, text)


MIN_PLACE_WORD = 4  # shorter words are too often a place's by chance (`DAY`, `ALL`)
MIN_SPELT_ELSEWHERE = 5  # a word this long or longer may take the spelling the page prints elsewhere


def spelt_elsewhere(name: str, elsewhere: Mapping[str, str], language: str = DEFAULT_LANGUAGE) -> str:
    """Spell a word of a name that lost a letter as the page prints it on another row: the logo read
    `RSSMANN` over `Dirk Rossmann GmbH` or `rossmann.de`. Only a word that is no word of the lexicon
    or place's name, of `MIN_SPELT_ELSEWHERE` letters or more, not printed so elsewhere too, not a
    possessive (`WATSON'S` by `WATSONS`), and that exactly one word printed elsewhere (`elsewhere`:
    key -> word) gives with one letter taken out."""
    known = _spelt_words(language)

    def fix(m: re.Match[str]) -> str:
        word = m.group(0)
        key = places.key(word)
        if len(word) < MIN_SPELT_ELSEWHERE or key in known or key in elsewhere or name[m.end() : m.end() + 1] in ("'", "’", "`"):
            return word
        fuller = {k for k in (key[:i] + c + key[i:] for i in range(len(key) + 1) for c in string.ascii_uppercase)
                  if k in elsewhere}
        if len(fuller) != 1:
            return word
        spelt = elsewhere[fuller.pop()]
        return spelt.upper() if word.isupper() else spelt.capitalize() if word[0].isupper() else spelt.lower()

    return places.WORD.sub(fix, name)


# `rn` is how OCR often reads an `m` (`Utarna`, `TAIRAN`).
_RN = re.compile(r"(?<![A-Za-z])[A-Za-z]*(?:rn|RN)[A-Za-z]*")


def fix_rn(text: str, language: str = DEFAULT_LANGUAGE) -> str:
    """Read `rn` in a word as the `m` OCR took it for, when the word is no word of the lexicon or
    place's name and reads as exactly one with an `m` (`Utarna` -> `Utama`); else leave it."""
    def fix(m: re.Match[str]) -> str:
        known = _spelt_words(language)
        word = m.group(0)
        if places.key(word) in known:
            return word
        spots = [k.start() for k in re.finditer(r"(?=rn|RN)", word)]
        spelt = {word[:k] + ("m" if word[k].islower() else "M") + word[k + 2 :] for k in spots}
        hits = [w for w in spelt if places.key(w) in known]
        return hits[0] if len(hits) == 1 else word

    return _RN.sub(fix, text)


@lru_cache(maxsize=8)
def _title_before(language: str) -> re.Pattern[str]:
    """A title printed on the address's first row (`TAX INVOICE NO7,JLN UERO`), before a number or street word."""
    titles = sorted(words(language, "title"), key=len, reverse=True)
    streets = sorted(words(language, "street"), key=len, reverse=True)
    return re.compile(r"^\W*(?:" + "|".join(r"\s*".join(map(re.escape, w.split())) for w in titles)
                      + r")\W+(?=\d|(?:" + "|".join(map(re.escape, streets)) + r")(?![A-Za-z]))", re.IGNORECASE)


def clean_address(text: str, language: str = DEFAULT_LANGUAGE) -> str:
    """Read an address as printed after its label (`HQ ADD: LOT 11995, …`), and spell letters OCR
    misread in it: an upper-case I read for l, one look-alike letter in a street or region word of the
    lexicon (`Jalau` -> `Jalan`), `Jln` read as `Jin`, one digit of a five-digit postcode read as a
    letter (`4017U SHAH ALAM`)."""
    t = without_address_label(unicodedata.normalize("NFKC", text), language)
    t = _title_before(language).sub("", t)
    t = fix_places(fix_words(fix_capital_i(fix_rn(fix_thin_marks(t, language), language)), ADDRESS_WORDS, language), language)
    t = _JLN.sub(lambda m: "JLN" if m.group(0).isupper() else "Jln", t)
    t = _JL_DOT.sub(lambda m: "JL." if m.group(1).isupper() else "Jl.", t)
    t = _CODE_ONE.sub(r"\g<1>1", _END_SCRAP.sub("", _ZERO_O.sub("O", _GLUED_TOWN.sub(r"\1 ", t))))
    return _POSTCODE_LETTER.sub(_postcode_digit, t)


# A company's legal form at its name's end (`Oakridge Software LLC`, `Żywiec Zdrój Sp. z o.o.`, `Van Dijk B.V.`),
# or opening it (`PT Sinar Jaya Abadi`, `CÔNG TY TNHH …`).
_LEGAL_END = re.compile(
    r"(?:\b(?:ltd|limited|llc|llp|inc|corp|plc|gmbh(?:\s*&\s*co\.?\s*kg)?|ag|kg|ohg|ug|e\.\s?k|sarl|sas|sasu|"
    r"eurl|sa|snc|tbk|sdn\.?\s*bhd|bhd|s/b|pty|pte|co|sp\.?\s*z\s*o\.?\s*o|sp\.?\s*k|sp\.?\s*j|s\.\s?a)|"
    r"\b[bn]\.\s?v)\W*$", re.IGNORECASE)
_LEGAL_START = re.compile(r"^(?:pt|cv|c[oô]ng\s+ty)\b", re.IGNORECASE)


def has_legal_form(name: str) -> bool:
    """Whether a name ends with a company's legal form, or opens with one (`PT`, `CÔNG TY`)."""
    return bool(_LEGAL_END.search(name.strip()) or _LEGAL_START.match(name.strip()))


def has_postcode(text: str) -> bool:
    """Tell whether a row holds a postcode.

    A leading 5-digit house number on a street row does not count, nor does a number after a number
    word (`LOT P.T. 33198`, `NO 12345`, `sklep nr 3958`): a lot, house or shop number. A British
    postcode counts (`London SW1A 1AA`)."""
    if _UK_POSTCODE.search(text):
        return True
    t = text.upper()
    found = [m for m in _POSTCODE.finditer(t) if not _NUMBER_WORD.search(t[: m.start()])]
    if len(found) == 1 and found[0].start() == len(t) - len(t.lstrip()) and _STREET.search(t):
        return False
    return bool(found)


def is_address_start(text: str) -> bool:
    """Tell whether a row opens an address: a house/unit number or a postcode, not a phone."""
    t = text.upper()
    if _is_stop(t) or _letters(t) < 3:
        return False
    if SUFFIX_RE.search(fix_suffix(t)) and not _STREET.search(t):
        return False  # a name that starts with a number (`99 SPEED MART S/B`), not a house number
    return bool(re.search(r"\d", t)) and (
        bool(_STREET.search(t)) or has_postcode(t) or bool(re.match(r"^\W*[A-Z]?[\d]+[A-Z]?\b", t))
    )


def _vendor_score(rows: Sequence[Row], i: int, order: int) -> float:
    text = rows[i].text.upper()
    score = -0.5 * order + (1.5 if order == 0 else 0.0)
    if SUFFIX_RE.search(text):
        score += 4
    nxt = rows[i + 1].text if i + 1 < len(rows) else ""
    if is_registration(nxt) or SUFFIX_ONLY_RE.match(nxt.upper()):
        score += 2.5  # a company's registration number is printed right under its name
    elif is_address_start(nxt):
        score += 2
    if is_address_start(text):
        score -= 3
    if ":" in text:
        score -= 2
    return score


def _header(rows: Sequence[Row]) -> list[Row]:
    page = rows[0].page if rows else 1
    return [r for r in rows if r.page == page][:HEADER_ROWS]


# Words in brackets on their own row under a legal name: the branch the name goes on with
# (`CHECKERS HYPERMARKET SDN BHD` / `(JALAN KLANG LAMA)`), not a number's row (`(Company No. 113825-W)`).
_BRANCH_IN_BRACKETS = re.compile(r"^\s*\([^\d():]{3,40}\)\W*$")


def find_vendor(rows: Sequence[Row], language: str = DEFAULT_LANGUAGE) -> tuple[Field | None, int]:
    """Return the vendor field and the index of its last header row (-1 when none), spelt in `language`."""
    head = _header(rows)
    first_address = next((i for i, r in enumerate(head) if is_address_start(r.text)), len(head))
    names = [
        i
        for i, r in enumerate(head)
        if not _is_noise(r.text) and clean_name(r.text, language) and not SUFFIX_ONLY_RE.match(r.text.upper())
    ]
    cands = ([i for i in names if i < first_address] or names)[:8]
    if not cands:
        return None, -1
    best = max(cands, key=lambda i: (_vendor_score(head, i, cands.index(i)), -i))
    used = [head[best]]
    if best + 1 < len(head) and (SUFFIX_ONLY_RE.match(head[best + 1].text.upper())
                                 or (has_legal_form(head[best].text) and _BRANCH_IN_BRACKETS.match(head[best + 1].text))):
        used.append(head[best + 1])
    name = clean_name(" ".join(r.text for r in used), language)
    conf = (0.9 if SUFFIX_RE.search(name.upper()) else 0.7) * min(r.confidence() for r in used)
    blocks = [b for r in used for b in r.blocks]
    return Field.found(name, " ".join(r.text for r in used), conf, blocks), best + len(used) - 1


def find_address(rows: Sequence[Row], after: int, language: str = DEFAULT_LANGUAGE) -> Field | None:
    """Return the address: consecutive address-like header rows after the vendor, spelt in `language`."""
    head = _header(rows)
    start = _labelled_address(head, after, language)
    if start is None:
        start = _first_address_row(head, after, language)
    if start is None:
        return None
    used = _address_rows(head, start, language)
    text = " ".join(r.text for r in used)
    conf = (0.85 if has_postcode(text) else 0.6) * min(r.confidence() for r in used)
    return Field.found(clean_address(text, language), text, conf, [b for r in used for b in r.blocks])


def _first_address_row(head: Sequence[Row], after: int, language: str) -> int | None:
    """The first header row after the vendor that opens an address, over at most four other rows (registration
    rows not counted), no title and no item's row."""
    skipped = 0
    for i in range(after + 1, len(head)):
        text = without_address_label(head[i].text, language)
        if _ENDS_PRICE.search(text):
            return None  # the items have begun
        if is_address_start(text) and not _labelled_other(text) and not opens_with(text, "title", language):
            return i  # not the slip's own number (`Nota No. 6010`)
        if _TITLES.match(text.upper()) or skipped >= 4:
            return None
        skipped += 0 if is_registration(text) else 1
    return None


_HOUSE_LABEL = re.compile(r"^\W*(?:NO|LOT|UNIT|BLK|BLOCK)\b", re.IGNORECASE)


def _labelled_other(text: str) -> bool:
    """Whether a row opens with another label than a house number's (`Cửa hàng: GS25 Kim Mã - 2383`, a
    shop's name and branch; not `NO: G3, BLK G`)."""
    return bool(_OTHER_LABEL.match(text)) and not _HOUSE_LABEL.match(text)


def _labelled_address(head: Sequence[Row], after: int, language: str) -> int | None:
    """The header row after the vendor that opens with an address label and goes on with words
    (`Alamat: Jl. Raya Kuta No.65`, `Địa chỉ: 159 Xuân Thủy`): the address, whatever rows come before it."""
    for i in range(after + 1, len(head)):
        rest = without_address_label(head[i].text, language)
        if rest != head[i].text and _letters(rest) >= 3:
            return i
    return None


# A row that ends an address: another label's (`Họ tên người mua hàng: …`, `MST: …`), or one that ends
# with a price (`1 Giấy in A4 Ram 10 85.000 850.000`).
_OTHER_LABEL = re.compile(r"^[^\d:]{2,40}:")
_UNIT_ROW = re.compile(r"^\s*#\d{1,3}-\d{1,5}[A-Z]?\W*$")  # a unit's number on its own row (`#04-45`)
_ENDS_PRICE = re.compile(r"\d[.,]\d{2,3}\W*$")


def _address_rows(head: Sequence[Row], start: int, language: str = DEFAULT_LANGUAGE) -> list[Row]:
    used = [head[start]]
    after_postcode = 1 if has_postcode(head[start].text) else 0
    for row in head[start + 1 : start + 6]:
        t = row.text.upper()
        gap = row.top - used[-1].bottom
        if _is_stop(t) or (_letters(t) < 2 and not _UNIT_ROW.match(t)) or gap > 1.5 * max(row.height, used[-1].height):
            break
        if (_OTHER_LABEL.match(row.text) and without_address_label(row.text, language) == row.text) \
                or _ENDS_PRICE.search(row.text):
            break
        if after_postcode and (re.search(r"\d", t) or len(t.split()) > 3 or after_postcode > 2
                               or not (used[-1].text.rstrip().endswith(",") or _names_a_place(t, language))):
            break
        used.append(row)
        if places.ends_with_country(t):
            break
        if after_postcode or has_postcode(t):
            after_postcode += 1
    end = start + len(used)
    if after_postcode and not places.ends_with_country(used[-1].text) and _is_outlet_row(head, end, language):
        used.append(head[end])
    return used


def _names_a_place(text: str, language: str) -> bool:
    """Whether a row under the postcode's names a place (`SELANGOR DARUL EHSAN`, `MALAYSIA`): a word of
    four letters or more that is a place's or a region's, or a country at its end (not `FRESH EVERY DAY`)."""
    found = places.places(places.countries(language))
    region = _vocabulary(language, ADDRESS_WORDS)
    return places.ends_with_country(text) or any(
        len(w) >= MIN_PLACE_WORD and (places.key(w) in found.words or places.key(w) in region)
        for w in places.split(text))


MAX_OUTLET_DIGITS = 5  # an outlet's number is short (`1214-JINJANG UTARA`); a phone's is not


def _is_outlet_row(head: Sequence[Row], k: int, language: str = DEFAULT_LANGUAGE) -> bool:
    """Whether row k, right under an address's postcode row, names the outlet the address leads to: a
    chain's branch (`1214-JINJANG UTARA`). A row ending with a country ends the address before it.

    A short row of words with no label, phone, price or other mark, between the address and the page's
    registration or contact rows (so not a slogan or the start of the items)."""
    if not 0 < k < len(head) - 1:
        return False
    row, t = head[k], head[k].text.upper()
    if _is_stop(t) or _letters(t) < 3 or len(t.split()) > 4 or _OTHER_LABEL.match(row.text) \
            or _ENDS_PRICE.search(row.text) or has_legal_form(t) or sum(c.isdigit() for c in t) > MAX_OUTLET_DIGITS \
            or opens_with(row.text, "contact", language):
        return False  # not a phone's row (`Telp. (0247) 8377378`)
    if row.top - head[k - 1].bottom > 1.5 * max(row.height, head[k - 1].height):
        return False
    below = head[k + 1].text.upper()
    return is_registration(below) or is_contact(below) or bool(_TITLES.match(below))
