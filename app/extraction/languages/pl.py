"""Polish."""

from app.extraction.languages.pack import COMMA_SPACE, pack

PACK = pack(
    "pl", "Polski",
    {
        "total": "suma|suma pln|do zapłaty|razem|razem do zapłaty|należność|kwota do zapłaty|ogółem|"
                 "razem brutto|suma brutto",
        "subtotal": "suma netto|razem netto|wartość netto",
        # `Sprzedaż opodatkowana A`: the sales taxed at rate A (gross), a row of the tax summary.
        # `Kwota A 23,00% 0,93`: the tax at rate A, as some tills print it.
        "tax": "ptu|suma ptu|vat|kwota vat|podatek|podatek vat|razem ptu|sprzedaż opodatkowana|sprzedaż opodatk|"
               "sprzed opod|sprzed opodatk|kwota ptu|kwota a|kwota b|kwota c|kwota d|kwota e",
        "payment": "gotówka|karta|karta płatnicza|płatność|zapłacono|przelew|bon|blik|płatność kartą|forma płatności",
        "change": "reszta",
        "rounding": "zaokrąglenie",
        "discount": "rabat|upust|obniżka|promocja|opust",
        "date": "data|dnia|data sprzedaży|data wystawienia",
        "invoice_number": "faktura nr|faktura vat nr|numer faktury|nr faktury|nr dokumentu",
        "due_date": "termin zapłaty|termin płatności|płatne do",
        "seller": "sprzedawca|wystawca",
        "buyer": "nabywca|odbiorca|kupujący",
        "net": "suma netto|netto|wartość netto|razem netto",
        "gross": "do zapłaty|suma brutto|brutto|wartość brutto|razem brutto|razem",
        "prepaid": "zaliczka|nadpłata|wykorzystane saldo|zapłacono|wpłacono|przedpłata",
        "iban": "iban|nr konta|numer konta|nr rachunku|numer rachunku",
        "payment_terms": "sposób płatności|forma płatności|termin płatności",
        "payee": "odbiorca przelewu|nazwa odbiorcy|posiadacz rachunku|właściciel rachunku",
        "invoice_title": "faktura|faktura vat",
        "tax_id": "nip|regon|nip nabywcy",
    },
    "stycznia,styczeń,sty;lutego,luty,lut;marca,marzec,mar;kwietnia,kwiecień,kwi;maja,maj;czerwca,czerwiec,cze;"
    "lipca,lipiec,lip;sierpnia,sierpień,sie;września,wrzesień,wrz;października,październik,paź;"
    "listopada,listopad,lis;grudnia,grudzień,gru",
    "DMY", (COMMA_SPACE,), "PLN", {"zł": "PLN", "zl": "PLN", "PLN": "PLN"},
    letters="ąćęłńśźż",
    keywords="paragon fiskalny|paragon|sprzedaż opodatkowana|niefiskalny|kasjer|sklep|dziękujemy|ilość|cena|"
             "wartość|sprzedaż|kasa|nr sys|zakupy|faktura",
)
