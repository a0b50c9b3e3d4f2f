"""The API's language codes: accepted, listed in OpenAPI and health, refused with what to install."""

from __future__ import annotations

import pytest

from app.extraction.languages import CODES
from app.ocr import recognisers
from tests.support.images import png_bytes
from tests.support.jobs import upload, wait_for
from tests.support.receipts import Look, fonts_for, make_document, render


def test_unknown_code_is_refused_with_the_codes(client, auth_headers):
    status, body = upload(client, auth_headers, png_bytes(["hello"]), "x.png", language="xx")
    assert status == 422
    message = " ".join(body["error"]["details"]["language"])
    assert all(code in message for code in ("auto", *CODES))


@pytest.mark.parametrize("code", ["auto", "PL", "de", "vi", "id", "ms"])
def test_codes_are_accepted(client, auth_headers, code):
    if not recognisers.recogniser_for(code).installed():
        pytest.skip(f"the recogniser of {code} is not installed here")
    status, body = upload(client, auth_headers, png_bytes([f"language {code}"]), "x.png", language=code)
    assert status == 202, body


def test_vietnamese_without_its_recogniser_names_what_to_install(client, auth_headers, monkeypatch):
    name = recognisers.BY_LANGUAGE["vi"]
    missing = recognisers.Recogniser(name, lambda: False, recognisers.RECOGNISERS[name].install_hint)
    monkeypatch.setitem(recognisers.RECOGNISERS, name, missing)
    status, body = upload(client, auth_headers, png_bytes(["Tổng cộng"]), "x.png", language="vi")
    assert status == 422
    message = " ".join(body["error"]["details"]["language"])
    assert name in message and "install" in message
    health = client.get("/api/health").get_json()["components"]["languages"]
    assert "vi" not in health["installed"] and name in health["missing"]["vi"]
    assert {"en", "pl", "de"} <= set(health["installed"])


def test_openapi_and_health_list_the_codes(client):
    spec = client.get("/api/openapi.json").get_json()
    text = str(spec)
    assert all(f"'{code}'" in text for code in ("auto", *CODES))
    languages = client.get("/api/health").get_json()["components"]["languages"]
    assert set(languages["installed"]) | set(languages["missing"]) >= set(CODES)


@pytest.mark.timeout(240)
def test_a_polish_receipt_through_the_live_pipeline(client, auth_headers, worker):
    fonts = fonts_for("pl")
    if not fonts:
        pytest.skip("no font with the Polish letters")
    doc = make_document("pl", 11)
    image = render(doc, Look(font=fonts[0], size=26, thermal=False, noise=3.0, blur=0.0, skew=0.0), seed=11)
    import io

    buf = io.BytesIO()
    image.save(buf, format="PNG")
    status, body = upload(client, auth_headers, buf.getvalue(), "paragon.png")
    assert status == 202, body
    done = wait_for(client, auth_headers, body["ocr_result_id"])
    assert done["status"] == "completed", done
    data = done["extracted_data"]
    assert data["language"]["code"] == "pl" and data["language"]["detected"] is True
    assert data["total_amount"] == pytest.approx(float(doc.truth()["total"]), abs=0.011)
    assert data["date"] == doc.truth()["date"]


def test_the_web_app_offers_the_registry_codes():
    import re
    from pathlib import Path

    from app.ocr_async.schemas import SUPPORTED_LANGUAGES

    source = (Path(__file__).resolve().parents[1] / "web" / "src" / "views" / "upload.js").read_text()
    offered = re.search(r"h\('datalist', \{ id: 'lang-list' \}, \[([^\]]*)\]", source)
    assert offered is not None
    codes = re.findall(r"'([^']+)'", offered.group(1))
    assert codes == [c for c in SUPPORTED_LANGUAGES if "-" not in c]


@pytest.mark.timeout(240)
@pytest.mark.parametrize("language", ["vi", "auto"])
def test_a_vietnamese_receipt_through_the_live_pipeline_keeps_its_tone_marks(client, auth_headers, worker,
                                                                              language):
    import io

    if not recognisers.recogniser_for("vi").installed() or not fonts_for("vi"):
        pytest.skip("the Vietnamese recogniser or a font with its letters is not installed")
    doc = make_document("vi", 21)
    image = render(doc, Look(font=fonts_for("vi")[0], size=26, thermal=True, noise=4.0, blur=0.3, skew=0.8),
                   seed=21)
    buf = io.BytesIO()
    image.save(buf, format="PNG")
    status, body = upload(client, auth_headers, buf.getvalue(), "hoadon.png", language=language)
    assert status == 202, body
    done = wait_for(client, auth_headers, body["ocr_result_id"])
    assert done["status"] == "completed", done
    assert done["engine"]["model"].endswith(recognisers.BY_LANGUAGE["vi"])
    assert "Tiền" in done["extracted_text"] and "Thuế" in done["extracted_text"], done["extracted_text"]
    data = done["extracted_data"]
    assert data["language"]["code"] == "vi" and data["language"]["detected"] is (language == "auto")
    assert data["total_amount"] == pytest.approx(float(doc.truth()["total"]), abs=0.011)
