"""Malay."""

from app.extraction.languages.pack import DOT, pack

PACK = pack(
    "ms", "Bahasa Melayu",
    {
        "total": "jumlah|jumlah besar|jumlah keseluruhan|jumlah perlu dibayar|jumlah bayaran|total|"
                 "jumlah bersih|jumlah harga",
        "subtotal": "jumlah kecil|subtotal|jumlah sebelum cukai",
        "tax": "sst|cukai|gst|cukai jualan|cukai perkhidmatan",
        "payment": "tunai|bayaran|dibayar|kad|kad kredit|kad debit|bayar",
        "change": "baki|wang baki|pulangan",
        "rounding": "pembundaran|pelarasan",
        "discount": "diskaun|potongan|jimat",
        "date": "tarikh|masa",
        "invoice_number": "no. invois|no invois|nombor invois|no. resit|no resit|no. bil",
        "due_date": "tarikh akhir|tarikh matang|tarikh tamat bayaran",
        "seller": "penjual|pembekal|dimiliki oleh|dimiliki",
        "buyer": "pembeli|pelanggan|kepada",
        "net": "jumlah bersih|bersih",
        "gross": "jumlah kasar|kasar",
        "prepaid": "deposit|bayaran pendahuluan",
        "iban": "no akaun|nombor akaun|akaun bank",
        "payment_terms": "terma pembayaran|syarat pembayaran",
        "payee": "nama akaun|pemegang akaun|dibayar kepada",
        "tax_id": "no. sst|no sst|no. gst|no. cukai|no. pendaftaran",
    },
    "januari,jan;februari,feb;mac,mar;april,apr;mei;jun;julai,jul;ogos,ogo;september,sep;oktober,okt;"
    "november,nov;disember,dis",
    "DMY", (DOT,), "MYR", {"RM": "MYR", "MYR": "MYR"},
    keywords="terima kasih|sila datang lagi|resit|kedai|restoran|harga|kuantiti|barang|juruwang|"
             "jalan|sdn bhd|cawangan",
)
