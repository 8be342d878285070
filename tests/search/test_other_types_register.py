"""Another app's content (here the kernel's news articles) registers and is found beside cases."""

import pytest
from django.utils import timezone

from tests.governance.factories import make_case
from threecenters.core.models import Article
from threecenters.search import registry
from threecenters.search.registry import Document, SearchType
from threecenters.search.selectors import search
from threecenters.search.services import document_index, document_remove, reindex


@pytest.fixture
def news_type():
    search_type = registry.register(
        SearchType(
            name="news",
            label="新闻",
            model=Article,
            to_document=lambda a: Document(
                title=a.title,
                body=a.body,
                community_id=a.community_id,
                year=a.published_at.year if a.published_at else None,
            ),
            url=lambda a: f"/news/{a.pk}/",
            is_public=lambda a: a.status == Article.Status.PUBLISHED,
            can_see_private=lambda user: getattr(user, "username", "") == "governance_staff",
        )
    )
    yield search_type
    registry.unregister("news")


@pytest.mark.django_db
def test_a_registered_type_is_searched_faceted_and_removed(world, personas, news_type):
    make_case(world, personas, title="邻里节活动案例")
    article = Article.objects.create(
        subdistrict=world["subdistrict"],
        title="邻里节今天开幕",
        body="邻里节",
        status=Article.Status.PUBLISHED,
        published_at=timezone.now(),
    )
    document_index(obj=article)
    results = search(query="邻里节")
    assert {h.type for h in results.items} == {"case", "news"}
    assert {v.value for v in results.facets["type"]} == {"case", "news"}
    assert [h.title for h in search(query="邻里节", types=["news"]).items] == ["邻里节今天开幕"]
    document_remove(obj=article)
    assert [h.type for h in search(query="邻里节").items] == ["case"]
    assert reindex(type_name="news") == {"news": 1}
    assert [h.type for h in search(query="邻里节", types=["news"]).items] == ["news"]


@pytest.mark.django_db
def test_private_documents_are_shown_only_to_those_allowed(world, personas, news_type):
    article = Article.objects.create(
        subdistrict=world["subdistrict"],
        title="内部通知邻里节",
        body="",
        status=Article.Status.DRAFT,
    )
    document_index(obj=article)
    assert search(query="内部通知").items == []
    assert search(query="内部通知", user=personas["resident"]).items == []
    assert [h.title for h in search(query="内部通知", user=personas["governance_staff"]).items] == [
        "内部通知邻里节"
    ]
