"""Towns and districts OCR misread, spelt back from the gazetteer of the language's countries."""

from __future__ import annotations

from app.extraction import places
from app.extraction.header import clean_address, fix_places, fix_thin_marks, has_postcode


def test_a_town_with_a_look_alike_letter_misread_is_spelt_as_the_gazetteer_names_it() -> None:
    assert fix_places("40170 SHAH ALAN, SELANGOR") == "40170 SHAH ALAM, SELANGOR"
    assert fix_places("43300 SERT KEMBANGAN, SELANGOR") == "43300 SERI KEMBANGAN, SELANGOR"
    # Two look-alikes in a name of nine letters or more, one per word.
    assert fix_places("U13/X, SETTA ALAN, SEKSYEN U13") == "U13/X, SETIA ALAM, SEKSYEN U13"


def test_the_spelling_keeps_the_case_it_was_printed_in() -> None:
    assert fix_places("40150 Shah Alan, Selangor") == "40150 Shah Alam, Selangor"
    assert clean_address("LOT 3, Jalau SS 2, 40170 Shah Alan, Selangor") == "LOT 3, Jalan SS 2, 40170 Shah Alam, Selangor"


def test_names_the_gazetteer_holds_and_lexicon_words_are_left_as_read() -> None:
    for text in ("47301 PETALING JAYA, SELANGOR", "TAMAN SEJATI, IJOK", "JALAN PERMAS SATU", "LEVEL 2, MENARA"):
        assert fix_places(text) == text


def test_a_letter_more_or_less_or_a_letter_that_is_no_look_alike_is_not_a_misread() -> None:
    # Spelling variants of a town, and street words near a town's name, stay as printed.
    assert fix_places("81750 PLENTONG, JOHOR") == "81750 PLENTONG, JOHOR"
    assert fix_places("JLN BUNGA KANTAN, SETAPAK") == "JLN BUNGA KANTAN, SETAPAK"
    assert fix_places("81750 KASAI") == "81750 KASAI"  # K is no look-alike of M (`MASAI`)
    assert fix_places("LOT 4, JALAN ALAN") == "LOT 4, JALAN ALAN"  # a short word alone is too often a real one


def test_a_language_reads_its_own_countries_and_a_region_reads_its_country_alone() -> None:
    assert fix_places("61-001 Pozman", "pl") == "61-001 Poznań"  # the name's own accents come back
    assert fix_places("61-001 Pozman", "de") == "61-001 Pozman"
    assert places.countries("en") == ("MY", "SG", "GB", "IE")
    assert places.countries("en-US") == ("US",)
    assert fix_places("40170 SHAH ALAN", "en-US") == "40170 SHAH ALAN"
    assert places.countries("xx") == ()
    assert fix_places("40170 SHAH ALAN", "xx") == "40170 SHAH ALAN"


def test_every_country_a_language_reads_ships_its_gazetteer() -> None:
    codes = {c for cs in places.COUNTRIES.values() for c in cs} | set(places.REGION_ONLY)
    for code in sorted(codes):
        found = places.places((code,))
        assert len(found.exact) >= 50, code
    assert places.split("Kuala-Lumpur") == ("Kuala", "Lumpur")
    assert places.places(("MY",)).named(("SHAH", "ALAM"))


def test_a_thin_letter_read_as_a_mark_inside_a_word_is_spelt_when_that_makes_a_known_word() -> None:
    assert fix_thin_marks("NO.12,JA:AN SS4C/5, SE_ANGOR") == "NO.12,JALAN SS4C/5, SELANGOR"
    assert fix_thin_marks("Lot 5, Ja:an Kapar") == "Lot 5, Jalan Kapar"
    assert fix_thin_marks("A:B STORE, TEL:03") == "A:B STORE, TEL:03"  # no known word either way


def test_a_row_ends_with_a_country_in_english_or_its_own_language() -> None:
    for text in ("56000 Kuala Lumpur, Malaysia.", "00-950 Warszawa, Polska", "Hanoi, Viet Nam", "London, UK"):
        assert places.ends_with_country(text)
    for text in ("MALAYSIA KSL CITY", "56000 Kuala Lumpur", "Frankreichstr. 4"):
        assert not places.ends_with_country(text)


def test_a_number_after_a_lot_or_house_word_is_no_postcode() -> None:
    assert not has_postcode("LOT P.T. 33198, BATU 4")
    assert not has_postcode("NO 12345, JALAN KAPAR")
    assert has_postcode("LOT P.T. 33198, 42100 KLANG")
    assert has_postcode("42100 KLANG, SELANGOR")


def test_a_polish_l_with_a_stroke_read_as_t_is_spelt_back() -> None:
    assert fix_places("pl. Wolności 63, 50-071 Wroctaw", "pl") == "pl. Wolności 63, 50-071 Wrocław"
    assert fix_places("ul. Lipowa 3, 15-424 Biatystok", "pl") == "ul. Lipowa 3, 15-424 Białystok"
    assert fix_places("pl. Wolności 107, 50-071 Wrockaw", "pl") == "pl. Wolności 107, 50-071 Wrocław"
    assert fix_places("LOT 4, 40170 SHAH ALAT", "en") == "LOT 4, 40170 SHAH ALAT"  # T is no look-alike of a plain L


def test_a_zero_read_inside_a_word_in_capitals_is_an_o() -> None:
    assert clean_address("18, RUE DU GÉNÉRAL DE GAULLE 67000 STRASB0URG", "fr") \
        == "18, RUE DU GÉNÉRAL DE GAULLE 67000 STRASBOURG"
    assert clean_address("LOT F0-12, JALAN PJU 10/2", "en") == "LOT F0-12, JALAN PJU 10/2"  # codes keep their zeros


def test_a_long_name_whose_every_word_a_place_name_holds_is_left_as_printed() -> None:
    assert fix_places("35037 Marburg an der Lahn", "de") == "35037 Marburg an der Lahn"  # not `Harburg`
    assert fix_places("Santa María del Campo", "es") == "Santa María del Campo"  # not `Santa Marta`
    assert fix_places("28200 Cloyes-sur-le-Loir", "fr") == "28200 Cloyes-sur-le-Loir"
