import pytest

from threecenters.core.models import AuditEntry
from threecenters.people import services
from threecenters.people.models import Consent


@pytest.mark.django_db
def test_a_person_gives_and_withdraws_location_consent(personas, client_for):
    client = client_for("resident")
    client.post("/me/consents/", {"kind": "location"})
    consent = Consent.objects.get(user=personas["resident"], kind="location")
    assert services.consent_active(personas["resident"], "location")
    client.post(f"/me/consents/{consent.pk}/withdraw/")
    consent.refresh_from_db()
    assert consent.withdrawn_at is not None
    assert not services.consent_active(personas["resident"], "location")
    assert AuditEntry.objects.filter(action="consent.withdraw", actor=personas["resident"]).exists()
    assert "已于" in client.get("/me/consents/").content.decode()


@pytest.mark.django_db
def test_nobody_withdraws_someone_elses_consent(personas, client_for):
    consent = services.consent_give(user=personas["resident"], kind="location")
    response = client_for("volunteer").post(f"/me/consents/{consent.pk}/withdraw/")
    assert response.status_code == 404
    consent.refresh_from_db()
    assert consent.withdrawn_at is None
