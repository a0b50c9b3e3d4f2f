"""French."""

from app.extraction.languages.pack import COMMA_SPACE, pack

PACK = pack(
    "fr", "Français",
    {
        "total": "total|total ttc|montant ttc|net à payer|à payer|montant total|total à payer|total eur|"
                 "montant dû|somme due",
        "subtotal": "sous-total|sous total|total ht|montant ht",
        "tax": "tva|total tva|montant tva|taxe",
        "payment": "espèces|especes|carte|carte bancaire|cb|paiement|réglé|chèque|payé|règlement",
        "change": "rendu|rendu monnaie|monnaie rendue|à rendre",
        "rounding": "arrondi",
        "discount": "remise|réduction|rabais|économie|promotion",
        "date": "date|le|date de facture|date d'émission",
        "invoice_number": "facture n|facture n°|facture no|n° de facture|numéro de facture|facture numéro|ticket n°",
        "due_date": "échéance|date d'échéance|à régler avant",
        "seller": "vendeur|fournisseur|émetteur",
        "buyer": "client|acheteur|facturé à|destinataire",
        "net": "sous-total|ht|total ht|montant ht|net ht",
        "gross": "net à payer|total à payer|montant total|ttc|total ttc|montant ttc",
        "prepaid": "acompte|avoir déduit|avoir|acompte versé|acompte reçu|déjà payé|déjà réglé",
        "iban": "iban|bic|rib",
        "payment_terms": "conditions de paiement|conditions de règlement|mode de règlement",
        "payee": "titulaire du compte|bénéficiaire|à l'ordre de",
        "invoice_title": "facture",
        "tax_id": "siret|siren|n° tva|tva intracommunautaire|numéro de tva|n° tva intracom",
    },
    "janvier,janv,jan;février,févr,fev,fevr;mars,mar;avril,avr;mai;juin;juillet,juil;août,aout;"
    "septembre,sept;octobre,oct;novembre,nov;décembre,déc,dec",
    "DMY", (COMMA_SPACE,), "EUR", {"€": "EUR", "EUR": "EUR"},
    letters="àâçéèêëîïôùûœ",
    keywords="ticket de caisse|ticket|merci|votre visite|caisse|magasin|quantité|prix|article|articles|"
             "à bientôt|facture|caissier",
)
