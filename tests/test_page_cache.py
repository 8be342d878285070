"""Public pages are cached for signed-out visitors and retired the moment a record changes."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from threecenters.core import services
from threecenters.core.models import Article


@pytest.mark.django_db
def test_a_cached_page_is_served_without_rendering_queries(world):
    client = Client()
    first = client.get("/").content
    with CaptureQueriesContext(connection) as ctx:
        second = client.get("/").content
    assert second == first
    # Only the cache look-ups (the version and the page) touch the database.
    assert all("threecenters_cache" in q["sql"] for q in ctx.captured_queries), ctx.captured_queries


@pytest.mark.django_db
def test_publishing_news_retires_cached_pages(world, personas, django_capture_on_commit_callbacks):
    client = Client()
    assert "新发布的新闻" not in client.get("/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        services.article_create(
            actor=personas["admin"],
            subdistrict=world["subdistrict"],
            title="新发布的新闻",
            body="x",
            publish=True,
        )
    assert "新发布的新闻" in client.get("/").content.decode()


@pytest.mark.django_db
def test_languages_and_the_elder_view_are_cached_apart(world):
    zh = Client().get("/").content.decode()
    en = Client(HTTP_ACCEPT_LANGUAGE="en").get("/").content.decode()
    elder_client = Client()
    elder_client.cookies["tc_elder"] = "1"
    elder = elder_client.get("/").content.decode()
    assert "我要办事" in zh and "What you can do" in en
    assert 'class="elder"' in elder and 'class="elder"' not in zh


@pytest.mark.django_db
def test_signed_in_people_get_fresh_pages(world, personas, client_for):
    Client().get("/news/")
    Article.objects.create(
        subdistrict=world["subdistrict"],
        title="只给登录者看的新鲜新闻",
        body="x",
        status=Article.Status.PUBLISHED,
        published_at=timezone.now(),
    )
    assert "只给登录者看的新鲜新闻" in client_for("resident").get("/news/").content.decode()


@pytest.mark.django_db
def test_public_pages_hold_no_csrf_token(world):
    page = Client().get("/").content.decode()
    assert "csrfmiddlewaretoken" not in page


@pytest.mark.django_db
def test_a_new_release_does_not_serve_the_previous_releases_public_pages(world):
    from threecenters.core import pagecache

    client = Client()
    client.get("/")
    pagecache._code_version[:] = ["a-new-release"]  # a deploy: new templates or static files
    try:
        with CaptureQueriesContext(connection) as fresh:
            client.get("/")
    finally:
        pagecache._code_version.clear()
    # rendered again: the page's own queries ran, not only the cache look-ups
    assert any("threecenters_cache" not in q["sql"] for q in fresh.captured_queries)
