import pytest

from tests.governance.factories import make_case
from threecenters.governance.models import Case


@pytest.mark.django_db
def test_a_community_worker_writes_for_their_own_community_only(world, personas, client_for):
    case = make_case(world, personas, title="蛟龙的案例", community="jiaolong", publish=False)
    assert client_for("worker_jiaolong").get(f"/cases/staff/{case.pk}/").status_code == 200
    assert client_for("worker_dajing").get(f"/cases/staff/{case.pk}/").status_code == 404
    response = client_for("worker_dajing").post(f"/cases/staff/{case.pk}/submit/")
    assert response.status_code == 404
    assert Case.objects.get(pk=case.pk).status == Case.Status.DRAFT


@pytest.mark.django_db
def test_only_governance_center_staff_publish(world, personas, client_for):
    case = make_case(world, personas, title="待发布", publish=False)
    for persona in ["worker_jiaolong", "admin"]:
        assert client_for(persona).post(f"/cases/staff/{case.pk}/publish/").status_code == 403
    assert Case.objects.get(pk=case.pk).current_version is None
    response = client_for("governance_staff").post(f"/cases/staff/{case.pk}/publish/")
    assert response.status_code == 302
    assert Case.objects.get(pk=case.pk).current_version is not None


@pytest.mark.django_db
def test_drafts_are_not_public(world, personas, client_for):
    case = make_case(world, personas, title="草稿案例", publish=False)
    assert client_for(None).get(f"/cases/{case.pk}/").status_code == 404
    assert client_for("resident").get(f"/api/v1/cases/{case.pk}").status_code == 404
    assert client_for("resident").get("/cases/staff/new/").status_code == 403
