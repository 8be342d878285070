"""Password reset, registration and SMS code sign-in answer the same way whether or not a number
has an account: the same statuses and texts in the same order, down to "too many wrong codes"
(before, the 6th wrong code said 验证码错误次数太多 for a registered number and 验证码不正确
otherwise, and registration the reverse)."""

import re

import pytest
from django.test import Client

from tests.people.conftest import sent_texts

REGISTERED = "13912345678"
UNREGISTERED = "13700000000"
TRIES = 7  # past THREECENTERS_SMS_CODE_ATTEMPTS (5): wrong … wrong, too many


def _answer(response) -> tuple[int, list[str]]:
    """The status and every text shown to the person (errors and messages), nothing else."""
    page = response.content.decode()
    texts = re.findall(r'<(?:p class="error" role="alert"|li class="msg[^"]*"|li)>([^<]+)<', page)
    return response.status_code, [t.strip() for t in texts if t.strip()]


def _sequence(url: str, mobile: str, address: str, extra: dict) -> list:
    """Ask for a code, then try wrong codes; a different client address per number keeps one
    number's failures from counting against the other's (the per-address lock)."""
    client = Client(REMOTE_ADDR=address)
    answers = [_answer(client.post(url, {"mobile": mobile, "send": "1", **extra}, follow=True))]
    for _ in range(TRIES):
        answers.append(
            _answer(client.post(url, {"mobile": mobile, "code": "000000", **extra}, follow=True))
        )
    return answers


def _assert_same(url: str, extra: dict) -> list:
    known = _sequence(url, REGISTERED, "10.30.0.1", extra)
    unknown = _sequence(url, UNREGISTERED, "10.30.0.2", extra)
    assert known == unknown
    return known


@pytest.mark.django_db
def test_password_reset_answers_the_same_for_a_registered_and_an_unregistered_number(
    resident_with_mobile,
):
    answers = _assert_same(
        "/accounts/reset/", {"password1": "New-Pass-2026", "password2": "New-Pass-2026"}
    )
    texts = [t for _status, shown in answers for t in shown]
    assert any("验证码不正确" in t for t in texts)
    assert any("次数太多" in t for t in texts)


@pytest.mark.django_db
def test_registration_answers_the_same_for_a_registered_and_an_unregistered_number(
    resident_with_mobile, world
):
    answers = _assert_same(
        "/accounts/register/",
        {
            "display_name": "王五",
            "community": world["communities"]["dajing"].pk,
            "password1": "New-Pass-2026",
            "password2": "New-Pass-2026",
            "consent": "on",
        },
    )
    assert any("次数太多" in t for _status, shown in answers for t in shown)
    # the registered number got a hint, the new one a code: neither answer said which
    assert len(sent_texts()) == 2


@pytest.mark.django_db
def test_sms_code_sign_in_answers_the_same_for_a_registered_and_an_unregistered_number(
    resident_with_mobile,
):
    answers = _assert_same("/accounts/signin/code/", {})
    assert answers[-1][0] == 429  # locked after the configured failures, for both
