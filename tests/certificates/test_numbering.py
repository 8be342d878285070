"""Numbers come from a counter row per (prefix, year) advanced by a conditional UPDATE: issuers
racing each other get distinct, gap-free numbers on SQLite and PostgreSQL."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from tests.certificates.helpers import issue
from tests.conftest import make_user
from threecenters.certificates.models import Certificate, NumberCounter

ISSUERS = 8


def _race(target, count: int) -> list[BaseException]:
    barrier = threading.Barrier(count)
    errors: list[BaseException] = []

    def run(i):
        try:
            barrier.wait(timeout=30)
            target(i)
        except BaseException as exc:  # reported by the main thread
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return errors


@pytest.mark.django_db(transaction=True)
def test_concurrent_issuers_get_distinct_numbers(world, personas, test_kind):
    holders = [make_user(f"holder{i}") for i in range(ISSUERS)]
    errors = _race(lambda i: issue(world, personas, holder=holders[i]), ISSUERS)
    assert errors == []
    numbers = sorted(Certificate.objects.values_list("number", flat=True))
    assert len(set(numbers)) == ISSUERS
    assert [int(n.rsplit("-", 1)[1]) for n in numbers] == list(range(1, ISSUERS + 1))
    assert NumberCounter.objects.get().last == ISSUERS


@pytest.mark.django_db(transaction=True)
def test_the_same_source_issued_at_once_is_certified_once(world, personas, test_kind):
    source = world["centers"]["civility"]
    got: list[int] = []
    errors = _race(lambda i: got.append(issue(world, personas, source=source).pk), 6)
    assert errors == []
    assert Certificate.objects.count() == 1 and set(got) == {Certificate.objects.get().pk}
    # the losers' numbers were rolled back with them: the next one follows without a gap
    assert issue(world, personas).number.endswith("-000002")
