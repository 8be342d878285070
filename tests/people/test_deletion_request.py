import pytest

from tests.people.conftest import id_number
from threecenters.core.models import AuditEntry, User
from threecenters.people import services
from threecenters.people.models import DeletionRequest


@pytest.mark.django_db
def test_an_approved_request_leaves_a_masked_tombstone(
    personas, world, client_for, resident_with_mobile
):
    services.profile_update(
        actor=resident_with_mobile,
        user=resident_with_mobile,
        display_name="褚居民",
        community=world["communities"]["dajing"],
        address="大井 3 组",
        id_number=id_number("51012219850505432"),
    )
    client_for("resident").post("/me/deletion/", {"reason": "搬走了"})
    client_for("resident").post("/me/deletion/", {"reason": "搬走了"})
    request = DeletionRequest.objects.get()
    assert (
        client_for("admin")
        .post(f"/staff/deletions/{request.pk}/decide/", {"decision": "approve"})
        .status_code
        == 302
    )
    user = User.objects.get(pk=resident_with_mobile.pk)
    assert user.mobile is None and user.display_name == "" and not user.is_active
    assert user.username.startswith("deleted-")
    profile = user.resident_profile
    assert profile.id_hash is None and profile.id_cipher == "" and profile.address == ""
    assert profile.id_masked.startswith("510122")
    assert AuditEntry.objects.filter(action="user.deletion_decide").count() == 1


@pytest.mark.django_db
def test_staff_of_another_subdistrict_cannot_decide(personas, client_for):
    request = services.deletion_request_create(user=personas["resident"])
    assert (
        client_for("outsider")
        .post(f"/staff/deletions/{request.pk}/decide/", {"decision": "approve"})
        .status_code
        == 404
    )
    request.refresh_from_db()
    assert request.status == "pending"
