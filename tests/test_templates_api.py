"""Templates CRUD, corrections, and the correction → proposed template → `ai_training` flow."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from tests.support.images import png_bytes
from tests.support.jobs import upload, wait_for
from tests.support.stack import wait_until

GOOD = {"name": "Acme", "keywords": ["ACME"], "fields": {"invoice_number": r"INV\s*(?P<value>\d+)"},
        "priority": 5}


def test_crud_and_validation(client, auth_headers, make_user):
    r = client.post("/api/templates", headers=auth_headers, json=GOOD)
    assert r.status_code == 201, r.get_json()
    tid = r.get_json()["id"]
    assert client.get("/api/templates", headers=auth_headers).get_json()["items"][0]["id"] == tid
    updated = client.put(f"/api/templates/{tid}", headers=auth_headers, json={**GOOD, "priority": 9})
    assert updated.status_code == 200 and updated.get_json()["priority"] == 9
    bad = client.post("/api/templates", headers=auth_headers,
                      json={"name": "x", "keywords": ["A"], "fields": {"total_amount": "(a+)+$"}})
    assert bad.status_code == 422 and "fields" in str(bad.get_json()["error"]["details"])
    broken = client.post("/api/templates", headers=auth_headers,
                         json={"name": "x", "keywords": ["A"], "fields": {"total_amount": "([unclosed"}})
    assert broken.status_code == 422
    stranger = make_user()[2]
    assert client.get(f"/api/templates/{tid}", headers=stranger).status_code == 404
    assert client.delete(f"/api/templates/{tid}", headers=stranger).status_code == 404
    assert client.delete(f"/api/templates/{tid}", headers=auth_headers).status_code == 204
    assert client.get(f"/api/templates/{tid}", headers=auth_headers).status_code == 404


def _receipt(n: int, total: str) -> bytes:
    return png_bytes(["NORTHWIND TRADERS LTD", "12 Harbour Road, Portsmouth", f"Invoice INV{n:04d}",
                      "Date 03/04/2024", "Widget        2 x 3.10", f"AMOUNT PAYABLE   {total}", "Thank you"])


@pytest.mark.timeout(300)
def test_template_selected_by_keywords_when_processing(client, auth_headers, worker):
    client.post("/api/templates", headers=auth_headers,
                json={"name": "Northwind", "keywords": ["NORTHWIND"], "priority": 3,
                      "fields": {"invoice_number": r"Invoice\s+(?P<value>INV\d+)"}})
    _, body = upload(client, auth_headers, _receipt(7, "6.20"), "n.png", force="true")
    done = wait_for(client, auth_headers, body["ocr_result_id"])
    data = done["extracted_data"]
    assert data["invoice_number"] == "INV0007"
    assert data["fields"]["invoice_number"]["source"] == "template"


@pytest.mark.timeout(400)
def test_corrections_lead_to_a_proposed_template(app, client, make_user, worker):
    headers = make_user()[2]
    jobs = []
    for n, total in ((1, "6.20"), (2, "9.30"), (3, "12.40")):
        _, body = upload(client, headers, _receipt(n, total), f"r{n}.png", force="true")
        jobs.append((wait_for(client, headers, body["ocr_result_id"]), total))
    for done, total in jobs:
        r = client.patch(f"/api/ocr-async/results/{done['ocr_result_id']}/fields", headers=headers,
                         json={"total_amount": float(total), "vendor": "NORTHWIND TRADERS LTD"})
        assert r.status_code == 200
        assert r.get_json()["corrections"]["total_amount"]["value"] == float(total)
    status = client.get(f"/api/ocr-async/status/{jobs[0][0]['ocr_result_id']}", headers=headers).get_json()
    assert status["corrections"]["vendor"]["value"] == "NORTHWIND TRADERS LTD"
    assert "total_amount" in status["extracted_data"]

    from app.extensions import db

    def training_event():
        with app.app_context():
            return db.session.execute(text(
                "SELECT payload FROM events e JOIN users u ON u.id = e.user_id "
                "WHERE e.type = 'ai_training' AND u.id = (SELECT user_id FROM ocr_results WHERE id = :id)"),
                {"id": jobs[0][0]["ocr_result_id"]}).scalar()

    event = wait_until(training_event, 120, 0.5, "ai_training event")
    assert event["data"]["samples"] >= 3 and event["data"]["template_id"]
    templates = client.get("/api/templates", headers=headers).get_json()["items"]
    assert any(t["id"] == event["data"]["template_id"] for t in templates)


def test_correcting_unknown_fields_is_422(client, auth_headers, isolated_app):
    app = isolated_app()
    c = app.test_client()
    _, body = upload(c, auth_headers, png_bytes(["x"]), "x.png")
    r = c.patch(f"/api/ocr-async/results/{body['ocr_result_id']}/fields", headers=auth_headers,
                json={"favourite_colour": "blue"})
    assert r.status_code == 422
    r = c.patch(f"/api/ocr-async/results/{body['ocr_result_id']}/fields", headers=auth_headers,
                json={"vendor": "x"})
    assert r.status_code == 409


def test_corrections_are_validated_and_templates_capped(make_user, isolated_app):
    app = isolated_app(MAX_TEMPLATES_PER_USER=2)
    c = app.test_client()
    headers = make_user()[2]
    _, body = upload(c, headers, png_bytes(["x"]), "x.png")
    url = f"/api/ocr-async/results/{body['ocr_result_id']}/fields"
    for bad in ({"total_amount": {"nested": 1}}, {"date": "not-a-date"}, {"address": "a" * 5000}):
        r = c.patch(url, headers=headers, json=bad)
        assert r.status_code == 422 and set(r.get_json()["error"]["details"]) == set(bad), r.get_json()
    huge = c.patch(url, headers=headers, json={"address": "a" * (20 * 2**20)})
    assert huge.status_code == 413 and huge.get_json()["error"]["code"] == "payload_too_large"
    assert c.patch(url, headers=headers, json={"date": "2024-01-31", "total_amount": 12.5}).status_code == 409
    template = {"name": "t", "keywords": ["k"], "fields": {}}
    assert [c.post("/api/templates", headers=headers, json=template).status_code for _ in range(3)] == [201, 201, 409]
    assert c.post("/api/templates", headers=headers, json=template).get_json()["error"]["code"] == "too_many_templates"
