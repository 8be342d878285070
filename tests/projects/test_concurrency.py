"""Two people completing the same milestone at once complete it once."""

import threading

import pytest
from django.db import OperationalError, connection
from django.utils import timezone

from threecenters.core.models import AuditEntry
from threecenters.projects import services as projects
from threecenters.projects.models import Milestone


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_completions_complete_once(project, personas):
    worker = personas["worker_jiaolong"]
    m = projects.milestone_add(
        actor=worker, project=project, title="验收", due_on=timezone.localdate()
    )
    barrier = threading.Barrier(2)
    errors: list[Exception] = []

    def click():
        try:
            barrier.wait()
            projects.milestone_complete(actor=worker, milestone=Milestone.objects.get(pk=m.pk))
        except Exception as exc:  # collected and asserted below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=click) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    m.refresh_from_db()
    assert m.done_at is not None and m.done_by_id == worker.pk
    assert AuditEntry.objects.filter(action="project.milestone_done").count() == 1
    # PostgreSQL: the second waits for the row lock and finds it done; SQLite may refuse the
    # second writer with a lock error instead
    assert all(isinstance(e, OperationalError) for e in errors), errors
