"""Line items: a quantity and unit price row under its line, and rows of the till's record."""

from __future__ import annotations

from tests.test_extraction import codes, run


def test_a_quantity_and_unit_price_row_under_a_line_is_read_into_it() -> None:
    lines = ["99 SPEED MART S/B", "INVOICE NO: 18028/103/T0369",
             "5425 MAGGI HOT CUP MEE TOM RM3.50 s", "02 X RM 1.75",
             "066 MILO FUZE 3IN1 ORIGINAL RM13.65 s",
             "Total Sales (Inclusive GST) RM 17.15", "CASH RM 20.00", "CHANGE RM 2.85"]
    data = run(lines)
    assert data["total_amount"] == 17.15
    first, second = data["line_items"]
    assert (first["amount"], first["quantity"], first["unit_price"]) == (3.5, 2.0, 1.75)
    assert first["description"].endswith("MAGGI HOT CUP MEE TOM")
    assert second["amount"] == 13.65
    assert "line_items_mismatch" not in codes(data)


def test_a_time_read_as_an_amount_on_the_cashier_row_is_no_line() -> None:
    lines = ["SYARIKAT PERNIAGAAN GIN KEE", "Doc No CS00011955 Date: 02/12/2017", "Cashier USER Time 11.58",
             "PAINT BRUSH 2 X 6.00 12.00", "TOTAL 12.00", "CASH 12.00"]
    data = run(lines)
    assert [i["amount"] for i in data["line_items"]] == [12.0]
    assert "line_items_mismatch" not in codes(data)


def test_lines_printed_in_groups_each_with_its_own_total_are_all_read_when_they_add_up() -> None:
    lines = ["GARDENIA BAKERIES (KL) SDN BHD", "LOT 3, JALAN PELABUR 23/1,", "40300 SHAH ALAM, SELANGOR.",
             "TAX INVOICE", "DESCRIPTION U.P ISS EXC D SALE AMT(RM)",
             "O.C. WHITE 2.13 10 8 0 2 4.26", "O.C JUMBO 2.97 10 7 0 3 8.91", "TOTAL 0% SUPPLIES: 13.17",
             "CR-CHOCLT 0.72 20 0 0 20 14.40", "KAYA-ORI 2.40 4 0 0 4 9.60",
             "TOTAL 6% SUPPLIES (EXCL. GST): 24.00", "GST: 1.44", "TOTAL 6% SUPPLIES (INC. GST): 25.44",
             "TOTAL 0% SUPPLIES: 13.17", "TOTAL PAYABLE: 38.61"]
    data = run(lines)
    assert [i["description"] for i in data["line_items"]] == ["O.C. WHITE", "O.C JUMBO", "CR-CHOCLT", "KAYA-ORI"]
    assert "line_items_mismatch" not in codes(data)
    # Rows after the total that do not make the lines add up are no lines (a tax summary, a payment).
    tail = ["SUBTOTAL 5.00", "TOTAL 5.30", "GST SUMMARY", "SR 5.00 0.30", "CASH 10.00", "CHANGE 4.70"]
    data = run(["SHOP SDN BHD", "TEA 5.00", "GST 0.30", *tail])
    assert [i["description"] for i in data["line_items"]] == ["TEA"]
