"""German."""

from app.extraction.languages.pack import COMMA, pack

PACK = pack(
    "de", "Deutsch",
    {
        "total": "summe|summe eur|gesamt|gesamtbetrag|zu zahlen|endbetrag|gesamtsumme|rechnungsbetrag|"
                 "zahlbetrag|betrag|total",
        "subtotal": "zwischensumme|nettobetrag|summe netto|netto summe",
        "tax": "mwst|mwst.|ust|ust.|mehrwertsteuer|umsatzsteuer|steuer|enthaltene mwst|mwst betrag",
        "payment": "bar|bargeld|gegeben|ec|ec-karte|girocard|karte|kartenzahlung|zahlung|kreditkarte|gezahlt|"
                   "bezahlt|maestro|visa",
        "change": "rückgeld|zurück|wechselgeld",
        "rounding": "rundung",
        "discount": "rabatt|nachlass|ersparnis|sie sparen|gutschein|pfand zurück",
        "date": "datum|rechnungsdatum|belegdatum",
        "invoice_number": "rechnungs-nr|rechnungsnummer|rechnungsnr|rechnung nr|beleg nr|belegnummer|bon nr",
        "due_date": "fällig am|fälligkeitsdatum|zahlbar bis",
        "seller": "verkäufer|lieferant|rechnungssteller",
        "buyer": "käufer|kunde|rechnungsempfänger|empfänger|rechnungsanschrift|rechnungsadresse",
        "net": "zwischensumme|netto|nettobetrag|summe netto",
        "gross": "gesamtbetrag|rechnungsbetrag|zu zahlen|endbetrag|summe|brutto|bruttobetrag|summe brutto",
        "prepaid": "anzahlung|guthaben verrechnet|verrechnetes guthaben|guthaben|abzgl. anzahlung|abzüglich anzahlung|bereits gezahlt|bereits bezahlt|geleistete anzahlung|vorauszahlung|abschlagszahlung",
        "iban": "iban|bic|kontonummer|bankverbindung",
        "payment_terms": "zahlungsbedingungen|zahlungsziel|zahlbar",
        "payee": "kontoinhaber|begünstigter|zahlungsempfänger",
        "invoice_title": "rechnung",
        "tax_id": "ust-idnr|ust-id|ustidnr|steuernummer|st.-nr|steuer-nr|ust id",
    },
    "januar,jan,jänner;februar,feb;märz,mär,maerz;april,apr;mai;juni,jun;juli,jul;august,aug;"
    "september,sep,sept;oktober,okt;november,nov;dezember,dez",
    "DMY", (COMMA,), "EUR CHF", {"€": "EUR", "EUR": "EUR", "CHF": "CHF"},
    letters="äöüß",
    keywords="kassenbon|bon|beleg|vielen dank|einkauf|filiale|kasse|bediener|markt|steuer|stück|menge|preis|"
             "kundenbeleg|terminal|rechnung|danke|mwst",
)
