import pytest

from threecenters.cli import main
from threecenters.core.models import RoleAssignment, User


@pytest.mark.django_db
def test_it_creates_a_community_worker_with_a_mobile(world, capsys):
    assert (
        main(
            [
                "user",
                "create",
                "wang-gz",
                "--role",
                "community_worker",
                "--community",
                "jiaolong",
                "--mobile",
                "13566667777",
            ]
        )
        == 0
    )
    user = User.objects.get(username="wang-gz")
    assert user.mobile == "13566667777" and user.has_usable_password()
    assert RoleAssignment.objects.filter(
        user=user, role="community_worker", area__slug="jiaolong"
    ).exists()
    assert "initial password" in capsys.readouterr().out


@pytest.mark.django_db
def test_it_refuses_a_malformed_mobile_and_changes_nothing(world, capsys):
    assert (
        main(
            [
                "user",
                "create",
                "li",
                "--role",
                "resident",
                "--community",
                "jiaolong",
                "--mobile",
                "12345",
            ]
        )
        == 1
    )
    assert "11 位" in capsys.readouterr().err
    assert not User.objects.filter(username="li").exists()


@pytest.mark.django_db
def test_it_refuses_an_unknown_community(world, capsys):
    assert main(["user", "create", "li", "--role", "resident", "--community", "nowhere"]) == 1
    assert not User.objects.filter(username="li").exists()


@pytest.mark.django_db
def test_it_refuses_a_login_that_exists(world, personas, capsys):
    assert main(["user", "create", "resident", "--role", "resident", "--community", "dajing"]) == 1
