"""Dutch."""

from app.extraction.languages.pack import COMMA, pack

PACK = pack(
    "nl", "Nederlands",
    {
        "total": "totaal|te betalen|totaal eur|totaalbedrag|eindtotaal|totaal te betalen|bedrag",
        "subtotal": "subtotaal|totaal excl|totaal excl btw|bedrag excl btw",
        "tax": "btw|totaal btw|btw bedrag",
        "payment": "contant|pin|pinnen|betaald|betaling|maestro|v pay|creditcard|bankpas",
        "change": "wisselgeld|terug",
        "rounding": "afronding|afgerond",
        "discount": "korting|voordeel|actie|bonus",
        "date": "datum|factuurdatum",
        "invoice_number": "factuurnummer|factuur nr|factuurnr|bonnummer",
        "due_date": "vervaldatum|te betalen voor|uiterste betaaldatum",
        "seller": "verkoper|leverancier",
        "buyer": "factuuradres|klant|koper|factuur aan|afnemer",
        "net": "subtotaal|totaal excl. btw|netto|excl btw|bedrag excl",
        "gross": "te betalen|totaal incl. btw|totaalbedrag|factuur totaal|totaal|bruto|incl btw|bedrag incl",
        "prepaid": "aanbetaling|tegoed verrekend|verrekend tegoed|tegoed|reeds betaald|al betaald|vooruitbetaling|voorschot",
        "iban": "iban|bic|rekeningnummer",
        "payment_terms": "betalingstermijn|betalingsvoorwaarden|betaaltermijn",
        "payee": "ten name van|t.n.v.|rekeninghouder|begunstigde|op naam van",
        "invoice_title": "factuur",
        "tax_id": "btw-nr|btw nr|btw-nummer|btw nummer|kvk|kvk-nummer|btw-id",
    },
    "januari,jan;februari,feb;maart,mrt;april,apr;mei;juni,jun;juli,jul;augustus,aug;september,sep,sept;"
    "oktober,okt;november,nov;december,dec",
    "DMY", (COMMA,), "EUR", {"€": "EUR", "EUR": "EUR"},
    keywords="kassabon|bedankt|tot ziens|aantal|prijs|artikel|winkel|kassa|omschrijving|factuur|bon|"
             "bedankt voor uw aankoop",
)
