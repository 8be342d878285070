"""Keyset pages walk every row once, in order, also through rows that share a timestamp."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.events.helpers import published_event
from threecenters.core.models import Article
from threecenters.core.paging import decode_cursor, encode_cursor
from threecenters.core.selectors import article_page
from threecenters.events.models import Event
from threecenters.events.selectors import event_page

pytestmark = pytest.mark.django_db


def _walk(page_of) -> list[int]:
    seen, cursor = [], None
    for _ in range(20):
        page = page_of(cursor)
        seen += [row.pk for row in page.items]
        cursor = page.next_cursor
        if cursor is None:
            return seen
    raise AssertionError("pagination did not end")


def test_ascending_pages_through_ties(world, personas):
    start = timezone.now() + timedelta(days=5)
    for i in range(7):
        when = start if i < 5 else start + timedelta(hours=i)  # five events share a start
        published_event(
            world, personas, title=f"活动{i}", starts_at=when, ends_at=when + timedelta(hours=1)
        )
    expected = list(Event.objects.order_by("starts_at", "id").values_list("pk", flat=True))
    seen = _walk(lambda cursor: event_page(qs=Event.objects.all(), cursor=cursor, size=2))
    assert seen == expected and len(seen) == 7


def test_descending_pages_through_ties(world):
    at = timezone.now() - timedelta(days=1)
    subdistrict = world["subdistrict"]
    for i in range(6):
        Article.objects.create(
            subdistrict=subdistrict,
            title=f"新闻{i}",
            body="<p>正文</p>",
            status=Article.Status.PUBLISHED,
            published_at=at if i < 4 else at - timedelta(hours=i),
        )
    qs = Article.objects.filter(status=Article.Status.PUBLISHED)
    expected = list(qs.order_by("-published_at", "-id").values_list("pk", flat=True))
    assert _walk(lambda cursor: article_page(qs=qs, cursor=cursor, size=4)) == expected


@pytest.mark.parametrize(
    "values",
    [
        {"at": "2026-13-45T99:00:00+08:00", "id": 1},  # parse_datetime raised ValueError
        {"at": "2026-05-01T09:00:00", "id": 1},  # naive: the database warned and guessed
        {"at": "2026-05-01T09:00:00+08:00", "id": 2**63},  # beyond the bigint range
        {"at": "2026-05-01T09:00:00+08:00", "id": 1, "sc": float("inf")},
    ],
)
def test_a_cursor_no_page_writes_means_from_the_start(world, personas, values):
    event = published_event(world, personas)
    cursor = encode_cursor(values)
    assert decode_cursor(cursor) is None
    assert [e.pk for e in event_page(qs=Event.objects.all(), cursor=cursor).items] == [event.pk]
