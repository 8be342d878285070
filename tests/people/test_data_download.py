import json

import pytest

from tests.people.conftest import id_number
from threecenters.core.models import AuditEntry
from threecenters.people import services


@pytest.mark.django_db
def test_a_person_downloads_their_own_data_as_json(
    personas, world, client_for, resident_with_mobile
):
    number = id_number("51012219850505432")
    services.profile_update(
        actor=resident_with_mobile,
        user=resident_with_mobile,
        display_name="褚居民",
        community=world["communities"]["dajing"],
        address="大井 3 组",
        id_number=number,
    )
    services.consent_give(user=resident_with_mobile, kind="location")
    response = client_for("resident").get("/me/data.json")
    assert response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["account"]["name"] == "褚居民"
    assert data["profile"]["address"] == "大井 3 组"
    assert data["profile"]["id_number"] == "510122********" + number[-4:]
    assert data["account"]["mobile"] == "139****5678"
    assert [c["kind"] for c in data["consents"]] == ["location"]
    assert AuditEntry.objects.filter(action="user.data_export").exists()


@pytest.mark.django_db
def test_the_download_holds_only_ones_own_data(personas, client_for):
    data = client_for("volunteer").get("/me/data.json").json()
    assert data["account"]["public_number"] == personas["volunteer"].public_number
