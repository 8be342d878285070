"""/api/v1/publicity: public lists, objections by signed-in people, staff handling; refusals in
the JSON error shape with honest statuses."""

import json

import pytest

from tests.reviews.kinds import KEY, end_period, in_publicity
from threecenters.reviews.models import Objection

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("family_kind")]


def post(client, url, data):
    return client.post(url, json.dumps(data), content_type="application/json")


def test_the_list_is_public_and_masked(client, personas):
    _app, publicity = in_publicity(personas)
    response = client.get(f"/api/v1/publicity?kind={KEY}")
    assert response.status_code == 200
    [item] = response.json()
    assert item["token"] == publicity.token and item["open_for_objections"] is True
    assert item["title"].startswith("r*")
    assert client.get(f"/api/v1/publicity/{publicity.token}").json()["stage"] == "publicity"


def test_an_unknown_kind_or_token_is_a_404(client):
    response = client.get("/api/v1/publicity?kind=no_such_kind")
    assert response.status_code == 404 and set(response.json()) == {"code", "message", "fields"}
    assert client.get(f"/api/v1/publicity/{'a' * 32}").status_code == 404


def test_objecting_needs_sign_in(client, personas):
    _app, publicity = in_publicity(personas)
    response = post(client, f"/api/v1/publicity/{publicity.token}/objections", {"text": "异议内容"})
    assert response.status_code == 401 and response.json()["code"] == "unauthorized"
    assert not Objection.objects.exists()


def test_an_objection_is_recorded_and_bad_text_refused(client_for, personas):
    _app, publicity = in_publicity(personas)
    client = client_for("volunteer")
    url = f"/api/v1/publicity/{publicity.token}/objections"
    bad = post(client, url, {"text": "短"})
    assert bad.status_code == 422 and "text" in bad.json()["fields"]
    good = post(client, url, {"text": "该家庭的事迹与实际不符。"})
    assert good.status_code == 201 and good.json()["status"] == "pending"
    end_period(publicity)
    late = post(client, url, {"text": "期满后的异议内容。"})
    assert late.status_code == 409 and late.json()["code"] == "publicity_over"
    assert Objection.objects.count() == 1


def test_staff_handle_objections_and_close(client_for, personas):
    _app, publicity = in_publicity(personas)
    post(
        client_for("volunteer"),
        f"/api/v1/publicity/{publicity.token}/objections",
        {"text": "请核实候选家庭的居住情况。"},
    )
    assert client_for("resident").get("/api/v1/publicity/objections").status_code == 403
    staff = client_for("admin")
    [row] = staff.get("/api/v1/publicity/objections").json()
    assert row["author"] == "v********"  # masked
    close = post(staff, f"/api/v1/publicity/{publicity.token}/close", {})
    assert close.status_code == 409 and close.json()["code"] == "publicity_not_over"
    end_period(publicity)
    close = post(staff, f"/api/v1/publicity/{publicity.token}/close", {})
    assert close.json()["code"] == "objections_pending"
    handle_url = f"/api/v1/publicity/objections/{row['id']}/handling"
    assert (
        post(client_for("resident"), handle_url, {"outcome": "upheld", "response": "x"}).status_code
        == 404
    )
    bad = post(staff, handle_url, {"outcome": "maybe", "response": ""})
    assert bad.status_code == 422 and set(bad.json()["fields"]) == {"outcome", "response"}
    ok = post(staff, handle_url, {"outcome": "dismissed", "response": "已核实，居住属实。"})
    assert ok.status_code == 200 and ok.json()["status"] == "dismissed"
    again = post(staff, handle_url, {"outcome": "upheld", "response": "改判"})
    assert again.status_code == 409 and again.json()["code"] == "already_handled"
    close = post(staff, f"/api/v1/publicity/{publicity.token}/close", {})
    assert close.status_code == 200 and close.json()["state"] == "subdistrict_review"
    second = post(staff, f"/api/v1/publicity/{publicity.token}/close", {})
    assert second.status_code == 409 and second.json()["code"] == "publicity_closed"
