import threading

import pytest
from django.db import OperationalError, connection

from tests.governance.factories import make_case
from threecenters.governance import services
from threecenters.governance.models import Case, CaseVersion


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_publications_make_one_version(world, personas):
    case = make_case(world, personas, title="并发发布", publish=False)
    staff = personas["governance_staff"]
    barrier = threading.Barrier(2)
    errors: list[Exception] = []

    def publish():
        try:
            barrier.wait()
            services.case_publish(actor=staff, case=Case.objects.get(pk=case.pk))
        except Exception as exc:  # collected and asserted below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=publish) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert CaseVersion.objects.filter(case=case).count() == 1
    # The loser is refused: by the state check (PostgreSQL waits for the row lock, then finds the
    # case published) or, on SQLite's shared in-memory test database, by the table lock.
    assert len(errors) <= 1
    assert all(isinstance(e, services.CaseStateError | OperationalError) for e in errors), errors
