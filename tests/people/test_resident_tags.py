import pytest

from threecenters.core.models import AuditEntry
from threecenters.people import services
from threecenters.people.models import ResidentTag


@pytest.fixture
def profile(personas, world):
    return services.profile_update(
        actor=personas["resident"],
        user=personas["resident"],
        display_name="褚居民",
        community=world["communities"]["dajing"],
        address="",
    )


@pytest.mark.django_db
def test_a_community_worker_sets_tags_from_the_managed_list(profile, client_for):
    veteran = ResidentTag.objects.create(name="退役军人")
    response = client_for("worker_dajing").post(
        f"/staff/residents/{profile.token}/", {"tags": [veteran.pk]}
    )
    assert response.status_code == 302
    assert [t.name for t in profile.tags.all()] == ["退役军人"]
    assert AuditEntry.objects.filter(action="profile.tags").exists()


@pytest.mark.django_db
def test_a_worker_of_another_community_cannot(profile, client_for):
    veteran = ResidentTag.objects.create(name="退役军人")
    response = client_for("worker_jiaolong").post(
        f"/staff/residents/{profile.token}/", {"tags": [veteran.pk]}
    )
    assert response.status_code == 404
    assert profile.tags.count() == 0


@pytest.mark.django_db
def test_a_tag_outside_the_list_is_refused(profile, client_for):
    response = client_for("worker_dajing").post(
        f"/staff/residents/{profile.token}/", {"tags": [999999]}
    )
    assert response.status_code == 200
    assert profile.tags.count() == 0
