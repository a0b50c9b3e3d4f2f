"""Vendor and address text as printed: misread letters, name tails, rows that open an address."""

from __future__ import annotations

import numpy as np

from app.extraction.candidates import candidates
from app.extraction.header import clean_address, clean_name, fix_capital_i, fix_words, is_address_start
from app.extraction.rows import group_rows
from app.extraction.scorer import whole_name
from tests.test_extraction import make_blocks
from tests.test_extraction_model import TODAY


def test_a_word_one_look_alike_letter_from_a_lexicon_word_is_that_word() -> None:
    assert fix_words("AIK HUAT HARDWAKE HARUWARE", ("company",)) == "AIK HUAT HARDWARE HARDWARE"
    assert fix_words("Lot 3, Jalau Pelabur, Jaian Besar, Malaysla.", ("street", "region")) == (
        "Lot 3, Jalan Pelabur, Jalan Besar, Malaysia.")
    assert fix_words("Leve1 2, LEVE1 3", ("street",)) == "Level 2, LEVEL 3"  # a digit takes the word's case


def test_a_word_is_left_as_read_when_it_is_not_a_look_alike_misread() -> None:
    # Real words one letter away from a lexicon word, by letters OCR does not confuse.
    assert fix_words("81700 PASIR GUDANG", ("street", "region")) == "81700 PASIR GUDANG"  # not PASAR
    assert fix_words("COMPLEKS SRI GAYA", ("street",)) == "COMPLEKS SRI GAYA"  # not KOMPLEKS
    assert fix_words("TSH POWER HARDWARE", ("street", "company")) == "TSH POWER HARDWARE"  # not TOWER
    assert fix_words("RESTAURANTS", ("company",)) == "RESTAURANTS"  # a longer word is not a misread
    assert fix_words("JALN SS2", ("street",)) == "JALN SS2"  # shorter than the lexicon word
    assert fix_words("Straße 5, Müller", ("street", "company")) == "Straße 5, Müller"  # `ß` is not `SS`


def test_an_upper_case_i_inside_a_lower_case_word_is_an_l() -> None:
    assert fix_capital_i("No: G3, BIk G, JIn PJU 1A/3") == "No: G3, Blk G, Jln PJU 1A/3"
    assert fix_capital_i("Taste Of The WorId") == "Taste Of The World"
    assert fix_capital_i("IKEA Ikano DIY") == "IKEA Ikano DIY"  # capitals and a first letter stay


def test_an_address_is_read_with_its_misread_letters_spelt() -> None:
    assert clean_address("No: G3, BIk G, JIn PJU 1A/3, Jalau SS2, 40300 Shah Alam, Selangor.") == (
        "No: G3, Blk G, Jln PJU 1A/3, Jalan SS2, 40300 Shah Alam, Selangor.")


def test_the_indonesian_jl_read_with_an_i_is_spelt_jl() -> None:
    assert clean_address("JI. Merdeka No. 12, Bandung", "id") == "Jl. Merdeka No. 12, Bandung"
    assert clean_address("J1. SUDIRMAN NO. 12 JAKARTA", "id") == "JL. SUDIRMAN NO. 12 JAKARTA"
    assert clean_address("BLOK JI 5", "id") == "BLOK JI 5"  # no full stop: not the abbreviation


def test_a_quoted_name_keeps_its_quote_marks_in_pairs() -> None:
    assert clean_name('"DINO POLSKA" S.A.', "pl") == '"DINO POLSKA" S.A.'
    assert clean_name('Sklep Spożywczy "U Basi"', "pl") == 'Sklep Spożywczy "U Basi"'
    assert clean_name('* "SPOŁEM" PSS *', "pl") == '"SPOŁEM" PSS'
    assert clean_name('"KEDAI MAJU', "en") == "KEDAI MAJU"  # one mark alone is a scrap


def test_a_name_drops_scraps_and_stamps_after_its_legal_suffix() -> None:
    assert clean_name("PRINT EXPERT SDN BHD 2.1") == "PRINT EXPERT SDN BHD"
    assert clean_name("BILLION SIX ENTERPRISE P)") == "BILLION SIX ENTERPRISE"
    assert clean_name("YONG CEN ENTERPRISE POSTED") == "YONG CEN ENTERPRISE"
    assert clean_name("CHEF LEE SDN BHD CO.NO. (458592-T)") == "CHEF LEE SDN BHD"
    assert clean_name("MR. D.I.Y. (M) SDN BHD Co-REG:860671-D") == "MR. D.I.Y. (M) SDN BHD"
    assert clean_name("AIK HUAT HARDWAKE ENTERPRISE (SETIA ALAM) SDN BHU") == (
        "AIK HUAT HARDWARE ENTERPRISE (SETIA ALAM) SDN BHD")
    # What follows the suffix and is a word, or a whole bracket, stays.
    assert clean_name("KEDAI MAJU TRADING (M)") == "KEDAI MAJU TRADING (M)"
    assert clean_name("CHECKERS HYPERMARKET SDN BHD (JALAN KLANG LAMA)") == (
        "CHECKERS HYPERMARKET SDN BHD (JALAN KLANG LAMA)")
    assert clean_name("PAID PARKING") == "PAID PARKING"  # no suffix: nothing is a tail


def test_a_reference_number_before_a_name_is_not_the_name() -> None:
    assert clean_name("#000002 BAIFU (M) Sdn Bhd") == "BAIFU (M) Sdn Bhd"
    assert clean_name("3-1708032 POPULAR BOOK CO. (M) SDN BHD") == "POPULAR BOOK CO. (M) SDN BHD"
    # A name's own short number stays.
    assert clean_name("99 SPEED MART S/B") == "99 SPEED MART S/B"
    assert clean_name("7-ELEVEN MALAYSIA SDN BHD") == "7-ELEVEN MALAYSIA SDN BHD"


def test_a_name_row_that_starts_with_a_number_does_not_open_the_address() -> None:
    assert not is_address_start("99 SPEED MART S/B (519537-X)")
    assert not is_address_start("7 ELEVEN MALAYSIA SDN BHD")
    assert is_address_start("LOT P.T. 2811, JALAN ANGSA,")
    assert is_address_start("12 JALAN TRADING 3, 40000 SHAH ALAM")  # a street word: an address


def test_a_name_picked_from_its_bracketed_branch_and_suffix_is_read_with_the_row_above() -> None:
    lines = ["PASAR RAYA MEGA MAJU", "(SEMENYIH) SDN BHD", "(767840-W)", "NO. 17, JALAN SEMENYIH",
             "TEL: 012-6651783", "DATE: 15/06/2017", "TOTAL  10.00"]
    found = candidates(group_rows(make_blocks(lines)), "en", "DMY", TODAY)["vendor"]
    tail = next(k for k, c in enumerate(found) if c.value == "(SEMENYIH) SDN BHD")
    assert found[whole_name(found, tail, np.zeros(len(found)))].value == "PASAR RAYA MEGA MAJU (SEMENYIH) SDN BHD"


def test_an_address_picked_without_the_comma_ended_rows_above_or_the_postcode_row_below_is_read_whole() -> None:
    from app.extraction.scorer import whole_address

    lines = ["IDEAL MENU GROUP SDN BHD", "(1143655-H)", "31,31A, JALAN HANG TUAH 9,", "TAMAN SKUDAI BARU,",
             "81300 SKUDAI,", "JOHOR", "GST ID: 001707421696", "DATE: 15/06/2017", "TOTAL  10.00"]
    found = candidates(group_rows(make_blocks(lines)), "en", "DMY", TODAY)["address"]
    tail = next(k for k, c in enumerate(found) if c.value == "81300 SKUDAI, JOHOR")
    assert found[whole_address(found, tail)].value == (
        "31,31A, JALAN HANG TUAH 9, TAMAN SKUDAI BARU, 81300 SKUDAI, JOHOR")

    lines = ["THE STORE (MALAYSIA) SDN BHD", "LOT 34817 JALAN BATU AMBAR", "TAMAN KOK LIAN", "51200 KUALA LUMPUR,",
             "GST REG.NO:000364929024", "DATE: 15/06/2017", "TOTAL  10.00"]
    found = candidates(group_rows(make_blocks(lines)), "en", "DMY", TODAY)["address"]
    streets = next(k for k, c in enumerate(found) if c.value == "LOT 34817 JALAN BATU AMBAR TAMAN KOK LIAN")
    assert found[whole_address(found, streets)].value == (
        "LOT 34817 JALAN BATU AMBAR TAMAN KOK LIAN 51200 KUALA LUMPUR,")
    # A name row ending with a comma is not read into the address, nor a phone row under it.
    lines = ["KEDAI MAJU SDN BHD,", "51200 KUALA LUMPUR", "03-12345678", "DATE: 15/06/2017", "TOTAL  10.00"]
    found = candidates(group_rows(make_blocks(lines)), "en", "DMY", TODAY)["address"]
    town = next(k for k, c in enumerate(found) if c.value == "51200 KUALA LUMPUR")
    assert whole_address(found, town) == town


def test_a_long_word_with_two_look_alike_letters_or_one_letter_lost_is_the_lexicon_word() -> None:
    assert fix_words("AIK HUAT HARUWARL ENTERPRISE", ("company",)) == "AIK HUAT HARDWARE ENTERPRISE"
    assert fix_words("ENW Hardwae Centre", ("company",)) == "ENW Hardware Centre"  # the word's case kept
    assert fix_words("GARDENIA BAKERLES", ("company",)) == "GARDENIA BAKERIES"
    # Two misread letters only in a long word; a letter lost only inside one, never its first or last.
    assert fix_words("TRADLNC", ("company",)) == "TRADLNC"
    assert fix_words("Restauran Wan Sheng", ("company",)) == "Restauran Wan Sheng"  # Malay spelling, not short
    assert fix_words("HARIWARE", ("company",)) == "HARIWARE"  # D read as I is no look-alike


def test_full_width_marks_in_a_name_are_read_as_plain_ones() -> None:
    assert clean_name("THE STORE （MALAYSIA） SDN BHD C8199K）") == "THE STORE (MALAYSIA) SDN BHD"
    assert clean_address("LOT 3，JALAN PELABUR 23/1") == "LOT 3,JALAN PELABUR 23/1"


def test_a_scrap_before_a_name_printed_in_capitals_is_a_reading_of_its_own() -> None:
    from app.extraction.candidates import drop_lead_scrap, name_variants

    assert drop_lead_scrap("signat GARDENIA BAKERIES (KL) SDN BHD") == "GARDENIA BAKERIES (KL) SDN BHD"
    assert drop_lead_scrap("Sad B & BEST RESTAURANT") == "B & BEST RESTAURANT"
    # A name with small letters of its own, or a single word after the scrap, stays whole.
    assert drop_lead_scrap("McDONALD'S FAMILY RESTAURANT") == "McDONALD'S FAMILY RESTAURANT"
    assert drop_lead_scrap("dm drogerie markt GmbH") == "dm drogerie markt GmbH"
    assert drop_lead_scrap("Banh Mi CAFE") == "Banh Mi CAFE"
    rows = group_rows(make_blocks(["signat GARDENIA BAKERIES (KL) SDN BHD", "TOTAL  10.00"]))
    assert (5, "GARDENIA BAKERIES (KL) SDN BHD") in name_variants(rows[:1])


def test_jln_and_a_postcode_digit_misread_as_letters_are_spelt_back() -> None:
    assert clean_address("No: G3, Blk G, Jin PJU 1A/3, J1n SS21/60") == "No: G3, Blk G, Jln PJU 1A/3, Jln SS21/60"
    assert clean_address("SEKSYEN U13, 4017U SHAH ALAM,") == "SEKSYEN U13, 40170 SHAH ALAM,"
    assert clean_address("SETIA ALAM, 4U170 SHAH ALAM") == "SETIA ALAM, 40170 SHAH ALAM"
    # Lot and house numbers with a letter are printed so; a word that starts with Jin is a word.
    assert clean_address("Lot 1234D Kampung Baru") == "Lot 1234D Kampung Baru"
    assert clean_address("1234D, Jalan Besar") == "1234D, Jalan Besar"
    assert clean_address("JINJANG UTARA, Jinjang") == "JINJANG UTARA, Jinjang"


def test_a_misread_s_slash_b_closes_a_name_before_a_scrap() -> None:
    assert clean_name("99 SPEED MART S/D ·X)") == "99 SPEED MART S/B"
    assert clean_name("AB S/D ENTERPRISE") == "AB S/D ENTERPRISE"  # not at the end: left as read


def test_an_address_is_read_after_its_printed_label() -> None:
    assert clean_address("HQ ADD: LOT 11995, BATU 2, JALAN KAPAR") == "LOT 11995, BATU 2, JALAN KAPAR"
    assert clean_address("Adres: ul. Długa 5, 00-238 Warszawa", "pl") == "ul. Długa 5, 00-238 Warszawa"
    assert clean_address("Địa chỉ: 12 Lê Lợi, Quận 1", "vi") == "12 Lê Lợi, Quận 1"
    assert clean_address("ADDITIONAL: 5") == "ADDITIONAL: 5"  # a word that only starts like a label


def test_a_short_word_before_a_colon_is_part_of_the_name_and_a_copy_mark_before_it_is_not() -> None:
    from app.extraction.candidates import name_variants

    def read(text: str) -> list[str]:
        return [v for _, v in name_variants(group_rows(make_blocks([text, "TOTAL  10.00"]))[:1])]

    # `THE:` is the name's first word with a mark OCR added, not a label: no variant drops it.
    assert read("THE: TOAST F&B SDN BHD (965752-T)") == ["THE: TOAST F&B SDN BHD"]
    assert "CHEF LEE SDN BHD" in read("OLD ASIA OWN BY: CHEF LEE SDN BHD")
    # A copy mark before the name (`ACCOUNT'S COPY`, `CUSTOMER COPY`) is read off; a name that starts with COPY stays.
    assert "GARDENIA BAKERIES (KL) SDN BHD" in read("ACCOUNT'S COPY GARDENIA BAKERIES (KL) SDN BHD")
    assert "ABC TRADING" in read("CUSTOMER COPY ABC TRADING")
    assert read("COPY CENTRE SDN BHD") == ["COPY CENTRE SDN BHD"]


def test_an_address_is_read_without_a_title_on_its_row_and_never_runs_into_an_item_row() -> None:
    assert clean_address("TAX INVOICE NO7,JLN UERO,SHAH ALAM.") == "NO7,JLN UERO,SHAH ALAM."
    assert clean_address("RECEIPT 12 JALAN MAJU") == "12 JALAN MAJU"
    assert clean_address("TAX INVOICE NOTICE") == "TAX INVOICE NOTICE"  # no number or street word after it
    lines = ["WATSONS PERSONAL CARE STORES SDN BHD", "USJ Summit, Subang (SS)", "22241 WS CUT SCISSORS 18.00",
             "64542 QVS TEMPO TWEEZER 17.90 S", "LOT 1.02, JALAN SS 15/4", "47500 SUBANG JAYA", "TOTAL  35.90"]
    found = candidates(group_rows(make_blocks(lines)), "en", "DMY", TODAY)["address"]
    spans = {c.raw for c in found}
    assert "USJ Summit, Subang (SS)" in spans
    assert not any("SCISSORS" in s and "USJ" in s for s in spans)
    assert "LOT 1.02, JALAN SS 15/4 47500 SUBANG JAYA" in spans  # a unit number is no price


def test_letters_ocr_misread_in_an_address_are_spelt_as_the_known_word() -> None:
    # `rn` read for `m`, a mark read for a letter, a 1 read as I in a district code, a scrap after the full stop.
    assert clean_address("No. 89&91, Jalan Utarna, Taman Mutia Rini") == "No. 89&91, Jalan Utama, Taman Mutia Rini"
    assert clean_address("BANDAR MA!KOTA CHERAS") == "BANDAR MAHKOTA CHERAS"
    assert clean_address("Compleks Perniagaan Sr! Gaya") == "Compleks Perniagaan Sri Gaya"
    assert clean_address("JALAN SETIA INDAH (X) UI3/X, SETIA ALAM.") == "JALAN SETIA INDAH (X) U13/X, SETIA ALAM."
    assert clean_address("45600 BESTARI JAYA, KUALA SELANGOR.O") == "45600 BESTARI JAYA, KUALA SELANGOR."
    # Left as read: real words, a state's initials, a mark that spells nothing, a lot number.
    assert clean_address("JALAN BURNT OAK") == "JALAN BURNT OAK"
    assert clean_address("40150 SHAH ALAM, SELANGOR D.E.") == "40150 SHAH ALAM, SELANGOR D.E."
    assert clean_address("TEL: 03-1234 HELLO!") == "TEL: 03-1234 HELLO!"
    assert clean_address("LOT I2, JALAN MAJU") == "LOT I2, JALAN MAJU"


def test_a_business_word_with_a_letter_more_is_spelt_as_printed() -> None:
    assert clean_name("AIK HUAT HARDWARE ENTERPRISEN(SETIA ALAM) SDN BHD") == (
        "AIK HUAT HARDWARE ENTERPRISE(SETIA ALAM) SDN BHD")
    assert clean_name("Lee Trading Comparny") == "Lee Trading Company"
    assert clean_name("POPULAR BOOKSTORES") == "POPULAR BOOKSTORES"  # a plural, not a letter more
    assert clean_name("ENTERPRISES") == "ENTERPRISES"  # a word of the lexicon itself


def test_a_name_in_another_language_keeps_its_own_words_a_letter_from_an_english_one() -> None:
    assert clean_name("Supermarkt Ons Dorp", "nl") == "Supermarkt Ons Dorp"
    assert clean_name("EDEKA Supermarkt", "de") == "EDEKA Supermarkt"
    assert clean_name("Restaurante Sol", "es") == "Restaurante Sol"
    assert clean_name("AIK HUAT HARDWARE ENTERPRISEN(SETIA", "ms") == "AIK HUAT HARDWARE ENTERPRISE(SETIA"
    assert clean_name("Hardwae Store", "en") == "Hardware Store"


def test_a_polish_legal_form_with_an_o_read_as_a_zero_is_spelt_as_printed() -> None:
    assert clean_name("Piekarnia Łączna Sp. z 0.o.", "pl") == "Piekarnia Łączna Sp. z o.o."
    assert clean_name("ABC SP. Z 0.0.", "pl") == "ABC SP. Z O.O."
    assert clean_name("Kowalski Sp. j.", "pl") == "Kowalski Sp. j."


def test_the_feature_words_of_other_languages_are_read_with_the_english_ones() -> None:
    from app.extraction.lexicon import has

    assert has("Kerkstraat 12, 1017 GC Amsterdam", "street", "nl")  # a street word at a word's end
    assert has("Hauptstr. 5", "street", "de")
    assert has("ul. Długa 5", "street", "pl") and has("Sklep ABC Sp. z o.o.", "company", "pl")
    assert has("Công ty TNHH Minh Châu", "company", "vi") and has("MST: 0101234567", "registration", "vi")
    assert has("TEL: 22 123 45 67", "contact", "pl")  # the English words still count
    assert not has("Kerkstraat 12", "street", "en")  # English reads its own table alone
    assert not has("www.sklep.pl", "street", "pl")


def test_a_registration_number_with_its_check_letter_after_a_point_leaves_the_name() -> None:
    assert clean_name("Roti man bakery 000965911.p") == "Roti man bakery"
    assert clean_name("ROTI MAN BAKERY 000965911-P") == "ROTI MAN BAKERY"
    assert clean_name("Sklep 1234a", "pl") == "Sklep 1234a"  # a number and a letter with nothing between: no registration


def test_a_house_numbers_own_label_keeps_its_row_in_the_address() -> None:
    from app.extraction.scorer import plain_line
    assert plain_line("NO: G3, BLK G, JLN PJU 1A/3,") and plain_line("NO.5: 55,57 & 59, JALAN SAGU 18,")
    assert not plain_line("TEL: 03-9054 3785") and not plain_line("Cashier: MANIS")


def test_a_shop_over_its_legal_name_that_opens_with_the_same_word_is_not_one_name() -> None:
    from tests.test_extraction import run
    data = run(["Tesco Express", "Tesco Stores Ltd", "Unit 4, Riverside Retail Park", "Norwich NR1 1WX",
                "Tel: 0176 297 4121", "Bananas Loose  0.90", "TOTAL  £0.90", "21/01/2024 10:11"])
    assert data["vendor"] in {"Tesco Express", "Tesco Stores Ltd"}


def test_an_address_label_with_its_slash_misread_is_still_a_label() -> None:
    from app.extraction.header import without_address_label
    assert without_address_label("Đ7c: 190/22 Bà Triệu,", "vi") == "190/22 Bà Triệu,"
    assert without_address_label("Đ/c: 190/22 Bà Triệu,", "vi") == "190/22 Bà Triệu,"
