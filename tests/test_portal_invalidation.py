"""One way cached public pages are retired: every write a service makes of a record they show
(``QuerySet.update()`` and ``bulk_create`` included) and every save or delete outside a service
moves the portal version after commit; writes of other records, or of columns public pages do
not show, leave the cached pages alone. And a release with other Python code keys its pages
apart."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.events.helpers import published_event
from threecenters.core import pagecache
from threecenters.core.kit import service
from threecenters.core.models import Article
from threecenters.events import services as event_services
from threecenters.events.models import Event

pytestmark = pytest.mark.django_db


@service
def _retitle(*, pk: int, title: str) -> int:
    return Article.objects.filter(pk=pk).update(title=title)


@service
def _publish_many(*, subdistrict, titles: list[str]) -> None:
    now = timezone.now()
    Article.objects.bulk_create(
        Article(
            subdistrict=subdistrict,
            title=t,
            body="x",
            status=Article.Status.PUBLISHED,
            published_at=now,
        )
        for t in titles
    )


@pytest.fixture
def article(world):
    return Article.objects.create(
        subdistrict=world["subdistrict"],
        title="旧标题的新闻",
        body="x",
        status=Article.Status.PUBLISHED,
        published_at=timezone.now(),
    )


def test_an_update_in_a_service_retires_the_cached_page(
    article, django_capture_on_commit_callbacks
):
    client = Client()
    assert "旧标题的新闻" in client.get("/news/").content.decode()
    assert "旧标题的新闻" in client.get("/news/").content.decode()  # served from the cache
    with django_capture_on_commit_callbacks(execute=True):
        assert _retitle(pk=article.pk, title="改过标题的新闻") == 1
    page = client.get("/news/").content.decode()
    assert "改过标题的新闻" in page and "旧标题的新闻" not in page


def test_a_bulk_create_in_a_service_retires_the_cached_page(
    world, django_capture_on_commit_callbacks
):
    client = Client()
    assert "批量发布的新闻" not in client.get("/news/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        _publish_many(subdistrict=world["subdistrict"], titles=["批量发布的新闻", "第二条"])
    assert "批量发布的新闻" in client.get("/news/").content.decode()


def test_nothing_is_retired_before_commit_or_by_a_rolled_back_service(article):
    before = pagecache.portal_version()

    @service
    def refused():
        Article.objects.filter(pk=article.pk).update(title="不会保存")
        raise RuntimeError("refused")

    with pytest.raises(RuntimeError):
        refused()
    _retitle(pk=article.pk, title="尚未提交")  # the test's transaction never commits
    assert pagecache.portal_version() == before


def test_a_seat_taken_leaves_public_pages_alone_a_status_change_does_not(
    world, personas, django_capture_on_commit_callbacks
):
    event = published_event(world, personas)
    before = pagecache.portal_version()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pagecache.watch_writes():  # the seat counter's UPDATE, seen by the watch
            reg, _created = event_services.registration_create(
                event=event, person=personas["resident"]
            )
        assert Event.objects.get(pk=event.pk).taken == 1
        event_services.registration_cancel(registration=reg, actor=personas["resident"])
        assert Event.objects.get(pk=event.pk).taken == 0
    assert pagecache.portal_version() == before, callbacks
    with django_capture_on_commit_callbacks(execute=True):
        event_services.event_cancel(actor=personas["civility_staff"], event=event, reason="下雨")
    assert pagecache.portal_version() > before


def test_the_watch_reads_the_statements_django_writes(article):
    pagecache.shown_publicly(Event, columns=("status",))
    with CaptureQueriesContext(connection) as queries:
        Article.objects.filter(pk=article.pk).update(title="x")
        Event.objects.filter(pk=0).update(taken=1)
        Event.objects.filter(pk=0).update(status=Event.Status.CANCELLED)
        Article.objects.filter(pk=0).delete()
        list(Article.objects.all())
    touched = [pagecache.touches_public(q["sql"]) for q in queries.captured_queries]
    assert touched[:3] == [True, False, True]
    assert touched[-1] is False  # a read


def test_the_code_version_follows_the_python_code_and_the_templates(monkeypatch):
    pagecache._code_version.clear()
    first = pagecache.code_version()
    assert pagecache.code_version() == first  # read once per process
    pagecache._code_version.clear()
    assert pagecache.code_version() == first  # the same files, the same digest
    package = pagecache.Path(pagecache.__file__).resolve().parent.parent
    template = next((package / "core" / "templates").glob("**/*.html"))
    module = package / "events" / "rules.py"
    real = pagecache.Path.read_bytes
    seen = []
    try:
        for changed_file in (template, module):

            def changed(path, changed_file=changed_file):
                data = real(path)
                return data + b"\n# changed\n" if path == changed_file else data

            monkeypatch.setattr(pagecache.Path, "read_bytes", changed)
            pagecache._code_version.clear()
            seen.append(pagecache.code_version())
    finally:
        pagecache._code_version.clear()
    assert first not in seen and seen[0] != seen[1]
