"""Other people's private records: 404/403 by id, by token, through the API and the admin."""

import pytest

from threecenters.people import services


@pytest.fixture
def jiaolong_resident(world):
    from tests.conftest import make_user

    user = make_user("jl_resident", "resident", area=world["communities"]["jiaolong"])
    return services.profile_update(
        actor=user,
        user=user,
        display_name="蛟龙居民",
        community=world["communities"]["jiaolong"],
        address="蛟龙 1 组",
    )


@pytest.mark.django_db
def test_a_dajing_worker_cannot_see_a_jiaolong_resident(personas, jiaolong_resident, client_for):
    client = client_for("worker_dajing")
    assert client.get(f"/staff/residents/{jiaolong_resident.token}/").status_code == 404
    assert (
        client.post(
            f"/staff/residents/{jiaolong_resident.token}/reveal/", {"reason": "看看"}
        ).status_code
        == 404
    )
    assert client.get(f"/api/v1/residents/{jiaolong_resident.token}").status_code == 404
    assert "蛟" not in client.get("/staff/residents/").content.decode().split("<main", 1)[1].split(
        "</main>"
    )[0].replace("蛟龙社区", "")
    assert client.get(f"/staff/accounts/{jiaolong_resident.user.public_number}/").status_code in (
        403,
        404,
    )
    assert (
        client.get(f"/admin/people/residentprofile/{jiaolong_resident.pk}/change/").status_code
        == 403  # the admin is the system administrator's alone
    )


@pytest.mark.django_db
def test_the_jiaolong_worker_can(personas, jiaolong_resident, client_for):
    client = client_for("worker_jiaolong")
    assert client.get(f"/staff/residents/{jiaolong_resident.token}/").status_code == 200
    assert client.get(f"/api/v1/residents/{jiaolong_resident.token}").json()["name"] == "蛟***"


@pytest.mark.django_db
def test_a_resident_cannot_see_another_residents_profile(personas, jiaolong_resident, client_for):
    client = client_for("resident")
    assert client.get(f"/staff/residents/{jiaolong_resident.token}/").status_code == 404
    assert client.get(f"/api/v1/residents/{jiaolong_resident.token}").status_code == 404
    assert client.get("/api/v1/me").json()["public_number"] == personas["resident"].public_number


@pytest.mark.django_db
def test_an_administrator_of_another_subdistrict_sees_nothing_here(
    personas, jiaolong_resident, client_for
):
    client = client_for("outsider")
    assert client.get(f"/staff/residents/{jiaolong_resident.token}/").status_code == 404
    assert client.get(f"/api/v1/residents/{jiaolong_resident.token}").status_code == 404
    page = client.get("/staff/accounts/?q=jl_resident").content.decode()
    assert jiaolong_resident.user.public_number not in page


@pytest.mark.django_db
def test_resident_profiles_are_not_in_the_admin(personas, jiaolong_resident, client_for):
    client = client_for("sysadmin")
    assert client.get("/admin/").status_code == 200
    assert (
        client.get(f"/admin/people/residentprofile/{jiaolong_resident.pk}/change/").status_code
        == 404
    )
    # the people app's page lists its reference data (tags, privacy notices) and nothing else
    page = client.get("/admin/people/").content.decode()
    assert "/admin/people/residenttag/" in page and "residentprofile" not in page
