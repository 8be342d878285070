"""Background tasks are retried; every failed attempt is visible to staff."""

from __future__ import annotations

import pytest

from threecenters.core.models import TaskFailure
from threecenters.core.tasks import durable_task

CALLS: list[int] = []


@durable_task(max_attempts=3)
def flaky(succeed_on: int) -> str:
    CALLS.append(1)
    if len(CALLS) < succeed_on:
        raise RuntimeError(f"attempt {len(CALLS)} failed")
    return "done"


@pytest.fixture(autouse=True)
def _reset():
    CALLS.clear()


@pytest.mark.django_db
def test_a_failing_task_is_retried_until_it_succeeds():
    flaky.enqueue(2)
    assert len(CALLS) == 2
    failure = TaskFailure.objects.get()
    assert failure.attempt == 1 and failure.will_retry and "attempt 1 failed" in failure.error


@pytest.mark.django_db
def test_a_task_that_keeps_failing_is_given_up_after_the_limit():
    flaky.enqueue(99)
    assert len(CALLS) == 3
    attempts = list(TaskFailure.objects.order_by("attempt").values_list("attempt", "will_retry"))
    assert attempts == [(1, True), (2, True), (3, False)]


@pytest.mark.django_db
def test_staff_see_failed_tasks(client_for):
    flaky.enqueue(99)
    page = client_for("admin").get("/staff/tasks/").content.decode()
    assert "attempt 3 failed" in page
    assert client_for("resident").get("/staff/tasks/").status_code == 403


@pytest.mark.django_db(transaction=True)
def test_the_database_queue_defers_retries(settings):
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }
    from django.core.management import call_command
    from django_tasks_db.models import DBTaskResult

    flaky.enqueue(2)
    call_command("db_worker", batch=True, verbosity=0)
    assert len(CALLS) == 1
    retry = DBTaskResult.objects.filter(status="READY").get()
    assert retry.run_after is not None
    assert retry.args_kwargs["kwargs"]["_tc_attempt"] == 2
