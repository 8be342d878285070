"""Staff forms: a choice left empty (or out of the person's scope) is a field error on the form
that keeps what was typed, never a 403 page; empty choices read 请选择…, not dashes."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from threecenters.core.models import AuditEntry
from threecenters.events.forms import DT_FORMAT
from threecenters.events.models import Event

pytestmark = pytest.mark.django_db


def _event_form(world, **changes):
    start = timezone.localtime(timezone.now() + timedelta(days=5))
    data = {
        "center": world["centers"]["civility"].pk,
        "kind": "other",
        "title": "邻里茶话会·手写的标题",
        "description": "大家来聊聊",
        "community": "",
        "venue": "大井社区党群服务中心",
        "starts_at": start.strftime(DT_FORMAT),
        "ends_at": (start + timedelta(hours=2)).strftime(DT_FORMAT),
        "capacity": 20,
        "waitlist_enabled": "on",
        "eligibility": "everyone",
        "companions_allowed": 0,
    }
    data.update(changes)
    return data


def test_a_community_worker_leaving_the_community_empty_gets_a_field_error(world, client_for):
    response = client_for("worker_dajing").post("/staff/events/new/", _event_form(world))
    assert response.status_code == 200
    page = response.content.decode()
    assert "请选择您负责的社区。" in page
    assert "邻里茶话会·手写的标题" in page  # what was typed is kept
    assert not Event.objects.exists()
    assert AuditEntry.objects.filter(action="permission.denied").exists()


def test_a_community_outside_the_workers_scope_is_a_field_error_too(world, client_for):
    data = _event_form(world, community=world["communities"]["jiaolong"].pk)
    response = client_for("worker_dajing").post("/staff/events/new/", data)
    assert response.status_code == 200
    # the form offers only the worker's own communities; another one is refused on its field
    form = response.context["form"]
    assert "community" in form.errors
    assert "邻里茶话会·手写的标题" in response.content.decode()
    assert not Event.objects.exists()


def test_with_the_community_chosen_the_same_form_saves(world, client_for):
    data = _event_form(world, community=world["communities"]["dajing"].pk)
    response = client_for("worker_dajing").post("/staff/events/new/", data)
    assert response.status_code == 302
    assert Event.objects.get().title == "邻里茶话会·手写的标题"


@pytest.mark.parametrize(
    "url",
    ["/staff/events/new/", "/staff/news/new/", "/cases/staff/new/", "/staff/organisations/new/"],
)
def test_empty_choices_read_please_choose(client_for, url):
    page = client_for("admin").get(url).content.decode()
    assert "---------" not in page
    assert "请选择…" in page


def test_empty_choices_in_english(client_for):
    client = client_for("admin")
    client.cookies["tc_lang"] = "en"
    page = client.get("/staff/events/new/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "---------" not in page and "Choose…" in page
