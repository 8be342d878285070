"""A closed project becomes a draft case in the case library in one step, once."""

import json

import pytest

from threecenters.core.models import AuditEntry
from threecenters.governance.models import Case

pytestmark = pytest.mark.django_db


def test_the_button_makes_a_draft_case_from_the_project_and_opens_its_edit_page(closed, client_for):
    client = client_for("worker_jiaolong")
    assert "转为治理案例草稿" in client.get(f"/proposals/{closed.pk}/").content.decode()
    response = client.post(f"/proposals/{closed.pk}/case/")
    case = Case.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/cases/staff/{case.pk}/"
    assert case.status == Case.Status.DRAFT
    assert case.title == closed.title and case.community_id == closed.community_id
    assert case.subdistrict_id == closed.subdistrict_id
    assert case.background == closed.description
    assert "架空层清理" in case.measures and "设备采购" in case.measures
    assert "5200" in case.results and "175120.50" in case.results
    assert {"label": "累计服务人次", "value": "5200", "unit": "人次"} in case.figures
    assert list(case.tags.values_list("name", flat=True)) == ["活动空间"]
    assert case.period_start is not None and case.period_end >= case.period_start
    closed.refresh_from_db()
    assert closed.case_id == case.pk
    assert AuditEntry.objects.filter(
        action="proposal.case_created", object_id=str(closed.pk)
    ).exists()
    assert client.get(response["Location"]).status_code == 200


def test_a_second_click_opens_the_same_draft_and_the_api_answers_409_with_its_id(
    closed, client_for
):
    client = client_for("governance_staff")
    created = client.post(f"/api/v1/proposals/{closed.pk}/case")
    assert created.status_code == 201
    case_id = created.json()["case_id"]
    again = client.post(f"/proposals/{closed.pk}/case/")
    assert again["Location"] == f"/cases/staff/{case_id}/"
    repeat = client.post(f"/api/v1/proposals/{closed.pk}/case")
    body = json.loads(repeat.content)
    assert repeat.status_code == 409 and body["code"] == "case_exists"
    assert body["case_id"] == case_id and body["message"]
    assert Case.objects.count() == 1


def test_a_project_that_is_not_closed_is_refused_with_a_clear_message(in_progress, client_for):
    client = client_for("worker_jiaolong")
    page = client.post(f"/proposals/{in_progress.pk}/case/")
    assert page.status_code == 409 and "只有已结项的项目" in page.content.decode()
    api = client.post(f"/api/v1/proposals/{in_progress.pk}/case")
    assert api.status_code == 409 and api.json()["code"] == "not_closed"
    english = client.post(f"/api/v1/proposals/{in_progress.pk}/case", HTTP_ACCEPT_LANGUAGE="en")
    assert "closed" in english.json()["message"].lower()
    assert not Case.objects.exists()


def test_only_staff_and_the_applicant_community_may_make_the_case(closed, client_for, personas):
    assert client_for("worker_dajing").post(f"/proposals/{closed.pk}/case/").status_code == 404
    assert client_for("expert").post(f"/proposals/{closed.pk}/case/").status_code == 403
    assert client_for("expert").post(f"/api/v1/proposals/{closed.pk}/case").status_code == 403
    assert client_for("resident").post(f"/api/v1/proposals/{closed.pk}/case").status_code == 404
    assert (
        "转为治理案例" not in client_for("expert").get(f"/proposals/{closed.pk}/").content.decode()
    )
    assert not Case.objects.exists()
