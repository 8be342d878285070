"""core.paging.keyset_page: every ordering walks every row exactly once, NULLs and ties
included, on SQLite and PostgreSQL alike; a cursor it did not write is refused."""

from datetime import datetime, timedelta

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from threecenters.core.models import Article
from threecenters.core.paging import (
    InvalidCursor,
    Page,
    decode_cursor,
    encode_cursor,
    keyset_page,
    read_cursor,
)

pytestmark = pytest.mark.django_db

BASE = datetime(2026, 5, 1, 9, tzinfo=timezone.get_fixed_timezone(480))
ORDERS = [
    ("-published_at", "-id"),
    ("published_at", "id"),
    ("-published_at",),
    ("published_at",),
    ("status", "-published_at"),
    ("-title", "published_at", "id"),
    ("title",),
    ("-id",),
]
ROW = st.tuples(
    st.one_of(st.none(), st.integers(0, 3)),  # published_at: few values, many ties, NULLs
    st.sampled_from(["a", "b", "c"]),  # title (one letter: every collation agrees)
    st.sampled_from(list(Article.Status.values)),
)


def _articles(subdistrict, rows) -> None:
    Article.objects.all().delete()
    Article.objects.bulk_create(
        Article(
            subdistrict=subdistrict,
            title=title,
            body="<p>正文</p>",
            status=status,
            published_at=None if hours is None else BASE + timedelta(hours=hours),
        )
        for hours, title, status in rows
    )


def _walk(qs, order, size, strict=False) -> list[int]:
    seen, cursor = [], None
    for _ in range(200):
        page = keyset_page(qs, order=order, cursor=cursor, size=size, strict=strict)
        assert len(page.items) <= size
        assert page.has_more == (page.next_cursor is not None)
        seen += [row.pk for row in page.items]
        cursor = page.next_cursor
        if cursor is None:
            return seen
    raise AssertionError("pagination did not end")


def _sort_key(order):
    """The order the helper promises, computed in Python: NULLs last either way, pk last."""
    fields = [item.lstrip("-") for item in order]
    directions = [item.startswith("-") for item in order]
    if fields[-1] not in ("id", "pk"):
        fields.append("id")
        directions.append(directions[-1])

    def key(article):
        parts = []
        for field, descending in zip(fields, directions, strict=True):
            value = getattr(article, field)
            if isinstance(value, datetime):
                value = value.timestamp()
            elif isinstance(value, str):
                value = sum(ord(c) * 256**-i for i, c in enumerate(value))
            if value is None:
                parts.append((1, 0))
            else:
                parts.append((0, -value if descending else value))
        return parts

    return key


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    rows=st.lists(ROW, max_size=14),
    order=st.sampled_from(ORDERS),
    size=st.integers(1, 5),
)
def test_paging_through_any_ordering_yields_every_row_exactly_once(world, rows, order, size):
    _articles(world["subdistrict"], rows)
    qs = Article.objects.all()
    seen = _walk(qs, order, size)
    assert len(seen) == len(set(seen)) == len(rows)
    assert seen == [a.pk for a in sorted(qs, key=_sort_key(order))]


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(rows=st.lists(ROW, min_size=1, max_size=10), size=st.integers(1, 4))
def test_a_filtered_queryset_pages_its_own_rows(world, rows, size):
    _articles(world["subdistrict"], rows)
    qs = Article.objects.filter(status=Article.Status.PUBLISHED)
    seen = _walk(qs, ("-published_at", "-id"), size, strict=True)
    assert sorted(seen) == sorted(qs.values_list("pk", flat=True))


def test_the_pk_tie_break_follows_the_last_direction(world):
    _articles(world["subdistrict"], [(1, "a", "published")] * 3)
    ids = sorted(Article.objects.values_list("pk", flat=True))
    assert _walk(Article.objects.all(), ("-published_at",), 1) == ids[::-1]
    assert _walk(Article.objects.all(), ("published_at",), 2) == ids


def _first_cursor(world) -> str:
    _articles(world["subdistrict"], [(1, "a", "published"), (2, "b", "published")])
    page = keyset_page(Article.objects.all(), order=("-published_at", "-id"), cursor=None, size=1)
    assert isinstance(page, Page) and page.next_cursor
    return page.next_cursor


@pytest.mark.parametrize(
    "cursor",
    [
        "garbage",
        "!!!!",
        "A" * 2000,
        encode_cursor({"at": "2026-05-01T09:00:00+08:00", "id": 1}),  # another page's cursor
        encode_cursor({"o": "-published_at,-id", "k": ["2026-05-01T09:00:00", 1]}),  # naive
        encode_cursor({"o": "-published_at,-id", "k": ["2026-05-01T09:00:00+08:00", 2**63]}),
        encode_cursor({"o": "-published_at,-id", "k": ["2026-05-01T09:00:00+08:00", "1"]}),
        encode_cursor({"o": "-published_at,-id", "k": ["2026-05-01T09:00:00+08:00", True]}),
        encode_cursor({"o": "-published_at,-id", "k": ["2026-05-01T09:00:00+08:00", None]}),
        encode_cursor({"o": "-published_at,-id", "k": ["now", 1]}),
        encode_cursor({"o": "-published_at,-id", "k": [12, 1]}),
        encode_cursor({"o": "-published_at,-id", "k": [None]}),
        encode_cursor({"o": "-published_at,-id", "k": "x"}),
        encode_cursor({"o": "published_at,id", "k": ["2026-05-01T09:00:00+08:00", 1]}),
    ],
)
def test_a_cursor_it_did_not_write_is_refused_or_starts_over(world, cursor):
    first = _first_cursor(world)
    order = ("-published_at", "-id")
    assert read_cursor(first, model=Article, order=order)
    with pytest.raises(InvalidCursor) as refused:
        keyset_page(Article.objects.all(), order=order, cursor=cursor, strict=True)
    assert str(refused.value) == "翻页位置无效，请从第一页开始。"
    page = keyset_page(Article.objects.all(), order=order, cursor=cursor, size=1)
    assert page.items == [Article.objects.order_by("-published_at").first()]


def test_a_cursor_is_opaque_and_survives_a_round_trip(world):
    cursor = _first_cursor(world)
    assert cursor.isascii() and "=" not in cursor and "/" not in cursor and "+" not in cursor
    assert decode_cursor(cursor)["o"] == "-published_at,-id"
    second = keyset_page(Article.objects.all(), order=("-published_at", "-id"), cursor=cursor)
    assert [a.title for a in second.items] == ["a"] and second.next_cursor is None


def test_an_ordering_the_model_has_not_is_a_programming_error(world):
    with pytest.raises(ValueError, match="cannot page"):
        keyset_page(Article.objects.all(), order=("-nonsense",), cursor=None)
