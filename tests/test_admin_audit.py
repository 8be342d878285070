"""Every change made through the Django admin is in the append-only audit trail (issue 12):
who, what, and the changed fields before/after with personal fields masked; organisations and
centers go through the same services as the workspace."""

from __future__ import annotations

import pytest
from django.test import Client

from threecenters.core.masking import masked_changes
from threecenters.core.models import Area, AuditEntry, Center, Organisation
from threecenters.people.models import ResidentTag
from threecenters.reviews.models import Criterion, Rubric


@pytest.fixture
def sysadmin(personas) -> Client:
    client = Client()
    client.force_login(personas["sysadmin"])
    return client


def entries(action: str, **filters) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(action=action, **filters).order_by("id"))


AREA = {"level": "community", "name": "新村社区", "slug": "xincun", "sort": "9"}


@pytest.mark.django_db
def test_an_added_record_is_audited_with_its_values(sysadmin, personas, world):
    parent = world["subdistrict"].pk
    response = sysadmin.post("/admin/core/area/add/", {**AREA, "parent": parent})
    assert response.status_code == 302, response.content.decode()[:2000]
    area = Area.objects.get(slug="xincun")
    (entry,) = entries("admin.add", object_type="core.area")
    assert entry.actor == personas["sysadmin"] and entry.object_id == str(area.pk)
    assert entry.outcome == "success" and entry.ip == "127.0.0.1"
    assert entry.changes["name"] == [None, "新村社区"]
    assert entry.changes["parent"] == [None, parent]
    assert "intro" not in entry.changes  # empty fields are left out


@pytest.mark.django_db
def test_a_changed_record_is_audited_with_the_changed_fields_only(sysadmin, world):
    area = world["communities"]["dajing"]
    data = {**AREA, "name": "大井社区", "slug": "dajing", "parent": area.parent_id, "sort": "5"}
    response = sysadmin.post(f"/admin/core/area/{area.pk}/change/", data)
    assert response.status_code == 302
    (entry,) = entries("admin.change", object_id=str(area.pk))
    assert entry.changes == {"sort": [1, 5]}


@pytest.mark.django_db
def test_a_deleted_record_is_audited_with_what_it_held(sysadmin, personas):
    tag = ResidentTag.objects.create(name="退役军人", sort=3)
    response = sysadmin.post(f"/admin/people/residenttag/{tag.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not ResidentTag.objects.filter(pk=tag.pk).exists()
    (entry,) = entries("admin.delete", object_type="people.residenttag")
    assert entry.object_id == str(tag.pk) and entry.object_repr == "退役军人"
    assert entry.changes == {"name": ["退役军人", None], "sort": [3, None]}


@pytest.mark.django_db
def test_a_bulk_delete_audits_every_record(sysadmin):
    tags = [ResidentTag.objects.create(name=n) for n in ["甲", "乙"]]
    response = sysadmin.post(
        "/admin/people/residenttag/",
        {"action": "delete_selected", "_selected_action": [t.pk for t in tags], "post": "yes"},
    )
    assert response.status_code == 302
    assert not ResidentTag.objects.filter(pk__in=[t.pk for t in tags]).exists()
    deleted = entries("admin.delete", object_type="people.residenttag")
    assert sorted(e.object_id for e in deleted) == sorted(str(t.pk) for t in tags)


@pytest.mark.django_db
def test_inline_rows_are_audited_too(sysadmin):
    rubric = Rubric.objects.create(kind="demo", name="演示标准")
    keep = Criterion.objects.create(rubric=rubric, code="need", label="需求", weight=2)
    drop = Criterion.objects.create(rubric=rubric, code="cost", label="成本", weight=1)
    prefix = "criteria"
    data = {
        "kind": "demo",
        "variant": "",
        "name": "演示标准",
        f"{prefix}-TOTAL_FORMS": "3",
        f"{prefix}-INITIAL_FORMS": "2",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
        f"{prefix}-0-id": keep.pk,
        f"{prefix}-0-rubric": rubric.pk,
        f"{prefix}-0-code": "need",
        f"{prefix}-0-label": "需求",
        f"{prefix}-0-weight": "4",
        f"{prefix}-0-sort": "0",
        f"{prefix}-1-id": drop.pk,
        f"{prefix}-1-rubric": rubric.pk,
        f"{prefix}-1-code": "cost",
        f"{prefix}-1-label": "成本",
        f"{prefix}-1-weight": "1",
        f"{prefix}-1-sort": "0",
        f"{prefix}-1-DELETE": "on",
        f"{prefix}-2-rubric": rubric.pk,
        f"{prefix}-2-code": "reach",
        f"{prefix}-2-label": "覆盖面",
        f"{prefix}-2-weight": "1",
        f"{prefix}-2-sort": "2",
    }
    response = sysadmin.post(f"/admin/reviews/rubric/{rubric.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert entries("admin.change", object_type="reviews.criterion")[0].changes == {"weight": [2, 4]}
    assert entries("admin.delete", object_type="reviews.criterion")[0].object_id == str(drop.pk)
    added = entries("admin.add", object_type="reviews.criterion")[0]
    assert added.changes["code"] == [None, "reach"]


@pytest.mark.django_db
def test_an_organisation_is_changed_through_its_service(sysadmin, personas, world):
    shop = world["flower_shop"]
    data = {
        "name": shop.name,
        "kind": shop.kind,
        "community": shop.community_id,
        "credit_code": "",
        "intro": "新的简介",
        "address": "",
        "verification": "rejected",
    }
    response = sysadmin.post(f"/admin/core/organisation/{shop.pk}/change/", data)
    assert response.status_code == 302
    (entry,) = entries("organisation.update", object_id=str(shop.pk))
    assert entry.actor == personas["sysadmin"]
    assert entry.changes == {"intro": ["", "新的简介"], "verification": ["verified", "rejected"]}
    # the community must lie in the organisation's subdistrict, whichever door is used
    data["community"] = world["communities"]["other"].pk
    response = sysadmin.post(f"/admin/core/organisation/{shop.pk}/change/", data)
    assert response.status_code == 200 and "所属社区须在所属街道之内" in response.content.decode()
    assert Organisation.objects.get(pk=shop.pk).community_id == shop.community_id


@pytest.mark.django_db
def test_a_center_is_added_through_its_service_and_its_text_is_cleaned(sysadmin, world):
    data = {
        "subdistrict": world["other_subdistrict"].pk,
        "kind": "civility",
        "name": "东升文明实践中心",
        "tagline": "",
        "description": "<p>介绍</p><script>alert(1)</script>",
        "address": "",
        "phone": "",
        "opening_hours": "",
    }
    response = sysadmin.post("/admin/core/center/add/", data)
    assert response.status_code == 302
    center = Center.objects.get(name="东升文明实践中心")
    assert "<script" not in center.description
    (entry,) = entries("center.create", object_id=str(center.pk))
    assert entry.changes["name"] == [None, "东升文明实践中心"]


def test_personal_fields_are_masked_in_the_changes():
    changes = {
        "contact_name": ["张三丰", "李四"],
        "contact_mobile": ["13812345678", ""],
        "address": ["一号院", "二号院"],
        "intro": ["旧", "新"],
    }
    assert masked_changes(changes, {"contact_name", "contact_mobile", "address"}) == {
        "contact_name": ["张**", "李*"],
        "contact_mobile": ["138****5678", ""],
        "address": ["***", "***"],
        "intro": ["旧", "新"],
    }


@pytest.mark.django_db
def test_deleting_a_record_roles_point_at_is_refused(sysadmin, personas, world):
    """Roles are the security administrator's: the admin cannot remove one by deleting the
    organisation (or area) it is scoped to."""
    shop = world["flower_shop"]  # the employer persona's role points at it
    response = sysadmin.post(f"/admin/core/organisation/{shop.pk}/delete/", {"post": "yes"})
    assert response.status_code == 403
    assert Organisation.objects.filter(pk=shop.pk).exists()
    assert personas["employer"].roles.filter(organisation=shop).exists()
    assert not entries("admin.delete", object_type="core.organisation")
