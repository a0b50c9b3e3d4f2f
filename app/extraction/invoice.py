"""Invoice fields on top of the receipt fields: number, due date, parties, tax ids, IBAN, terms, checks."""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from app.ocr.layout import block_height, x_range
from app.ocr.types import TextBlock

from . import languages
from .dates import find_dates
from .header import has_legal_form, has_postcode, is_address_start, is_contact, without_address_label
from .invoice_amounts import (
    AMOUNT_RE,
    RATE,
    arithmetic_ok,
    labelled_amount,
    lines_match_net,
    tax_by_rate,
    to_amount,
)
from .invoice_words import after_label, find_label, fold, words
from .languages.gloss import ENGLISH, without_glosses
from .result import to_json
from .rows import Row, group_rows
from .scorer import starts_postcode
from .taxids import find_ibans, find_tax_ids
from .totals import amounts_in

# A number's series letters may stand apart from it (`FS 2002/2024`, `FV 12/03/2024`).
_NUMBER = re.compile(r"(?:[A-Z]{1,4} (?=\d[\d/\-_.]*[/\-]))?[A-Z0-9][A-Z0-9/\-_.]{2,29}", re.IGNORECASE)
_FILLER = re.compile(r"^[\s:#.№°nNoO]*?(?:no\.?|nr\.?|n°|#|number|:)?[\s:#.]*", re.IGNORECASE)


def invoice_number(rows: Sequence[Row]) -> str | None:
    """Return the value printed after an invoice-number label: a token holding a digit."""
    for i, row in enumerate(rows):
        found = _number_label(row.text)
        if not found:
            continue
        same_row = _number_in(row.text[found[1]:])
        if same_row:
            return same_row
        if _whole_label(row.text[found[0]:found[1]], "title"):
            continue  # the title (`Bluebonnet Analytics LLC  Invoice`), not a number's label over a street
        if len(row.blocks) > 1:  # a header among others: its value is in its column, not the row's start
            under = column_value(rows[i:i + 2], ("invoice_number",))
            if under:
                return under
        following = _number_in(rows[i + 1].text) if i + 1 < len(rows) else None
        if following:
            return following
    return column_value(rows, ("invoice_number", "title"))


# What a number's label names when a form's or a code's word comes before it (`Mẫu số: 01GTKT0/001`, `Mã số`).
_FORM_NUMBER = re.compile(r"(?:\bmau|\bma)\s*$", re.IGNORECASE)


def _number_label(text: str) -> tuple[int, int] | None:
    """The first invoice-number label of a row that is not a form's number (`Mẫu số: 01GTKT0/001  Số: 2102`)."""
    at = 0
    while at < len(text):
        m = find_label(text[at:], "invoice_number")
        if m is None:
            return None
        start, end = at + m.start(), at + m.end()
        if not _FORM_NUMBER.search(fold(text[:start])):
            return start, end
        at = end
    return None


def _number_in(text: str) -> str | None:
    """The invoice-number-like token that starts `text` (after 'No.', '#', ':'), if it holds a digit."""
    token = _NUMBER.match(_FILLER.sub("", text, count=1))
    value = token.group(0).rstrip(".") if token else ""
    return value if any(c.isdigit() for c in value) and not _is_date(value) else None


def column_value(rows: Sequence[Row], roles: tuple[str, ...]) -> str | None:
    """A value printed under a column header ('Invoice | Date' over 'VF100 | 8-9-2022'): the block below."""
    for row, below in zip(rows, rows[1:], strict=False):
        if below.page != row.page:
            continue
        for block in row.blocks:
            if not any(_whole_label(block.text, role) for role in roles):
                continue
            left, right = min(x for x, _ in block.box), max(x for x, _ in block.box)
            under = max(below.blocks, key=lambda b: _overlap(b, left, right))
            value = under.text.strip()
            if _overlap(under, left, right) > 0 and any(c.isdigit() for c in value) and not _is_date(value) \
                    and _NUMBER.fullmatch(value):
                return value
    return None


def _overlap(block: TextBlock, left: float, right: float) -> float:
    xs = [x for x, _ in block.box]
    return min(right, max(xs)) - max(left, min(xs))


def _is_date(token: str) -> bool:
    """Whether the whole token is a date (a date is not an invoice number; 'INV/2023/03/08' may be)."""
    return any(d.start == 0 and d.end == len(token) for d in find_dates(token))


def due_date(rows: Sequence[Row], language: str = ENGLISH) -> str | None:
    """Return the date printed after a due-date label (ISO), if any; months spelt in `language` too."""
    order = languages.get(language).date_order if languages.has_pack(language) else "DMY"
    for i, row in enumerate(rows):
        m = find_label(row.text, "due_date")
        if m:
            for rest in after_label(rows, i, m.end()):
                found = find_dates(rest, order, language=language)
                if found:
                    return found[0].value.isoformat()
    return None


def payment_terms(rows: Sequence[Row]) -> str | None:
    """Return the text of the row that carries a payment-terms label."""
    for i, row in enumerate(rows):
        m = find_label(row.text, "payment_terms")
        if m:
            rest = row.text[m.end():].strip(" :") or (rows[i + 1].text if i + 1 < len(rows) else "")
            return _until_label(rest, ("iban", "tax_id", "due_date", "invoice_number")) or None
    return None


def _until_label(text: str, roles: tuple[str, ...]) -> str:
    """Cut `text` where another role's label starts ('14 Tage IBAN: DE89…' → '14 Tage')."""
    cuts = [m.start() for role in roles if (m := find_label(text, role))]
    return text[: min(cuts)].strip(" :,;") if cuts else text.strip()


MAX_PARTY_ROWS = 5  # rows under a buyer label that may still be the buyer's particulars
# Rows that end the buyer's particulars: another party, the document's own particulars, the items' table.
_PARTY_ENDS = ("seller", "title", "invoice_number", "due_date", "payment_terms", "iban", "net", "gross")
# Labels of the buyer's company name, when a person's name is printed first (`Họ tên người mua hàng: …`,
# then `Tên đơn vị: CÔNG TY …`): an invoice is addressed to the company.
_COMPANY_LABEL = re.compile(
    r"^\W*(?:ten don vi|don vi|company(?: name)?|firma|nazwa(?: firmy)?|societe|raison sociale|unternehmen|"
    r"bedrijf(?:snaam)?|(?:nama )?perusahaan|empresa|azienda|ragione sociale)\s*:\s*(?=\S)", re.IGNORECASE)


def buyer(rows: Sequence[Row]) -> dict[str, Any]:
    """Return the party named after a buyer label: its name, its address (the row after an address label, else
    the rows under the name) and its tax id when a label prints one; up to the next party's or document's label.
    A label over its own column's lines (`DITAGIHKAN KEPADA` / `Budi Santoso`, beside the invoice's number) is
    read down its column."""
    for column in _paragraphs(rows):
        if len(column) > 1 and _whole_label(column[0].text, "buyer"):
            return _party([b.text for b in column[1 : 1 + MAX_PARTY_ROWS]])
    for i, row in enumerate(rows):
        m = find_label(row.text, "buyer")
        if m and m.start() == 0:
            rest = row.text[m.end():].strip(" :")
            rest = rest if any(c.isalnum() for c in rest) else ""  # `NPWP (ditagihkan` / `kepada)`
            if _REFERENCE.match(rest):
                continue  # `Customer ID: 48257`, `Kunden-Nr.`: the buyer's reference, not the buyer
            if rest and any(_whole_label(rest, role) for role in ("buyer", "seller", "ship", "sender")):
                break  # labels side by side (`Bill To | Ship To`): the columns are read below
            lines = ([rest] if rest else []) + [r.text for r in rows[i + 1:i + 1 + MAX_PARTY_ROWS]]
            return _party(lines)
    columns = column_parties(rows).get("buyer")
    return _party(columns) if columns else {"name": None, "address": None, "tax_id": None}


def _whole_label(text: str, role: str) -> bool:
    """Whether a block is nothing but one of a role's labels (`Sprzedawca`, `Bill To:`); role `ship`: the
    delivery address's label printed beside the buyer's (`Ship To`, `Lieferadresse`); role `sender`: a
    `From` / `Van` over the person who writes."""
    name = fold(text).strip(" :#.").casefold()
    if role == "ship":
        return _SHIP_LABEL.fullmatch(name) is not None
    if role == "sender":
        return _SENDER_LABEL.fullmatch(name) is not None
    return any(name == fold(w).casefold() for w in words(role))


_ATTENTION = re.compile(r"^\W*(?:attn|attention|z\.?\s?hd|zu handen|c/o|a l'attention|t\.a\.v|u/p)\b", re.IGNORECASE)
_REFERENCE = re.compile(r"(?:-?\s?(?:id|no|nr|n°|#|number|nummer|numer|code|ref|reference)\b|-?nr\b|#)", re.IGNORECASE)
_SENDER_LABEL = re.compile(r"from|von|van|de|od|dari|tu|absender|expediteur")
_SHIP_LABEL = re.compile(r"ship to|deliver to|delivery address|shipping address|lieferadresse|lieferanschrift|"
                         r"adresse de livraison|livraison|afleveradres|leveradres|adres dostawy|dia chi giao hang|"
                         r"alamat pengiriman|dikirim ke")


def column_parties(rows: Sequence[Row]) -> dict[str, list[str]]:
    """The parties printed side by side under their labels (`Sprzedawca | Nabywca`, `Bill To | Ship To`): each
    label's lines, the blocks of the rows below that start in its column. The first column of a role is kept."""
    for i, row in enumerate(rows):
        heads = [(role, b) for b in row.blocks for role in ("seller", "buyer", "ship", "sender")
                 if _whole_label(b.text, role)]
        if len(heads) < 2 or len(heads) != len(row.blocks):
            continue
        lefts = [min(x for x, _ in b.box) for _, b in heads]
        out: dict[str, list[str]] = {}
        columns: list[list[str]] = [[] for _ in heads]
        for below in rows[i + 1 : i + 1 + MAX_PARTY_ROWS]:
            if below.page != row.page or len(below.blocks) > len(heads) + 1:
                break  # the items' table under the parties
            for block in below.blocks:
                left = min(x for x, _ in block.box)
                k = max((k for k, edge in enumerate(lefts) if edge <= left + _COLUMN_SLACK), default=0)
                columns[k].append(block.text)
        for (role, _), lines in zip(heads, columns, strict=True):
            out.setdefault(role, lines)
        return out
    return {}


_COLUMN_SLACK = 12.0  # points (pixels) a block may start left of its column's label


def labelled_seller(rows: Sequence[Row]) -> str | None:
    """The seller named after its label at a row's start (`Đơn vị bán hàng: CÔNG TY …`, `Sprzedawca:` over the
    name), else under its label in a column beside the buyer's."""
    for i, row in enumerate(rows):
        m = find_label(row.text, "seller")
        if m is None or m.start() != 0 or len(row.blocks) > 1 and not row.text[m.end():].lstrip().startswith(":"):
            continue
        rest = row.text[m.end():].strip(" :")
        under = itertools.takewhile(lambda r: not find_label(r.text, "buyer"), rows[i + 1:i + 1 + MAX_PARTY_ROWS])
        name = _party(([rest] if rest else []) + [r.text for r in under])["name"]
        if name and not any(find_label(name, role) for role in _PARTY_ENDS + ("buyer", "date")):
            return name
    # In a column the name may be the person who writes (`From` / `Sarah Whitfield` / `Tel: …`): a party
    # whose lines print a postcode only.
    seller = column_parties(rows).get("seller")
    name = _party(seller)["name"] if seller else None
    placed = any((has_postcode(line) or starts_postcode(line)) and not is_contact(line) for line in seller or [])
    return name if name and placed else None


def _party(lines: Sequence[str]) -> dict[str, Any]:
    name: str | None = None
    address: list[str] = []
    labelled_address: str | None = None
    tax_id: str | None = None
    for k, line in enumerate(lines):
        if k and any(find_label(line, role) for role in _PARTY_ENDS):
            break
        label = find_label(line, "tax_id")
        if label is not None and label.start() <= 1:
            valid = find_tax_ids(line[label.end():])  # kept only when its checksum holds, as the seller's
            tax_id = tax_id or (valid[0] if valid else None)
            continue
        if _ATTENTION.match(fold(line)):
            continue  # `Attn: Jennifer Walsh`, `z. Hd. Frau Weber`: a person at the party, not its address
        company = _COMPANY_LABEL.match(fold(line))
        street = without_address_label(line)
        if company is not None:
            name = line[company.end():].strip()
        elif street != line:
            labelled_address = labelled_address or street.strip()
        elif name is None:
            name = line
        elif len(address) < 2:
            address.append(line)
    return {"name": name, "address": labelled_address or ", ".join(address) or None, "tax_id": tax_id}


_DOMAIN = re.compile(r"(?:@|www\.|https?://)([\w.-]+)", re.IGNORECASE)


_NAME_BLOCKS = 2  # blocks a header row may have to hold a party's name


def _top_share(page: Sequence[Row], share: float) -> float:
    """The height on a page's rows under which its top `share` of printed height ends."""
    top = min(r.top for r in page)
    return top + (max(r.bottom for r in page) - top) * share


def _header_names(rows: Sequence[Row], buyer_lines: set[str]) -> list[Row]:
    """Rows in the top third of page 1 that could name a party: mostly letters, no label, not the buyer's."""
    first = [r for r in rows if r.page == 1]
    if not first:
        return []
    limit = _top_share(first, 1 / 3)
    roles = ("title", "buyer", "seller", "invoice_number", "due_date", "tax_id", "iban", "date")
    # A row of two blocks is read block by block (`Great Lakes Fastener Inc.` beside `INVOICE`); one of more is
    # a table's (`Klant | Order | Factuur datum | …`).
    parts: list[Row] = []
    for r in first:
        if r.top <= limit and len(r.blocks) <= _NAME_BLOCKS:
            parts += [Row([b], r.page, r.index) for b in r.blocks] if len(r.blocks) > 1 else [r]
    return [r for r in parts if not any(r.text in line for line in buyer_lines)
            and sum(c.isalpha() for c in r.text) > max(len(r.text) / 2, 2) and not _labels_only(r.text)
            and not any(find_label(r.text, role) for role in roles)]


def seller_name(rows: Sequence[Row], buyer_lines: set[str]) -> str | None:
    """The tallest text in the top third of page 1 that is no label, no number and not the buyer's."""
    best = max(_header_names(rows, buyer_lines), key=lambda r: (round(r.height), -r.top), default=None)
    return best.text if best else None


def named_by_domain(rows: Sequence[Row], buyer_lines: set[str]) -> str | None:
    """A header name that a printed web site or e-mail domain spells ('Azure Interior', azure-interior.com)."""
    domains = {"".join(ch for ch in d.casefold() if ch.isalnum()) for r in rows for d in _DOMAIN.findall(r.text)}
    for row in _header_names(rows, buyer_lines):
        name = "".join(ch for ch in fold(row.text).casefold() if ch.isalnum())
        if len(name) >= 4 and any(name in d for d in domains):
            return row.text
    return None


# What a company prints of its registration beside its tax id (`Company No.`, `UEN`, `RCS`, `HRB`, `REGON`).
_REGISTRY = re.compile(r"\b(?:company\s+(?:no|number|reg)|reg(?:istration)?\.?\s*no|uen|acn|rcs|code\s+ape|"
                       r"handelsregister|amtsgericht|hrb|registergericht|regon|krs|kvk|siren|nib)\b", re.IGNORECASE)
_PARAGRAPH_GAP = 0.8  # line heights between two lines of one block of text


def _top(block: TextBlock) -> float:
    return min(y for _, y in block.box)


def _bottom(block: TextBlock) -> float:
    return max(y for _, y in block.box)


def _paragraphs(rows: Sequence[Row], share: float = 0.5) -> list[list[TextBlock]]:
    """The blocks of text that start in the top `share` of page 1, each a column's lines read down: a line
    joins the block whose last line ends right over it, starting, ending or centred where that one is."""
    first = [r for r in rows if r.page == 1]
    if not first:
        return []
    limit = _top_share(first, share)
    out: list[list[TextBlock]] = []
    for row in first:
        joined = False
        for block in row.blocks:
            size = block_height(block)
            near = [(_misaligned(block, lines[-1]), k) for k, lines in enumerate(out)
                    if -size / 2 <= _top(block) - _bottom(lines[-1]) <= _PARAGRAPH_GAP * size]
            best = min(near, default=None)
            if best is not None and best[0] <= size:
                out[best[1]].append(block)
                joined = True
            elif row.top <= limit:
                out.append([block])
        if row.top > limit and not joined:
            break  # under the top, only lines that go on with a block above are read
    return out


def _misaligned(block: TextBlock, last: TextBlock) -> float:
    """How far a line is from being in line with the one over it: its start, its end or its centre."""
    (left, right), (above_left, above_right) = x_range(block), x_range(last)
    return min(abs(left - above_left), abs(right - above_right), abs(left + right - above_left - above_right) / 2)


def _registered(text: str) -> bool:
    return bool(find_label(text, "tax_id") or _REGISTRY.search(fold(text)))


def registered_seller(rows: Sequence[Row], buyer_lines: set[str]) -> str | None:
    """The party at the top of page 1 that prints its own tax or registration number: a block of lines in one
    column (`Oakridge Software LLC` / `1450 Market Street` / `Denver, CO 80202` / `EIN: 23-2922584`), under no
    buyer's or delivery label, beside which the buyer's block may stand. Its name is its first line; a legal
    name right under a shorter word (a logo's: `Sinar.` / `PT Sinar Jaya Abadi`) is the name, and a name run on
    to a second line that ends with its legal form is read whole."""
    paragraphs = _paragraphs(rows)
    for k, lines in enumerate(paragraphs):
        if _address_like(lines[0].text):
            lines = _name_over(lines, paragraphs[:k]) + lines
        texts = [b.text.strip() for b in lines]
        head = fold(texts[0]).strip(" :").casefold()
        if _whole_label(texts[0], "buyer") or _whole_label(texts[0], "ship") or _opens_label(head, "buyer"):
            continue
        if not any(_registered(t) for t in texts[1:]):
            continue
        if any(_whole_label(texts[0], role) for role in ("seller", "sender")):
            lines, texts = lines[1:], texts[1:]
        name = _name_of(lines, texts)
        if name and not _labels_only(name) and name not in buyer_lines and not _registered(name):
            return name
    return None


_HOUSE_AT_END = re.compile(r"\s\d{1,4}[a-z]?(?:[/-]\d{1,4}[a-z]?)?\s*$", re.IGNORECASE)


def _address_like(text: str) -> bool:
    """Whether a line is an address's or a contact's (`760 N Central Ave`, `Am Mühlbach 22`, `Tel …`)."""
    return bool(is_address_start(text) or has_postcode(text) or is_contact(text) or _HOUSE_AT_END.search(text)
                or text.lstrip()[:1].isdigit())


def _name_over(lines: Sequence[TextBlock], above: Sequence[Sequence[TextBlock]]) -> list[TextBlock]:
    """The line right over a block that opens with its address, in larger type (a name's): the last line of
    an earlier block, in line with it, within three of its lines."""
    top, size = _top(lines[0]), block_height(lines[0])
    for earlier in reversed(above):
        last = earlier[-1]
        if _misaligned(lines[0], last) <= size and 0 <= top - _bottom(last) <= 3 * size and not _address_like(last.text):
            return [last]
    return []


_FOOTER_PARTS = re.compile(r"\s+[·•]\s+|\s*\|\s*")
_BANK = re.compile(r"\b(?:bank|banque|bankverbindung|iban|bic|swift|rekening|konto|ngân hàng|ngan hang)\b", re.IGNORECASE)
_FOOTER_SHARE = 0.6  # a footer's rows are in the bottom of their page, under this share of its printed height


def footer_seller(rows: Sequence[Row]) -> str | None:
    """The legal name a footer row prints with the company's registration or its address (`Harbour Energy
    Limited · Suite 4, 18 King Street · Bristol BS1 5TR · Company No.: 91437389`): its first part that ends (or
    opens) with a legal form and is no label, no bank's and no contact."""
    for page in sorted({r.page for r in rows}, reverse=True):
        on_page = [r for r in rows if r.page == page]
        limit = _top_share(on_page, _FOOTER_SHARE)
        for row in reversed(on_page):
            if row.top < limit:
                break
            parts = [p.strip() for p in _FOOTER_PARTS.split(row.text) if p.strip()]
            if len(parts) < 2 or find_label(row.text, "iban") or _BANK.search(row.text) \
                    or not any(_registered(p) or has_postcode(p) for p in parts):
                continue  # the bank's row names the bank, not the seller
            for part in parts:
                if has_legal_form(part) and not is_contact(part) and ":" not in part and not _registered(part):
                    return part
    return None


# Where a payee's name ends: a sentence's end (not `Sp. z o.o.`), a wide gap, or another detail (`, IBAN …`).
_PAYEE_END = re.compile(r"\.(?=\.|\s+[^\W\d_](?<![a-z])|\s*$)|\s{3,}|[,;|·(]")
_ABBREVIATION_END = re.compile(r"(?<![^\W\d_])[^\W\d_]{1,4}$")


def payee_seller(rows: Sequence[Row]) -> str | None:
    """The seller named as the payee of a payment (`Please make all cheques payable to Oakridge Electrical
    Co.`, `Account name Summit Consulting Co.`, `t.n.v. Van Dijk B.V.`): a company's name, with its legal form.
    A person's name is not read: a utility bill's `Account name` is its customer's."""
    for row in rows:
        m = find_label(row.text, "payee")
        if m is None:
            continue
        rest = row.text[m.end():].lstrip(" :-")
        cut = _PAYEE_END.search(rest)
        name = rest[: cut.start() if cut else len(rest)].strip()
        if cut and rest[cut.start()] == "." and _ABBREVIATION_END.search(name):
            name += "."  # the sentence ends on an abbreviation's dot (`… Co..`, `… Ltd.`)
        if sum(c.isalpha() for c in name) >= 3 and not any(ch.isdigit() for ch in name) and not is_contact(name) \
                and has_legal_form(name):
            return name
    return None


def _opens_label(head: str, role: str) -> bool:
    m = find_label(head, role)
    return m is not None and m.start() == 0


def _name_of(lines: Sequence[TextBlock], texts: Sequence[str]) -> str | None:
    """A block's name: its first line, or the legal name its first two lines make (see `registered_seller`)."""
    if not texts or sum(c.isalpha() for c in texts[0]) < 2:
        return None
    if len(texts) > 1 and has_legal_form(texts[1]) and not has_legal_form(texts[0]):
        if _key(texts[0]) in _key(texts[1]):
            return texts[1]  # a logo's word over the legal name
        sizes = [block_height(b) for b in lines[:2]]
        if abs(sizes[0] - sizes[1]) <= 0.2 * max(sizes) and not (has_postcode(texts[0]) or is_contact(texts[0])):
            return f"{texts[0]} {texts[1]}"  # one name on two lines
    return texts[0]


def is_invoice(rows: Sequence[Row]) -> bool:
    """Whether an invoice title or an invoice-number label is printed."""
    return any(find_label(r.text, "title") or find_label(r.text, "invoice_number") for r in rows[:40])


def _address_under(rows: Sequence[Row], name: str | None, buyer_lines: set[str], language: str = ENGLISH) -> str | None:
    """The address under a party's name: the row after an address label (`Địa chỉ: …`), else the (up to two)
    plain rows right under the name; its tax id and contact rows are passed over, another label ends it."""
    ends = ("title", "buyer", "invoice_number", "due_date", "iban", "payment_terms")
    for i, row in enumerate(rows):
        if not name or row.text in buyer_lines or not (_same(row.text, name) or _names_after_label(row.text, name)):
            continue
        below: list[str] = []
        for r in rows[i + 1:i + 1 + MAX_PARTY_ROWS]:
            if any(find_label(r.text, role) for role in ends) or r.text in buyer_lines \
                    or find_dates(r.text, language=language):
                break
            street = without_address_label(r.text)
            if street != r.text:
                return street.strip()
            if find_label(r.text, "tax_id") or is_contact(r.text):
                continue
            if len(below) < 2:
                below.append(r.text)
        return ", ".join(below) or None
    return None


def _names_after_label(text: str, name: str) -> bool:
    """Whether a row prints `name` after a seller label (`Đơn vị bán hàng: CÔNG TY …`)."""
    label = find_label(text, "seller")
    return label is not None and _same(text[label.end():].strip(" :"), name)


def _money(value: Any) -> float | None:
    """An amount as the receipt fields print it in JSON: a number with two decimals."""
    amount = _decimal_or_none(value)
    return None if amount is None else to_json(amount)


def _decimal_or_none(value: Any) -> Decimal | None:
    try:
        return Decimal(str(value)) if value is not None else None
    except ArithmeticError:
        return None


def _same(a: str | None, b: str | None) -> bool:
    return bool(a and b) and "".join(str(a).split()).casefold() == "".join(str(b).split()).casefold()


def _without_title(name: str | None) -> str | None:
    """A seller's name without the document's title printed after it on its row (`Krüger Logistik AG
    RECHNUNG`, `CV Maju Bersama FAKTUR`, `… HÓA ĐƠN`)."""
    if not name:
        return name
    for word in words("title"):
        m = re.search(rf"\s+{re.escape(fold(word))}\W*$", fold(name), re.IGNORECASE)
        if m is not None and m.start() > 0:
            return name[: m.start()]
    return name


def _labels_only(text: str) -> bool:
    """Whether a name read is only a document's labels or title (`Data wystawienia`, `HÓA ĐƠN GIÁ TRỊ GIA TĂNG`,
    `Factuuradres leveradres`)."""
    rest = _SHIP_LABEL.sub(" ", _document_labels().sub(" ", fold(text).casefold()))
    return not any(ch.isalpha() for ch in rest)


@functools.cache
def _document_labels() -> re.Pattern[str]:
    """Every label of the document's particulars and parties, as one pattern (longest first)."""
    found = {fold(w).casefold() for role in ("title", "date", "invoice_number", "due_date", "seller", "buyer")
             for w in words(role)}
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(w) for w in sorted(found, key=len, reverse=True)) + r")(?!\w)")


def _holds(text: str, name: str | None) -> bool:
    """Whether a name read holds the buyer's name (`Bluebonnet Analytics LLC Bluebonnet Analytics LLC`)."""
    key = _key(str(name or ""))
    return len(key) > 2 and key in _key(text)


def _key(text: str) -> str:
    return "".join(ch for ch in fold(text).casefold() if ch.isalnum())


def _buyer_lines(rows: Sequence[Row], party: dict[str, Any]) -> set[str]:
    """The buyer's name row and the three rows below it."""
    for i, row in enumerate(rows):
        if party["name"] and (_same(row.text, party["name"]) or _holds(row.text, party["name"])):
            return {r.text for r in rows[i:i + 4]}
    return set()


_SUMMARY_ROLES = ("net", "gross", "tax")
_REPLACED = ("total_amount", "subtotal", "tax", "invoice_number", "vendor", "address", "line_items")


def line_items_of(items: Any) -> Any:
    """Drop rows the receipt rules took for lines that are the invoice's net, tax or total."""
    if not isinstance(items, list):
        return items
    return [i for i in items if not (isinstance(i, dict) and i.get("description")
                                     and any(find_label(str(i["description"]), r) for r in _SUMMARY_ROLES))]


def _details(data: dict[str, Any], out: dict[str, Any]) -> dict[str, Any]:
    """The `fields` detail of every value the invoice reading changed (its own, source rules)."""
    fields = dict(data.get("fields") or {})
    for name in ("total_amount", "subtotal", "tax", "invoice_number", "vendor", "address"):
        if out.get(name) is not None and str(out[name]) != str(data.get(name)):
            fields[name] = {"value": out[name], "raw": None, "confidence": out["_confidence"], "box": None,
                            "source": "rules", "page": None}
    return fields


def _settled(reason: Any, out: dict[str, Any]) -> bool:
    """Whether the invoice reading replaced what a receipt check complained about."""
    if not isinstance(reason, dict) or reason.get("field") not in _REPLACED:
        return False
    code = str(reason.get("code", ""))
    if reason["field"] == "line_items" or code.startswith("arithmetic"):
        return True  # checked again below, on the invoice's own amounts
    return code.startswith(("missing_", "low_confidence")) and out.get(reason["field"]) is not None


def _reasons(data: dict[str, Any], out: dict[str, Any]) -> list[dict[str, Any]]:
    """The receipt checks on fields the invoice did not change, then the invoice's own checks."""
    reasons = [r for r in data.get("review_reasons") or [] if not _settled(r, out)]
    if out["gross"] is None:
        reasons.append({"field": "total_amount", "code": "missing_total", "message": "no total_amount found"})
    if arithmetic_ok(out["net"], out.get("tax"), out["gross"]) is False:
        reasons.append({"code": "arithmetic", "field": "gross", "message": "net + tax does not equal the total"})
    if lines_match_net(out.get("line_items"), out["net"]) is False:
        reasons.append({"code": "arithmetic", "field": "line_items", "message": "the lines do not add up to the net"})
    if out["invoice_number"] is None:
        reasons.append({"code": "missing_field", "field": "invoice_number", "message": "No invoice number found"})
    return reasons


def item_rates(rows: Sequence[Row], items: Any, rates: list[dict[str, str]], language: str = ENGLISH) -> Any:
    """Give each line item its tax rate: the rate printed on its row, else the invoice's only rate. A row
    that prints its net, rate and gross (`Usługa 2 500,00 1000,00 23% 1230,00`) gives the net as the
    item's amount, and the quantity and unit price that make it."""
    if not isinstance(items, list):
        return items
    only = rates[0]["rate"] if len(rates) == 1 else None
    out = []
    for item in items:
        if not isinstance(item, dict) or item.get("tax_rate") is not None:
            out.append(item)
            continue
        row = next((r for r in rows if item.get("description") and str(item["description"]) in r.text), None)
        printed = RATE.search(row.text) if row is not None else None
        rate = printed.group(1).replace(",", ".") if printed else only
        item = item | {"tax_rate": float(rate) if rate is not None else None}
        out.append(_net_line(row.text, printed, item, language) if row is not None and printed else item)
    return out


NET_LINE_TOLERANCE = Decimal("0.01")


def _net_line(text: str, rate: re.Match[str], item: dict[str, Any], language: str) -> dict[str, Any]:
    """The item as its net when its row prints `net rate% gross` and its amount read is the gross."""
    before = [a.value for a in amounts_in(text[: rate.start()], None, language)]
    after = [a.value for a in amounts_in(text[rate.end() :], None, language)]
    gross = Decimal(str(item.get("amount"))) if item.get("amount") is not None else None
    if gross is None or not before or not after or after[-1] != gross:
        return item
    net, percent = before[-1], Decimal(rate.group(1).replace(",", "."))
    if abs(net * (100 + percent) / 100 - gross) > NET_LINE_TOLERANCE:
        return item
    out = item | {"amount": float(net)}
    numbers = [Decimal(n.replace(",", ".")) for n in re.findall(r"(?<![\w.,])\d+(?:[.,]\d+)?(?![\w.,])", text[: rate.start()])]
    for qty, unit in itertools.pairwise(numbers[:-1]):
        if qty > 0 and abs(qty * unit - net) <= NET_LINE_TOLERANCE:
            return out | {"quantity": float(qty), "unit_price": float(unit)}
    return out


# The label of an invoice's own date, not of its delivery, due or deposit dates (matched without accents).
_ISSUE_DATE = re.compile(
    r"(?<!\w)(?:invoice date|date of issue|issue date|date issued|rechnungsdatum|ausstellungsdatum|date de facture|"
    r"date d'emission|date de la facture|factuurdatum|data wystawienia|ngay lap|ngay hoa don|tanggal faktur|"
    r"tanggal invoice|tgl\.? faktur|fecha de emision|fecha factura|data fattura|data de emissao|data da fatura)"
    r"(?!\w)\s*[:.]?", re.IGNORECASE)


def issue_date(rows: Sequence[Row], current: Any, language: str) -> Any:
    """Return the date printed after the invoice-date label (`Factuurdatum: 2 februari 2024`, on its row or the
    next), else under or beside a plain date label; the date already read when it is one of that date's readings
    (the order was settled), else `current`. A label that names the issue wins over a sale's or delivery's date
    printed beside its own label (`Data wystawienia` over `Data sprzedaży`)."""
    order = languages.get(language).date_order if languages.has_pack(language) else "DMY"
    for i, row in enumerate(rows):
        m = _ISSUE_DATE.search(fold(row.text))
        if m is None:
            continue
        for text in (row.text[m.end():], rows[i + 1].text if i + 1 < len(rows) else ""):
            found = find_dates(text, order, language=language)
            if found:
                readings = {d.isoformat() for d in (found[0].value, found[0].alternative) if d is not None}
                return current if current in readings else found[0].value.isoformat()
        break
    under = _date_under_label(rows, order, language)  # a plain date label's, when none names the issue
    if under is not None:
        return current if current in under else under[0]
    return current


_HEAD_SHARE = 0.4  # the share of page 1, from its top, where the document's own particulars are printed


def _date_under_label(rows: Sequence[Row], order: str, language: str) -> list[str] | None:
    """The readings of the date printed under a date column's header (`No. Invoice | Tanggal | Jatuh Tempo` over
    `192/INV/… | 28 Februari 2024 | 13 April 2024`), or beside the label (`Tanggal: | 26 Oktober 2023`): the
    document's date and not the due one."""
    first = [r for r in rows if r.page == 1]
    if not first:
        return None
    limit = _top_share(first, _HEAD_SHARE)
    for row, below in zip(rows, rows[1:], strict=False):
        if len(row.blocks) < 2 or below.page != row.page or row.page != 1 or row.top > limit:
            continue  # a date column of the items' table further down is no header
        for block in row.blocks:
            head = fold(block.text).strip(" :.")
            if not (_whole_label(block.text, "date") or _ISSUE_DATE.fullmatch(head)):
                continue
            left, right = min(x for x, _ in block.box), max(x for x, _ in block.box)
            # A label with its value beside it (`Tanggal:  26 Oktober 2023`): the next block to its right.
            beside = sorted((b for b in row.blocks if min(x for x, _ in b.box) >= right),
                            key=lambda b: min(x for x, _ in b.box))
            found = find_dates(beside[0].text, order, language=language) if beside else []
            cell = max(below.blocks, key=lambda b: _overlap(b, left, right))
            if not found and _overlap(cell, left, right) > 0:
                found = find_dates(cell.text, order, language=language)
            if found:
                return [d.isoformat() for d in (found[0].value, found[0].alternative) if d is not None]
    return None


def prepaid_split(rows: Sequence[Row], gross: float | None) -> tuple[float | None, float | None]:
    """Return the gross and the amount still due. Where a deposit or a payment already made is taken off
    (`Total TTC 7 080,26` / `Acompte versé -2 124,00` / `Net à payer 4 956,26`), the gross is the total
    printed over it and the amount due the total under it that equals the gross less the payment; else
    both are the gross."""
    for i in range(len(rows) - 1, 0, -1):
        label = find_label(rows[i].text, "prepaid")
        paid = _decimal_or_none(labelled_amount(rows[i : i + 1], "prepaid"))
        total = _decimal_or_none(labelled_amount(rows[:i], "gross", exclude=("net",)))
        if label is None or paid is None or total is None or paid == 0:
            continue
        owed = total - abs(paid)
        below = [to_amount(a) for r in rows[i + 1 :] for a in AMOUNT_RE.findall(r.text)]
        if any(v is not None and abs(v - owed) <= Decimal("0.01") for v in below):
            return _money(total), _money(owed)
        return gross, gross
    return gross, gross


def add_invoice_fields(blocks: Sequence[TextBlock], data: dict[str, Any]) -> dict[str, Any]:
    """Return `extracted_data` with `document_type` and, for an invoice, its invoice fields and checks."""
    language = (data.get("language") or {}).get("code") or ENGLISH
    blocks = without_glosses(blocks, language)
    rows = group_rows(blocks)
    if not is_invoice(rows):
        return data | {"document_type": data.get("document_type") or "receipt"}
    text = "\n".join(r.text for r in rows)
    tax_ids = find_tax_ids(text)
    party = buyer(rows)
    vendor = data.get("vendor")
    lines = _buyer_lines(rows, party)
    if not vendor or _same(vendor, party["name"]) or _labels_only(vendor) or _holds(vendor, party["name"]):
        vendor = seller_name(rows, lines)  # what the receipt rules took for the seller is the buyer, or a label
    vendor = _without_title(labelled_seller(rows) or payee_seller(rows) or registered_seller(rows, lines)
                            or footer_seller(rows) or named_by_domain(rows, lines) or vendor)
    seller = {"name": vendor, "address": _address_under(rows, vendor, lines, language) or data.get("address"),
              "tax_id": tax_ids[0] if tax_ids else None}
    if len(tax_ids) > 1 and party["tax_id"] is None:
        party["tax_id"] = tax_ids[1]
    ibans = find_ibans(text)
    net = _money(labelled_amount(rows, "net") or data.get("subtotal"))
    gross = _money(labelled_amount(rows, "gross", exclude=("net",)) or data.get("total_amount"))
    gross, due = prepaid_split(rows, gross)
    rates = tax_by_rate(rows)
    tax = _money((str(sum(Decimal(r["amount"]) for r in rates)) if len(rates) > 1 else None)
                 or labelled_amount(rows, "tax", exclude=("net", "gross"), within=("tax_id",)) or data.get("tax"))
    rates_json = [{"rate": float(r["rate"]), "amount": _money(r["amount"])} for r in rates]
    out = data | {"document_type": "invoice", "invoice_number": invoice_number(rows) or data.get("invoice_number"),
                  "date": issue_date(rows, data.get("date"), language),
                  "vendor": vendor, "address": seller["address"],
                  "due_date": due_date(rows, language), "seller": seller, "buyer": party, "net": net, "tax": tax,
                  "gross": gross, "total_amount": gross, "amount_due": due, "subtotal": net,
                  "iban": ibans[0] if ibans else None,
                  "payment_terms": payment_terms(rows), "tax_rates": rates_json,
                  "line_items": item_rates(rows, line_items_of(data.get("line_items")), rates, language),
                  "_confidence": round(min((b.confidence for b in blocks), default=0.0), 4)}
    out["fields"] = _details(data, out)
    out["review_reasons"] = _reasons(data, out)
    out["needs_review"] = bool(out["review_reasons"])
    del out["_confidence"]
    return out
