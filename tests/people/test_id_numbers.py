import pytest
from cryptography.fernet import Fernet

from tests.people.conftest import id_number
from threecenters.people import crypto, services
from threecenters.people.models import ResidentProfile

GOOD = id_number("51012219900101123")


def test_the_check_digit_is_validated():
    assert crypto.id_number_valid(GOOD)
    wrong = GOOD[:17] + ("0" if GOOD[17] != "0" else "1")
    assert not crypto.id_number_valid(wrong)
    assert not crypto.id_number_valid("51012219900101")
    assert crypto.id_number_valid("11010519491231002X")


@pytest.mark.django_db
def test_a_bad_checksum_gets_a_clear_message_and_changes_nothing(personas, client_for):
    wrong = GOOD[:17] + ("0" if GOOD[17] != "0" else "1")
    response = client_for("resident").post("/me/", {"display_name": "褚居民", "id_number": wrong})
    assert "校验码" in response.content.decode()
    assert not ResidentProfile.objects.filter(id_hash__isnull=False).exists()


@pytest.mark.django_db
def test_the_number_is_stored_encrypted_with_a_keyed_hash(personas):
    services.profile_update(
        actor=personas["resident"],
        user=personas["resident"],
        display_name="褚居民",
        community=None,
        address="",
        id_number=GOOD,
    )
    profile = ResidentProfile.objects.get(user=personas["resident"])
    assert GOOD not in profile.id_cipher and GOOD not in profile.id_hash
    assert crypto.decrypt(profile.id_cipher) == GOOD
    assert profile.id_masked == "510122********" + GOOD[-4:]


@pytest.mark.django_db
def test_keys_rotate(personas, settings):
    services.profile_update(
        actor=personas["resident"],
        user=personas["resident"],
        display_name="褚居民",
        community=None,
        address="",
        id_number=GOOD,
    )
    old = settings.ID_KEYS[0]
    new = Fernet.generate_key().decode()
    settings.ID_KEYS = [new, old]
    assert services.id_keys_rotate() == 1
    settings.ID_KEYS = [new]
    profile = ResidentProfile.objects.get(user=personas["resident"])
    assert crypto.decrypt(profile.id_cipher) == GOOD
