import pytest
from django.test import Client

from tests.conftest import PASSWORD


@pytest.mark.django_db
def test_a_resident_signs_in_with_the_mobile_number(resident_with_mobile):
    client = Client()
    response = client.post("/accounts/signin/", {"username": "13912345678", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/api/v1/me").status_code == 200


@pytest.mark.django_db
def test_staff_sign_in_with_the_user_name(personas):
    client = Client()
    response = client.post("/accounts/signin/", {"username": "worker_dajing", "password": PASSWORD})
    assert response.status_code == 302


@pytest.mark.django_db
def test_a_wrong_password_and_an_unknown_account_get_the_same_answer(personas):
    wrong = Client().post("/accounts/signin/", {"username": "worker_dajing", "password": "x"})
    unknown = Client().post("/accounts/signin/", {"username": "nobody-here", "password": "x"})
    assert wrong.status_code == unknown.status_code == 200
    assert "账号或密码不正确" in wrong.content.decode()
    assert "账号或密码不正确" in unknown.content.decode()


@pytest.mark.django_db
def test_the_sign_in_page_only_redirects_to_this_site(personas):
    response = Client().post(
        "/accounts/signin/",
        {"username": "worker_dajing", "password": PASSWORD, "next": "https://evil.example/"},
    )
    assert response["Location"] == "/"
