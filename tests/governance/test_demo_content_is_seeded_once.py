import pytest

from threecenters.core.seed import seed_everything
from threecenters.governance.models import Case
from threecenters.search.selectors import search


@pytest.mark.django_db
def test_the_demo_holds_the_three_named_practices_and_twenty_more_marked_as_demo():
    seed_everything()
    seed_everything()
    cases = Case.objects.filter(is_demo=True)
    assert (
        cases.count() >= 23 and cases.filter(current_version__isnull=False).count() == cases.count()
    )
    for method in ["社区小二", "三融三建", "水韵江安·花漾通讲"]:
        assert cases.filter(method_name=method).count() == 1
    assert search(query="社区小二").items[0].title.startswith("“社区小二”")


@pytest.mark.django_db
def test_the_demo_exchange_session_is_the_event_engines_event(client):
    from threecenters.governance.models import ExchangeSession

    seed_everything()
    session = ExchangeSession.objects.select_related("event").get(
        title="九江街道社区治理经验交流会"
    )
    assert session.event is not None and session.event.status == "finished"
    assert session.event.center.kind == "governance" and session.event.attendance_count == 80
    case = session.cases.get(method_name="社区小二")
    assert (
        f'href="/events/{session.event_id}/"' in client.get(f"/cases/{case.pk}/").content.decode()
    )
