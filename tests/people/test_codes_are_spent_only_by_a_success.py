"""An SMS code is spent only by the submission that succeeds: a form refused for any other
field leaves it usable (until its expiry or its tries run out), and a wrong code still counts
towards the tries."""

import pytest
from django.conf import settings
from django.test import Client

from tests.people.conftest import last_code
from threecenters.core.models import User
from threecenters.people import services
from threecenters.people.models import SmsCode
from threecenters.people.services import Refused

MOBILE = "13611112222"


def _register_data(world, code, **extra):
    data = {
        "mobile": MOBILE,
        "code": code,
        "display_name": "黄新居",
        "community": world["communities"]["jiaolong"].pk,
        "password1": "Qiao-Tou-2026",
        "password2": "Qiao-Tou-2026",
        "consent": "on",
        "register": "1",
    }
    data.update(extra)
    return data


def _code_row(mobile=MOBILE, purpose=SmsCode.Purpose.REGISTER) -> SmsCode:
    return SmsCode.objects.filter(mobile=mobile, purpose=purpose).latest("id")


@pytest.mark.django_db
def test_a_refused_write_leaves_the_code_usable():
    services.sms_code_send(mobile=MOBILE, purpose=SmsCode.Purpose.REGISTER, ip="10.0.0.1")
    code = last_code()

    def refuse():
        raise Refused("no", field="password1")

    with pytest.raises(Refused):
        services.sms_code_verify(mobile=MOBILE, purpose="register", code=code, then=refuse)
    assert _code_row().used_at is None
    assert (
        services.sms_code_verify(mobile=MOBILE, purpose="register", code=code, then=lambda: 7) == 7
    )
    assert _code_row().used_at is not None


@pytest.mark.django_db
@pytest.mark.parametrize(
    "bad",
    [
        {"password1": "abcdefgh", "password2": "abcdefgh"},  # the password rules
        {"password1": f"Aa-{MOBILE}", "password2": f"Aa-{MOBILE}"},  # contains the number
        {"password2": "Something-Else-1"},  # the two do not match
        {"display_name": "长" * 41},
        {"display_name": ""},
        {"community": ""},
        {"consent": ""},
        {"password1": "", "password2": ""},
    ],
)
def test_registration_refused_for_another_field_keeps_the_code(world, bad):
    client = Client()
    client.post("/accounts/register/", {"mobile": MOBILE, "send": "1"})
    code = last_code()
    refused = client.post("/accounts/register/", _register_data(world, code, **bad))
    assert refused.status_code == 200
    assert not User.objects.filter(mobile=MOBILE).exists()
    row = _code_row()
    assert row.used_at is None and row.attempts == 0
    fixed = client.post("/accounts/register/", _register_data(world, code))
    assert fixed.status_code == 302
    assert User.objects.filter(mobile=MOBILE).exists()
    assert _code_row().used_at is not None


@pytest.mark.django_db
def test_a_number_taken_meanwhile_does_not_spend_the_code(world, resident_with_mobile):
    # the code was sent while the number was free; someone registered it before the submit
    services.sms_code_send(mobile=MOBILE, purpose=SmsCode.Purpose.REGISTER, ip="10.0.0.1")
    code = last_code()
    User.objects.create(username="r-taken", mobile=MOBILE)
    response = Client().post("/accounts/register/", _register_data(world, code))
    assert "已注册" in response.content.decode()
    assert _code_row().used_at is None


@pytest.mark.django_db
def test_a_wrong_code_still_counts_towards_the_tries(world):
    client = Client()
    client.post("/accounts/register/", {"mobile": MOBILE, "send": "1"})
    code = last_code()
    wrong = "000000" if code != "000000" else "111111"
    for _ in range(settings.SMS_CODE_ATTEMPTS):
        response = client.post("/accounts/register/", _register_data(world, wrong))
        assert "验证码不正确" in response.content.decode()
    assert _code_row().attempts == settings.SMS_CODE_ATTEMPTS
    response = client.post("/accounts/register/", _register_data(world, code))
    assert "错误次数太多" in response.content.decode()
    assert not User.objects.filter(mobile=MOBILE).exists()


@pytest.mark.django_db
def test_a_reset_refused_for_its_password_keeps_the_code(resident_with_mobile):
    mobile = resident_with_mobile.mobile
    client = Client()
    client.post("/accounts/reset/", {"mobile": mobile, "send": "1"})
    code = last_code()
    for bad in [
        {"password1": "abcdefgh", "password2": "abcdefgh"},
        {"password1": "New-Pass-2026", "password2": "New-Pass-2027"},
        {"password1": "", "password2": ""},
    ]:
        data = {"mobile": mobile, "code": code, "reset": "1", **bad}
        assert client.post("/accounts/reset/", data).status_code == 200
        row = _code_row(mobile, SmsCode.Purpose.RESET)
        assert row.used_at is None and row.attempts == 0
    data = {"mobile": mobile, "code": code, "password1": "New-Pass-2026"}
    response = client.post("/accounts/reset/", {**data, "password2": "New-Pass-2026", "reset": "1"})
    assert response.status_code == 302
    assert _code_row(mobile, SmsCode.Purpose.RESET).used_at is not None
    resident_with_mobile.refresh_from_db()
    assert resident_with_mobile.check_password("New-Pass-2026")


@pytest.mark.django_db
def test_a_code_sign_in_refused_before_the_code_keeps_it(resident_with_mobile, monkeypatch):
    mobile = resident_with_mobile.mobile
    client = Client()
    client.post("/accounts/signin/code/", {"mobile": mobile, "send": "1"})
    code = last_code()
    # a locked address is refused before the code is looked at
    monkeypatch.setattr(services, "signin_locked", lambda **kw: "address")
    locked = client.post("/accounts/signin/code/", {"mobile": mobile, "code": code})
    assert locked.status_code == 429
    assert _code_row(mobile, SmsCode.Purpose.SIGNIN).used_at is None
    monkeypatch.undo()
    response = client.post("/accounts/signin/code/", {"mobile": mobile, "code": code})
    assert response.status_code == 302
    assert _code_row(mobile, SmsCode.Purpose.SIGNIN).used_at is not None


@pytest.mark.django_db
def test_a_code_sign_in_with_a_wrong_code_counts_a_try(resident_with_mobile):
    mobile = resident_with_mobile.mobile
    client = Client()
    client.post("/accounts/signin/code/", {"mobile": mobile, "send": "1"})
    code = last_code()
    wrong = "000000" if code != "000000" else "111111"
    client.post("/accounts/signin/code/", {"mobile": mobile, "code": wrong})
    row = _code_row(mobile, SmsCode.Purpose.SIGNIN)
    assert row.attempts == 1 and row.used_at is None


@pytest.mark.django_db
def test_the_password_rules_are_shown_before_typing_and_the_send_button_sits_by_the_code():
    page = Client().get("/accounts/register/").content.decode()
    assert 'aria-describedby="id_password1_helptext"' in page
    assert 'id="id_password1_helptext"' in page
    assert "至少 8 个字符" in page
    row = page.split('class="code-row"', 1)[1].split("</div>", 1)[0]
    assert 'name="code"' in row and 'name="send"' in row
    # Enter in a field registers; it does not send another code
    form = page.split('<form method="post" class="form narrow"', 1)[1]
    first_button = form.split("<button", 1)[1].split(">", 1)[0]
    assert 'name="register"' in first_button
