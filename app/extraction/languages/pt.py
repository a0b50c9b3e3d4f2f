"""Portuguese."""

from app.extraction.languages.pack import COMMA, pack

PACK = pack(
    "pt", "Português",
    {
        "total": "total|total a pagar|valor total|total eur|a pagar|montante|total geral",
        "subtotal": "subtotal|sub-total|base tributável|total sem iva",
        "tax": "iva|total iva|imposto|valor iva",
        "payment": "numerário|dinheiro|cartão|multibanco|pagamento|pago|mb way|entregue",
        "change": "troco",
        "rounding": "arredondamento",
        "discount": "desconto|poupança|promoção",
        "date": "data|data de emissão|data da fatura",
        "invoice_number": "fatura n|fatura nº|fatura n.º|número da fatura|fatura simplificada n",
        "due_date": "vencimento|data de vencimento",
        "seller": "vendedor|fornecedor|emitente",
        "buyer": "cliente|adquirente|comprador",
        "net": "líquido|valor líquido|incidência",
        "gross": "bruto|total com iva",
        "prepaid": "sinal|adiantamento|já pago",
        "iban": "iban|nib",
        "payment_terms": "condições de pagamento|forma de pagamento",
        "payee": "titular da conta|beneficiário",
        "tax_id": "nif|contribuinte|nipc|cnpj|cpf",
    },
    "janeiro,jan;fevereiro,fev;março,mar;abril,abr;maio,mai;junho,jun;julho,jul;agosto,ago;setembro,set;"
    "outubro,out;novembro,nov;dezembro,dez",
    "DMY", (COMMA,), "EUR BRL", {"€": "EUR", "EUR": "EUR", "R$": "BRL"},
    letters="ãõçáâêôà",
    keywords="fatura simplificada|obrigado|obrigada|pela sua visita|quantidade|preço|artigo|descrição|"
             "loja|contribuinte|operador",
)
