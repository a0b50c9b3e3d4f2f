"""Invoice fields: tax ids and IBANs by checksum, labels in several languages, arithmetic checks."""

from __future__ import annotations

from decimal import Decimal

import pytest

from app.extraction.invoice import (
    add_invoice_fields,
    arithmetic_ok,
    footer_seller,
    payee_seller,
    registered_seller,
)
from app.extraction.rows import group_rows
from app.extraction.taxids import (
    find_ibans,
    find_tax_ids,
    valid_de,
    valid_iban,
    valid_mst,
    valid_nip,
    valid_vat,
)
from app.ocr.types import TextBlock


def _blocks(lines: list[str]) -> list[TextBlock]:
    return [TextBlock(t, 1.0, ((10, 30 * i), (10 + 12 * len(t), 30 * i), (10 + 12 * len(t), 30 * i + 20),
                               (10, 30 * i + 20))) for i, t in enumerate(lines)]


@pytest.mark.parametrize(("check", "good", "bad"), [
    (valid_nip, "526-000-12-46", "526-000-12-47"), (valid_de, "DE136695976", "DE136695977"),
    (valid_mst, "0100109106", "0100109107"), (valid_iban, "DE89 3704 0044 0532 0130 00", "DE89370400440532013001"),
    (valid_vat, "FR40303265045", "FR41303265045"), (valid_vat, "NL004495445B01", "NL004495446B01"),
    (valid_vat, "BE0411905847", "BE0411905848"), (valid_vat, "IT00743110157", "IT00743110158"),
    (valid_vat, "GB980780684", "GB980780685"),
])
def test_checksums_accept_real_numbers_and_refuse_one_digit_off(check, good: str, bad: str) -> None:  # type: ignore[no-untyped-def]
    assert check(good) and not check(bad)


def test_finders_keep_only_valid_numbers() -> None:
    text = "USt-IdNr.: DE 136695976 / DE136695977, NIP 526-000-12-46, MST: 0100109106\nIBAN DE89 3704 0044 0532 0130 00"
    assert find_tax_ids(text) == ["DE136695976", "5260001246", "0100109106"]
    assert find_ibans(text) == ["DE89370400440532013000"]


@pytest.mark.parametrize(("lines", "number", "due"), [
    (["ACME GmbH", "Rechnung", "Rechnungsnummer: RE-2024-117", "Fällig am 30.04.2024"], "RE-2024-117", "2024-04-30"),
    (["Société X", "Facture n°562044387 du 02 Juillet 2015", "Échéance : 15/07/2015"], "562044387", "2015-07-15"),
    (["Bedrijf BV", "Factuurnummer", "F2024-0042", "Vervaldatum 01-05-2024"], "F2024-0042", "2024-05-01"),
    (["Firma Sp. z o.o.", "Faktura VAT nr FV/12/2024", "Termin płatności: 2024-06-30"], "FV/12/2024", "2024-06-30"),
    (["Invoice INV/2023/03/0008", "Due date: 04/19/2023"], "INV/2023/03/0008", None),
])
def test_invoice_number_and_due_date_in_several_languages(lines: list[str], number: str, due: str | None) -> None:
    data = add_invoice_fields(_blocks(lines), {"vendor": lines[0], "subtotal": None, "tax": None,
                                               "total_amount": None})
    assert data["document_type"] == "invoice" and data["invoice_number"] == number
    if due:
        assert data["due_date"] == due


def test_a_number_under_its_column_header() -> None:
    def block(text: str, x: float, y: float) -> TextBlock:
        return TextBlock(text, 1.0, ((x, y), (x + 10 * len(text), y), (x + 10 * len(text), y + 20), (x, y + 20)))

    blocks = [block("Factuur", 50, 0), block("Klant", 50, 60), block("Factuurnummer", 300, 60),
              block("Datum", 600, 60), block("C-77", 50, 90), block("VF1005193039", 310, 90),
              block("08-09-2022", 600, 90)]
    assert add_invoice_fields(blocks, {"vendor": "X"})["invoice_number"] == "VF1005193039"


def test_the_seller_named_by_its_web_site_wins() -> None:
    lines = ["Global Wholesaler", "Azure Interior", "4557 De Silva St", "Invoice INV/2023/03/0008", "Total 10.00",
             "", "", "", "", "", "", "www.azure-interior.com  info@azure-interior.com"]
    data = add_invoice_fields(_blocks([t for t in lines if t]), {"vendor": "Global Wholesaler"})
    assert data["vendor"] == data["seller"]["name"] == "Azure Interior"


def test_the_invoice_reading_settles_the_receipt_checks_it_answers() -> None:
    receipt = {"vendor": "Buyer Co", "total_amount": None, "review_reasons": [
        {"field": "total_amount", "code": "missing_total", "message": "no total_amount found"},
        {"field": "date", "code": "ambiguous_date", "message": "the date reads differently"}],
        "fields": {"total_amount": {"value": None, "confidence": 0.0}},
        "line_items": [{"description": "Widget", "amount": 300.0}, {"description": "Nettobetrag", "amount": 300.0}]}
    lines = ["Seller GmbH", "Hauptstraße 1", "10115 Berlin", "Rechnungsempfänger", "Buyer Co", "Rechnung Nr. RE-7001",
             "Nettobetrag 300,00 EUR", "MwSt. 19% 57,00 EUR", "Gesamtbetrag 357,00 EUR",
             "Zahlungsziel: 14 Tage IBAN: DE89 3704 0044 0532 0130 00"]
    data = add_invoice_fields(_blocks(lines), receipt)
    assert data["total_amount"] == 357.0 and data["fields"]["total_amount"]["value"] == 357.0
    assert [r["code"] for r in data["review_reasons"]] == ["ambiguous_date"]
    assert [i["description"] for i in data["line_items"]] == ["Widget"]
    assert data["payment_terms"] == "14 Tage" and data["seller"]["address"] == "Hauptstraße 1, 10115 Berlin"
    assert data["address"] == data["seller"]["address"]


def test_receipts_stay_receipts_and_bad_arithmetic_asks_for_review() -> None:
    assert add_invoice_fields(_blocks(["SUPERMARKT", "SUMME EUR 24,23"]), {})["document_type"] == "receipt"
    data = add_invoice_fields(_blocks(["Invoice no. 77", "IBAN GB82 WEST 1234 5698 7654 32", "VAT no DE136695976"]),
                              {"vendor": "X", "subtotal": "100.00", "tax": "19.00", "total_amount": "120.00",
                               "review_reasons": []})
    assert data["iban"] == "GB82WEST12345698765432" and data["seller"]["tax_id"] == "DE136695976"
    assert data["needs_review"] and data["review_reasons"][0]["code"] == "arithmetic"
    assert arithmetic_ok("100.00", "19.00", "119.00") is True and arithmetic_ok(None, "1", "2") is None


def test_tax_per_rate_and_lines_against_the_net() -> None:
    lines = ["Rechnung Nr. RE-1", "Nettobetrag 300,00 EUR", "MwSt. 19% 38,00 EUR", "MwSt. 7% 7,00 EUR",
             "Gesamtbetrag 345,00 EUR"]
    data = add_invoice_fields(_blocks(lines), {"vendor": "X", "review_reasons": [],
                                               "line_items": [{"amount": 200.0}, {"amount": 90.0}]})
    assert data["tax_rates"] == [{"rate": 19.0, "amount": 38.0}, {"rate": 7.0, "amount": 7.0}]
    assert (data["net"], data["tax"], data["gross"]) == (300.0, 45.0, 345.0)
    assert [r["field"] for r in data["review_reasons"]] == ["line_items"]
    assert [i["tax_rate"] for i in data["line_items"]] == [None, None]  # two rates, none printed on the lines
    one_rate = add_invoice_fields(_blocks(["Invoice no. 5", "Widget 2 x 50.00 100.00", "Service 19% 50.00",
                                           "VAT 7% 10.50"]),
                                  {"line_items": [{"description": "Widget", "amount": 100.0},
                                                  {"description": "Service", "amount": 50.0}]})
    assert [i["tax_rate"] for i in one_rate["line_items"]] == [7.0, 19.0]


@pytest.mark.timeout(300)
@pytest.mark.parametrize(("seed", "language", "layout"), [(7, "en", "classic"), (3, "de", "boxed_totals")])
def test_born_digital_rendered_and_scanned_copies_give_the_same_fields(tmp_path, seed, language, layout) -> None:  # type: ignore[no-untyped-def]
    from app.extraction import ExtractionOptions, extract
    from app.ocr.document import recognize_document
    from app.ocr.pages import open_document
    from tests.ocr_helpers import ocr_config, real_engine
    from tests.support.invoices import labels, make_spec, raster, render_pdf, scan

    spec = make_spec(seed, language=language, layout=layout)
    pdf = render_pdf(spec, tmp_path / "invoice.pdf")
    raster(pdf, 200).save(tmp_path / "render.png")
    scan(raster(pdf, 200), seed).save(tmp_path / "scan.png")
    engine = real_engine()
    seen = {}
    for name in ("invoice.pdf", "render.png", "scan.png"):
        result = recognize_document(open_document(tmp_path / name, ocr_config()), engine)
        data = add_invoice_fields(result.blocks, extract(result.blocks, ExtractionOptions()).to_dict())
        seen[name] = {k: data[k] for k in ("document_type", "invoice_number", "date", "total_amount", "currency",
                                           "iban", "due_date")}
        seen[name]["total_amount"] = Decimal(str(seen[name]["total_amount"]))
        seen[name]["seller_tax_id"] = data["seller"]["tax_id"]
    label = labels(spec)
    assert seen["invoice.pdf"] == {"document_type": "invoice", "invoice_number": label["invoice_number"],
                                   "date": label["date"], "total_amount": Decimal(label["total"]),
                                   "currency": label["currency"], "iban": label["iban"],
                                   "due_date": label["due_date"], "seller_tax_id": label["seller_tax_id"]}
    assert seen["render.png"] == seen["invoice.pdf"]
    assert seen["scan.png"] == seen["invoice.pdf"]


_VI_HEAD = ["Minh Phát Co", "Mã số thuế: 0100109106", "HÓA ĐƠN GIÁ TRỊ GIA TĂNG", "Số hóa đơn: 2024-0723",
            "Ngày lập: 09/05/2024", "Tên hàng hóa SL Đơn giá Thành tiền", "Monitor 27 inch 7 756.240 5.293.680"]


@pytest.mark.parametrize("totals", [
    ["Cộng tiền hàng 14.763.210 VND", "Tiền thuế GTGT 10% 1.476.321 VND", "Tổng cộng tiền thanh toán 16.239.531 VND"],
    ["Cong tien hang 14.763.210 VND", "Tien thue GTGT 10% 1.476.321 VND", "Tong cong tien thanh toan 16.239.531 VND"],
    ["CONG TIEN HANG 14.763.210", "TIEN THUE GTGT 10% 1.476.321", "TONG CONG TIEN THANH TOAN 16.239.531"],
    ["Cộng tiền hàng: 14,763,210 đ", "Thuế GTGT (10%): 1,476,321 đ", "Tổng cộng tiền thanh toán: 16,239,531 đ"],
    ["Cộng tiền hàng 14.763.210đ", "Tiền thuế GTGT 10% 1.476.321đ", "Tổng tiền thanh toán 16.239.531đ"],
    ["Cộng tiền hàng", "14.763.210 VND", "Tiền thuế GTGT 10%", "1.476.321 VND", "Tổng cộng tiền thanh toán",
     "16.239.531 VND"],
], ids=["read", "accents-lost", "upper-no-accents", "comma-groups", "dong-sign", "amounts-below"])
def test_vietnamese_totals_as_ocr_reads_them(totals: list[str]) -> None:
    from app.extraction import ExtractionOptions, extract

    blocks = _blocks(_VI_HEAD + totals)
    data = add_invoice_fields(blocks, extract(blocks, ExtractionOptions(language="auto")).to_dict())
    assert data["language"]["code"] == "vi"
    # Dots and commas group thousands in dong (no decimals): never 16239.531 or 16.24.
    assert (data["total_amount"], data["subtotal"], data["tax"]) == (16239531.0, 14763210.0, 1476321.0)
    assert ("arithmetic", "gross") not in [(r["code"], r.get("field")) for r in data["review_reasons"]]


def test_a_tax_id_label_is_not_the_tax() -> None:
    """'Mã số thuế' holds 'thuế': the seller's tax id is no tax amount when the tax row is not read."""
    from app.extraction import ExtractionOptions, extract

    blocks = _blocks(_VI_HEAD + ["Cộng tiền hàng 14.763.210 VND", "Tin thu GTGT 10% 1.476.321 VND",
                                 "Tổng cộng tiền thanh toán 16.239.531 VND"])
    data = add_invoice_fields(blocks, extract(blocks, ExtractionOptions(language="auto")).to_dict())
    assert data["seller"]["tax_id"] == "0100109106"
    assert data["tax"] != 100109106.0 and data["total_amount"] == 16239531.0


@pytest.mark.parametrize(("row", "role", "amount"), [
    ("Tổng cộng tiền thanh toán 16.239.531 VND", "gross", "16239531"),
    ("TONG CONG TIEN THANH TOAN 16,239,531", "gross", "16239531"),
    ("Tong tien thanh toan: 16.239.531d", "gross", "16239531"),
    ("Cong tien hang 14.763.210", "net", "14763210"),
    ("TIEN THUE GTGT 10%: 1.476.321", "tax", "1476321"),
])
def test_vietnamese_labels_without_accents_and_dong_groups(row: str, role: str, amount: str) -> None:
    from app.extraction.invoice_amounts import labelled_amount, to_amount
    from app.extraction.rows import group_rows

    assert labelled_amount(group_rows(_blocks([row])), role) == amount
    assert to_amount(amount[:-6] + "." + amount[-6:-3] + "." + amount[-3:]) == Decimal(amount)


@pytest.mark.timeout(300)
def test_a_scanned_vietnamese_invoice_gives_its_total_with_the_real_engine(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Read as a plain upload is (`auto`: the Vietnamese line recogniser), the dong total, net and tax come out whole."""
    from app.extraction import ExtractionOptions, extract
    from app.extraction.languages import detect
    from app.ocr.document import recognize_document
    from app.ocr.pages import open_document
    from app.ocr.recognisers import LanguageEngine, recogniser_for
    from tests.ocr_helpers import ocr_config, real_engine
    from tests.support.invoices import labels, make_spec, raster, render_pdf, scan

    if not recogniser_for("vi").installed():
        pytest.skip("the Vietnamese recogniser is not installed")
    spec = make_spec(1005, language="vi", layout="header_table")
    scan(raster(render_pdf(spec, tmp_path / "invoice.pdf"), 200), 5).save(tmp_path / "scan.png")
    engine = LanguageEngine(real_engine(), "auto", lambda text: detect(text)[0])
    result = recognize_document(open_document(tmp_path / "scan.png", ocr_config()), engine)
    data = add_invoice_fields(result.blocks, extract(result.blocks, ExtractionOptions(language="auto")).to_dict())
    label = labels(spec)
    assert "asterocr" in engine.info.model
    assert Decimal(str(data["total_amount"])) == Decimal(label["total"]) == spec.gross
    assert (Decimal(str(data["subtotal"])), Decimal(str(data["tax"]))) == (spec.net, spec.tax)
    assert data["currency"] == "VND" and data["date"] == label["date"]


@pytest.mark.parametrize("language", ["de", "en", "fr", "nl", "pl", "vi"])
def test_generated_totals_never_print_a_label_over_its_amount(tmp_path, language: str) -> None:  # type: ignore[no-untyped-def]
    import pypdfium2 as pdfium

    from tests.support.invoices import _amount, make_spec, render_pdf

    spec = make_spec(11, language=language, layout="classic")
    doc = pdfium.PdfDocument(str(render_pdf(spec, tmp_path / "invoice.pdf")))
    try:
        page = doc[len(doc) - 1]
        text_page = page.get_textpage()
        text = text_page.get_text_range()
        w = spec.words
        rows = [(w["net"], spec.net), (f"{w['tax']} {spec.rate}%", spec.tax), (w["total"], spec.gross)]
        for label, value in rows:
            start, amount = text.index(label), text.index(f"{_amount(spec, value)} {w['currency']}")
            label_right = text_page.get_charbox(start + len(label) - 1)[2]
            assert label_right < text_page.get_charbox(amount)[0], (label, value)
    finally:
        doc.close()


VAT_INVOICE_VI = [
    "HÓA ĐƠN GIÁ TRỊ GIA TĂNG", "Ngày 15 tháng 03 năm 2024", "Ký hiệu: 1C24TAA  Số: 0000123",
    "Đơn vị bán hàng: CÔNG TY TNHH THƯƠNG MẠI AN PHÁT", "Mã số thuế: 0100109106",
    "Địa chỉ: Số 25 Nguyễn Trãi, Quận Thanh Xuân, Hà Nội", "Họ tên người mua hàng: Nguyễn Văn B",
    "STT Tên hàng hóa, dịch vụ Đơn vị tính Số lượng Đơn giá Thành tiền",
    "1 Giấy in A4 Ram 10 85.000 850.000", "2 Mực in HP 12A Hộp 2 450.000 900.000",
    "Cộng tiền hàng: 1.750.000", "Thuế suất GTGT: 10% Tiền thuế GTGT: 175.000",
    "Tổng cộng tiền thanh toán: 1.925.000", "Số tiền viết bằng chữ: Một triệu chín trăm hai mươi lăm nghìn đồng",
]


def test_a_vietnamese_vat_invoice_names_its_seller_after_the_seller_label() -> None:
    from app.extraction import ExtractionOptions, extract

    blocks = _blocks(VAT_INVOICE_VI)
    data = add_invoice_fields(blocks, extract(blocks, ExtractionOptions(language="auto")).to_dict())
    assert data["document_type"] == "invoice"
    assert data["vendor"] == "CÔNG TY TNHH THƯƠNG MẠI AN PHÁT"  # not the title over it
    assert data["invoice_number"] == "0000123"
    assert (data["total_amount"], data["net"], data["tax"], data["currency"]) == (1925000.0, 1750000.0, 175000.0, "VND")
    assert data["buyer"]["name"] == "Nguyễn Văn B"
    assert [(i["quantity"], i["unit_price"], i["amount"]) for i in data["line_items"]] == [
        (10.0, 85000.0, 850000.0), (2.0, 450000.0, 900000.0)]


def test_a_vietnamese_number_label_needs_its_colon_and_the_currency_is_dong_when_unprinted() -> None:
    from app.extraction import ExtractionOptions, extract

    lines = ["CÔNG TY CỔ PHẦN BÁN LẺ KỸ THUẬT SỐ FPT", "261-263 Khánh Hội, P.2, Q.4, TP.HCM", "HÓA ĐƠN BÁN HÀNG",
             "Số HĐ: 12345 Ngày: 02/01/2024 10:15", "Cáp sạc USB-C 1 x 199.000 199.000", "Tổng thanh toán: 199.000"]
    blocks = _blocks(lines)
    data = add_invoice_fields(blocks, extract(blocks, ExtractionOptions(language="vi")).to_dict())
    assert data["invoice_number"] == "12345"  # not the house number under `KỸ THUẬT SỐ`
    assert data["currency"] == "VND"


def test_a_cashier_named_after_a_seller_label_is_no_seller() -> None:
    from app.extraction import ExtractionOptions, extract

    lines = ["Żabka Polska sp. z o.o.", "ul. Stanisława Matyi 8", "61-586 Poznań", "PARAGON FISKALNY",
             "Sprzedawca: Anna", "HOT-DOG 1*6,99= 6,99B", "SUMA PLN 6,99"]
    assert extract(_blocks(lines), ExtractionOptions(language="pl")).value("vendor") == "Żabka Polska sp. z o.o."


BILINGUAL_VI = [
    "HÓA ĐƠN GIÁ TRỊ GIA TĂNG", "(VAT INVOICE)", "Ngày (Date) 15 tháng (month) 03 năm (year) 2024",
    "Ký hiệu (Serial): 1C24TAA", "Số (No.): 0000456",
    "Đơn vị bán hàng (Seller): CÔNG TY CỔ PHẦN THỰC PHẨM SAO VIỆT", "Mã số thuế (Tax code): 0101234567",
    "Địa chỉ (Address): Số 25 Lý Thường Kiệt, Phường Hàng Bài, Quận Hoàn Kiếm, Hà Nội",
    "Họ tên người mua hàng (Buyer): Nguyễn Văn An", "Tên đơn vị (Company): CÔNG TY TNHH MINH PHÁT",
    "Mã số thuế (Tax code): 0312345673", "Địa chỉ (Address): 45 Lê Lợi, Phường Bến Nghé, Quận 1, TP. Hồ Chí Minh",
    "Hình thức thanh toán (Payment method): TM/CK",
    "STT Tên hàng hóa, dịch vụ Đơn vị tính Số lượng Đơn giá Thành tiền",
    "1 Bánh quy bơ Hộp 20 45.000 900.000", "2 Kẹo dừa Gói 50 12.000 600.000",
    "Cộng tiền hàng (Total amount): 1.500.000", "Thuế suất GTGT (VAT rate): 8%",
    "Tiền thuế GTGT (VAT amount): 120.000", "Tổng cộng tiền thanh toán (Total payment): 1.620.000",
]


def test_a_bilingual_invoice_is_read_past_the_english_glosses_of_its_labels() -> None:
    from app.extraction import ExtractionOptions, extract

    blocks = _blocks(BILINGUAL_VI)
    data = add_invoice_fields(blocks, extract(blocks, ExtractionOptions(language="auto")).to_dict())
    assert (data["date"], data["invoice_number"], data["total_amount"], data["net"], data["tax"]) == (
        "2024-03-15", "0000456", 1620000.0, 1500000.0, 120000.0)
    assert data["seller"] == {"name": "CÔNG TY CỔ PHẦN THỰC PHẨM SAO VIỆT", "tax_id": "0101234567",
                              "address": "Số 25 Lý Thường Kiệt, Phường Hàng Bài, Quận Hoàn Kiếm, Hà Nội"}
    # The buyer's company, its labelled address and tax id; the person's name over them gives way.
    assert data["buyer"] == {"name": "CÔNG TY TNHH MINH PHÁT", "tax_id": "0312345673",
                             "address": "45 Lê Lợi, Phường Bến Nghé, Quận 1, TP. Hồ Chí Minh"}
    assert data["payment_terms"] == "TM/CK"


def test_a_gloss_is_a_bracket_of_english_label_words_only() -> None:
    from app.extraction.languages.gloss import drop_glosses

    assert drop_glosses("Ngày (Date) 15 tháng (month) 03 năm (year) 2024", "vi") == "Ngày 15 tháng 03 năm 2024"
    assert drop_glosses("Sprzedawca (Seller): Kowalski Sp. z o.o.", "pl") == "Sprzedawca: Kowalski Sp. z o.o."
    assert drop_glosses("Kawa (Arabica) 12,99", "pl") == "Kawa (Arabica) 12,99"  # a word of its own
    assert drop_glosses("POPULAR BOOK CO. (M) SDN BHD", "ms") == "POPULAR BOOK CO. (M) SDN BHD"
    assert drop_glosses("(VAT INVOICE)", "vi") == "(VAT INVOICE)"  # a row that is all gloss stays
    assert drop_glosses("Total (Date) 12.00", "en") == "Total (Date) 12.00"  # English prints no glosses


def test_a_line_that_prints_its_net_rate_and_gross_is_its_net() -> None:
    from app.extraction import ExtractionOptions, extract

    lines = ["FAKTURA VAT nr FV/123/2024", "Data wystawienia: 2024-03-15", "Sprzedawca:", "Kowalski i Syn Sp. z o.o.",
             "ul. Długa 10", "00-950 Warszawa", "NIP: 526-104-08-28", "Nabywca:", "Nowak Handel S.A.",
             "ul. Krótka 5", "31-422 Kraków", "NIP: 677-10-24-326",
             "Lp. Nazwa Ilość Cena netto Wartość netto VAT Wartość brutto",
             "1 Usługa doradcza 2 500,00 1000,00 23% 1230,00", "Razem netto: 1000,00", "VAT 23%: 230,00",
             "Do zapłaty: 1230,00 PLN"]
    blocks = _blocks(lines)
    data = add_invoice_fields(blocks, extract(blocks, ExtractionOptions(language="auto")).to_dict())
    assert [(i["quantity"], i["unit_price"], i["amount"], i["tax_rate"]) for i in data["line_items"]] == [
        (2.0, 500.0, 1000.0, 23.0)]
    assert not [r for r in data["review_reasons"] if r["field"] == "line_items"]
    assert data["buyer"] == {"name": "Nowak Handel S.A.", "address": "ul. Krótka 5, 31-422 Kraków",
                             "tax_id": "6771024326"}


def test_a_buyer_s_labelled_tax_id_is_kept_only_when_its_checksum_holds() -> None:
    from app.extraction.invoice import buyer
    from app.extraction.rows import group_rows

    rows = group_rows(_blocks(["Nabywca:", "Nowak Handel S.A.", "ul. Krótka 5", "NIP: 677-10-24-315"]))
    assert buyer(rows) == {"name": "Nowak Handel S.A.", "address": "ul. Krótka 5", "tax_id": None}


def _invoice(lines: list[str], language: str = "auto") -> dict:
    """Extract a hand-made invoice: `  ` (two spaces or more) splits a row into blocks, side by side."""
    from app.extraction import ExtractionOptions, extract
    from tests.test_extraction import make_blocks

    blocks = make_blocks(lines)
    return add_invoice_fields(blocks, extract(blocks, ExtractionOptions(language=language)).to_dict())


def test_a_deposit_taken_off_leaves_the_gross_as_the_total_and_the_rest_as_the_amount_due() -> None:
    data = _invoice(["Atelier Moreau SARL", "12 rue de la Paix, 75002 Paris", "FACTURE", "Facture n° F-2024-118",
                     "Date de facture : 15/03/2024", "Conseil 1 5 900,22 5 900,22", "Total HT 5 900,22",
                     "TVA 20 % 1 180,04", "Total TTC 7 080,26", "Acompte versé le 02/02/2024 -2 124,00",
                     "Net à payer 4 956,26 €"], "fr")
    assert (data["total_amount"], data["gross"], data["amount_due"]) == (7080.26, 7080.26, 4956.26)
    assert data["date"] == "2024-03-15"  # the invoice's date, not the deposit's


def test_without_a_deposit_the_amount_due_is_the_gross() -> None:
    data = _invoice(["Kestrel Print Services Ltd", "4 Mill Lane, Leeds LS1 4AB", "INVOICE", "Invoice No. 5521",
                     "Invoice Date: 2 May 2024", "Subtotal £100.00", "VAT @ 20% £20.00", "Total £120.00"], "en")
    assert data["total_amount"] == data["amount_due"] == 120.0


def test_the_issue_date_is_read_after_its_label_and_under_its_column() -> None:
    data = _invoice(["De Gouden Sleutel Verhuur B.V.", "Keizersgracht 311", "1016 EE Amsterdam", "FACTUUR",
                     "Factuurnummer: 2401094", "Factuurdatum: 2 februari 2024", "Vervaldatum: 12 februari 2024",
                     "Totaal € 721,58", "Reeds betaald (aanbetaling 27 december 2023) -€ 144,00",
                     "Te betalen € 577,58"], "nl")
    assert data["date"] == "2024-02-02" and data["amount_due"] == 577.58
    data = _invoice(["PT Teknologi Nusantara Mandiri", "Ruko Mangga Dua Blok C No. 7, Jakarta Utara 14430", "FAKTUR",
                     "No. Invoice  Tanggal  Jatuh Tempo",
                     "INV-192/24  28 Feb 2024  13 Apr 2024", "Total Rp 14.459.970"], "id")
    assert data["date"] == "2024-02-28"


def test_seller_and_buyer_printed_side_by_side_under_their_labels() -> None:
    data = _invoice(["Miejsce wystawienia: Gdańsk", "Faktura VAT nr FS 2002/2024", "Data wystawienia: 2024-12-05",
                     "Sprzedawca                  Nabywca",
                     "Zakład Stolarski Józef Wiśniewski  TechSerwis Śląsk Sp. z o.o.",
                     "ul. Leśna 7                  ul. Mickiewicza 29",
                     "34-500 Zakopane              40-085 Katowice", "Razem 1 692,08", "Do zapłaty 1 692,08 zł"], "pl")
    assert data["vendor"] == "Zakład Stolarski Józef Wiśniewski"
    assert data["buyer"]["name"] == "TechSerwis Śląsk Sp. z o.o."
    assert data["invoice_number"] == "FS 2002/2024"  # the series letters apart from the number


def test_the_buyer_under_bill_to_beside_ship_to_is_no_seller_and_a_customer_number_no_buyer() -> None:
    data = _invoice(["Great Lakes Fastener Inc.  INVOICE", "19 Commerce Drive", "Toledo, OH 43612",
                     "Invoice #: INV-2024-1062", "Date: August 11, 2024", "Customer ID: 48257",
                     "Bill To                     Ship To",
                     "Bluebonnet Analytics LLC    Bluebonnet Analytics LLC",
                     "Attn: Jennifer Walsh        12 Wharf Street",
                     "2150 Elm Street, Suite 300  Portland, ME 04101", "Total Due $5,069.78"], "en")
    assert data["vendor"] == "Great Lakes Fastener Inc."
    assert data["buyer"]["name"] == "Bluebonnet Analytics LLC"
    assert data["buyer"]["address"] == "2150 Elm Street, Suite 300"  # the person it is for is not its address


def test_a_dollar_named_in_words_wins_over_the_country_of_the_address() -> None:
    lines = ["Tax Invoice", "Envato", "PO Box 16122", "Collins Street West, VIC 8007", "Australia",
             "Invoice No. 12429647", "Item purchase $80.80", "Invoice Total: $101.00",
             "Please print this page out for your records. All prices are in US dollars."]
    assert _invoice(lines, "en")["currency"] == "USD"
    assert _invoice(lines[:-1], "en")["currency"] == "AUD"  # unnamed: the address's country's dollar


def test_a_header_of_labels_only_is_never_the_seller() -> None:
    data = _invoice(["Factuuradres  leveradres", "Strategic Corp  bosd", "Fakestreet 46  3500 MJ Utrecht",
                     "Kopie factuur", "Klant  Order  Factuur datum  Factuur  Vervaldatum",
                     "SCONL0303006280999  SCONL000000444  8-9-2022  VF1005193039  22-9-2022",
                     "Factuur totaal EUR 49,99"], "nl")
    assert data["vendor"] not in {"Factuuradres leveradres", "leveradres", "Order"}
    assert data["vendor"] != data["buyer"]["name"]


def test_the_title_beside_the_sellers_name_is_neither_part_of_it_nor_a_numbers_label() -> None:
    data = _invoice(["Bluebonnet Analytics LLC  Invoice", "2150 Elm Street, Suite 300", "Austin, TX 78701",
                     "Invoice #: INV-2023-1148", "Date: 06/25/2023", "Total Due $4,712.71"], "en")
    assert data["vendor"] == "Bluebonnet Analytics LLC" and data["invoice_number"] == "INV-2023-1148"
    data = _invoice(["Krüger Logistik AG  RECHNUNG", "Hafenstraße 12, 20457 Hamburg", "Rechnungsnummer: R-2024-0031",
                     "Rechnungsdatum: 03.04.2024", "Gesamtbetrag 1.190,00 €"], "de")
    assert data["vendor"] == "Krüger Logistik AG"


def test_a_plain_date_label_with_a_month_in_the_pages_language_gives_the_invoices_date() -> None:
    # `Oktober` is Indonesian (and German, Dutch): the dates spelt so are the document's, not only
    # the due date and the deposit's spelt like English (`9 November 2023`, `16 September 2023`).
    data = _invoice(["PT Cahaya Printing Indonesia  FAKTUR", "Jl. Soekarno-Hatta No. 455", "Bandung 40266",
                     "No. Invoice:  2817/INV/CPI/X/2023", "accounts@cahaya.co.id  Tanggal:  26 Oktober 2023",
                     "Jatuh Tempo:  9 November 2023", "Subtotal Rp 2.828.000,00", "Total Rp 3.139.080,00",
                     "Uang Muka (DP) 16 September 2023 -Rp 1.570.000,00", "Sisa Tagihan Rp 1.569.080,00",
                     "Pembayaran paling lambat 9 November 2023"], "id")
    assert data["date"] == "2023-10-26"
    assert data["vendor"] == "PT Cahaya Printing Indonesia"  # `FAKTUR` beside it is the title


def test_a_due_date_spelt_in_the_pages_language_is_read() -> None:
    data = _invoice(["Zakład Stolarski Józef Wiśniewski", "ul. Leśna 7", "34-500 Zakopane", "Faktura VAT nr FS 12/2024",
                     "Data wystawienia: 5 marca 2024", "Termin płatności: 19 marca 2024", "Do zapłaty 1 692,08 zł"], "pl")
    assert data["date"] == "2024-03-05" and data["due_date"] == "2024-03-19"


def _placed(lines: list[tuple[float, float, str]], size: float = 20.0) -> list[TextBlock]:
    """Blocks at (x, y): a page laid out in columns, as a text layer gives it."""
    return [TextBlock(t, 1.0, ((x, y), (x + 10 * len(t), y), (x + 10 * len(t), y + size), (x, y + size)))
            for x, y, t in lines]


def test_the_seller_is_the_block_that_prints_its_registration_beside_the_buyers() -> None:
    from app.extraction import ExtractionOptions, extract

    left = ["BILL TO", "Pinecrest Print Pte. Ltd.", "Liam O'Connor", "50 Ubi Ave 3", "Singapore 408866"]
    right = ["Daniel Kim", "Freelance · Bookkeeping services", "50 Ubi Ave 3, #02-08", "Singapore 079903",
             "UEN: 205896801W"]
    blocks = _placed([(40, 40 + 26 * i, t) for i, t in enumerate(left)]
                     + [(600, 40 + 26 * i, t) for i, t in enumerate(right)]
                     + [(40, 300 + 30 * i, t) for i, t in enumerate(
                         ["Invoice # INV-2025-4941", "Invoice Date 29 Mar 2025", "Bookkeeping services $8,269.50",
                          "GST 9% $744.26", "Total $9,013.76"])])
    data = add_invoice_fields(blocks, extract(blocks, ExtractionOptions(language="en")).to_dict())
    assert data["vendor"] == "Daniel Kim"  # not the buyer's company beside it
    assert data["buyer"]["name"] == "Pinecrest Print Pte. Ltd."
    # A logo's word over the legal name: the legal name; a name run on to a second line: both lines.
    assert registered_seller(group_rows(_placed([(40, 20, "Sinar."), (40, 46, "PT Sinar Jaya Abadi"),
                                                 (40, 72, "Jl. Diponegoro No. 45"), (40, 98, "NPWP: 53.672.730.1-555.090"),
                                                 (40, 400, "Total Rp 1.000")])), set()) == "PT Sinar Jaya Abadi"
    assert registered_seller(group_rows(_placed([(40, 20, "Źródło Wody Mineralnej"), (40, 46, "Żywiec Zdrój Sp. z o.o."),
                                                 (40, 72, "ul. Świętokrzyska 30"), (40, 98, "NIP: PL1051938931"),
                                                 (40, 400, "Razem 1 383,99")])), set()) \
        == "Źródło Wody Mineralnej Żywiec Zdrój Sp. z o.o."


def test_a_footer_that_prints_the_legal_name_with_its_registration_names_the_seller() -> None:
    from app.extraction import ExtractionOptions, extract

    blocks = _placed([(40, 20, "Invoice number C68Q59-2904"), (40, 50, "Bill date 10/04/2025"),
                      (40, 120, "Noah Fraser"), (40, 146, "14 Wharf Road"), (40, 172, "Glasgow G2 1QX"),
                      (40, 300, "Broadband GBP 114.24"), (40, 330, "VAT 20% GBP 22.85"), (40, 360, "Total GBP 137.09"),
                      (40, 900, "Harbour Energy Limited · Suite 4, 18 King Street · Bristol BS1 5TR · "
                                "Company No.: 91437389")])
    data = add_invoice_fields(blocks, extract(blocks, ExtractionOptions(language="en")).to_dict())
    assert data["vendor"] == "Harbour Energy Limited"  # not the customer in the address window
    # A bank's name or a contact is no seller; a row with no registration and no address is no footer's.
    assert footer_seller(group_rows(_placed([(40, 20, "Total 10.00"), (40, 900, "IBAN: GB29 NWBK 6016 · Barclays Bank PLC")]))) is None


def test_an_amount_glued_to_its_currency_is_read_and_an_invoice_number_is_not() -> None:
    from app.extraction.invoice_amounts import AMOUNT_RE

    assert [m.group(0) for m in AMOUNT_RE.finditer("Total IDR201.416.743")] == ["201.416.743"]
    assert [m.group(0) for m in AMOUNT_RE.finditer("Sisa Tagihan Rp688.268.915")] == ["688.268.915"]
    assert [m.group(0) for m in AMOUNT_RE.finditer("INV20240523")] == []


def test_the_payee_of_the_payment_is_the_seller() -> None:
    from app.extraction import ExtractionOptions, extract

    blocks = _placed([(40, 20, "BILL TO Invoice # INV-2025-5910"), (40, 50, "Copperleaf Interiors LLC"),
                      (40, 80, "Liam O'Connor"), (40, 110, "88 Pine Ave"), (40, 140, "Austin, TX 78701"),
                      (40, 200, "INVOICE"), (40, 230, "1 Logo design 1 pcs USD 572.50 USD 572.50"),
                      (40, 300, "Total USD 572.50"),
                      (40, 360, "Please make all cheques payable to Oakridge Electrical Co.. Please quote invoice "
                                "number INV-2025-5910 as the payment reference.")])
    data = add_invoice_fields(blocks, extract(blocks, ExtractionOptions(language="en")).to_dict())
    assert data["vendor"] == "Oakridge Electrical Co."  # not the buyer under BILL TO
    rows = group_rows(_placed([(40, 20, "Kontoinhaber Bergmann Bürobedarf GmbH"), (40, 50, "IBAN: DE65 4548 7287")]))
    assert payee_seller(rows) == "Bergmann Bürobedarf GmbH"
    polish = group_rows(_placed([(40, 20, "Odbiorca przelewu: Żywiec Zdrój Sp. z o.o."), (40, 50, "Razem 10,00")]))
    assert payee_seller(polish) == "Żywiec Zdrój Sp. z o.o."
    # A person's name is not read: a utility bill's account name is its customer's.
    rows = group_rows(_placed([(40, 20, "Emma Clarke"), (40, 50, "500 Commerce Dr"), (40, 80, "Amount due $119.00"),
                               (40, 110, "Account name: Emma Clarke")]))
    assert payee_seller(rows) is None
    lone = group_rows(_placed([(40, 20, "Total 10.00"), (40, 50, "Beneficiary: John Smith, IBAN GB29 NWBK")]))
    assert payee_seller(lone) is None
