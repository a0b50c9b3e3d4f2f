"""The learned field scorer: features on hand-made rows, the model file, fitting and bad input."""

from __future__ import annotations

import json
import math
from datetime import date

import numpy as np
import pytest

from app.extraction import ExtractionOptions, extract
from app.extraction.boost import fit, raw_scores
from app.extraction.candidates import FEATURES, LEARNED, candidates, name_variants
from app.extraction.lexicon import WORDS, has, words
from app.extraction.rows import group_rows
from app.extraction.scorer import MODEL_PATH, Model, load_model
from app.extraction.training import fit_isotonic, seller_folds, seller_groups
from app.ocr.types import TextBlock
from tests.test_extraction import make_blocks

TODAY = date(2024, 6, 1)


def feats(lines: list[str], name: str, value: object) -> dict[str, float]:
    """Return the features of the last candidate of a field with this value."""
    found = candidates(group_rows(make_blocks(lines)), "en", "DMY", TODAY)[name]
    cand = [c for c in found if c.value == value][-1]
    return dict(zip(FEATURES[name], cand.features, strict=True))


def test_subtotal_plus_tax_agrees_with_the_total_only() -> None:
    lines = ["SHOP", "BREAD  4.00", "MILK  6.00", "SUBTOTAL  10.00", "GST  0.60", "TOTAL  10.60"]
    from decimal import Decimal

    assert feats(lines, "total_amount", Decimal("10.60"))["sub_tax"] == 1.0
    assert feats(lines, "total_amount", Decimal("10.00"))["sub_tax"] == 0.0
    assert feats(lines, "total_amount", Decimal("10.00"))["items_sum"] == 1.0


def test_cash_minus_change_agrees_with_the_total() -> None:
    from decimal import Decimal

    lines = ["SHOP", "ITEM  7.45", "AMOUNT  7.45", "CASH  10.00", "CHANGE  2.55"]
    got = feats(lines, "total_amount", Decimal("7.45"))
    assert got["cash_change"] == 1.0 and got["label_payment"] == 0.0
    assert feats(lines, "total_amount", Decimal("10.00"))["cash_change"] == 0.0
    assert feats(lines, "total_amount", Decimal("10.00"))["label_payment"] == 1.0


def test_label_words_on_the_row_above_count_for_a_bare_amount() -> None:
    from decimal import Decimal

    got = feats(["SHOP", "GRAND TOTAL", "12.30", "THANK YOU"], "total_amount", Decimal("12.30"))
    assert got["above_due"] == 1.0 and got["label_empty"] == 1.0 and got["label_total"] == 0.0


def test_date_features_read_the_label_and_the_future() -> None:
    lines = ["SHOP", "DATE: 02/03/2024 10:11", "EXPIRY 01/01/2030"]
    good = feats(lines, "date", date(2024, 3, 2))
    bad = feats(lines, "date", date(2030, 1, 1))
    assert good["label_date"] == 1.0 and good["time_after"] == 1.0 and good["future"] == 0.0
    assert bad["not_date"] == 1.0 and bad["future"] == 1.0


def test_name_variants_drop_registration_numbers_and_prefixes() -> None:
    rows = group_rows(make_blocks(["Owned by: Banh Mi Cafe Sdn Bhd (1110644-W)"]))
    assert [v for _, v in name_variants(rows)] == [
        "Owned by: Banh Mi Cafe Sdn Bhd",
        "Banh Mi Cafe Sdn Bhd",
    ]


def test_lexicon_has_one_table_per_language_with_an_accessor() -> None:
    assert set(WORDS) >= {"en"}
    for role in ("total", "subtotal", "tax", "payment", "change", "rounding", "discount", "date"):
        assert words("en", role), role
    assert words("xx-YY", "total") == words("en", "total")  # unknown language: English
    assert has("Sub-Total: 4.00", "subtotal") and not has("SUBTOTAL", "total")


def test_model_file_loads_offline_and_reads_the_check_receipt_as_at_training() -> None:
    model = load_model()
    assert model is not None and load_model() is model  # read once per process
    assert set(model.fields) == set(LEARNED)
    check = json.loads(MODEL_PATH.read_text())["meta"]["check"]
    blocks = [TextBlock(b["text"], b["confidence"], tuple(map(tuple, b["bounding_box"])), b["page"])  # type: ignore[arg-type]
              for b in check["blocks"]]
    data = extract(blocks, ExtractionOptions(), today=date(2026, 1, 1)).to_dict()
    for name, expected in check["fields"].items():
        assert data[name] == expected["value"], name
        assert data["fields"][name]["confidence"] == expected["confidence"], name
    assert data["total_amount"] == 22.70 and data["date"] == "2018-03-14"


def test_model_round_trips_through_json() -> None:
    model = load_model()
    assert model is not None
    again = Model.from_dict(json.loads(json.dumps(model.to_dict())))
    x = np.asarray([[0.5] * len(FEATURES["total_amount"])])
    assert again.fields["total_amount"].scores(x)[0] == pytest.approx(model.fields["total_amount"].scores(x)[0])


def test_boosted_trees_learn_an_interaction_and_are_deterministic() -> None:
    rng = np.random.default_rng(7)
    x = rng.normal(size=(3000, 4))
    y = ((x[:, 0] > 0) ^ (x[:, 1] > 0)).astype(float)  # no linear model can read this
    trees, base = fit(x, y, trees=60)
    again, base2 = fit(x, y, trees=60)
    assert base == base2 and all(np.array_equal(a.value, b.value) for a, b in zip(trees, again, strict=True))
    assert ((raw_scores(trees, base, x) > 0) == (y == 1)).mean() > 0.9


def test_isotonic_steps_are_monotone_hit_rates() -> None:
    xs, ys = fit_isotonic([0.1, 0.2, 0.3, 0.4, 0.9, 0.95], [False, True, False, True, True, True])
    assert list(ys) == sorted(ys) and ys[0] == 0.0 and 0.4 < ys[-1] < 1.0  # 2 of 2: not trusted as 1.0
    assert list(xs) == sorted(xs)
    many = fit_isotonic([i / 1000 for i in range(1000)], [i % 10 != 0 or i > 500 for i in range(1000)])
    assert many[1][-1] > 0.97 and list(many[1]) == sorted(many[1])


def test_seller_groups_merge_spellings_and_folds_never_split_a_seller() -> None:
    companies = ["AEON CO. (M) BHD", "AEON CO (M) BHD", "99 SPEED MART S/B", "99 SPEEDMART SDN BHD",
                 "RESTORAN WAN SHENG", "RSTORAN WAN SHENG", "POPULAR BOOK CO. (M) SDN BHD", "KEDAI A"]
    groups = seller_groups(companies)
    assert groups[0] == groups[1] and groups[2] == groups[3] and groups[4] == groups[5]
    assert len(set(groups)) == 5
    folds = seller_folds(groups, 3)
    for g in set(groups):
        assert len({f for f, h in zip(folds, groups, strict=True) if h == g}) == 1


def _box(x: float, y: float, w: float, h: float) -> tuple:
    return ((x, y), (x + w, y), (x + w, y + h), (x, y + h))


BAD_INPUTS = {
    "no blocks": [],
    "one block": [TextBlock("TOTAL 9.00", 0.9, _box(0, 0, 100, 20))],
    "blank text": [TextBlock("", 0.9, _box(0, 0, 100, 20)), TextBlock("   ", 0.9, _box(0, 30, 100, 20))],
    "5,000 blocks": [TextBlock(f"ITEM {i} {i % 97}.{i % 100:02d}", 0.9, _box(10 + (i % 3) * 200, 10 + 25 * (i // 3), 150, 20))
                     for i in range(5000)],
    "absurd boxes": [
        TextBlock("TOTAL 9.00", 0.9, _box(math.nan, 0, 100, 20)),
        TextBlock("CASH 10.00", 0.9, _box(0, math.inf, 100, 20)),
        TextBlock("SHOP SDN BHD", 0.9, _box(-1e12, -1e12, 1e13, 0)),
        TextBlock("DATE 01/02/2020", 0.9, _box(5, 5, 0, 0)),
        TextBlock("CHANGE 1.00", 0.9, ((0, 0), (0, 0), (0, 0), (0, 0))),
    ],
}


@pytest.mark.parametrize("name", list(BAD_INPUTS))
def test_bad_input_gives_null_fields_with_reasons_never_an_exception(name: str) -> None:
    data = extract(BAD_INPUTS[name], ExtractionOptions(), today=TODAY).to_dict()
    json.dumps(data)
    assert data["needs_review"]
    for field in ("vendor", "date", "total_amount"):
        if data[field] is None:
            assert f"missing_{'total' if field == 'total_amount' else field}" in {r["code"] for r in data["review_reasons"]}
