"""The board and the queue are kept whole per viewer: a repeat view is one cache read, with the
requester's own CSRF token put in; flash messages, role changes, another language or another
release render the page afresh."""

import re

import pytest
from django.contrib import messages
from django.contrib.messages.storage.cookie import CookieStorage
from django.db import connection
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext

from threecenters.core import pagecache
from threecenters.core.models import RoleAssignment

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture
def renders(monkeypatch):
    """The whole pages rendered (not served from the cache) during the test."""
    seen: list[str] = []
    real = pagecache.render_to_string

    def counting(template_name, context=None, request=None):
        seen.append(template_name)
        return real(template_name, context, request)

    monkeypatch.setattr(pagecache, "render_to_string", counting)
    return seen


def test_a_repeat_view_is_the_cached_page_with_the_requests_own_csrf_token(
    personas, client_for, renders
):
    staff = client_for("governance_staff")
    first = staff.get("/staff/proposals/").content.decode()
    second = staff.get("/staff/proposals/").content.decode()
    assert renders == ["proposals/board.html"]
    one, two = TOKEN.search(first).group(1), TOKEN.search(second).group(1)
    assert one != two  # masked afresh for each response, never a token shared through the cache
    assert first.replace(one, "") == second.replace(two, "")


def test_the_token_in_a_cached_page_signs_the_form(personas, renders):
    client = Client(enforce_csrf_checks=True)
    client.force_login(personas["governance_staff"])
    client.get("/staff/proposals/")
    cached = client.get("/staff/proposals/").content.decode()
    assert renders == ["proposals/board.html"]
    forged = client.post("/accounts/signout/", {"csrfmiddlewaretoken": "x" * 64})
    assert forged.status_code == 403
    token = TOKEN.search(cached).group(1)
    assert client.post("/accounts/signout/", {"csrfmiddlewaretoken": token}).status_code == 302
    assert client.get("/staff/proposals/").status_code == 302  # signed out: to the sign-in page


def test_each_viewer_has_their_own_page(personas, world, client_for, renders):
    staff = client_for("governance_staff")
    staff.get("/staff/proposals/")
    expert = client_for("expert")
    expert.get("/proposals/queue/")
    expert.get("/proposals/queue/")
    assert renders == ["proposals/board.html", "proposals/queue.html"]
    # the same person's navigation follows a new role at once
    RoleAssignment.objects.create(
        user=personas["governance_staff"],
        role=RoleAssignment.Role.EXPERT,
        area=world["subdistrict"],
    )
    html = staff.get("/staff/proposals/").content.decode()
    assert 'href="/proposals/queue/"' in html
    assert renders[-1] == "proposals/board.html" and len(renders) == 3


def test_a_page_with_a_message_to_show_is_rendered_fresh(personas, client_for, renders):
    staff = client_for("governance_staff")
    staff.get("/staff/proposals/")
    storage = CookieStorage(RequestFactory().get("/"))
    storage.add(messages.SUCCESS, "已保存草稿")
    response = HttpResponse()
    storage.update(response)
    staff.cookies["messages"] = response.cookies["messages"].value
    shown = staff.get("/staff/proposals/").content.decode()
    assert "已保存草稿" in shown
    assert "已保存草稿" not in staff.get("/staff/proposals/").content.decode()  # shown once
    assert renders == ["proposals/board.html"] * 2


def test_languages_addresses_and_releases_are_kept_apart(personas, client_for, renders):
    staff = client_for("governance_staff")
    staff.get("/staff/proposals/")
    staff.get("/staff/proposals/?state=decided")
    staff.cookies.load({"tc_lang": "en"})
    assert "Proposal review board" in staff.get("/staff/proposals/").content.decode()
    assert len(renders) == 3
    pagecache._code_version[:] = ["a-new-release"]  # a deploy: new templates or static files
    try:
        staff.get("/staff/proposals/")
    finally:
        pagecache._code_version.clear()
    assert len(renders) == 4


def test_the_code_version_follows_the_templates(tmp_path, monkeypatch):
    pagecache._code_version.clear()
    first = pagecache.code_version()
    assert pagecache.code_version() == first  # read once per process
    pagecache._code_version.clear()
    assert pagecache.code_version() == first  # the same files, the same digest
    template = next((pagecache.Path(pagecache.__file__).parent / "templates").glob("**/*.html"))
    real = pagecache.Path.read_bytes

    def changed(path):
        data = real(path)
        return data + b"<!-- changed -->" if path == template else data

    monkeypatch.setattr(pagecache.Path, "read_bytes", changed)
    pagecache._code_version.clear()
    try:
        assert pagecache.code_version() != first
    finally:
        pagecache._code_version.clear()


def test_a_repeat_view_reads_the_cache_once(personas, client_for):
    """The viewer's roles (for the permission check) and the kept page come in one read."""
    staff = client_for("governance_staff")
    staff.get("/staff/proposals/")
    with CaptureQueriesContext(connection) as repeat:
        assert staff.get("/staff/proposals/").status_code == 200
    reads = [q["sql"] for q in repeat.captured_queries if "threecenters_cache" in q["sql"]]
    assert len(reads) == 1, reads


def test_what_was_prefetched_is_not_used_after_a_change_or_in_the_next_request(personas):
    from django.core.signals import request_started

    from threecenters.core import roles

    user = personas["governance_staff"]
    pagecache.prefetch(roles.cache_call(user))
    assert pagecache._prefetched.found is not None
    pagecache.data_changed("roles")
    assert pagecache._prefetched.found is None
    pagecache.prefetch(roles.cache_call(user))
    request_started.send(sender=None)
    assert pagecache._prefetched.found is None
