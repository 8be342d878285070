"""The demo data: the report's subdistrict, communities and centers; seeding twice changes nothing."""

from __future__ import annotations

import pytest
from django.apps import apps

from threecenters.core.models import Area, Center
from threecenters.core.seed import DEMO_ACCOUNTS, seed_everything


def counts() -> dict[str, int]:
    return {
        model._meta.label: model.objects.count()
        for model in apps.get_models()
        if model._meta.app_label in {"core", "notify"}
        or model.__module__.startswith("threecenters.")
    }


@pytest.mark.django_db
def test_the_demo_holds_the_reports_places_and_centers():
    seed_everything()
    names = set(Area.objects.filter(level="community").values_list("name", flat=True))
    assert names >= {"蛟龙社区", "大井社区", "邹家场社区", "石井社区", "江安社区", "通讲社区"}
    jiujiang = Area.objects.get(name="九江街道")
    assert jiujiang.parent.name == "成都市双流区"
    assert Center.objects.filter(subdistrict=jiujiang).count() == 3
    from threecenters.core.models import User

    assert set(User.objects.values_list("username", flat=True)) >= {
        login for login, *_ in DEMO_ACCOUNTS
    }


@pytest.mark.django_db
def test_seeding_twice_changes_nothing():
    seed_everything()
    first = counts()
    seed_everything()
    assert counts() == first


@pytest.mark.django_db
def test_demo_accounts_sign_in_with_the_demo_password(client, settings):
    seed_everything()
    response = client.post(
        "/accounts/signin/", {"username": "demo-admin", "password": settings.DEMO_PASSWORD}
    )
    assert response.status_code == 302
    assert client.get("/staff/").status_code == 200
