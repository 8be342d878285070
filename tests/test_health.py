import pytest


@pytest.mark.django_db
def test_healthz_answers_without_auth(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


@pytest.mark.django_db
def test_readyz_checks_the_database(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json()["database"] == "ok"


@pytest.mark.django_db
def test_readyz_reports_a_broken_database(client, monkeypatch):
    from django.db import connections

    def broken(*args, **kwargs):
        raise RuntimeError("down")

    monkeypatch.setattr(connections["default"], "cursor", broken)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["status"] == "unavailable"


@pytest.mark.django_db
def test_a_signed_in_probe_loads_no_session_or_user(
    personas, client_for, django_assert_num_queries
):
    """Load balancers and monitors call /healthz often, sometimes with a browser's cookies."""
    client = client_for("resident")
    with django_assert_num_queries(0):
        assert client.get("/healthz").status_code == 200
