"""OCR damage on amount rows (misread label words, lost decimal points) and unsure totals the arithmetic gives."""

from __future__ import annotations

from decimal import Decimal

import numpy as np

from app.extraction import ExtractionOptions, extract
from app.extraction.boost import Tree
from app.extraction.candidates import AMOUNT_ROLES, FEATURES, arithmetic_agrees, candidates
from app.extraction.learned import FLOOR, read_learned
from app.extraction.misread import LABEL_ROLES, loose_amount, mend_digits, mend_label
from app.extraction.rows import group_rows
from app.extraction.rules import read_fields
from app.extraction.scorer import FieldModel, Model, handed_over
from app.extraction.training import label_total
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
    found = loose_amount("TOTAL A PAYER 20, 63 €", 0, "fr", set())  # the currency sign after it is not the amount
    assert found is not None and found.value == Decimal("20.63") and found.raw == "20, 63"
    found = loose_amount("RAZEM 12 99 PLN", 0, "pl", set())
    assert found is not None and found.value == Decimal("12.99")


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


def _unsure_model(prefers: str) -> Model:
    """A total model unsure of everything (scores near 0.01), a little less of candidates with a feature."""
    names = FEATURES["total_amount"]
    tree = Tree(np.asarray([names.index(prefers), -1, -1]), np.asarray([0.5, 0.0, 0.0]), np.asarray([1, -1, -1]),
                np.asarray([2, -1, -1]), np.asarray([0.0, 0.0, 1.0]))
    return Model({"total_amount": FieldModel(names, -5.0, [tree], {})}, {})


def test_an_unsure_total_is_kept_when_the_printed_arithmetic_gives_it() -> None:
    lines = ["SHOP", "FISH  90.75", "GST 6%  5.45", "SUBTOTAL  96.20", "CASH  100.00", "YOUR CHANGE  3.80"]
    rows = group_rows(make_blocks(lines))
    found = candidates(rows, "en", "DMY", TODAY)["total_amount"]
    assert [arithmetic_agrees(c) for c in found if c.value in (Decimal("96.20"), Decimal("100.00"))] == [True, False]
    got = read_learned(rows, ExtractionOptions(), TODAY, _unsure_model("cash_change"), ruled={})
    assert got.fields["total_amount"].value == Decimal("96.20")
    assert got.fields["total_amount"].confidence < FLOOR


def test_an_unsure_total_the_arithmetic_does_not_give_stays_empty() -> None:
    rows = group_rows(make_blocks(["SHOP", "Apples  5.00", "Pears  7.50", "Cash  20.00"]))
    got = read_learned(rows, ExtractionOptions(), TODAY, _unsure_model("label_payment"), ruled={})
    assert "total_amount" not in got.fields


def test_a_credit_notes_labelled_total_keeps_its_sign() -> None:
    assert label_total("-1.73") == Decimal("-1.73")
    assert label_total("RM 9.00") == Decimal("9.00")
    assert label_total("RM") is None


def test_the_amount_handed_over_is_not_the_total() -> None:
    lines = ["CAR PARK", "PAY PARKING TICKET  5.00 RM", "AMOUNT INCL. GST  5.00 RM", "ACCEPTED TOTAL  10.00 RM",
             "CHANGE  5.00 RM", "GST 6%  0.28 RM"]
    assert feats(lines, "total_amount", Decimal("10.00"))["tendered"] == 1.0
    assert feats(lines, "total_amount", Decimal("0.28"))["tendered"] == 0.0
    found = candidates(group_rows(make_blocks(lines)), "en", "DMY", TODAY)["total_amount"]
    accepted = next(k for k, c in enumerate(found) if c.value == Decimal("10.00"))
    scores = np.asarray([0.5, 0.6, 0.9, 0.1, 0.1])
    assert found[handed_over(found, accepted, scores)].raw == "5.00"
    assert handed_over(found, accepted, scores) == 1  # the best-scored amount of the two above


def test_cash_with_its_change_after_another_amount_is_not_read_as_handed_over() -> None:
    # 9.45 - 0.55 = 8.90 is printed above, but the change follows the cash, not the total
    lines = ["SHOP", "MILK TEA  8.90", "TOTAL SALES (EXCL GST)  8.90", "TOTAL GST  0.53", "ROUNDING  0.02",
             "TOTAL SALES (INCL GST)  9.45", "CASH  10.00", "CHANGE  0.55"]
    assert feats(lines, "total_amount", Decimal("9.45"))["tendered"] == 0.0
    assert feats(lines, "total_amount", Decimal("10.00"))["tendered"] == 1.0  # the cash: 10.00 - 0.55 = 9.45
    found = candidates(group_rows(make_blocks(lines)), "en", "DMY", TODAY)["total_amount"]
    total = next(k for k, c in enumerate(found) if c.value == Decimal("9.45"))
    assert handed_over(found, total, np.ones(len(found))) == total


def test_letters_read_for_digits_in_an_amount_are_read_as_digits() -> None:
    assert mend_digits("AMT PAID incL GST: RMI11.90") == "AMT PAID incL GST: RM111.90"
    assert mend_digits("Rounding -RMO.02") == "Rounding -RM0.02"
    assert mend_digits("TOTAL RM 1O.OO") == "TOTAL RM 10.00"
    assert mend_digits("TOTAL 12,5O") == "TOTAL 12,50"
    for kept in ("ROOM 1O2", "OIL 12.50", "FORM 10.50", "COOL 3.0OZ", "V2.8206/12/2016", "RMO CODE 12"):
        assert mend_digits(kept) == kept
    text = "GST 6% RMO.47 SR"
    assert len(mend_digits(text)) == len(text)  # spans stay those of the row


def test_an_amount_with_a_letter_for_a_digit_is_a_candidate_and_read_by_the_rules() -> None:
    lines = ["SHOP", "SOAP  RM105.57", "AMT PAID INCL GST:  RMI11.90", "GST AMT:  RM6.33"]
    found = candidates(group_rows(make_blocks(lines)), "en", "DMY", TODAY)["total_amount"]
    assert Decimal("111.90") in [c.value for c in found]
    ruled = read_fields(group_rows(make_blocks(["SHOP", "BREAD  1O.50", "TOTAL  RM1O.5O"])), ExtractionOptions(), TODAY)
    assert ruled.fields["total_amount"].value == Decimal("10.50")
