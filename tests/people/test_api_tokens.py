from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from tests.conftest import PASSWORD
from threecenters.cli import main
from threecenters.core.models import AuditEntry
from threecenters.people import services
from threecenters.people.models import ApiToken


def _bearer(raw):
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


@pytest.mark.django_db
def test_the_command_prints_a_token_once_and_stores_only_its_hash(personas, capsys):
    assert main(["token", "create", "worker_dajing", "--name", "报表系统"]) == 0
    raw = capsys.readouterr().out.strip()
    token = ApiToken.objects.get(name="报表系统")
    assert (
        raw.startswith("tc_")
        and raw not in token.digest
        and token.user == personas["worker_dajing"]
    )
    me = _bearer(raw).get("/api/v1/me")
    assert (
        me.status_code == 200
        and me.json()["public_number"] == personas["worker_dajing"].public_number
    )
    assert main(["token", "revoke", "worker_dajing", "--name", "报表系统"]) == 0
    assert _bearer(raw).get("/api/v1/me").status_code == 401
    assert main(["token", "create", "worker_dajing"]) == 0
    other = capsys.readouterr().out.strip()
    assert main(["token", "revoke", "worker_dajing"]) == 0
    assert _bearer(other).get("/api/v1/me").status_code == 401


@pytest.mark.django_db
def test_a_forged_token_is_401_and_audited(personas):
    response = _bearer("tc_forged-token-value").get("/api/v1/me")
    assert response.status_code == 401 and response.json()["code"] == "invalid_token"
    assert AuditEntry.objects.filter(action="token.rejected", outcome="failure").exists()


@pytest.mark.django_db
def test_an_expired_token_is_refused(personas):
    token, raw = services.token_create(
        actor=None,
        user=personas["resident"],
        name="x",
        expires_at=timezone.now() + timedelta(days=1),
    )
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert _bearer(raw).get("/api/v1/me").status_code == 401


@pytest.mark.django_db
def test_people_manage_their_own_tokens_on_the_profile(personas, client_for):
    client = client_for("resident")
    page = client.post("/me/tokens/", {"name": "我的脚本", "password": PASSWORD})
    raw = next(
        w
        for w in page.content.decode().replace("<", " ").replace(">", " ").split()
        if w.startswith("tc_")
    )
    assert _bearer(raw).get("/api/v1/me").status_code == 200
    token = ApiToken.objects.get(user=personas["resident"])
    assert raw not in client.get("/me/tokens/").content.decode()
    assert client_for("volunteer").post(f"/me/tokens/{token.pk}/revoke/").status_code == 404
    client.post(f"/me/tokens/{token.pk}/revoke/")
    assert _bearer(raw).get("/api/v1/me").status_code == 401


@pytest.mark.django_db
def test_a_bearer_post_needs_no_csrf_cookie(personas):
    from threecenters.notify.services import notification_send

    notification_send(user=personas["resident"], kind="k", title="t")
    _token, raw = services.token_create(actor=None, user=personas["resident"], name="x")
    client = Client(enforce_csrf_checks=True, HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert client.get("/api/v1/me/notifications").status_code == 200
