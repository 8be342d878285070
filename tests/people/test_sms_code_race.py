"""Two requests racing with the same code: exactly one signs in (real threads, own connections)."""

import threading

import pytest
from django.db import connection

from tests.people.conftest import last_code
from threecenters.core.models import User
from threecenters.people import services
from threecenters.people.models import SmsCode


@pytest.mark.django_db(transaction=True)
def test_a_code_is_accepted_once_under_concurrency(personas):
    User.objects.filter(pk=personas["resident"].pk).update(mobile="13912345678")
    services.sms_code_send(mobile="13912345678", purpose=SmsCode.Purpose.SIGNIN, ip="10.0.0.1")
    code = last_code()
    results: list[str] = []
    barrier = threading.Barrier(4)

    def attempt():
        try:
            barrier.wait()
            services.sms_code_verify(mobile="13912345678", purpose="signin", code=code)
            results.append("ok")
        except services.Refused:
            results.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == ["ok", "refused", "refused", "refused"]


@pytest.mark.django_db(transaction=True)
def test_a_send_limit_holds_under_concurrency(settings):
    results: list[bool] = []
    barrier = threading.Barrier(6)

    def hit():
        try:
            barrier.wait()
            results.append(services.rate_hit(key="race", limit=3, window_seconds=3600))
        finally:
            connection.close()

    threads = [threading.Thread(target=hit) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results.count(True) == 3
