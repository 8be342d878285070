"""Two staff closing the same 公示 at once: exactly one wins, on SQLite and PostgreSQL."""

import threading

import pytest
from django.db import connection

from tests.reviews.kinds import end_period, in_publicity
from threecenters.reviews import services
from threecenters.reviews.models import Publicity, Transition
from threecenters.reviews.services import ReviewError


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("family_kind")
def test_exactly_one_of_two_simultaneous_closes_wins(personas, world):
    from tests.conftest import Role, make_user

    app, publicity = in_publicity(personas)
    end_period(publicity)
    second = make_user("admin2", Role.SUBDISTRICT_ADMIN, area=world["subdistrict"])
    barrier = threading.Barrier(2)
    results: list[str] = []

    def close(actor):
        try:
            mine = Publicity.objects.get(pk=publicity.pk)
            barrier.wait(timeout=10)
            services.publicity_close(actor=actor, publicity=mine)
            results.append("closed")
        except ReviewError as exc:
            results.append(f"refused:{exc.status}")
        finally:
            connection.close()

    threads = [threading.Thread(target=close, args=(a,)) for a in (personas["admin"], second)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert sorted(results) == ["closed", "refused:409"]
    app.refresh_from_db()
    assert app.state == "subdistrict_review"
    assert Transition.objects.filter(application=app, to_state="subdistrict_review").count() == 1
