"""English."""

from app.extraction.languages.pack import DOT, pack

PACK = pack(
    "en", "English",
    {
        "total": "total|grand total|total due|amount due|balance due|total amount|amount payable|total payable|"
                 "to pay|total to pay|invoice total",
        "subtotal": "subtotal|sub total|sub-total|net total|total excl|total before tax",
        "tax": "vat|tax|gst|sales tax|total tax|total vat|hst|pst",
        "payment": "cash|card|paid|tender|tendered|visa|mastercard|debit|credit|amex|payment",
        "change": "change|change due",
        "rounding": "rounding|round off|rounding adj",
        "discount": "discount|savings|you saved|coupon|promo",
        "date": "date|dated|issued|invoice date",
        "invoice_number": "invoice|invoice no|invoice number|invoice #|inv no|receipt no|bill no",
        "due_date": "due|due date|payment due|due by",
        "seller": "seller|supplier|from|sold by|owned by|operated by",
        "buyer": "to|bill to|billed to|buyer|customer|sold to|invoice to",
        "net": "subtotal|sub-total|net total|total excl. vat|untaxed amount|net|net amount|total net|amount excl vat",
        "gross": "total due|amount due|balance due|invoice total|total amount|grand total|total|gross|total gross|amount incl vat",
        "prepaid": "deposit|less deposit|applied balance|balance applied|credit applied|store credit|account credit|deposit received|deposit paid|amount paid|paid to date|payments/credits|payments received|prepayment|advance payment|less paid",
        "iban": "iban|account no|sort code",
        "payment_terms": "payment terms|terms",
        "payee": "payable to|account name|account holder|beneficiary|payee",
        "invoice_title": "invoice|tax invoice|vat invoice",
        "tax_id": "vat id|abn|vat no|vat reg no|vat number|tax id|gst reg no|gst no|tin|ein",
    },
    "january,jan;february,feb;march,mar;april,apr;may;june,jun;july,jul;august,aug;"
    "september,sep,sept;october,oct;november,nov;december,dec",
    "DMY", (DOT,), "GBP USD AUD NZD CAD SGD EUR",
    {"£": "GBP", "$": "USD", "US$": "USD", "A$": "AUD", "S$": "SGD"},
    keywords="thank you|receipt|qty|amount|price|item|items|store|shop|tel|thank|welcome|invoice|description",
)
