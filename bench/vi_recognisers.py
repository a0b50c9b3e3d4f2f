"""Character accuracy of Vietnamese line recognisers on rendered lines with known text.

Lines of Vietnamese receipt and invoice wording are drawn in every installed font that carries the
tone-marked letters, at several sizes, clean and with a thermal-print look (fade, noise, blur), each
with a small margin as the detector's crop holds it. Each recogniser reads every line; scores are the
character error rate (edit distance / characters, NFC, micro-averaged), the share of lines read exactly,
and the share of tone-marked words read exactly, with the spread over fonts.

Usage: python bench/vi_recognisers.py [--limit N] [--only ppocr,tesseract-vie,asterocr]
Writes bench/results/vi_recognisers.json.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
import unicodedata
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _common import machine, write_result  # noqa: E402

from tests.support.receipts import fonts_for, render_line  # noqa: E402

LINES = [
    "HÓA ĐƠN GIÁ TRỊ GIA TĂNG", "Tổng cộng tiền thanh toán: 1.500.000", "Thuế GTGT 10%: 136.364",
    "Ngày 15 tháng 01 năm 2024", "Cửa hàng tiện lợi Minh Châu", "Sữa tươi tiệt trùng 2 x 32.000",
    "Tiền khách đưa 2.000.000", "Tiền thối lại 500.000", "Mã số thuế: 0312345678",
    "Địa chỉ: 45 Phố Huế, Hai Bà Trưng, Hà Nội", "Cảm ơn quý khách, hẹn gặp lại!", "Nước mắm Phú Quốc 45.000",
    "Người mua hàng: Nguyễn Văn Hùng", "Hình thức thanh toán: Tiền mặt", "Cộng tiền hàng: 1.363.636",
    "Số tiền viết bằng chữ: Một triệu năm trăm nghìn đồng", "Đơn vị bán hàng: Công ty TNHH Ánh Dương",
    "Thành tiền", "Đơn giá", "Số lượng", "Giảm giá thành viên -12.000", "Bánh mì thịt nướng 25.000",
    "Phở bò tái chín 55.000", "Cà phê sữa đá 29.000", "Trà đào cam sả 39.000", "Quầy thu ngân số 3",
    "Ký hiệu: 1C24TAA", "Số: 0001234", "Điện thoại: 028 3822 1234", "Khách hàng thân thiết: 1.250 điểm",
]
TIERS = (
    {"name": "clean", "sizes": (18, 22, 26, 32), "noise": (2, 6), "blur": (0.0, 0.4), "thermal": False},
    {"name": "degraded", "sizes": (13, 15, 17), "noise": (8, 16), "blur": (0.8, 1.4), "thermal": True},
)
_TONED = set("àáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ")


def edit_distance(a: str, b: str) -> int:
    """Return the Levenshtein distance between two strings."""
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def _norm(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def samples(limit: int | None) -> list[dict]:
    """Return the rendered lines: text, font, size, look, image."""
    rng = random.Random(17)
    out = []
    for font in fonts_for("vi"):
        for i, text in enumerate(LINES):
            for tier in TIERS:
                size, noise, blur = rng.choice(tier["sizes"]), rng.uniform(*tier["noise"]), rng.uniform(*tier["blur"])
                thermal = tier["thermal"] or i % 2 == 1
                img = render_line(text, font, size, seed=i, thermal=thermal, noise=noise, blur=blur)
                out.append({"text": text, "font": Path(font).stem, "tier": tier["name"], "image": img})
    rng.shuffle(out)
    return out[:limit] if limit else out


def recogniser(name: str):
    """Build one line reader: image -> text."""
    if name == "ppocr":
        import numpy as np

        from app.ocr.config import OcrConfig
        from app.ocr.engine import build_engine

        engine = build_engine(OcrConfig(use_gpu=False, preprocess="none"))
        return lambda img: " ".join(b.text for b in engine.recognize(np.asarray(img)))
    from app.ocr.recognisers import build_line_reader

    reader = build_line_reader(name)
    return lambda img: reader.read_lines([img])[0][0]


def score(name: str, items: list[dict]) -> dict:
    """Read every line with one recogniser and score it."""
    read = recogniser(name)
    errors = chars = exact = 0
    toned_ok = toned = 0
    per_font: dict[str, list[float]] = {}
    per_tier: dict[str, list[int]] = {}
    seconds = []
    for it in items:
        t0 = time.perf_counter()
        got = _norm(read(it["image"]))
        seconds.append(time.perf_counter() - t0)
        want = _norm(it["text"])
        d = edit_distance(got, want)
        errors, chars, exact = errors + d, chars + len(want), exact + (got == want)
        per_font.setdefault(it["font"], []).append(d / max(1, len(want)))
        tier = per_tier.setdefault(it["tier"], [0, 0])
        tier[0], tier[1] = tier[0] + d, tier[1] + len(want)
        got_words = set(got.split())
        for w in want.split():
            if _TONED & set(w.lower()):
                toned += 1
                toned_ok += w in got_words
    fonts = {f: round(statistics.mean(v), 4) for f, v in per_font.items()}
    return {"recogniser": name, "lines": len(items), "cer": round(errors / max(1, chars), 4),
            "exact_lines": round(exact / len(items), 3), "toned_words": round(toned_ok / max(1, toned), 3),
            "cer_by_font": fonts, "cer_by_tier": {k: round(e / max(1, n), 4) for k, (e, n) in per_tier.items()}, "cer_font_spread": [min(fonts.values()), max(fonts.values())],
            "seconds_per_line_median": round(statistics.median(seconds), 4)}


def main() -> None:
    """Run the recognisers on the same rendered lines and print the figures."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--only", default="ppocr,tesseract-vie,asterocr")
    args = parser.parse_args()
    items = samples(args.limit)
    results = []
    for name in args.only.split(","):
        try:
            results.append(score(name, items))
        except Exception as exc:  # noqa: BLE001 - a missing recogniser is reported, the others still run
            results.append({"recogniser": name, "error": f"{type(exc).__name__}: {exc}"})
        print(results[-1], flush=True)
    write_result("vi_recognisers", {"machine": machine(), "results": results})


if __name__ == "__main__":
    main()
