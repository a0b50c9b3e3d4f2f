"""Vietnamese."""

from app.extraction.languages.pack import WHOLE, pack

PACK = pack(
    "vi", "Tiếng Việt",
    {
        "total": "tổng cộng|tổng tiền|tổng cộng tiền thanh toán|tổng thanh toán|thành tiền|cần thanh toán|"
                 "phải thanh toán|tổng số tiền thanh toán|tổng|thanh toán|khách phải trả",
        "subtotal": "cộng tiền hàng|tổng tiền hàng|tiền hàng|tạm tính|tổng tiền trước thuế|cộng",
        "tax": "thuế gtgt|tiền thuế gtgt|thuế|vat|tiền thuế|thuế suất gtgt",
        "payment": "tiền khách đưa|khách đưa|tiền mặt|khách trả|thẻ|chuyển khoản|đã thanh toán|tiền nhận",
        "change": "tiền thối lại|tiền thối|tiền trả lại|trả lại|tiền thừa|thối lại",
        "rounding": "làm tròn",
        "discount": "giảm giá|chiết khấu|khuyến mãi|ưu đãi",
        "date": "ngày|ngày lập|ngày bán|thời gian",
        "invoice_number": "số|số hóa đơn|số hoá đơn|hóa đơn số|mã hóa đơn|số hđ",
        "due_date": "hạn thanh toán|ngày đến hạn",
        "seller": "đơn vị bán hàng|người bán|bên bán",
        "buyer": "người mua hàng|đơn vị mua hàng|bên mua|khách hàng|tên khách hàng|họ tên người mua hàng|"
                 "họ tên người mua",
        "net": "tiền hàng|cộng tiền hàng|tiền trước thuế|thành tiền trước thuế",
        "gross": "tổng cộng|tổng cộng tiền thanh toán|tổng tiền thanh toán",
        "prepaid": "đã tạm ứng|trừ số dư|số dư đã dùng|tạm ứng|đặt cọc|tiền cọc|đã thanh toán trước",
        "iban": "số tài khoản|stk|tài khoản",
        "payment_terms": "hình thức thanh toán",
        "payee": "tên tài khoản|chủ tài khoản|đơn vị thụ hưởng|người thụ hưởng",
        "invoice_title": "hóa đơn|hoá đơn|hóa đơn giá trị gia tăng",
        "tax_id": "mst|mã số thuế|mã số doanh nghiệp",
    },
    "tháng 1,tháng một,tháng giêng;tháng 2,tháng hai;tháng 3,tháng ba;tháng 4,tháng tư;tháng 5,tháng năm;"
    "tháng 6,tháng sáu;tháng 7,tháng bảy;tháng 8,tháng tám;tháng 9,tháng chín;tháng 10,tháng mười;"
    "tháng 11,tháng mười một;tháng 12,tháng mười hai,tháng chạp",
    "DMY", (WHOLE,), "VND", {"₫": "VND", "đ": "VND", "VND": "VND", "VNĐ": "VND", "đồng": "VND"},
    letters="ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ",
    keywords="hóa đơn|hoá đơn|bán lẻ|giá trị gia tăng|cảm ơn|quý khách|hẹn gặp lại|số lượng|đơn giá|"
             "địa chỉ|điện thoại|cửa hàng|siêu thị|tên hàng|mặt hàng|nhân viên|thu ngân",
    script="latin-vi",
)
