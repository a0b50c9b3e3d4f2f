"""Spanish."""

from app.extraction.languages.pack import COMMA, pack

PACK = pack(
    "es", "Español",
    {
        "total": "total|total a pagar|importe total|total eur|importe|a pagar|total factura",
        "subtotal": "subtotal|base imponible|total sin iva",
        "tax": "iva|cuota iva|impuesto|total iva|i.v.a",
        "payment": "efectivo|tarjeta|pagado|pago|entregado|visa|cobrado",
        "change": "cambio|devolución|a devolver",
        "rounding": "redondeo",
        "discount": "descuento|dto|ahorro|promoción",
        "date": "fecha|fecha de emisión|fecha factura",
        "invoice_number": "factura nº|factura n|número de factura|nº factura|num factura|ticket nº",
        "due_date": "vencimiento|fecha de vencimiento",
        "seller": "vendedor|proveedor|emisor",
        "buyer": "cliente|comprador|facturar a|destinatario",
        "net": "neto|base imponible|importe neto",
        "gross": "bruto|total con iva",
        "prepaid": "anticipo|a cuenta|ya pagado",
        "iban": "iban|cuenta|número de cuenta",
        "payment_terms": "forma de pago|condiciones de pago",
        "payee": "titular de la cuenta|beneficiario|a nombre de",
        "tax_id": "cif|nif|n.i.f|c.i.f",
    },
    "enero,ene;febrero,feb;marzo,mar;abril,abr;mayo,may;junio,jun;julio,jul;agosto,ago;septiembre,sep,set;"
    "octubre,oct;noviembre,nov;diciembre,dic",
    "DMY", (COMMA,), "EUR", {"€": "EUR", "EUR": "EUR"},
    letters="ñáéíóú¿¡",
    keywords="factura simplificada|gracias por su visita|gracias|cantidad|precio|artículo|descripción|caja|"
             "tienda|unidades|le atendió",
)
