"""The home page, a center's page and a community's page as a service hall: what a resident can
do now (upcoming events with their free places, each center's entrances), the latest news first,
the center's phone and hours, a community's events, photo wall and calendar feed."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.conftest import ARTIFACTS
from tests.events.helpers import published_event
from tests.test_navigation_on_a_phone import MODES, OVERFLOW, PHONE_360, _cookies
from threecenters.core.models import Article
from threecenters.events.models import Photo

pytestmark = pytest.mark.django_db


@pytest.fixture
def hall(world, personas, settings):
    settings.PORTAL_CACHE_SECONDS = 0
    open_event = published_event(world, personas, title="邻里茶话会", capacity=10)
    full = published_event(world, personas, title="满员的插花课", capacity=1)
    full.taken = 1
    full.save(update_fields=["taken"])
    published_event(world, personas, title="还没发布的草稿", publish=False)
    incubator = published_event(
        world, personas, title="创业沙龙", center=world["centers"]["incubator"], community=None
    )
    return {"open": open_event, "full": full, "incubator": incubator}


def test_the_home_page_shows_what_a_resident_can_do_now(hall, world, client):
    page = client.get("/").content.decode()
    assert "邻里茶话会" in page and "还剩 10 个名额" in page
    assert "满员的插花课" in page and "名额已满，可加入候补" in page
    assert "还没发布的草稿" not in page
    civility = world["centers"]["civility"]
    incubator = world["centers"]["incubator"]
    assert f'href="/events/?center={civility.pk}"' in page
    assert f'href="/events/?center={incubator.pk}&amp;kind=job_fair"' in page
    assert "家门口的招聘会" in page


def test_an_ended_event_is_not_offered(world, personas, client, settings):
    settings.PORTAL_CACHE_SECONDS = 0
    now = timezone.now()
    event = published_event(
        world,
        personas,
        title="上个月的讲座",
        starts_at=now + timedelta(days=1),
        ends_at=now + timedelta(days=1, hours=1),
    )
    type(event).objects.filter(pk=event.pk).update(
        starts_at=now - timedelta(days=30), ends_at=now - timedelta(days=30) + timedelta(hours=1)
    )
    assert "上个月的讲座" not in client.get("/").content.decode()


def test_the_latest_news_comes_first(world, client, settings):
    settings.PORTAL_CACHE_SECONDS = 0
    now = timezone.now()
    for title, days in (("旧闻", 400), ("昨天的新闻", 1)):
        Article.objects.create(
            subdistrict=world["subdistrict"],
            title=title,
            summary="…",
            status=Article.Status.PUBLISHED,
            published_at=now - timedelta(days=days),
        )
    page = client.get("/").content.decode()
    assert page.index("昨天的新闻") < page.index("旧闻")


def test_a_centers_page_lists_its_events_entrances_phone_and_hours(hall, world, client):
    center = world["centers"]["civility"]
    center.phone, center.opening_hours = "028-85800102", "周一至周五 9:00–17:30"
    center.save()
    page = client.get(f"/centers/{center.pk}/").content.decode()
    assert "邻里茶话会" in page and "创业沙龙" not in page
    assert 'href="tel:028-85800102"' in page and "周一至周五 9:00–17:30" in page
    assert "活动报名" in page and "家门口的招聘会" not in page


def test_a_communitys_page_lists_its_events_photo_wall_and_calendar(hall, world, personas, client):
    from django.core.files.base import ContentFile

    from tests.events.test_photos import jpeg_with_gps

    photo = Photo(event=hall["open"], uploader=personas["resident"], status=Photo.Status.APPROVED)
    photo.image.save("p.jpg", ContentFile(jpeg_with_gps()), save=True)
    page = client.get("/communities/dajing/").content.decode()
    assert "邻里茶话会" in page and "创业沙龙" not in page
    assert 'href="/communities/dajing/events.ics"' in page and "把社区活动加入手机日历" in page
    assert "照片墙" in page and 'href="/communities/dajing/photos/"' in page
    assert photo.image.name.split("/")[-1].split(".")[0] in page or "<img" in page


def test_the_demo_news_is_dated_relative_to_the_day_it_is_seeded():
    from threecenters.core.seed import seed_everything

    seed_everything()
    latest = Article.objects.filter(status=Article.Status.PUBLISHED).order_by("-published_at")[0]
    assert timezone.now() - latest.published_at < timedelta(days=7)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("mode", list(MODES))
def test_the_home_page_on_a_phone(browser, live, hall, mode):
    language, elder = MODES[mode]
    context = browser.new_context(**PHONE_360)
    context.add_cookies(_cookies(live.url, None, language, elder))
    page = context.new_page()
    page.goto(live.url + "/")
    assert page.evaluate(OVERFLOW) <= 0
    first = page.locator(".entrances a").first
    assert first.is_visible()
    page.screenshot(path=str(ARTIFACTS / f"home-360-{mode}.png"), full_page=True)
    first.click()
    page.wait_for_url("**/events/?center=*")
    context.close()
