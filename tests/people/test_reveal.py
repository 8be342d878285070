import pytest

from tests.people.conftest import id_number
from threecenters.core.models import AuditEntry
from threecenters.people import services

NUMBER = id_number("51012219700707111")


@pytest.fixture
def profile(personas, world, resident_with_mobile):
    return services.profile_update(
        actor=resident_with_mobile,
        user=resident_with_mobile,
        display_name="褚居民",
        community=world["communities"]["dajing"],
        address="大井 3 组",
        id_number=NUMBER,
    )


@pytest.mark.django_db
def test_the_page_is_masked_until_revealed_with_a_reason(profile, client_for):
    client = client_for("worker_dajing")
    page = client.get(f"/staff/residents/{profile.token}/").content.decode()
    assert "13912345678" not in page and NUMBER not in page and "139****5678" in page
    revealed = client.post(f"/staff/residents/{profile.token}/reveal/", {"reason": "核对低保申请"})
    text = revealed.content.decode()
    assert "13912345678" in text and NUMBER in text
    entry = AuditEntry.objects.get(action="personal.reveal")
    assert entry.changes["reason"] == "核对低保申请" and entry.actor.username == "worker_dajing"
    assert NUMBER not in str(entry.changes) and "13912345678" not in str(entry.changes)


@pytest.mark.django_db
def test_a_reveal_without_a_reason_is_refused(profile, client_for):
    response = client_for("worker_dajing").post(
        f"/staff/residents/{profile.token}/reveal/", {"reason": ""}
    )
    assert response.status_code == 422
    assert "13912345678" not in response.content.decode()
    assert not AuditEntry.objects.filter(action="personal.reveal").exists()


@pytest.mark.django_db
def test_a_worker_of_another_community_cannot_reveal(profile, client_for):
    response = client_for("worker_jiaolong").post(
        f"/staff/residents/{profile.token}/reveal/", {"reason": "看看"}
    )
    assert response.status_code == 404
    assert AuditEntry.objects.filter(action="permission.denied", outcome="failure").exists()
