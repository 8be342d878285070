import pytest

from tests.governance.factories import make_case
from threecenters.governance import services


@pytest.mark.django_db(transaction=True)
def test_cached_public_pages_show_a_new_publication_at_once(world, personas, client, settings):
    settings.PORTAL_CACHE_SECONDS = 300
    staff = personas["governance_staff"]
    case = make_case(world, personas, title="第一版标题")
    assert "第一版标题" in client.get("/cases/").content.decode()
    assert "第一版标题" in client.get(f"/cases/{case.pk}/").content.decode()
    case = services.case_update(actor=staff, case=case, title="第二版标题")
    services.case_publish(actor=staff, case=case)
    assert "第二版标题" in client.get("/cases/").content.decode()
    assert "第二版标题" in client.get(f"/cases/{case.pk}/").content.decode()
    services.case_archive(actor=staff, case=case)
    assert client.get(f"/cases/{case.pk}/").status_code == 404
