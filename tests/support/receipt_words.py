"""What receipts of each language print: shops, items, VAT rows, total labels, date styles (for the generator)."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date


def _digits(rng: random.Random, n: int) -> str:
    return "".join(str(rng.randint(0, 9)) for _ in range(n))


@dataclass(frozen=True)
class LanguageContent:
    """The printed wording and formats of one language's receipts."""

    currency: str
    symbol: str
    symbol_before: bool
    decimal: str
    thousands: str
    decimals: int
    price_scale: int
    shops: tuple[str, ...]
    streets: tuple[str, ...]
    items: tuple[str, ...]
    vat_rates: tuple[int, ...]
    vat_format: str
    totals: tuple[str, ...]
    cash_label: str
    change_label: str
    footers: tuple[str, ...]
    receipt_title: str
    invoice_title: str
    invoice_number_label: str
    tax_id_label: str
    tax_id_digits: int
    date_styles: tuple[str, ...]
    months: tuple[str, ...] = ()

    def tax_id(self, rng: random.Random) -> str:
        """Return a tax id of the right length (checksums are not the point here)."""
        return _digits(rng, self.tax_id_digits)

    def vat_row(self, rate: int) -> str:
        """Return the VAT row's label for `rate`."""
        return self.vat_format.format(rate=rate)

    def total_line(self, rng: random.Random) -> str:
        """Return one of the language's total labels."""
        return rng.choice(self.totals)

    def date_line(self, day: date, rng: random.Random) -> str:
        """Print a date line in one of the language's styles."""
        style = rng.choice(self.date_styles)
        month = self.months[day.month - 1] if self.months else ""
        hm = f"{rng.randint(7, 21):02d}:{rng.randint(0, 59):02d}"
        return style.format(d=day.day, dd=f"{day.day:02d}", mm=f"{day.month:02d}", yyyy=day.year,
                            yy=f"{day.year % 100:02d}", month=month, hm=hm)


_EU_ITEMS: Callable[[str], tuple[str, ...]] = lambda s: tuple(s.split(";"))  # noqa: E731

CONTENT: dict[str, LanguageContent] = {
    "en": LanguageContent(
        "GBP", "£", True, ".", ",", 2, 1,
        ("CORNER GROCERS LTD", "Harbour Street Bakery", "GREENLEAF MARKET"),
        ("12 High Street, Leeds LS1 4AP", "4 Mill Lane, Bristol BS1 5TR"),
        _EU_ITEMS("Semi skimmed milk 2L;Wholemeal bread;Free range eggs x6;Bananas loose;Cheddar 400g;Orange juice"),
        (20, 5), "VAT {rate}%", ("TOTAL", "TOTAL DUE", "BALANCE DUE"), "CASH", "CHANGE",
        ("Thank you for shopping with us",), "RECEIPT", "INVOICE", "Invoice No:", "VAT Reg No", 9,
        ("Date: {dd}/{mm}/{yyyy} {hm}", "{dd}/{mm}/{yyyy} {hm}", "{d} {month} {yyyy}"),
        ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
         "November", "December"),
    ),
    "pl": LanguageContent(
        "PLN", "zł", False, ",", " ", 2, 1,
        ("Sklep Spożywczy \"Żabka\"", "Piekarnia Łączna Sp. z o.o.", "DELIKATESY ŚWIĘTOJAŃSKIE"),
        ("ul. Główna 5, 00-950 Warszawa", "ul. Źródlana 12, 31-422 Kraków"),
        _EU_ITEMS("Chleb żytni;Masło ekstra 200g;Mleko 3,2% 1l;Jabłka ligol;Ser żółty gouda;Woda źródlana 1,5l;"
                  "Pomidory malinowe"),
        (23, 8, 5), "PTU A {rate}%", ("SUMA PLN", "SUMA", "DO ZAPŁATY", "RAZEM"), "Gotówka", "Reszta",
        ("Dziękujemy za zakupy!", "NIEFISKALNY"), "PARAGON FISKALNY", "FAKTURA VAT", "Faktura nr", "NIP", 10,
        ("{yyyy}-{mm}-{dd} {hm}", "Data: {dd}.{mm}.{yyyy}", "{d} {month} {yyyy}"),
        ("stycznia", "lutego", "marca", "kwietnia", "maja", "czerwca", "lipca", "sierpnia", "września",
         "października", "listopada", "grudnia"),
    ),
    "de": LanguageContent(
        "EUR", "€", False, ",", ".", 2, 1,
        ("Bäckerei Müller GmbH", "Getränkemarkt Süd", "Drogerie am Schloßplatz"),
        ("Hauptstraße 12, 80331 München", "Bahnhofstr. 3, 50667 Köln"),
        _EU_ITEMS("Vollkornbrot;Brötchen;Käse Gouda;Äpfel Elstar;Milch 1,5%;Mineralwasser;Würstchen"),
        (19, 7), "MwSt {rate}%", ("SUMME EUR", "SUMME", "Zu zahlen", "GESAMT"), "Bar", "Rückgeld",
        ("Vielen Dank für Ihren Einkauf",), "Kassenbon", "RECHNUNG", "Rechnungsnr.", "USt-IdNr. DE", 9,
        ("Datum: {dd}.{mm}.{yyyy} {hm}", "{dd}.{mm}.{yy} {hm}", "{d}. {month} {yyyy}"),
        ("Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober",
         "November", "Dezember"),
    ),
    "fr": LanguageContent(
        "EUR", "€", False, ",", " ", 2, 1,
        ("Boulangerie Pâtisserie Lefèvre", "SUPÉRETTE DU MARCHÉ", "Épicerie Française"),
        ("12 rue de la Paix, 75002 Paris", "3 place Bellecour, 69002 Lyon"),
        _EU_ITEMS("Baguette tradition;Croissant beurre;Fromage comté;Pommes golden;Crème fraîche;Café moulu"),
        (20, 10, 5), "TVA {rate},0%", ("TOTAL TTC", "TOTAL", "NET À PAYER", "MONTANT TTC"), "ESPÈCES",
        "RENDU MONNAIE", ("Merci de votre visite", "À bientôt"), "TICKET DE CAISSE", "FACTURE", "Facture n°",
        "SIRET", 14, ("Date : {dd}/{mm}/{yyyy} {hm}", "le {dd}/{mm}/{yy} à {hm}", "{d} {month} {yyyy}"),
        ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
         "novembre", "décembre"),
    ),
    "nl": LanguageContent(
        "EUR", "€", True, ",", ".", 2, 1,
        ("Bakkerij de Vries", "Supermarkt Ons Dorp", "Drogisterij Het Kruis"),
        ("Kerkstraat 12, 1017 GC Amsterdam", "Oudegracht 45, 3511 AB Utrecht"),
        _EU_ITEMS("Volkorenbrood;Halfvolle melk;Jonge kaas;Appels elstar;Pindakaas;Koffiebonen"),
        (21, 9), "BTW {rate}%", ("TOTAAL", "Te betalen", "TOTAAL EUR"), "Contant", "Wisselgeld",
        ("Bedankt en tot ziens",), "KASSABON", "FACTUUR", "Factuurnummer", "BTW-nr NL", 9,
        ("Datum: {dd}-{mm}-{yyyy} {hm}", "{dd}-{mm}-{yyyy} {hm}", "{d} {month} {yyyy}"),
        ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
         "november", "december"),
    ),
    "es": LanguageContent(
        "EUR", "€", False, ",", ".", 2, 1,
        ("Panadería San José", "SUPERMERCADO LA ESPAÑOLA", "Frutería Nuñez"),
        ("Calle Mayor 12, 28013 Madrid", "Avda. Diagonal 45, 08019 Barcelona"),
        _EU_ITEMS("Pan de barra;Leche entera;Queso manchego;Manzanas;Aceite de oliva;Jamón serrano"),
        (21, 10), "IVA {rate}%", ("TOTAL", "TOTAL A PAGAR", "IMPORTE TOTAL"), "Efectivo", "Cambio",
        ("Gracias por su visita",), "FACTURA SIMPLIFICADA", "FACTURA", "Factura nº", "CIF", 9,
        ("Fecha: {dd}/{mm}/{yyyy} {hm}", "{dd}/{mm}/{yyyy} {hm}", "{d} de {month} de {yyyy}"),
        ("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre",
         "noviembre", "diciembre"),
    ),
    "it": LanguageContent(
        "EUR", "€", False, ",", ".", 2, 1,
        ("Panificio Città Vecchia", "SUPERMERCATO DA NINO", "Pasticceria Perù"),
        ("Via Roma 12, 00184 Roma", "Corso Buenos Aires 4, 20124 Milano"),
        _EU_ITEMS("Pane casereccio;Latte intero;Parmigiano;Mele golden;Caffè macinato;Pomodori"),
        (22, 10, 4), "IVA {rate}%", ("TOTALE COMPLESSIVO", "TOTALE", "TOTALE EURO"), "CONTANTE", "RESTO",
        ("Grazie e arrivederci",), "DOCUMENTO COMMERCIALE", "FATTURA", "Fattura n.", "P.IVA", 11,
        ("Data {dd}/{mm}/{yyyy} {hm}", "{dd}-{mm}-{yyyy} {hm}", "{d} {month} {yyyy}"),
        ("gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto", "settembre",
         "ottobre", "novembre", "dicembre"),
    ),
    "pt": LanguageContent(
        "EUR", "€", False, ",", ".", 2, 1,
        ("Padaria São João", "MERCEARIA CONCEIÇÃO", "Pastelaria Belém"),
        ("Rua Augusta 12, 1100-053 Lisboa", "Av. da Boavista 45, 4100-130 Porto"),
        _EU_ITEMS("Pão de forma;Leite meio-gordo;Queijo flamengo;Maçãs;Café torrado;Pastel de nata"),
        (23, 13, 6), "IVA {rate}%", ("TOTAL", "TOTAL A PAGAR", "Total (EUR)"), "Numerário", "Troco",
        ("Obrigado pela sua visita",), "FATURA SIMPLIFICADA", "FATURA", "Fatura n.º", "NIF", 9,
        ("Data: {yyyy}-{mm}-{dd} {hm}", "{dd}/{mm}/{yyyy} {hm}", "{d} de {month} de {yyyy}"),
        ("janeiro", "fevereiro", "março", "abril", "maio", "junho", "julho", "agosto", "setembro", "outubro",
         "novembro", "dezembro"),
    ),
    "vi": LanguageContent(
        "VND", "đ", False, ",", ".", 0, 10000,
        ("CỬA HÀNG TIỆN LỢI MINH CHÂU", "Siêu thị Hạnh Phúc", "NHÀ SÁCH PHƯƠNG NAM"),
        ("Số 12 Đường Lê Lợi, Quận 1, TP. Hồ Chí Minh", "45 Phố Huế, Hai Bà Trưng, Hà Nội"),
        _EU_ITEMS("Sữa tươi tiệt trùng;Bánh mì sandwich;Nước mắm Phú Quốc;Gạo thơm;Cà phê sữa đá;Trứng gà;"
                  "Mì gói Hảo Hảo"),
        (10, 8), "Thuế GTGT {rate}%", ("Tổng cộng:", "Tổng cộng tiền thanh toán:", "TỔNG TIỀN", "Thành tiền:"),
        "Tiền khách đưa", "Tiền thối lại", ("Cảm ơn quý khách, hẹn gặp lại!",), "HÓA ĐƠN BÁN LẺ",
        "HÓA ĐƠN GIÁ TRỊ GIA TĂNG", "Số hóa đơn:", "MST:", 10,
        ("Ngày {dd} tháng {mm} năm {yyyy}", "Ngày: {dd}/{mm}/{yyyy} {hm}", "{dd}/{mm}/{yyyy} {hm}"),
    ),
    "id": LanguageContent(
        "IDR", "Rp", True, ",", ".", 0, 10000,
        ("TOKO SERBA ADA JAYA", "Warung Makan Sederhana", "MINIMARKET SUMBER REJEKI"),
        ("Jl. Merdeka No. 12, Bandung", "Jl. Malioboro 45, Yogyakarta"),
        _EU_ITEMS("Beras premium 5kg;Minyak goreng 1L;Gula pasir;Teh botol;Roti tawar;Kopi bubuk;Telur ayam"),
        (11,), "PPN {rate}%", ("TOTAL", "JUMLAH", "TOTAL BAYAR", "Total Belanja"), "TUNAI", "KEMBALI",
        ("Terima kasih atas kunjungan Anda",), "STRUK BELANJA", "FAKTUR", "No. Faktur", "NPWP", 15,
        ("Tanggal: {dd}/{mm}/{yyyy} {hm}", "{dd}-{mm}-{yyyy} {hm}", "{d} {month} {yyyy}"),
        ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober",
         "November", "Desember"),
    ),
    "ms": LanguageContent(
        "MYR", "RM", True, ".", ",", 2, 1,
        ("KEDAI RUNCIT PAK ALI", "Restoran Selera Kampung", "PASAR MINI DESA"),
        ("No. 12, Jalan Ampang, 50450 Kuala Lumpur", "Lot 4, Jalan Sultan, 80000 Johor Bahru"),
        _EU_ITEMS("Nasi lemak;Teh tarik;Roti canai;Mee goreng;Air mineral;Kopi O;Ayam goreng"),
        (6, 8), "SST {rate}%", ("JUMLAH", "JUMLAH BESAR", "JUMLAH PERLU DIBAYAR"), "TUNAI", "BAKI",
        ("Terima kasih, sila datang lagi",), "RESIT", "INVOIS", "No. Invois", "No. SST", 12,
        ("Tarikh: {dd}/{mm}/{yyyy} {hm}", "{dd}-{mm}-{yyyy} {hm}", "{d} {month} {yyyy}"),
        ("Januari", "Februari", "Mac", "April", "Mei", "Jun", "Julai", "Ogos", "September", "Oktober",
         "November", "Disember"),
    ),
}
