"""Indonesian."""

from app.extraction.languages.pack import WHOLE, NumberFormat, pack

PACK = pack(
    "id", "Bahasa Indonesia",
    {
        "total": "total|jumlah|total bayar|total belanja|grand total|total harga|jumlah bayar|total tagihan|"
                 "yang harus dibayar",
        "subtotal": "subtotal|sub total|dpp|dasar pengenaan pajak",
        "tax": "ppn|pajak|pb1|ppn 11%",
        "payment": "tunai|bayar|dibayar|kartu|debit|kredit|qris|pembayaran|uang",
        "change": "kembali|kembalian|uang kembali",
        "rounding": "pembulatan",
        "discount": "diskon|potongan|hemat|promo",
        "date": "tanggal|tgl|waktu",
        "invoice_number": "no. faktur|nomor faktur|no faktur|no. invoice|no. nota|no nota|no struk",
        "invoice_title": "faktur|faktur pajak",
        "due_date": "jatuh tempo|tanggal jatuh tempo",
        "seller": "penjual|pengusaha kena pajak",
        "buyer": "pembeli|pelanggan|kepada|ditagihkan kepada|tagihan kepada",
        "net": "dpp|harga jual|jumlah sebelum pajak",
        "gross": "jumlah termasuk pajak",
        "prepaid": "uang muka|saldo terpakai|potongan saldo|sudah dibayar|panjar",
        "iban": "no rekening|nomor rekening|rekening",
        "payment_terms": "syarat pembayaran|cara pembayaran",
        "payee": "atas nama|nama rekening|pemilik rekening",
        "tax_id": "npwp|nitku",
    },
    "januari,jan;februari,feb;maret,mar;april,apr;mei;juni,jun;juli,jul;agustus,agu,agt;september,sep;"
    "oktober,okt;november,nov,nop;desember,des",
    "DMY", (WHOLE, NumberFormat(",", (".",))), "IDR", {"Rp": "IDR", "Rp.": "IDR", "IDR": "IDR"},
    keywords="terima kasih|atas kunjungan|struk|belanja|kasir|harga|barang|toko|jl|jalan|anda|layanan|"
             "kunjungan|simpan struk",
)
