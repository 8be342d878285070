import pytest
from django.test import Client

from tests.people.conftest import id_number, last_code, sent_texts
from threecenters.core.models import RoleAssignment, User
from threecenters.people.models import Consent, ResidentProfile
from threecenters.people.services import Refused, profile_update

MOBILE = "13611112222"


def _register(client, world, **extra):
    client.post("/accounts/register/", {"mobile": MOBILE, "send": "1"})
    data = {
        "mobile": MOBILE,
        "code": last_code(),
        "display_name": "黄新居",
        "community": world["communities"]["jiaolong"].pk,
        "password1": "Qiao-Tou-2026",
        "password2": "Qiao-Tou-2026",
        "consent": "on",
        "register": "1",
    }
    data.update(extra)
    return client.post("/accounts/register/", data)


@pytest.mark.django_db
def test_a_resident_registers_with_consent_recorded(world):
    client = Client()
    response = _register(client, world, location_consent="on")
    assert response.status_code == 302
    user = User.objects.get(mobile=MOBILE)
    assert user.username != MOBILE
    assert RoleAssignment.objects.filter(user=user, role="resident").exists()
    kinds = set(Consent.objects.filter(user=user).values_list("kind", flat=True))
    assert kinds == {"privacy", "location"}
    assert Consent.objects.filter(user=user).first().notice.version


@pytest.mark.django_db
def test_registration_without_consent_changes_nothing(world):
    response = _register(Client(), world, consent="")
    assert "同意个人信息保护说明" in response.content.decode()
    assert not User.objects.filter(mobile=MOBILE).exists()


@pytest.mark.django_db
def test_a_weak_password_is_refused(world):
    response = _register(Client(), world, password1="abcdefgh", password2="abcdefgh")
    assert "至少三类" in response.content.decode()
    assert not User.objects.filter(mobile=MOBILE).exists()


@pytest.mark.django_db
def test_a_too_long_name_is_refused(world):
    response = _register(Client(), world, display_name="长" * 41)
    assert "40 个字符" in response.content.decode()
    assert not User.objects.filter(mobile=MOBILE).exists()


@pytest.mark.django_db
def test_a_registered_number_gets_a_hint_instead_of_a_code(resident_with_mobile):
    Client().post("/accounts/register/", {"mobile": "13912345678", "send": "1"})
    text = sent_texts()[-1]
    assert "已注册" in text and not any(ch.isdigit() for ch in text)


@pytest.mark.django_db
def test_a_second_account_with_the_same_id_number_is_told_to_claim_it(personas, world):
    number = id_number("51012219900101123")
    profile_update(
        actor=personas["resident"],
        user=personas["resident"],
        display_name="褚居民",
        community=world["communities"]["dajing"],
        address="",
        id_number=number,
    )
    client = Client()
    client.force_login(personas["volunteer"])
    response = client.post("/me/", {"display_name": "陈志愿", "address": "", "id_number": number})
    assert "认领" in response.content.decode()
    assert (
        ResidentProfile.objects.filter(user=personas["volunteer"], id_hash__isnull=False).count()
        == 0
    )
    with pytest.raises(Refused):
        profile_update(
            actor=personas["volunteer"],
            user=personas["volunteer"],
            display_name="陈志愿",
            community=None,
            address="",
            id_number=number,
        )
