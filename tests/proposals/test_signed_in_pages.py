"""Signed-in work lists are rendered per request with a fixed, pinned number of queries: a
query added per row, or a join lost, fails here. The navigation follows a new role at once,
the page's CSRF token signs its forms, and a flash message is shown once."""

import re

import pytest
from django.contrib import messages
from django.contrib.messages.storage.cookie import CookieStorage
from django.http import HttpResponse
from django.test import Client, RequestFactory

from tests.proposals.fixtures import FULL
from threecenters.core.models import RoleAssignment
from threecenters.proposals import services

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')

# page -> (who, queries of one view however many rows it shows)
PINNED = {
    "/staff/proposals/": ("governance_staff", 5),
    "/proposals/queue/": ("expert", 4),
    "/proposals/mine/": ("worker_dajing", 4),
}


def _fill(personas, world, n):
    for i in range(n):
        p = services.proposal_save(
            actor=personas["worker_dajing"],
            community=world["communities"]["dajing"],
            **(FULL | {"title": f"提案{i}"}),
        )
        p = services.proposal_submit(actor=personas["worker_dajing"], proposal=p)
        services.expert_assign(
            actor=personas["governance_staff"], proposal=p, expert_user=personas["expert"]
        )


@pytest.mark.parametrize("url", list(PINNED))
def test_a_work_list_runs_its_pinned_queries(
    url, personas, world, client_for, django_assert_num_queries
):
    who, count = PINNED[url]
    client = client_for(who)
    _fill(personas, world, 2)
    client.get(url)
    with django_assert_num_queries(count):
        assert client.get(url).status_code == 200
    _fill(personas, world, 6)
    with django_assert_num_queries(count):
        html = client.get(url).content.decode()
    assert "提案5" in html


def test_the_navigation_follows_a_new_role_at_once(personas, world, client_for):
    staff = client_for("governance_staff")
    assert 'href="/proposals/queue/"' not in staff.get("/staff/proposals/").content.decode()
    RoleAssignment.objects.create(
        user=personas["governance_staff"],
        role=RoleAssignment.Role.EXPERT,
        area=world["subdistrict"],
    )
    assert 'href="/proposals/queue/"' in staff.get("/staff/proposals/").content.decode()


def test_each_response_has_its_own_token_and_it_signs_the_form(personas):
    client = Client(enforce_csrf_checks=True)
    client.force_login(personas["governance_staff"])
    first = client.get("/staff/proposals/").content.decode()
    second = client.get("/staff/proposals/").content.decode()
    one, two = TOKEN.search(first).group(1), TOKEN.search(second).group(1)
    assert one != two  # masked afresh for each response
    forged = client.post("/accounts/signout/", {"csrfmiddlewaretoken": "x" * 64})
    assert forged.status_code == 403
    assert client.post("/accounts/signout/", {"csrfmiddlewaretoken": two}).status_code == 302
    assert client.get("/staff/proposals/").status_code == 302  # signed out: to the sign-in page


def test_a_flash_message_is_shown_once(personas, client_for):
    staff = client_for("governance_staff")
    staff.get("/staff/proposals/")
    storage = CookieStorage(RequestFactory().get("/"))
    storage.add(messages.SUCCESS, "已保存草稿")
    response = HttpResponse()
    storage.update(response)
    staff.cookies["messages"] = response.cookies["messages"].value
    assert "已保存草稿" in staff.get("/staff/proposals/").content.decode()
    assert "已保存草稿" not in staff.get("/staff/proposals/").content.decode()
