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
