import threading

import pytest
from django.db import OperationalError, connection

from threecenters.governance.models import Case
from threecenters.proposals import services
from threecenters.proposals.models import Proposal


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_clicks_make_one_case(closed, personas):
    barrier = threading.Barrier(2)
    results: list[int] = []
    errors: list[Exception] = []

    def click(persona):
        try:
            barrier.wait()
            case, _created = services.proposal_case_create(
                actor=personas[persona], proposal=Proposal.objects.get(pk=closed.pk)
            )
            results.append(case.pk)
        except Exception as exc:  # collected and asserted below
            errors.append(exc)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=click, args=(p,)) for p in ("worker_jiaolong", "governance_staff")
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert Case.objects.count() == 1
    case = Case.objects.get()
    assert Proposal.objects.get(pk=closed.pk).case_id == case.pk
    # PostgreSQL: the second waits for the row lock and gets the same case; SQLite's shared
    # in-memory test database may refuse it with a lock error instead.
    assert all(pk == case.pk for pk in results) and len(results) + len(errors) == 2
    assert all(isinstance(e, OperationalError) for e in errors), errors
