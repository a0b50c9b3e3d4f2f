"""OCR damage on amount rows: misread label words and amounts whose decimal point was lost."""

from __future__ import annotations

from decimal import Decimal

from app.extraction import ExtractionOptions, extract
from app.extraction.candidates import AMOUNT_ROLES
from app.extraction.misread import LABEL_ROLES, loose_amount, mend_label
from app.extraction.rows import group_rows
from app.extraction.rules import read_fields
from tests.test_extraction import make_blocks
from tests.test_extraction_model import TODAY, feats

ROLES = (*AMOUNT_ROLES, "summary")


def test_label_words_misread_for_like_shaped_letters_are_spelt_right() -> None:
    assert mend_label("Grand Tota1", "en", ROLES) == "Grand TOTAL"
    assert mend_label("Totel Ant Peyable :", "en", ROLES) == "TOTAL Ant PAYABLE :"
    assert mend_label("Pald Amount:", "en", ROLES) == "PAID Amount:"
    assert mend_label("CIIANGE", "en", ROLES) == "CHANGE"
    assert mend_label("SUBTOTAI (RM)", "en", ROLES) == "SUBTOTAL (RM)"


def test_other_words_and_short_words_are_left_as_printed() -> None:
    assert mend_label("SERVICE CHARGE", "en", ROLES) == "SERVICE CHARGE"  # one letter off CHANGE, not alike
    assert mend_label("TOTAL QTY 12", "en", ROLES) == "TOTAL QTY 12"
    assert mend_label("Net Amt", "en", ROLES) == "Net Amt"  # shorter than 4: too many words one letter apart
    assert mend_label("THANK YOU 2018", "en", ROLES) == "THANK YOU 2018"


def test_an_amount_with_its_decimal_point_lost_after_a_label_is_read() -> None:
    assert loose_amount("TOTAL 52-00", 0, "en", set()) is not None
    found = loose_amount("TOTAL 52-00", 0, "en", set())
    assert found is not None and found.value == Decimal("52.00") and found.raw == "52-00"
    assert "TOTAL 52-00"[found.start : found.end] == "52-00"
    found = loose_amount("CASH 41 50", 0, "en", set())
    assert found is not None and found.value == Decimal("41.50")
    found = loose_amount("Grand Tota1 28:90", 0, "en", set())
    assert found is not None and found.value == Decimal("28.90")


def test_numbers_that_are_not_a_lost_point_stay_out() -> None:
    assert loose_amount("Time: 08:30-00", 0, "en", set()) is None  # no amount label
    assert loose_amount("TOTAL 12:30", 0, "en", set()) is None  # a time
    assert loose_amount("DESIGN 1 31.80 31 80", 14, "en", set()) is None  # no label after the amount
    assert loose_amount("REF 2018 05-18", 0, "en", set()) is None


def test_bare_digits_after_a_total_are_cents_only_when_the_page_prints_that_value() -> None:
    found = loose_amount("GRAND TOTAL 1000", 0, "en", {Decimal("10.00")})
    assert found is not None and found.value == Decimal("10.00") and found.raw == "1000"
    assert loose_amount("GRAND TOTAL 1000", 0, "en", {Decimal("12.00")}) is None
    assert loose_amount("TOTAL QTY 1000", 0, "en", {Decimal("10.00")}) is None
    assert loose_amount("CASH 1000", 0, "en", {Decimal("10.00")}) is None  # a total label only
    assert loose_amount("TOTAL 9.90 1000", 10, "en", {Decimal("10.00")}) is None  # not alone on its row


def test_the_rules_read_a_misread_total_label() -> None:
    lines = ["SHOP", "CAKE  13.00", "Grand Tota1  13.00", "Cash  50.00", "Chenge  37.00"]
    ruled = read_fields(group_rows(make_blocks(lines)), ExtractionOptions(), TODAY)
    assert ruled.fields["total_amount"].value == Decimal("13.00")
    assert "total" in LABEL_ROLES


def test_candidates_carry_the_mended_label_and_the_loose_amount() -> None:
    lines = ["SHOP", "BREAD  49.06", "SUB-TOTAL  49.06", "GST  2.94", "Tota1  52-00", "CASH  60.00", "CHANGE  8.00"]
    got = feats(lines, "total_amount", Decimal("52.00"))
    assert got["label_total"] == 1.0 and got["sub_tax"] == 1.0 and got["cash_change"] == 1.0
    result = extract(make_blocks(lines), ExtractionOptions(), today=TODAY)
    assert result.value("total_amount") == Decimal("52.00")
