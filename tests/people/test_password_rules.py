import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from threecenters.core.models import User


@pytest.mark.parametrize("password", ["Ab1-", "abcdefgh1", "ABCDEFGH12", "abcdEFGHij"])
def test_short_or_simple_passwords_are_refused(password):
    with pytest.raises(ValidationError):
        validate_password(password, User(username="x-person"))


def test_three_classes_of_eight_characters_pass():
    validate_password("Qiao-tou2026", User(username="x-person"))


def test_a_password_containing_the_mobile_is_refused():
    with pytest.raises(ValidationError) as exc:
        validate_password("Aa-13912345678", User(username="x-person", mobile="13912345678"))
    assert "手机号" in " ".join(exc.value.messages)
