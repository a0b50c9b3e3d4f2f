"""Italian."""

from app.extraction.languages.pack import COMMA, pack

PACK = pack(
    "it", "Italiano",
    {
        "total": "totale|totale complessivo|totale euro|importo|totale da pagare|importo totale|netto a pagare|"
                 "totale documento",
        "subtotal": "subtotale|imponibile|totale imponibile",
        "tax": "iva|di cui iva|imposta|totale iva",
        "payment": "contante|contanti|pagamento|carta|bancomat|pagato|pagamento elettronico|carta di credito",
        "change": "resto",
        "rounding": "arrotondamento",
        "discount": "sconto|sconti|risparmio|promozione",
        "date": "data|data documento|data fattura",
        "invoice_number": "fattura n|fattura numero|numero fattura|documento n|doc n",
        "due_date": "scadenza|data scadenza",
        "seller": "venditore|fornitore|cedente",
        "buyer": "cliente|acquirente|cessionario|destinatario",
        "net": "netto|imponibile",
        "gross": "lordo|totale ivato",
        "prepaid": "acconto|già pagato|già versato",
        "iban": "iban|conto corrente",
        "payment_terms": "modalità di pagamento|condizioni di pagamento|termini di pagamento",
        "payee": "intestatario|beneficiario|intestato a",
        "tax_id": "p.iva|partita iva|p. iva|codice fiscale|c.f",
    },
    "gennaio,gen;febbraio,feb;marzo,mar;aprile,apr;maggio,mag;giugno,giu;luglio,lug;agosto,ago;"
    "settembre,set;ottobre,ott;novembre,nov;dicembre,dic",
    "DMY", (COMMA,), "EUR", {"€": "EUR", "EUR": "EUR"},
    letters="àèéìòù",
    keywords="documento commerciale|scontrino|grazie|arrivederci|descrizione|prezzo|quantità|cassa|negozio|"
             "vendita|euro",
)
