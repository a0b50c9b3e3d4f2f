"""Templates: selection, application with a time bound, validation, and proposals from corrections."""

from __future__ import annotations

import time
from datetime import date

import pytest

from app.extraction import ExtractionOptions, Template, extract, propose_template, validate_template
from app.extraction.rows import document_text, group_rows
from app.extraction.templates import select_template
from tests.test_extraction import make_blocks

TODAY = date(2024, 6, 1)

ACME = [
    "ACME PARTS LTD",
    "Unit 4, Mill Lane",
    "Leeds LS1 4AB",
    "Ref: ACM/2024/0117",
    "Issued 07-05-2024",
    "Bolts      12.00",
    "Nuts      3.00",
    "Goods total      15.00",
    "VAT      3.00",
    "To pay      GBP 18.00",
]

ACME_TEMPLATE = {
    "id": 7,
    "name": "Acme parts",
    "keywords": ["ACME PARTS"],
    "exclude_keywords": ["CREDIT NOTE"],
    "fields": {
        "invoice_number": r"Ref:\s*(?P<value>ACM/\d{4}/\d+)",
        "total_amount": r"To pay\s+GBP\s*(?P<value>[\d.,]+)",
        "subtotal": r"Goods total\s+([\d.,]+)",
    },
    "options": {"date_order": "DMY", "currency": "GBP"},
    "priority": 5,
}


def extract_with(
    lines: list[str], templates: list[Template], template_id: int | None = None, **options: object
) -> dict:
    """Extract hand-made lines with templates and return `extracted_data`."""
    opts = ExtractionOptions(**options)  # type: ignore[arg-type]
    return extract(make_blocks(lines), opts, templates, template_id, today=TODAY).to_dict()


def test_template_fields_override_rules_and_the_rest_falls_back() -> None:
    data = extract_with(ACME, [Template.from_dict(ACME_TEMPLATE)])
    assert data["template_id"] == 7
    assert data["invoice_number"] == "ACM/2024/0117"
    assert data["total_amount"] == 18.00 and data["subtotal"] == 15.00
    assert data["currency"] == "GBP"
    fields = data["fields"]
    assert fields["total_amount"]["source"] == "template" and fields["total_amount"]["raw"] == "18.00"
    assert fields["total_amount"]["box"] is not None
    assert fields["date"]["source"] == "model" and data["date"] == "2024-05-07"
    assert data["vendor"] == "ACME PARTS LTD" and fields["vendor"]["source"] == "model"


def _templates() -> list[Template]:
    low = Template(1, "generic", keywords=["TOTAL"], priority=0, fields={"vendor": r"^(Unit \d+)"})
    high = Template(2, "acme", keywords=["acme parts", "to pay"], priority=10, fields={"vendor": r"^(ACME)"})
    excluded = Template(3, "acme credit", keywords=["ACME"], exclude_keywords=["Goods total"], priority=99)
    return [low, high, excluded]


def test_selection_by_keywords_priority_and_exclusion() -> None:
    text = document_text(group_rows(make_blocks(ACME)))
    assert select_template(_templates(), text).id == 2  # type: ignore[union-attr]
    assert select_template(_templates()[2:], text) is None
    assert select_template(_templates(), "nothing matches here") is None


def test_selection_by_id_wins_and_unknown_id_falls_back_to_keywords() -> None:
    text = document_text(group_rows(make_blocks(ACME)))
    assert select_template(_templates(), text, template_id=3).id == 3  # type: ignore[union-attr]
    assert select_template(_templates(), text, template_id=404).id == 2  # type: ignore[union-attr]
    data = extract_with(ACME, _templates(), template_id=1)
    assert data["template_id"] == 1 and data["vendor"] == "Unit 4"


def test_hostile_regex_is_bounded_in_time() -> None:
    hostile = Template(9, "hostile", keywords=["aaaa"], fields={"invoice_number": r"(a|aa)+$"})
    lines = ["SHOP", "a" * 3000 + "!", "TOTAL  4.00"]
    start = time.monotonic()
    data = extract_with(lines, [hostile], regex_timeout_s=0.5)
    assert time.monotonic() - start < 2.0
    assert "template_timeout" in {r["code"] for r in data["review_reasons"]}
    assert data["total_amount"] == 4.00


def test_nested_quantifier_is_refused_and_skipped() -> None:
    assert any("nested" in e for e in validate_template({**ACME_TEMPLATE, "fields": {"vendor": r"(a+)+$"}}))
    hostile = Template(9, "hostile", keywords=["aaaa"], fields={"vendor": r"(a+)+$"})
    start = time.monotonic()
    data = extract_with(["SHOP", "a" * 3000 + "!", "TOTAL  4.00"], [hostile])
    assert time.monotonic() - start < 2.0
    assert data["fields"]["vendor"]["source"] == "model"


def test_valid_template_has_no_errors() -> None:
    assert validate_template(ACME_TEMPLATE) == []


@pytest.mark.parametrize(
    ("change", "fragment"),
    [
        ({"name": ""}, "name"),
        ({"keywords": []}, "keywords"),
        ({"keywords": "ACME"}, "keywords"),
        ({"fields": {"colour": "x"}}, "unknown field"),
        ({"fields": {"vendor": "(unclosed"}}, "does not compile"),
        ({"fields": {"vendor": "a" * 600}}, "longer than"),
        ({"fields": {"vendor": r"(\w+\s?)*$"}}, "nested"),
        ({"fields": {"vendor": r"(a)(b)"}}, "several groups"),
        ({"options": {"date_order": "DD"}}, "date_order"),
        ({"options": {"colour": 1}}, "unknown option"),
        ({"options": {"currency": "EURO"}}, "currency"),
        ({"priority": "high"}, "priority"),
        ({"exclude_keywords": [""]}, "exclude_keywords"),
    ],
)
def test_validation_errors(change: dict, fragment: str) -> None:
    errors = validate_template({**ACME_TEMPLATE, **change})
    assert any(fragment in e for e in errors), errors


def _acme_receipt(ref: str, day: str, total: str) -> list[str]:
    return [
        "ACME PARTS LTD",
        "Unit 4, Mill Lane",
        "Leeds LS1 4AB",
        f"Ref: {ref}",
        f"Issued {day}",
        "Bolts      12.00",
        f"To pay      GBP {total}",
    ]


def _sample(lines: list[str], corrections: dict) -> dict:
    blocks = make_blocks(lines)
    data = extract(blocks, ExtractionOptions(), today=TODAY).to_dict()
    return {"text": document_text(group_rows(blocks)), "extracted_data": data, "corrections": corrections}


def test_propose_template_after_three_corrections_of_one_vendor() -> None:
    samples = [
        _sample(_acme_receipt("ACM/2024/0117", "07-05-2024", "18.00"), {"invoice_number": "ACM/2024/0117"}),
        _sample(
            _acme_receipt("ACM/2024/0121", "13-05-2024", "25.50"),
            {"total_amount": 25.5, "invoice_number": "ACM/2024/0121"},
        ),
        _sample(
            _acme_receipt("ACM/2024/0130", "20-05-2024", "9.90"),
            {"date": "2024-05-20", "invoice_number": "ACM/2024/0130"},
        ),
    ]
    assert propose_template(samples[:2]) is None
    proposal = propose_template(samples)
    assert proposal is not None and validate_template(proposal) == []
    assert "ACME PARTS LTD" in proposal["keywords"]
    assert set(proposal["fields"]) == {"invoice_number", "total_amount", "date"}
    assert proposal["options"]["date_order"] == "DMY"
    fresh = _acme_receipt("ACM/2024/0199", "02-06-2024", "1,234.00")
    data = extract_with(fresh, [Template.from_dict({**proposal, "id": 11})])
    assert data["template_id"] == 11
    assert (data["invoice_number"], data["total_amount"], data["date"]) == (
        "ACM/2024/0199",
        1234.0,
        "2024-06-02",
    )


def test_propose_template_needs_one_vendor_with_enough_samples() -> None:
    other = _sample(["OTHER SHOP", "1 Road St", "TOTAL  3.00"], {"total_amount": 3.0})
    acme = _sample(_acme_receipt("ACM/2024/0117", "07-05-2024", "18.00"), {"total_amount": 18.0})
    assert propose_template([other, other, acme, acme]) is None
    assert propose_template([]) is None


def test_learning_skips_a_sample_with_an_impossible_date() -> None:
    good = [
        _sample(_acme_receipt(f"ACM/2024/01{n}", f"1{n}-05-2024", "18.00"),
                {"date": f"2024-05-1{n}", "invoice_number": f"ACM/2024/01{n}"})
        for n in range(3, 6)
    ]
    bad = _sample(_acme_receipt("ACM/2024/0199", "31-05-2024", "18.00"),
                  {"date": "31/31/2020", "invoice_number": "ACM/2024/0199"})
    proposal = propose_template([*good, bad])  # stored before corrections were validated
    assert proposal is not None and "invoice_number" in proposal["fields"]


@pytest.mark.parametrize(("body", "field"), [
    ({"total_amount": {"nested": 1}}, "total_amount"),
    ({"total_amount": "12,50 EUR"}, "total_amount"),
    ({"tax": float("inf")}, "tax"),
    ({"date": "not-a-date"}, "date"),
    ({"date": "31/31/2020"}, "date"),
    ({"time": "25:00"}, "time"),
    ({"currency": "euro"}, "currency"),
    ({"address": "x" * 501}, "address"),
    ({"vendor": ["a"]}, "vendor"),
    ({"line_items": [{"description": "a", "amount": "x"}]}, "line_items"),
    ({"line_items": [{}] * 201}, "line_items"),
    ({"colour": "blue"}, "colour"),
])
def test_corrections_are_checked_by_field_type(body: dict, field: str) -> None:
    from app.extraction.corrections import validate_corrections

    cleaned, errors = validate_corrections(body)
    assert field in errors and field not in cleaned


def test_valid_corrections_are_cleaned() -> None:
    from app.extraction.corrections import validate_corrections

    cleaned, errors = validate_corrections({"total_amount": "12.50", "date": "2024-02-29", "currency": "eur",
                                            "vendor": "Acme", "address": None, "time": "09:05",
                                            "line_items": [{"description": "Bolts", "amount": 12}]})
    assert errors == {}
    assert cleaned == {"total_amount": 12.5, "date": "2024-02-29", "currency": "EUR", "vendor": "Acme",
                       "address": None, "time": "09:05", "line_items": [{"description": "Bolts", "amount": 12.0}]}


def test_a_template_static_value_is_bounded() -> None:
    template = {"name": "t", "keywords": ["a"], "fields": {}, "options": {"static": {"vendor": "v" * 501}}}
    assert any(e.startswith("options.static") for e in validate_template(template))


def test_a_template_reads_amounts_and_dates_in_the_pages_language() -> None:
    template = Template.from_dict({
        "id": 9, "name": "Hurtownia", "keywords": ["HURTOWNIA KOWALSKI"],
        "fields": {"total_amount": r"DO ZAPŁATY\s+(?P<value>[\d ,]+)", "date": r"Data:\s*(?P<value>.+)"},
    })
    lines = ["HURTOWNIA KOWALSKI Sp. z o.o.", "ul. Długa 5", "00-950 Warszawa", "Data: 5 marca 2024",
             "Towar 1 234,56", "DO ZAPŁATY 1 234,56"]
    data = extract_with(lines, [template], language="pl")
    assert data["template_id"] == 9
    assert data["total_amount"] == 1234.56 and data["date"] == "2024-03-05"


def _hurtownia(number: str, day: str, total: str) -> list[str]:
    return ["HURTOWNIA KOWALSKI Sp. z o.o.", "ul. Długa 5", "00-950 Warszawa", f"Faktura nr {number}",
            f"Data sprzedaży {day}", "Towar 1 x 12,00 12,00", f"Należność {total} zł"]


def test_a_template_is_learnt_from_corrections_read_in_the_pages_language() -> None:
    def sample(lines: list[str], corrections: dict) -> dict:
        blocks = make_blocks(lines)
        data = extract(blocks, ExtractionOptions(language="pl"), today=TODAY).to_dict()
        return {"text": document_text(group_rows(blocks)), "extracted_data": data, "corrections": corrections}

    samples = [sample(_hurtownia("FV/1/2024", "5 marca 2024", "1 234,56"),
                      {"total_amount": 1234.56, "date": "2024-03-05"}),
               sample(_hurtownia("FV/2/2024", "12 marca 2024", "2 001,10"),
                      {"total_amount": 2001.10, "date": "2024-03-12"}),
               sample(_hurtownia("FV/3/2024", "19 marca 2024", "987,00"),
                      {"total_amount": 987.00, "date": "2024-03-19"})]
    proposal = propose_template(samples)
    assert proposal is not None and {"total_amount", "date"} <= set(proposal["fields"])
    data = extract_with(_hurtownia("FV/4/2024", "26 marca 2024", "3 450,00"),
                        [Template.from_dict({**proposal, "id": 12})], language="pl")
    assert data["template_id"] == 12 and (data["total_amount"], data["date"]) == (3450.0, "2024-03-26")
