"""What the scorer does around its picks: rounded totals, names over rows, misread text, review bars."""

from __future__ import annotations

from decimal import Decimal

import numpy as np

from app.extraction.candidates import Candidate, candidates, mend_separators
from app.extraction.checks import review
from app.extraction.header import clean_name, find_address, fix_letters, fix_suffix
from app.extraction.result import ExtractionResult, Field
from app.extraction.rows import group_rows
from app.extraction.scorer import FieldModel, above_address, rounded_total, whole_name
from app.extraction.training import review_bar
from tests.test_extraction import make_blocks
from tests.test_extraction_model import TODAY


def _amounts(*values: str) -> list[Candidate]:
    return [Candidate("total_amount", Decimal(v), v, [], []) for v in values]


def test_the_total_is_the_amount_paid_after_cash_rounding() -> None:
    cands = _amounts("45.34", "0.01", "45.35", "50.00", "4.65")
    assert rounded_total(cands, 0) == 2  # 45.34 rounded to 45.35 further down
    assert rounded_total(cands, 2) == 2  # already a multiple of 5 cents
    assert rounded_total(_amounts("45.35", "45.34"), 1) == 1  # the rounded amount is above: keep the pick
    assert rounded_total(_amounts("45.34", "45.40"), 0) == 0  # 6 cents away: not a rounding


def test_a_name_picked_from_its_last_row_is_read_with_the_rows_it_continues() -> None:
    lines = ["AIK HUAT HARDWARE", "ENTERPRISE (SETIA", "ALAM) SDN BHD", "(822737-X)", "NO. 17-G, JALAN SETIA",
             "TEL: 012-6651783", "DATE: 15/06/2017", "TOTAL  10.00"]
    found = candidates(group_rows(make_blocks(lines)), "en", "DMY", TODAY)["vendor"]
    tail = next(k for k, c in enumerate(found) if c.value == "ALAM) SDN BHD")
    head = next(k for k, c in enumerate(found) if c.value == "AIK HUAT HARDWARE")
    scores = np.zeros(len(found))
    assert found[whole_name(found, tail, scores)].value == "AIK HUAT HARDWARE ENTERPRISE (SETIA ALAM) SDN BHD"
    assert found[whole_name(found, head, scores)].value == "AIK HUAT HARDWARE ENTERPRISE (SETIA ALAM) SDN BHD"
    whole = next(k for k, c in enumerate(found) if c.value == "AIK HUAT HARDWARE ENTERPRISE (SETIA ALAM) SDN BHD")
    assert whole_name(found, whole, scores) == whole


def test_a_name_picked_from_the_rows_of_the_address_gives_way_to_the_best_name_above_it() -> None:
    def pick(lines: list[str], picked: str, name: str) -> str:
        found = candidates(group_rows(make_blocks([*lines, "TOTAL  10.00"])), "en", "DMY", TODAY)["vendor"]
        scores = np.asarray([1.0 if c.value == picked else 0.5 if c.value == name else 0.0 for c in found])
        return str(found[above_address(found, int(np.argmax(scores)), scores)].value)

    # A row between the street row and the postcode row, and a street row over the postcode row.
    toast = ["THE TOAST F&B SDN BHD", "LOT 2110 JALAN PERMAS UTARA", "BANDAR BARU PERMAS", "81750 JOHOR BAHRU JOHOR"]
    assert pick(toast, "BANDAR BARU PERMAS", "THE TOAST F&B SDN BHD") == "THE TOAST F&B SDN BHD"
    cosway = ["eCosway.com SDN BHD", "2nd Floor, Wisma Cosway, Jalan Raja Chulan,", "50200 Kuala Lumpur, Malaysia."]
    assert pick(cosway, "2nd Floor, Wisma Cosway, Jalan Raja Chulan", "eCosway.com SDN BHD") == "eCosway.com SDN BHD"
    # A name with a business word, or a row not over a postcode, stays as picked.
    shop = ["LOT 5 JALAN AMAN", "KEDAI RUNCIT ZBH", "81750 MASAI"]
    assert pick(shop, "KEDAI RUNCIT ZBH", "LOT 5 JALAN AMAN") == "KEDAI RUNCIT ZBH"
    plain = ["ABC TRADING", "NO 5 JALAN AMAN", "TAMAN MAJU", "TEL: 03-1234 5678"]
    assert pick(plain, "TAMAN MAJU", "ABC TRADING") == "TAMAN MAJU"


def test_a_name_picked_as_only_its_kind_of_business_is_read_with_the_row_above() -> None:
    lines = ["LIAN CHI PU TIAN VEGETARIAN", "RESTAURANT SDN BHD", "(1095514-X)", "54,JALAN SS23/11.",
             "TAMAN SEA,47400", "DATE: 15/06/2017", "TOTAL  10.00"]
    found = candidates(group_rows(make_blocks(lines)), "en", "DMY", TODAY)["vendor"]
    tail = next(k for k, c in enumerate(found) if c.value == "RESTAURANT SDN BHD")
    scores = np.zeros(len(found))
    assert found[whole_name(found, tail, scores)].value == "LIAN CHI PU TIAN VEGETARIAN RESTAURANT SDN BHD"
    # A name of its own on its row stays as picked.
    lines = ["JTJFOODS SDN BHD", "(1179227A)", "No 3, Jalan Permas 10/8,", "TOTAL  10.00"]
    found = candidates(group_rows(make_blocks(lines)), "en", "DMY", TODAY)["vendor"]
    own = next(k for k, c in enumerate(found) if c.value == "JTJFOODS SDN BHD")
    assert whole_name(found, own, np.zeros(len(found))) == own


def test_misread_legal_suffixes_and_digits_in_a_name_are_read_as_printed() -> None:
    assert fix_suffix("99 SPEED MART 5/B") == "99 SPEED MART S/B"
    assert fix_suffix("AMANO MALAYSIA SON BHD") == "AMANO MALAYSIA SDN BHD"
    assert fix_suffix("First City Parking Sn Bhd") == "First City Parking Sdn Bhd"
    assert fix_suffix("ONE SDN. EHD.") == "ONE SDN. BHD."
    assert fix_suffix("SONY BHD") == "SONY BHD"
    assert fix_letters("URBAN 1DEA 5PEED GARDEN!A") == "URBAN IDEA SPEED GARDENIA"
    assert fix_letters("STORE1 7ELEVEN F00D LG226 A1") == "STORE1 7ELEVEN F00D LG226 A1"
    assert clean_name("99 5PEED MART 5/8 (519537-X)") == "99 SPEED MART S/B"


def test_a_date_separator_misread_on_a_row_with_a_time_is_mended() -> None:
    assert mend_separators("01:34PM 568017 05 02-18") == "01:34PM 568017 05-02-18"
    assert mend_separators("02:49PM 565287 05~05-17") == "02:49PM 565287 05-05-17"
    assert mend_separators("REG 01 04-05-2013 16:07") == "REG 01 04-05-2013 16:07"  # a whole date stays
    assert mend_separators("2 PCS 12 05-18") == "2 PCS 12 05-18"  # no time on the row
    found = candidates(group_rows(make_blocks(["SHOP", "01:34PM 568017 05 02-18", "TOTAL  9.00"])), "en", "DMY", TODAY)
    assert [(str(c.value), c.raw) for c in found["date"]] == [("2018-02-05", "05 02-18")]


def test_review_bar_is_the_lowest_confidence_right_95_percent_of_the_time() -> None:
    picks = [(0.55, False)] * 10 + [(0.6, True)] * 40 + [(0.8, True)] * 60
    assert review_bar(picks) == 0.6
    assert review_bar([(0.9, True)] * 20) == 0.95  # too few picks to tell
    flat = [(0.5, False)] * 10 + [(0.5, True)] * 40 + [(0.9, False)] * 10 + [(0.9, True)] * 40
    assert review_bar(flat) == 0.5  # a higher bar is not more often right


def test_model_fields_go_to_review_below_their_own_bar() -> None:
    result = ExtractionResult(fields={
        "vendor": Field.found("SHOP", "SHOP", 0.6, [], "model"),
        "date": Field.found(TODAY, "01/06/2024", 0.6, [], "model"),
        "total_amount": Field.found(Decimal("9.00"), "9.00", 0.6, [], "model"),
    })
    bars = {"vendor": 0.7, "date": 0.5, "total_amount": 0.5}
    low = {r.field for r in review(result, [], False, TODAY, 0.02, 0.5, bars) if r.code == "low_confidence"}
    assert low == {"vendor"}
    low = {r.field for r in review(result, [], False, TODAY, 0.02, 0.5) if r.code == "low_confidence"}
    assert low == {"vendor", "date", "total_amount"}  # no bars given: 0.9


def test_scores_below_the_lowest_calibration_block_fall_towards_zero() -> None:
    fm = FieldModel(("x",), 0.0, [], {"agree": (np.asarray([0.4, 0.8]), np.asarray([0.35, 0.9]))})
    assert fm.calibrate(0.4, "agree") == 0.35
    assert abs(fm.calibrate(0.2, "agree") - 0.175) < 1e-9
    assert fm.calibrate(0.0, "agree") == 0.0
    assert fm.calibrate(0.95, "agree") == 0.9


def test_a_year_first_number_with_a_long_day_is_not_a_date() -> None:
    from app.extraction.dates import find_dates

    assert find_dates("Invoice INV/2023/03/0008") == []
    assert [str(d.value) for d in find_dates("Date 2023/03/08")] == ["2023-03-08"]


def test_an_address_picked_without_its_house_number_or_town_row_is_read_whole() -> None:
    from app.extraction.scorer import whole_address

    lines = ["BERRY'S CAKE HOUSE", "NO.1,", "JLN PUTERI 1/6, BANDAR PUTERI, 47301", "PETALING JAYA, SELANGOR",
             "TEL: 03-80111234", "DATE: 15/06/2017", "TOTAL  10.00"]
    found = candidates(group_rows(make_blocks(lines)), "en", "DMY", TODAY)["address"]
    middle = next(k for k, c in enumerate(found) if c.value == "JLN PUTERI 1/6, BANDAR PUTERI, 47301")
    assert found[whole_address(found, middle)].value == (
        "NO.1, JLN PUTERI 1/6, BANDAR PUTERI, 47301 PETALING JAYA, SELANGOR")
    name = next(k for k, c in enumerate(found) if c.value == "BERRY'S CAKE HOUSE")
    assert whole_address(found, name) == name  # a name row above is not a house number


def test_an_address_picked_as_its_postcode_row_is_read_with_the_street_row_above_its_label() -> None:
    from app.extraction.scorer import whole_address

    lines = ["HAI-O RAYA BHD (169199-V)", "KEPONG OUTLET", "GST ID NO: 001600892928",
             "HQ ADD: LOT 11995, BATU 2, JALAN KAPAR", "41400 KLANG, SELANGOR", "DATE: 15/12/2016", "TOTAL  47.70"]
    found = candidates(group_rows(make_blocks(lines)), "en", "DMY", TODAY)["address"]
    town = next(k for k, c in enumerate(found) if c.value == "41400 KLANG, SELANGOR")
    assert found[whole_address(found, town)].value == "LOT 11995, BATU 2, JALAN KAPAR 41400 KLANG, SELANGOR"
    outlet = next(k for k, c in enumerate(found) if c.value == "KEPONG OUTLET")
    assert whole_address(found, outlet) == outlet  # a registration row above is no house row


def test_an_address_never_runs_into_a_row_that_opens_with_a_contact_word() -> None:
    lines = ["AMPHAWA THAI TEA & CO.", "PARADIGM MALL", "LOT NO.: 4F-27 & 4FK-38, 4TH FLOOR",
             "TEL:TELEPHONE FAX:FAX", "INVOICE", "TOTAL  10.00"]
    spans = {c.raw for c in candidates(group_rows(make_blocks(lines)), "en", "DMY", TODAY)["address"]}
    assert "PARADIGM MALL LOT NO.: 4F-27 & 4FK-38, 4TH FLOOR" in spans
    assert not any("TELEPHONE" in s for s in spans)


def test_a_name_in_lower_case_letters_only_gives_way_to_a_printed_name() -> None:
    from app.extraction.scorer import in_capitals

    lines = ["ui rwit", "paudamned", "SYARIKAT PERNIAGAAN GIN KEE", "(81109-A)", "NO 290, JALAN AIR PANAS.",
             "53200, KUALA LUMPUR.", "TOTAL  10.00"]
    found = candidates(group_rows(make_blocks(lines)), "en", "DMY", TODAY)["vendor"]
    scrawl = next(k for k, c in enumerate(found) if c.value == "ui rwit")
    scores = np.zeros(len(found))
    name = next(k for k, c in enumerate(found) if c.value == "SYARIKAT PERNIAGAAN GIN KEE")
    scores[scrawl], scores[name] = 0.6, 0.1
    assert found[in_capitals(found, scrawl, scores)].value == "SYARIKAT PERNIAGAAN GIN KEE"
    assert in_capitals(found, name, scores) == name
    only_lower = [c for c in found if not any(ch.isupper() for ch in str(c.value))]
    assert in_capitals(only_lower, 0, np.zeros(len(only_lower))) == 0  # nothing printed in capitals: kept
    # A name printed in lower case is kept (`envato`, not the buyer's name under it).
    logo = candidates(group_rows(make_blocks(["envato", "To: iViveLabs Ltd", "PO Box 16122", "TOTAL  10.00"])),
                      "en", "DMY", TODAY)["vendor"]
    pick = next(k for k, c in enumerate(logo) if c.value == "envato")
    assert in_capitals(logo, pick, np.zeros(len(logo))) == pick


def test_an_address_picked_as_its_postcode_row_is_read_up_over_plain_rows_to_its_house_row() -> None:
    from app.extraction.scorer import whole_address

    lines = ["KEDAI RUNCIT ZBH A06057", "NO.17, JALAN PERMAS 1/7,", "BANDAR BARU PERMAS JAYA.", "81750,MASAI",
             "(GST:001019043840)", "TAX INVOICE", "TOTAL  9.80"]
    found = candidates(group_rows(make_blocks(lines)), "en", "DMY", TODAY)["address"]
    town = next(k for k, c in enumerate(found) if c.value == "81750,MASAI")
    assert found[whole_address(found, town)].value == "NO.17, JALAN PERMAS 1/7, BANDAR BARU PERMAS JAYA. 81750,MASAI"
    lines[1] = "TEL: 07-3881234"  # no house row above the plain rows: the pick stays
    found = candidates(group_rows(make_blocks(lines)), "en", "DMY", TODAY)["address"]
    town = next(k for k, c in enumerate(found) if c.value == "81750,MASAI")
    assert whole_address(found, town) == town


def test_an_address_ends_at_the_row_with_its_country() -> None:
    lines = ["POPULAR BOOK CO. (M) SDN BHD", "No 8, Jalan 7/118B, Desa Tun Razak", "56000 Kuala Lumpur, Malaysia",
             "SUNWAY VELOCITY", "Tel: 03-9201 6281", "TOTAL  10.00"]
    spans = {c.raw for c in candidates(group_rows(make_blocks(lines)), "en", "DMY", TODAY)["address"]}
    assert "No 8, Jalan 7/118B, Desa Tun Razak 56000 Kuala Lumpur, Malaysia" in spans
    assert not any("Malaysia SUNWAY" in s for s in spans)
    assert find_address(group_rows(make_blocks(lines)), 0).value == "No 8, Jalan 7/118B, Desa Tun Razak 56000 Kuala Lumpur, Malaysia"


def test_the_words_of_the_pages_web_and_mail_addresses_name_the_seller() -> None:
    from app.extraction.candidates import named_by_site, site_words

    rows = group_rows(make_blocks(["Marktkauf Lehr", "www.marktkauf-1ehr.de", "info@gmail.com", "SUMME 10,00"]))
    assert site_words(rows) == {"marktkauf"}  # `1ehr` is no word; mail providers name no seller
    assert named_by_site("Marktkauf Lehr", "Marktkauf Lehr", frozenset({"marktkauf", "lehr"}))
    assert named_by_site("GOLDEN KEY MAKER", "GOLDEN KEY MAKER", frozenset({"goldenkeymaker"}))
    assert not named_by_site("Honestly", "www.lehr.honestly.de Honestly", frozenset({"lehr", "honestly"}))
    assert not named_by_site("thomasLehe", "thomasLehe", frozenset({"marktkauf", "lehr"}))


def test_a_logos_scraps_give_way_to_the_name_the_site_names_but_a_legal_name_stays() -> None:
    from app.extraction.scorer import by_site

    lines = ["thomasLehe", "FRISCHE EINKAUFEN", "WUNSCHLOS GLUCKLICH?", "www.marktkauf-lehr.de", "Marktkauf Lehr",
             "Detmolder Str. 4", "33102 Paderborn", "SUMME 10,00"]
    found = candidates(group_rows(make_blocks(lines)), "de", "DMY", TODAY)["vendor"]
    logo = next(k for k, c in enumerate(found) if c.value == "thomasLehe")
    scores = np.zeros(len(found))
    scores[logo] = 0.7
    assert found[by_site(found, logo, scores)].value == "Marktkauf Lehr"
    legal = candidates(group_rows(make_blocks(["ELITETRAX MARKETING SDN BHD", "HARVEY NORMAN", "NO 1, JALAN 2",
                                               "www.harveynorman.com.my", "TOTAL  10.00"])), "en", "DMY", TODAY)["vendor"]
    pick = next(k for k, c in enumerate(legal) if c.value == "ELITETRAX MARKETING SDN BHD")
    assert by_site(legal, pick, np.zeros(len(legal))) == pick


def test_a_name_that_lost_a_letter_is_spelt_as_its_legal_name_or_site_prints_it() -> None:
    from app.extraction.header import spelt_elsewhere

    assert spelt_elsewhere("RSSMANN", {"ROSSMANN": "Rossmann"}) == "ROSSMANN"
    assert spelt_elsewhere("Rssmann Markt", {"ROSSMANN": "rossmann"}) == "Rossmann Markt"
    assert spelt_elsewhere("WATSON'S", {"WATSONS": "WATSONS"}) == "WATSON'S"  # a possessive
    assert spelt_elsewhere("GARDENIA", {"GARDENIA": "GARDENIA", "GARDLENIA": "GARDLENIA"}) == "GARDENIA"
    lines = ["RSSMANN", "Mein Drogeriemarkt", "27.02.2020 15:56 Bed.Nr.:120 Kasse 02", "ZEISS BRILLENPUTZTUCH 1,95 A",
             "Total 1,95", "Bar 2,00", "UKST: 3322 Dirk Rossmann GmbH"]
    found = candidates(group_rows(make_blocks(lines)), "de", "DMY", TODAY)["vendor"]
    assert "ROSSMANN" in {c.value for c in found} and "RSSMANN" not in {c.value for c in found}
    # A word printed elsewhere on no row of a business's or site's name is no spelling of it.
    found = candidates(group_rows(make_blocks(["Shell ISNI PETRO TRADING", "Diesel & Petrol RON 95", "TOTAL 10.00"])),
                       "en", "DMY", TODAY)["vendor"]
    assert "Shell ISNI PETRO TRADING" in {c.value for c in found}


def test_a_shop_s_row_that_repeats_the_brand_with_its_branch_gives_way_to_the_brand() -> None:
    from app.extraction.scorer import unbranched

    lines = ["CIRCLE K", "Công ty TNHH Vòng Tròn Đỏ", "Cửa hàng: CIRCLE K Kim Mã - 2843", "ĐC: Số 196 Phan Xích Long",
             "Tổng cộng 25.000"]
    found = candidates(group_rows(make_blocks(lines)), "vi", "DMY", TODAY)["vendor"]
    shop = next(k for k, c in enumerate(found) if c.value == "CIRCLE K Kim Mã - 2843" and c.rows == (0, 3))
    scores = np.zeros(len(found))
    assert found[unbranched(found, shop, scores)].value == "CIRCLE K"
    # A legal name that opens with the brand and holds no branch number stays as picked.
    lines = ["POPULAR", "Owned by: POPULAR BOOK CO. (M) SDN BHD", "NO 8, JALAN 7/118B", "TOTAL 10.00"]
    found = candidates(group_rows(make_blocks(lines)), "en", "DMY", TODAY)["vendor"]
    legal = next(k for k, c in enumerate(found) if c.value == "POPULAR BOOK CO. (M) SDN BHD")
    assert unbranched(found, legal, np.zeros(len(found))) == legal
