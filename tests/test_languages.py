"""Language packs: amounts, dates, labels, detection and bad input; each pack on rendered receipts with the real engine."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import numpy as np
import pytest

from app.extraction import ExtractionOptions, extract
from app.extraction import languages as langs
from app.extraction.labels import normalise
from app.extraction.languages.dates import find_text_dates
from app.extraction.languages.labels import classify
from app.extraction.languages.numbers import find_money, parse_amount
from app.extraction.languages.pack import ROLES
from app.extraction.languages.text import has_phrase, simplify, strip_accents
from tests.support.receipts import LANGUAGES, Look, fonts_for, make_document, render
from tests.test_extraction import make_blocks

TODAY = date(2026, 1, 1)
DE_DIR = Path(__file__).resolve().parents[2] / "shared" / "data" / "receipts-de-dev"


def run(lines: list[str], language: str) -> dict:
    """Extract from hand-made lines."""
    return extract(make_blocks(lines), ExtractionOptions(language=language), today=TODAY).to_dict()


@pytest.mark.parametrize(("code", "text", "value"), [
    ("de", "1.234,56", "1234.56"), ("fr", "1 234,56", "1234.56"), ("en", "1,234.56", "1234.56"),
    ("pl", "45,67 zł", "45.67"), ("vi", "1.500.000 đ", "1500000"), ("id", "Rp 15.000", "15000"),
    ("ms", "RM 14.10", "14.10"), ("pl", "1\u00a0234,56", "1234.56"), ("vi", "1,500,000", "1500000"),
    ("vi", "16.239.531 VND", "16239531"), ("vi", "16,239,531đ", "16239531"), ("vi", "1.476.321", "1476321"),
    ("vi", "Tong cong tien thanh toan: 16.239.531 VND", "16239531"),
])
def test_amounts_read_the_languages_way(code, text, value):
    assert parse_amount(text, langs.get(code)) == Decimal(value)


def test_amounts_keep_their_currency_and_skip_years_ids_and_rates():
    vi = langs.get("vi")
    assert [(m.value, m.currency) for m in find_money("Tổng cộng: 1.500.000 đ", vi)] == [(Decimal(1500000), "VND")]
    assert find_money("Ngày 15 tháng 01 năm 2024  MST: 0312345678  Thuế 10%", vi) == []
    assert find_money("Datum 15.01.2024 12:30", langs.get("de")) == []
    assert [m.currency for m in find_money("SUMA PLN 45,67", langs.get("pl"))] == ["PLN"]


@pytest.mark.parametrize(("code", "text", "iso"), [
    ("pl", "15 stycznia 2024", "2024-01-15"), ("de", "15. Januar 2024", "2024-01-15"),
    ("fr", "15 janvier 2024", "2024-01-15"), ("vi", "Ngày 15 tháng 01 năm 2024", "2024-01-15"),
    ("vi", "Ngay 15 thang 1 nam 2024", "2024-01-15"), ("es", "3 de marzo de 2023", "2023-03-03"),
    ("pt", "7 de março de 2022", "2022-03-07"), ("de", "3. März 2021", "2021-03-03"),
    ("pl", "1 WRZESNIA 2020", "2020-09-01"), ("en", "March 4, 2024", "2024-03-04"),
])
def test_dates_with_month_names_and_date_words(code, text, iso):
    assert [d.value.isoformat() for d in find_text_dates(text, langs.get(code))] == [iso]


@pytest.mark.parametrize(("lines", "language", "iso"), [
    (["SKLEP", "2024-01-15 14:32", "SUMA PLN  45,67"], "pl", "2024-01-15"),
    (["LADEN", "Datum: 15.01.24 14:32", "SUMME EUR  24,23"], "de", "2024-01-15"),
    (["MAGASIN", "le 15/01/2024 à 12:00", "TOTAL TTC  24,23"], "fr", "2024-01-15"),
])
def test_numeric_dates_in_the_languages_order(lines, language, iso):
    assert run(lines, language)["date"] == iso


def test_normalisation_keeps_every_letter_and_compares_without_accents():
    assert normalise("DO ZAPŁATY") == "DO ZAPŁATY" and normalise("TỔNG CỘNG:") == "TỔNG CỘNG"
    assert strip_accents("Tổng cộng DO ZAPŁATY Rückgeld Straße") == "tong cong do zaplaty ruckgeld strasse"
    assert simplify("Σύνολο: 12") == "σύνολο 12"
    assert has_phrase("TONG CONG:", "tổng cộng") and has_phrase("Tổng cộng:", "TONG CONG")
    assert not has_phrase("tổng cộng tiền", "cộng tiền hàng")


@pytest.mark.parametrize(("code", "label", "kind"), [
    ("pl", "SUMA PLN", "total"), ("pl", "SUMA PTU", "tax"), ("pl", "PTU A 23%", "tax"), ("pl", "Reszta", "change"),
    ("pl", "DO ZAPLATY", "total"), ("de", "Rückgeld", "change"), ("de", "MwSt 19%", "tax"),
    ("fr", "TOTAL TTC", "total"), ("fr", "TOTAL HT", "subtotal"), ("nl", "Te betalen", "total"),
    ("vi", "Tổng cộng tiền thanh toán:", "total"), ("vi", "Thuế GTGT 10%", "tax"),
    ("vi", "Tien khach dua", "payment"), ("vi", "Tiền thối lại", "change"), ("id", "KEMBALI", "change"),
    ("ms", "BAKI", "change"), ("es", "IVA 21%", "tax"), ("it", "RESTO", "change"), ("pt", "Troco", "change"),
])
def test_labels_by_pack(code, label, kind):
    found = classify(label, langs.get(code))
    assert found is not None and found[0] == kind


def test_every_pack_has_every_role_months_and_a_currency():
    assert set(langs.CODES) >= {"en", "pl", "de", "fr", "nl", "es", "it", "pt", "vi", "id", "ms"}
    for code in langs.CODES:
        pack = langs.get(code)
        assert set(pack.words) == set(ROLES)
        for role in ("total", "subtotal", "tax", "payment", "change", "date", "invoice_number", "due_date",
                     "seller", "buyer", "net", "gross", "iban", "payment_terms", "tax_id"):
            assert pack.words[role], (code, role)
        assert len(pack.months) == 12 and pack.currency and pack.number_formats
    assert langs.words("pl", "change") == ("reszta",) and langs.words("xx", "total") == langs.words("en", "total")
    with pytest.raises(KeyError, match="known: en, pl"):
        langs.get("klingon")


@pytest.mark.parametrize("code", LANGUAGES)
def test_detection_on_composed_documents(code):
    for seed in range(3):
        doc = make_document(code, seed)
        text = "\n".join(f"{a} {b}" for a, b in doc.lines)
        found, confidence = langs.detect(text)
        assert found == code and confidence > 0.3, (seed, found, confidence)
        assert langs.detect(strip_accents(text))[0] == code  # tone marks and accents lost by OCR


def test_explicit_language_wins_and_auto_says_what_it_found():
    lines = ["SKLEP ŻABKA", "PARAGON FISKALNY", "Chleb  4,99", "SUMA PLN  45,67", "Gotówka  50,00", "Reszta  4,33"]
    auto = run(lines, "auto")
    assert auto["language"]["code"] == "pl" and auto["language"]["detected"] is True
    assert auto["total_amount"] == 45.67 and auto["currency"] == "PLN"
    explicit = run(lines, "de")
    assert explicit["language"] == {"code": "de", "confidence": 1.0, "detected": False}


def test_mixed_languages_give_values_or_nulls_never_an_exception():
    lines = ["MIXED SHOP", "PARAGON FISKALNY", "Rechnung", "Hóa đơn", "SUMA  12,50", "Tổng cộng  1.500.000",
             "TOTAL TTC  9,99"]
    data = run(lines, "auto")
    assert data["language"]["detected"] is True and 0 <= data["language"]["confidence"] <= 1
    assert data["total_amount"] in (None, 12.5, 1500000.0, 9.99)


def test_the_model_weighs_the_amounts_the_language_prints_not_only_those_with_cents():
    # Whole dong amounts are the model's candidates too: a change misread with cents (`9.00`) is not
    # the only amount it sees, so it never outvotes the total the rules read.
    lines = ["Siêu thị Hạnh Phúc", "Số 12 Đường Lê Lợi, Quận 1", "HÓA ĐƠN GIÁ TRỊ GIA TĂNG", "Ngày: 12/08/2025",
             "Cà phê sữa đá  172.000", "Gạo thơm  156.500", "Tổng cộng tiền thanh toán:  328.500",
             "Tiền khách đưa  330.000", "Tiền thối lại  9.00"]
    data = run(lines, "vi")
    assert data["total_amount"] == 328500.0
    assert data["fields"]["total_amount"]["source"] == "model"


def test_a_polish_receipts_items_weights_and_taxed_sales_rows_are_read():
    lines = ["LIDL sp. z o.o. sp.k.", "ul. Poznańska 48, Jankowice", "62-080 Tarnowo Podgórne", "NIP 781-18-97-358",
             "2023-11-02", "PARAGON FISKALNY", "Banany luz 0,845 x 5,99 5,06 C", "Jogurt naturalny 1 x2,19 2,19 C",
             "Sprzedaż opodatk. C 7,25", "PTU C 5% 0,35", "Suma PTU 0,35", "Suma: 7,25", "Płatność Karta 7,25 PLN"]
    data = run(lines, "pl")
    assert data["total_amount"] == 7.25 and data["currency"] == "PLN"
    # The taxed-sales row of the tax summary is no item; a weight keeps its decimal comma; a price
    # glued to its `x` is read.
    assert [(i["description"], i["quantity"], i["unit_price"], i["amount"]) for i in data["line_items"]] == [
        ("Banany luz", 0.845, 5.99, 5.06), ("Jogurt naturalny", 1.0, 2.19, 2.19)]
    assert "line_items_mismatch" not in {r["code"] for r in data["review_reasons"]}


def test_a_german_receipt_street_row_logo_over_its_name_and_unit_note_are_read():
    lines = ["REWE", "REWE Markt GmbH", "Domstr. 20", "50668 Köln", "UID Nr.: DE812706034", "BIO BANANE 1,99 B",
             "LAUGENBREZEL 1,78 B", "2 Stk x 0,89", "SUMME 3,77", "Geg. BAR 10,00", "Rückgeld BAR 6,23",
             "12.05.2023 18:31 Bon-Nr.:4711"]
    data = run(lines, "de")
    assert data["vendor"] == "REWE"  # the brand over its legal name, as customers know the shop
    assert data["address"] == "Domstr. 20 50668 Köln"  # the street row ends with its house number
    assert (data["total_amount"], data["currency"]) == (3.77, "EUR")  # no currency printed: the language's
    assert data["fields"]["currency"]["confidence"] < 0.9
    assert [(i["description"], i["quantity"], i["unit_price"]) for i in data["line_items"]] == [
        ("BIO BANANE", None, None), ("LAUGENBREZEL", 2.0, 0.89)]
    assert run(["Albert Heijn", "Damrak 1", "1012 LG Amsterdam", "TOTAAL 2,98", "03-03-2024"], "nl")["address"] \
        == "Damrak 1 1012 LG Amsterdam"


@pytest.mark.parametrize(("language", "lines", "vendor", "address"), [
    ("de", ["Willkommen bei", "EDEKA Müller", "Hauptstr. 5", "12345 Berlin", "Milch 1,19 A", "SUMME EUR 1,19",
            "12.03.2024 10:11"], "EDEKA Müller", "Hauptstr. 5 12345 Berlin"),
    ("de", ["Herzlich Willkommen", "Kaufland Filiale 1234", "Bahnhofstr. 1", "70173 Stuttgart", "Brot 2,49 A",
            "zu zahlen 2,49", "01.02.2024"], "Kaufland Filiale 1234", "Bahnhofstr. 1 70173 Stuttgart"),
    ("pl", ["Witamy w sklepie", 'Sklep Spożywczy "U Basi"', "ul. Długa 5", "00-950 Warszawa", "PARAGON FISKALNY",
            "Chleb 1 x3,49 3,49A", "SUMA PLN 3,49", "15-03-2024"], 'Sklep Spożywczy "U Basi"', "ul. Długa 5 00-950 Warszawa"),
    ("fr", ["BIENVENUE", "MONOPRIX", "14 AV DES TERNES", "75017 PARIS", "PAIN 1,20", "TOTAL 1,20 EUR", "03/04/2024"],
     "MONOPRIX", "14 AV DES TERNES 75017 PARIS"),
    ("nl", ["Welkom bij", "Jumbo Supermarkten", "Markt 1", "5611 EB Eindhoven", "Kaas 4,99", "Totaal 4,99",
            "03-04-2024"], "Jumbo Supermarkten", "Markt 1 5611 EB Eindhoven"),
    ("vi", ["Xin chào quý khách", "SIÊU THỊ CO.OPMART", "168 Nguyễn Đình Chiểu, Q.3, TP.HCM", "Sữa tươi 32.000",
            "Tổng cộng: 32.000", "Ngày: 05/06/2024"], "SIÊU THỊ CO.OPMART", "168 Nguyễn Đình Chiểu, Q.3, TP.HCM"),
])
def test_a_greeting_over_the_name_is_neither_the_seller_nor_its_address(language, lines, vendor, address):
    data = run(lines, language)
    assert (data["vendor"], data["address"]) == (vendor, address)


@pytest.mark.parametrize(("language", "lines", "address"), [
    ("nl", ["Albert Heijn", "Filiaal 1234", "Kalverstraat 10", "1012 PA Amsterdam", "BANANEN 1,99", "TOTAAL 1,99",
            "12-04-2024 14:22"], "Kalverstraat 10 1012 PA Amsterdam"),
    ("de", ["EDEKA Müller", "Filiale 1234", "Hauptstr. 5", "12345 Berlin", "Milch 1,19 A", "SUMME EUR 1,19",
            "12.03.2024 10:11"], "Hauptstr. 5 12345 Berlin"),
    ("en", ["TESCO", "Store 2041", "311 Oxford Street", "London W1C 2HP", "MILK 1.45", "BALANCE DUE 1.45",
            "12/03/24 17:05"], "311 Oxford Street London W1C 2HP"),
])
def test_a_branch_number_over_the_street_is_not_the_address(language, lines, address):
    assert run(lines, language)["address"] == address


def test_the_tax_is_the_sum_of_the_taxes_of_each_rate_not_a_rate_s_taxed_sales():
    lines = ['"DINO POLSKA" S.A.', "ul. Ostrowska 122", "63-700 Krotoszyn", "PARAGON FISKALNY", "Ser Gouda 10,56 C",
             "Pomidory 10,79 C", "Woda 6 x 1,89 11,34 A", "SPRZEDAŻ OPODATKOWANA A 11,34", "PTU A 23,00% 2,12",
             "SPRZEDAŻ OPODATKOWANA C 21,35", "PTU C 5,00% 1,02", "SUMA PTU 3,14", "SUMA: PLN 32,69", "2024-06-02 17:31"]
    data = run(lines, "pl")
    assert (data["vendor"], data["total_amount"], data["fields"]["tax"]["value"]) == ('"DINO POLSKA" S.A.', 32.69, 3.14)


def test_a_polish_receipt_s_weighed_goods_shares_in_names_and_tax_per_rate():
    head = ['Sklep Spożywczy "Pod Lipą"', "ul. Lipowa 3, 20-001 Lublin", "NIP 712-016-03-47", "PARAGON FISKALNY"]
    data = run([*head, "Mleko 3,2% 1L 1 x3,49 3,49C", "Pomidory 0,456 kg x 12,99 5,92 C", "BUŁKA 1 szt 0,99 0,99B",
                "Sprzedaż opodatk. C 9,41", "Kwota C 5,00% 0,45", "Sprzedaż opodatk. B 0,99", "Kwota B 8,00% 0,07",
                "Podatek PTU 0,52", "SUMA PLN 10,40", "2024-05-06 12:01"], "pl")
    assert [(i["description"], i["quantity"], i["unit_price"], i["amount"]) for i in data["line_items"]] == [
        ("Mleko 3,2% 1L", 1.0, 3.49, 3.49), ("Pomidory", 0.456, 12.99, 5.92), ("BUŁKA", 1.0, 0.99, 0.99)]
    assert (data["total_amount"], data["fields"]["tax"]["value"]) == (10.40, 0.52)


@pytest.mark.parametrize(("language", "lines", "vendor"), [
    ("de", ["ALDI SÜD", "Dienstleistungs-GmbH & Co. oHG", "Neue Str. 12", "45127 Essen", "Milch 1,09 A",
            "Zu zahlen 1,09", "09.07.2024 17:21"], "ALDI SÜD"),
    ("fr", ["CARREFOUR MARKET", "SAS DISTRIBUTION CASINO", "12 RUE DE LA PAIX", "75002 PARIS", "BAGUETTE 0,95",
            "TOTAL A PAYER 0,95 EUR", "Le 14/02/2024 a 11:05"], "CARREFOUR MARKET"),
    ("id", ["ALFAMART", "PT. SUMBER ALFARIA TRIJAYA, TBK", "JL. MH THAMRIN NO.9 TANGERANG", "AQUA 600ML 1 3.500 3.500",
            "Total Belanja 3.500", "Tunai 5.000", "Kembalian 1.500", "Tgl. 01-09-2024 19:45:12"], "ALFAMART"),
    # A legal name that repeats the brand over it gives way to it too (docs/decisions/0023); one under a
    # slogan stays.
    ("de", ["REWE", "REWE Markt GmbH", "Leopoldstr. 45", "80802 München", "MILCH 1,29 B", "SUMME EUR 1,29",
            "15.03.2024 18:42"], "REWE"),
    ("nl", ["Jumbo", "Jumbo Supermarkten B.V.", "Markt 1", "5611 EB Eindhoven", "Kaas 4,99", "Totaal 4,99",
            "03-04-2024"], "Jumbo"),
    ("de", ["Immer gut.", "Muster Handels GmbH", "Hauptstr. 5", "12345 Berlin", "Brot 2,49 A", "zu zahlen 2,49",
            "01.02.2024"], "Muster Handels GmbH"),
    # Malaysian receipts name the seller by the legal name under the brand, as their labels do.
    ("en", ["WATSONS", "WATSON'S PERSONAL CARE STORES SDN BHD", "USJ SUMMIT, SUBANG", "SUBTOTAL 41.45",
            "TOTAL RM 41.45", "25/03/2018"], "WATSON'S PERSONAL CARE STORES SDN BHD"),
])
def test_a_brand_over_a_legal_name_is_the_seller_outside_malaysia(language, lines, vendor):
    assert run(lines, language)["vendor"] == vendor


def test_two_currencies_leave_the_currency_null_with_a_reason():
    lines = ["KANTOR", "2024-01-15", "Kwota  100,00 EUR", "Kwota  430,00 PLN", "SUMA  430,00 PLN", "Reszta  0,00 EUR"]
    data = run(lines, "pl")
    assert data["currency"] is None
    assert "ambiguous_currency" in {r["code"] for r in data["review_reasons"]}


def test_digits_of_other_scripts_are_not_read_as_amounts_or_dates():
    lines = ["متجر", "التاريخ ١٥/٠١/٢٠٢٤", "المجموع  ١٢٫٥٠", "TOTAL  ٤٥,٦٧"]
    for language in ("auto", "en", "pl"):
        data = run(lines, language)
        assert data["total_amount"] is None and data["date"] is None
        assert {"total_amount", "date"} <= {r["field"] for r in data["review_reasons"]}


# The real engine on one rendered receipt per language: a clean look, every letter of the language in the font.
@pytest.fixture(scope="module")
def engine():
    from app.ocr.config import OcrConfig
    from app.ocr.engine import build_engine

    return build_engine(OcrConfig(use_gpu=False))


def _read(engine, image, language):
    from app.ocr.recognisers import LanguageEngine

    return LanguageEngine(engine, language, lambda t: langs.detect(t)[0]).recognize(np.asarray(image))


@pytest.mark.timeout(300)
@pytest.mark.parametrize("code", LANGUAGES)
def test_each_pack_on_a_rendered_receipt_with_the_real_engine(engine, code):
    fonts = fonts_for(code)
    if not fonts:
        pytest.skip(f"no font with the letters of {code!r} (install fonts-dejavu-core)")
    doc = make_document(code, 7)
    image = render(doc, Look(font=fonts[0], size=26, thermal=True, noise=4.0, blur=0.3, skew=0.6), seed=7)
    truth = doc.truth()
    explicit = extract(_read(engine, image, code), ExtractionOptions(language=code), today=TODAY).to_dict()
    assert explicit["total_amount"] == pytest.approx(float(truth["total"]), abs=0.011)
    assert explicit["date"] == truth["date"]
    auto = extract(_read(engine, image, "auto"), ExtractionOptions(language="auto"), today=TODAY).to_dict()
    assert auto["language"]["code"] == code
    assert auto["total_amount"] == explicit["total_amount"]


@pytest.mark.timeout(300)
def test_vietnamese_words_keep_their_tone_marks(engine):
    from app.ocr.recognisers import recogniser_for

    if not recogniser_for("vi").installed():
        pytest.skip("the Vietnamese recogniser is not installed")
    doc = make_document("vi", 3)
    image = render(doc, Look(font=fonts_for("vi")[0], size=26, thermal=False, noise=3.0, blur=0.0, skew=0.0),
                   seed=3)
    text = " ".join(b.text for b in _read(engine, image, "vi"))
    assert "Tổng" in text or "TỔNG" in text or "Thành" in text, text
    assert "Tiền" in text and "Thuế" in text, text


@pytest.mark.timeout(300)
def test_auto_picks_german_on_the_real_german_receipts(engine):
    from app.ocr.pages import open_document

    labels = [json.loads(line) for line in (DE_DIR / "labels.jsonl").read_text().splitlines() if line.strip()]
    picked = []
    for label in labels[:3]:
        from app.ocr.config import OcrConfig

        page = open_document(str(DE_DIR / label["file"]), OcrConfig()).page_image(0)
        picked.append(langs.detect(" ".join(b.text for b in engine.recognize(page)))[0])
    assert picked == ["de", "de", "de"]


class _FakeEngine:
    """Hands back fixed blocks, as PP-OCRv6 would have read them."""

    def __init__(self, blocks):
        from app.ocr.types import EngineInfo

        self.blocks, self.info = blocks, EngineInfo("fake", "det+rec", "cpu")

    def recognize(self, _page):
        return self.blocks


class _FakeReader:
    name = "fake"

    def read_lines(self, images):
        return [("Tổng cộng: 1.500.000", 0.95) for _ in images]


def test_language_engine_rereads_the_lines_and_says_when_it_cannot(monkeypatch):
    from app.ocr import recognisers
    from app.ocr.types import TextBlock

    page = np.full((60, 400, 3), 255, np.uint8)
    blocks = [TextBlock("Tong cong: 1.500.000", 0.9, ((10, 10), (300, 10), (300, 40), (10, 40)), 1)]
    name = recognisers.BY_LANGUAGE["vi"]
    monkeypatch.setitem(recognisers._readers, name, _FakeReader())
    monkeypatch.setitem(recognisers.RECOGNISERS, name, recognisers.Recogniser(name, lambda: True, "x"))
    engine = recognisers.LanguageEngine(_FakeEngine(blocks), "auto", lambda t: langs.detect(t)[0])
    assert [b.text for b in engine.recognize(page)] == ["Tổng cộng: 1.500.000"]
    assert engine.info.model.endswith(name) and engine.info.fallback_reason is None
    assert [b.text for b in recognisers.LanguageEngine(_FakeEngine(blocks), "pl").recognize(page)] == [blocks[0].text]

    missing = recognisers.Recogniser(name, lambda: False, "pip install the reader")
    monkeypatch.setitem(recognisers.RECOGNISERS, name, missing)
    engine = recognisers.LanguageEngine(_FakeEngine(blocks), "auto", lambda t: langs.detect(t)[0])
    assert [b.text for b in engine.recognize(page)] == [blocks[0].text]
    assert name in engine.info.fallback_reason and "pip install the reader" in engine.info.fallback_reason


def test_a_vietnamese_address_without_a_postcode_is_read_over_item_and_date_rows():
    lines = ["NHÀ THUỐC AN TÂM", "Số 18 Bà Triệu, Phường Hàng Bạc,", "Quận Hoàn Kiếm, Hà Nội", "HÓA ĐƠN BÁN LẺ",
             "Ngày 14 tháng 02 năm 2025", "Nước mắm Nam Ngư 500ml", "3 x 43,000 129.000 VND", "Gạo ST25 túi 5kg",
             "1 x 170,000 170.000 VND", "TỔNG CỘNG 299.000 VND"]
    data = run(lines, "vi")
    assert data["address"] == "Số 18 Bà Triệu, Phường Hàng Bạc, Quận Hoàn Kiếm, Hà Nội"
    assert data["total_amount"] == 299000.0


def test_a_vietnamese_address_label_abbreviated_is_read_past():
    lines = ["QUÁN NƯỚNG CHÚ HAI", "Đ/c: Số 86 Lý Thường Kiệt, P. Phạm Đình Hổ,", "Q. Hai Bà Trưng, Hà Nội",
             "PHIẾU THANH TOÁN", "Ngày 06/02/2023", "Bò nướng 2 x 120.000 240.000", "Tổng tiền: 240.000 đ"]
    assert run(lines, "vi")["address"] == "Số 86 Lý Thường Kiệt, P. Phạm Đình Hổ, Q. Hai Bà Trưng, Hà Nội"


def test_a_whole_dong_amount_read_with_both_marks_keeps_its_groups():
    lines = ["CÀ PHÊ HẠT MỘC", "107/9 Hai Bà Trưng, P. Bến Nghé, Q. 1, TP.HCM", "Ngày 11-01-2022",
             "Tôm nướng 3 x 165.000 495.000", "Tổng tiền hàng: 495.000", "Thuế VAT (8%): 39.600", "Tổng tiền: 534,600 đ"]
    assert run(lines, "vi")["total_amount"] == 534600.0
    assert run(["Cafe", "Tổng tiền: 1.120,392 đ"], "vi")["total_amount"] == 1120392.0


@pytest.mark.parametrize(("lines", "language", "address"), [
    # the town printed before its street
    (["Sklep Osiedlowy Groszek", "26-600 Radom", "ul. Żeromskiego 124", "NIP 465-111-80-68", "02-01-2024",
      "PARAGON FISKALNY", "Mleko 1 x3,99 3,99C", "SUMA PLN 3,99"], "pl", "26-600 Radom ul. Żeromskiego 124"),
    # a shop's number with `nr` over the street and town
    (["Delikatesy Centrum", "Sklep nr 1187", "ul. Kościuszki 112A, 40-048 Katowice", "NIP 059-814-50-57",
      "26-02-2025", "PARAGON FISKALNY", "Mleko 1 x3,39 3,39C", "SUMA PLN 3,39"], "pl",
     "ul. Kościuszki 112A, 40-048 Katowice"),
    # a street named without a street word, its number with a letter; a table's row under it
    (["Slagerij Jansen", "Meir 223-A", "2000 Antwerpen", "Tafel 29 Bon 6004", "1 Tandpasta 1,65",
      "Totaal te betalen 1,65", "29-01-2025"], "nl", "Meir 223-A 2000 Antwerpen"),
    # a Swiss postcode with its country's letters; the currency over the amounts' column
    (["Penny Markt", "Bahnhofstrasse 109b", "CH-8001 Zürich", "CHF", "Milch 1.29", "TOTAL CHF 1.29",
      "17.10.2023"], "de", "Bahnhofstrasse 109b CH-8001 Zürich"),
    (["ALDI", "Königsallee 134, 40212 Düsseldorf", "EUR", "Milch 1,29 A", "zu zahlen 1,29", "15.03.2024"], "de",
     "Königsallee 134, 40212 Düsseldorf"),
    # an O read as a zero
    (["Harbor Hardware", "88 0cean Dr", "Miami Beach, FL 33139", "HAMMER 12.99", "TOTAL $12.99", "09/18/2022"], "en",
     "88 Ocean Dr Miami Beach, FL 33139"),
])
def test_addresses_as_other_countries_print_them(lines, language, address):
    assert run(lines, language)["address"] == address


def test_a_brand_over_a_legal_name_picked_with_it_is_the_seller_outside_malaysia():
    lines = ["Alfamart", "PT. SUMBER ALFARIA TRIJAYA, TBK", "Jl. Gajah Mada No. 9", "Medan 20152",
             "AQUA 600ML 3 3,900 11,700", "TOTAL : 11,700", "TUNAI : 20,000", "KEMBALI : 8,300", "06.09.24-07:26"]
    assert run(lines, "id")["vendor"] == "Alfamart"


def test_cents_split_from_their_amount_and_an_o_read_as_zero_in_a_name_are_read_back():
    lines = ["Eetcafé De Gouden Leeuw", "Grote Markt 183", "9711 LV GRONINGEN", "Tafel 30 Bon 6321",
             "Datum: 07-03-2022 Tijd: 19:12", "1 x Kroket 3,05", "2 x Tosti ham kaas à 6,30 12,60",
             "Totaal EUR 15, 65", "Contant 20,00", "Wisselgeld 4,35"]
    data = run(lines, "nl")
    assert data["total_amount"] == 15.65 and data["address"] == "Grote Markt 183 9711 LV GRONINGEN"
    assert run(["The 0ld Bakery Tearoom", "12 High Street", "Bath BA1 1AA", "Tea 2.50", "TOTAL £2.50"],
               "en")["vendor"] == "The Old Bakery Tearoom"


def test_a_labelled_vietnamese_address_over_three_rows_is_read_whole():
    lines = ["TIỆM BÁNH MÌ HÒA BÌNH", "Đ/c: 188 Mậu Thân,", "Phường Xuân Khánh,", "Quận Ninh Kiều, TP. Cần Thơ",
             "Hotline: 0283 768 311", "PHIẾU THANH TOÁN", "Số HĐ: 007232 Bàn: 10", "Ngày: 23/01/2023 Giờ vào: 16:23",
             "Bánh mì thịt 2 25.000 50.000", "Tổng tiền: 50.000 đ"]
    assert run(lines, "vi")["address"] == "188 Mậu Thân, Phường Xuân Khánh, Quận Ninh Kiều, TP. Cần Thơ"


def test_a_vietnamese_dish_that_spells_a_street_word_with_other_marks_is_no_address():
    # `Phở` (a soup) is not `Phố` (street), `dương` not `đường`: the address is the one with a house number.
    lines = ["NHÀ HÀNG HẢI SẢN BIỂN ĐÔNG", "147/22 Nguyễn Văn Cừ,", "Phường An Hòa, Quận Ninh Kiều,", "TP. Cần Thơ",
             "HÓA ĐƠN BÁN LẺ", "Phở bò tái", "1 x 64,000 64.000 đ", "Cơm chiên dương châu", "2 x 72,000 144.000 đ",
             "TỔNG CỘNG 208.000 đ", "24/05/2022 15:34:07"]
    data = run(lines, "vi")
    assert data["address"] == "147/22 Nguyễn Văn Cừ, Phường An Hòa, Quận Ninh Kiều, TP. Cần Thơ"
    assert data["total_amount"] == 208000.0


def test_vietnamese_place_words_match_with_their_own_marks_some_lost_or_none():
    from app.extraction.lexicon import has
    for text in ("Phường 5, Quận 3", "Phuong 5, Quan 3", "Phưòng 5", "Đường Lê Lợi", "Tỉnh Bình Dương", "Toà nhà ABC"):
        assert has(text, "street", "vi") or has(text, "region", "vi"), text
    for text in ("Phở bò tái", "Cơm chiên dương châu", "Quán Ăn Ngon", "Phiếu tính tiền"):
        assert not has(text, "street", "vi") and not has(text, "region", "vi"), text


@pytest.mark.parametrize(("language", "lines", "address"), [
    ("de", ["EDEKA Müller", "Hauptstr. 5", "50668 Köln", "Filiale 1234", "Milch 1,19 A", "SUMME EUR 1,19",
            "12.03.2024 10:11"], "Hauptstr. 5 50668 Köln"),
    ("pl", ["Sklep Spożywczy Groszek", "ul. Długa 5", "00-950 Warszawa", "Sklep nr 1187", "Chleb 1 x3,49 3,49A",
            "SUMA PLN 3,49", "15-03-2024"], "ul. Długa 5 00-950 Warszawa"),
    ("pl", ["Piekarnia Radom", "26-600 Radom", "ul. Żeromskiego 124", "Chleb 1 x3,49 3,49A", "SUMA PLN 3,49",
            "15-03-2024"], "26-600 Radom ul. Żeromskiego 124"),
])
def test_a_branch_row_under_the_town_is_no_street_row_of_the_address(language, lines, address):
    assert run(lines, language)["address"] == address


def test_the_rules_spell_a_name_in_the_pages_language():
    from app.extraction.header import find_vendor
    from app.extraction.rows import group_rows
    vendor, _ = find_vendor(group_rows(make_blocks(["EDEKA Supermarkt", "Hauptstr. 5", "90762 Fürth"])), "de")
    assert vendor is not None and vendor.value == "EDEKA Supermarkt"  # not the English `Supermarket`


def test_a_bare_total_label_over_the_payment_gives_the_total_in_the_pages_language():
    lines = ["Sklep Groszek", "ul. Długa 5", "00-950 Warszawa", "Chleb 1 x3,49 3,49A", "Masło 1 x8,99 8,99A",
             "SUMA PLN", "Gotówka 12,48", "15-03-2024"]
    assert run(lines, "pl")["total_amount"] == 12.48


def test_the_vietnamese_goods_total_is_a_subtotal_and_the_grand_total_the_total():
    from app.extraction.labels import classify
    assert classify("Tổng tiền hàng:", "vi")[0] == "subtotal"  # the goods, before discount, service and tax
    assert classify("Tổng cộng:", "vi")[0] == "total" and classify("Tổng tiền:", "vi")[0] == "total"


@pytest.mark.parametrize(("language", "lines", "vendor", "address"), [
    ("de", ["EDEKA Markt", "Hauptstr. 5", "12345 Berlin", "Milch 1,19 A", "SUMME EUR 1,19", "12.03.2024 10:11"],
     "EDEKA Markt", "Hauptstr. 5 12345 Berlin"),
    ("it", ["Trattoria da Mario", "Via Roma 5", "20121 Milano MI", "Pane 1,20", "TOTALE 1,20", "03/04/2024"],
     "Trattoria da Mario", "Via Roma 5 20121 Milano MI"),
])
def test_a_name_with_a_business_word_stops_over_its_street_row(language, lines, vendor, address):
    data = run(lines, language)
    assert (data["vendor"], data["address"]) == (vendor, address)


def test_a_total_the_cash_less_change_gives_wins_over_the_goods_subtotal_printed_three_times():
    lines = ["TIỆM BÁNH MÌ HÒA BÌNH", "Địa chỉ: Số 24 Mậu Thân, Phường An Hòa,", "Quận Ninh Kiều, TP. Cần Thơ",
             "HÓA ĐƠN THANH TOÁN", "Giờ vào: 18:45 Ngày 17-01-2023", "Tên món SL Đ.Giá T.Tiền", "Bia Sài Gòn",
             "1 19.000 19.000", "Tổng tiền hàng: 19.000", "Giảm giá: -2.850", "Phí phục vụ (5%): 808",
             "Tổng cộng: 16,958 VND", "Tiền khách đưa: 20.000", "Tiền thối lại: 3.042"]
    assert run(lines, "vi")["total_amount"] == 16958.0
