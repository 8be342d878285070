"""Background tasks with retries.

``durable_task`` wraps django-tasks: an attempt that raises is recorded as a ``TaskFailure``
(visible to staff under 工作台 → 后台任务) and, until ``TASK_MAX_ATTEMPTS`` is reached, enqueued
again — deferred with back-off on the database queue, at once on backends that cannot defer.
"""

from __future__ import annotations

import functools
import logging
import traceback
from collections.abc import Callable
from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django_tasks import task

from threecenters.core.models import TaskFailure

logger = logging.getLogger(__name__)
ATTEMPT_KWARG = "_tc_attempt"


def durable_task(func: Callable | None = None, *, max_attempts: int | None = None, **task_options):
    def decorate(fn: Callable):
        @functools.wraps(fn)
        def runner(*args, **kwargs):
            attempt = int(kwargs.pop(ATTEMPT_KWARG, 1))
            limit = max_attempts or settings.TASK_MAX_ATTEMPTS
            try:
                return fn(*args, **kwargs)
            except Exception as exc:
                will_retry = attempt < limit
                TaskFailure.objects.create(
                    task_name=f"{fn.__module__}.{fn.__qualname__}",
                    attempt=attempt,
                    will_retry=will_retry,
                    error=f"{type(exc).__name__}: {exc}"[:500],
                    traceback="".join(traceback.format_exception(exc))[-10000:],
                )
                logger.warning("task %s failed (attempt %s of %s)", fn.__qualname__, attempt, limit)
                if will_retry:
                    _retry(wrapped, attempt, args, kwargs)
                raise

        wrapped = task(**task_options)(runner)
        return wrapped

    return decorate(func) if func is not None else decorate


def _retry(wrapped, attempt: int, args, kwargs) -> None:
    kwargs = {**kwargs, ATTEMPT_KWARG: attempt + 1}
    if wrapped.get_backend().supports_defer:
        delay = timedelta(seconds=30 * 2 ** (attempt - 1))
        wrapped.using(run_after=timezone.now() + delay).enqueue(*args, **kwargs)
    else:
        wrapped.enqueue(*args, **kwargs)
