"""Invoice fields on top of the receipt fields: number, due date, parties, tax ids, IBAN, terms, checks."""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from app.ocr.types import TextBlock

from .dates import find_dates
from .header import is_contact, without_address_label
from .invoice_amounts import RATE, arithmetic_ok, labelled_amount, lines_match_net, tax_by_rate
from .invoice_words import after_label, find_label, fold, words
from .languages.gloss import ENGLISH, without_glosses
from .result import to_json
from .rows import Row, group_rows
from .taxids import find_ibans, find_tax_ids
from .totals import amounts_in

_NUMBER = re.compile(r"[A-Z0-9][A-Z0-9/\-_.]{2,29}", re.IGNORECASE)
_FILLER = re.compile(r"^[\s:#.№°nNoO]*?(?:no\.?|nr\.?|n°|#|number|:)?[\s:#.]*", re.IGNORECASE)


def invoice_number(rows: Sequence[Row]) -> str | None:
    """Return the value printed after an invoice-number label: a token holding a digit."""
    for i, row in enumerate(rows):
        m = find_label(row.text, "invoice_number")
        if not m:
            continue
        same_row = _number_in(row.text[m.end():])
        if same_row:
            return same_row
        if len(row.blocks) > 1:  # a header among others: its value is in its column, not the row's start
            under = column_value(rows[i:i + 2], ("invoice_number",))
            if under:
                return under
        following = _number_in(rows[i + 1].text) if i + 1 < len(rows) else None
        if following:
            return following
    return column_value(rows, ("invoice_number", "title"))


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
            name = fold(block.text).strip(" :#.").casefold()
            if not any(name == fold(w).casefold() for role in roles for w in words(role)):
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


def due_date(rows: Sequence[Row], order: str = "DMY") -> str | None:
    """Return the date printed after a due-date label (ISO), if any."""
    for i, row in enumerate(rows):
        m = find_label(row.text, "due_date")
        if m:
            for rest in after_label(rows, i, m.end()):
                found = find_dates(rest, order)
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
    the rows under the name) and its tax id when a label prints one; up to the next party's or document's label."""
    for i, row in enumerate(rows):
        m = find_label(row.text, "buyer")
        if m and m.start() == 0:
            rest = row.text[m.end():].strip(" :")
            lines = ([rest] if rest else []) + [r.text for r in rows[i + 1:i + 1 + MAX_PARTY_ROWS]]
            return _party(lines)
    return {"name": None, "address": None, "tax_id": None}


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


def _header_names(rows: Sequence[Row], buyer_lines: set[str]) -> list[Row]:
    """Rows in the top third of page 1 that could name a party: mostly letters, no label, not the buyer's."""
    first = [r for r in rows if r.page == 1]
    if not first:
        return []
    limit = min(r.top for r in first) + (max(r.bottom for r in first) - min(r.top for r in first)) / 3
    roles = ("title", "buyer", "invoice_number", "due_date", "tax_id", "iban")
    return [r for r in first if r.top <= limit and r.text not in buyer_lines
            and sum(c.isalpha() for c in r.text) > len(r.text) / 2
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


def is_invoice(rows: Sequence[Row]) -> bool:
    """Whether an invoice title or an invoice-number label is printed."""
    return any(find_label(r.text, "title") or find_label(r.text, "invoice_number") for r in rows[:40])


def _address_under(rows: Sequence[Row], name: str | None, buyer_lines: set[str]) -> str | None:
    """The address under a party's name: the row after an address label (`Địa chỉ: …`), else the (up to two)
    plain rows right under the name; its tax id and contact rows are passed over, another label ends it."""
    ends = ("title", "buyer", "invoice_number", "due_date", "iban", "payment_terms")
    for i, row in enumerate(rows):
        if not name or row.text in buyer_lines or not (_same(row.text, name) or _names_after_label(row.text, name)):
            continue
        below: list[str] = []
        for r in rows[i + 1:i + 1 + MAX_PARTY_ROWS]:
            if any(find_label(r.text, role) for role in ends) or r.text in buyer_lines or find_dates(r.text):
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


def _buyer_lines(rows: Sequence[Row], party: dict[str, Any]) -> set[str]:
    """The buyer's name row and the three rows below it."""
    for i, row in enumerate(rows):
        if party["name"] and _same(row.text, party["name"]):
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
    if not vendor or _same(vendor, party["name"]):  # what the receipt rules took for the seller is the buyer
        vendor = seller_name(rows, lines)
    vendor = named_by_domain(rows, lines) or vendor
    seller = {"name": vendor, "address": _address_under(rows, vendor, lines) or data.get("address"),
              "tax_id": tax_ids[0] if tax_ids else None}
    if len(tax_ids) > 1 and party["tax_id"] is None:
        party["tax_id"] = tax_ids[1]
    ibans = find_ibans(text)
    net = _money(labelled_amount(rows, "net") or data.get("subtotal"))
    gross = _money(labelled_amount(rows, "gross", exclude=("net",)) or data.get("total_amount"))
    rates = tax_by_rate(rows)
    tax = _money((str(sum(Decimal(r["amount"]) for r in rates)) if len(rates) > 1 else None)
                 or labelled_amount(rows, "tax", exclude=("net", "gross"), within=("tax_id",)) or data.get("tax"))
    rates_json = [{"rate": float(r["rate"]), "amount": _money(r["amount"])} for r in rates]
    out = data | {"document_type": "invoice", "invoice_number": invoice_number(rows) or data.get("invoice_number"),
                  "vendor": vendor, "address": seller["address"],
                  "due_date": due_date(rows), "seller": seller, "buyer": party, "net": net, "tax": tax,
                  "gross": gross, "total_amount": gross, "subtotal": net, "iban": ibans[0] if ibans else None,
                  "payment_terms": payment_terms(rows), "tax_rates": rates_json,
                  "line_items": item_rates(rows, line_items_of(data.get("line_items")), rates, language),
                  "_confidence": round(min((b.confidence for b in blocks), default=0.0), 4)}
    out["fields"] = _details(data, out)
    out["review_reasons"] = _reasons(data, out)
    out["needs_review"] = bool(out["review_reasons"])
    del out["_confidence"]
    return out
