"""Scope on every write (issue 12): a staff write checks the record's community scope, as the
reads do, and the record as it would be after the write too. The access matrix
(tests/access, test_url_access.test_write_matrix) posts to every URL as every persona; these
tests pin the decisions behind it."""

from __future__ import annotations

import pytest

from tests.events.helpers import published_event
from tests.governance.factories import make_case
from threecenters.core.models import AuditEntry, Organisation
from threecenters.events.models import Event
from threecenters.governance.models import Case, CaseAdoption

SHOP = {"name": "瑾栩花店", "kind": "enterprise", "intro": "改过", "verification": "rejected"}


@pytest.mark.django_db
def test_a_dajing_worker_cannot_change_a_jiaolong_organisation(client_for, world):
    shop = world["flower_shop"]
    data = {**SHOP, "community": world["communities"]["jiaolong"].pk}
    response = client_for("worker_dajing").post(f"/staff/organisations/{shop.pk}/edit/", data)
    assert response.status_code == 404
    shop.refresh_from_db()
    assert shop.verification == "verified" and shop.intro == ""
    listed = client_for("worker_dajing").get("/staff/organisations/").content.decode()
    assert "瑾栩花店" not in listed  # nor is it listed as theirs


@pytest.mark.django_db
def test_a_community_worker_edits_their_organisation_but_never_its_verification(client_for, world):
    shop = world["flower_shop"]
    client = client_for("worker_jiaolong")
    form = client.get(f"/staff/organisations/{shop.pk}/edit/").content.decode()
    assert 'name="verification"' not in form
    data = {**SHOP, "community": world["communities"]["jiaolong"].pk}
    assert client.post(f"/staff/organisations/{shop.pk}/edit/", data).status_code == 302
    shop.refresh_from_db()
    assert shop.intro == "改过" and shop.verification == "verified"


@pytest.mark.django_db
def test_a_community_worker_cannot_move_an_organisation_out_of_their_community(client_for, world):
    shop = world["flower_shop"]
    client = client_for("worker_jiaolong")
    for community in ["", world["communities"]["dajing"].pk]:
        data = {**SHOP, "community": community}
        response = client.post(f"/staff/organisations/{shop.pk}/edit/", data)
        assert response.status_code == 200 and response.context["form"].errors["community"]
    shop.refresh_from_db()
    assert shop.community == world["communities"]["jiaolong"] and shop.intro == ""


@pytest.mark.django_db
def test_a_community_worker_records_an_unverified_organisation_of_their_community(
    client_for, world
):
    data = {"name": "蛟龙读书会", "kind": "social", "verification": "verified"}
    client = client_for("worker_jiaolong")
    response = client.post("/staff/organisations/new/", data)
    assert response.status_code == 200  # the community is required
    data["community"] = world["communities"]["jiaolong"].pk
    assert client.post("/staff/organisations/new/", data).status_code == 302
    created = Organisation.objects.get(name="蛟龙读书会")
    assert created.verification == "unverified"


@pytest.mark.django_db
def test_center_staff_and_the_administrator_verify_any_organisation_of_the_subdistrict(
    client_for, world
):
    shop = world["flower_shop"]
    data = {**SHOP, "community": world["communities"]["jiaolong"].pk}
    for persona in ["incubator_staff", "admin"]:
        response = client_for(persona).post(f"/staff/organisations/{shop.pk}/edit/", data)
        assert response.status_code == 302
        shop.refresh_from_db()
        assert shop.verification == "rejected"
        Organisation.objects.filter(pk=shop.pk).update(verification="verified")
    assert client_for("outsider").post(
        f"/staff/organisations/{shop.pk}/edit/", data
    ).status_code == (404)


@pytest.mark.django_db
def test_an_organiser_cannot_move_an_event_out_of_their_community(personas, world):
    from threecenters.events import services
    from threecenters.events.services import EventError

    event = published_event(world, personas)  # the civility center's, in 大井
    for community in [None, world["communities"]["jiaolong"]]:
        with pytest.raises(EventError) as refused:
            services.event_update(
                actor=personas["worker_dajing"], event=event, changes={"community": community}
            )
        assert refused.value.status == 403
    assert Event.objects.get(pk=event.pk).community == world["communities"]["dajing"]
    assert AuditEntry.objects.filter(
        action="events.event.update", outcome="failure", actor=personas["worker_dajing"]
    ).exists()
    # the center's staff may make it a center-wide event
    services.event_update(
        actor=personas["civility_staff"], event=event, changes={"community": None}
    )
    assert Event.objects.get(pk=event.pk).community is None


@pytest.mark.django_db
def test_a_community_worker_records_only_their_own_communitys_spread(personas, world, client_for):
    case = make_case(world, personas)  # a 蛟龙 case, published
    url = f"/cases/staff/{case.pk}/spread/new/"
    data = {"kind": "studied", "date": "2026-05-01", "adopted": "议事规则"}
    client = client_for("worker_dajing")
    page = client.get(url).content.decode()
    assert "大井社区" in page and "蛟龙社区" not in page.split("<form", 1)[1]
    response = client.post(url, {**data, "community": world["communities"]["jiaolong"].pk})
    assert response.status_code == 200 and response.context["form"].errors["community"]
    response = client.post(url, {**data, "community": world["communities"]["dajing"].pk})
    assert response.status_code == 302
    assert list(CaseAdoption.objects.values_list("community__slug", flat=True)) == ["dajing"]


@pytest.mark.django_db
def test_a_community_worker_writes_their_own_communitys_cases_only(personas, world, client_for):
    client = client_for("worker_jiaolong")
    data = {"title": "无社区的案例", "summary": "摘要", "measures": "做法"}
    response = client.post("/cases/staff/new/", data)
    assert response.status_code == 200 and response.context["form"].errors["community"]
    assert not Case.objects.filter(title="无社区的案例").exists()
