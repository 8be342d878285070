"""The public portal in both languages: home, centers, communities, news, error pages."""

from __future__ import annotations

import pytest
from django.utils import timezone

from threecenters.core.models import Article


@pytest.fixture
def news(world):
    return Article.objects.create(
        subdistrict=world["subdistrict"],
        community=world["communities"]["dajing"],
        center=world["centers"]["civility"],
        title="茶艺活动举办",
        body="<p>一碗茶</p>",
        status=Article.Status.PUBLISHED,
        published_at=timezone.now(),
    )


@pytest.mark.django_db
def test_the_home_page_introduces_the_three_centers(client, world, news):
    page = client.get("/").content.decode()
    for center in world["centers"].values():
        assert center.name in page
    assert "蛟龙社区" in page and "茶艺活动举办" in page
    assert 'lang="zh-CN"' in page


@pytest.mark.django_db
def test_the_home_page_speaks_english_when_asked(en_client, world):
    page = en_client.get("/").content.decode()
    assert 'lang="en"' in page
    assert "What you can do" in page and "Sign in" in page


@pytest.mark.django_db
def test_the_language_switch_is_remembered_in_a_cookie(client, world):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert response.cookies["tc_lang"].value == "en"
    assert "What you can do" in client.get("/").content.decode()
    client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/"})
    assert "我要办事" in client.get("/").content.decode()


@pytest.mark.django_db
def test_center_community_and_news_pages_render(client, world, news):
    center = world["centers"]["civility"]
    assert center.name in client.get(f"/centers/{center.pk}/").content.decode()
    community = client.get("/communities/dajing/").content.decode()
    assert "大井社区" in community and "茶艺活动举办" in community
    assert "茶艺活动举办" in client.get("/news/").content.decode()
    article = client.get(f"/news/{news.pk}/").content.decode()
    assert "<p>一碗茶</p>" in article


@pytest.mark.django_db
def test_drafts_are_not_public(client, world):
    draft = Article.objects.create(subdistrict=world["subdistrict"], title="草稿新闻", body="x")
    assert client.get(f"/news/{draft.pk}/").status_code == 404
    assert "草稿新闻" not in client.get("/news/").content.decode()


@pytest.mark.django_db
def test_the_news_list_pages_by_keyset(client, world):
    now = timezone.now()
    for i in range(25):
        Article.objects.create(
            subdistrict=world["subdistrict"],
            title=f"新闻{i:02d}",
            body="x",
            status=Article.Status.PUBLISHED,
            published_at=now - timezone.timedelta(hours=i),
        )
    first = client.get("/news/")
    assert "新闻00" in first.content.decode() and "新闻24" not in first.content.decode()
    cursor = first.context["page"].next_cursor
    second = client.get("/news/", {"after": cursor}).content.decode()
    assert "新闻24" in second and "新闻00" not in second


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/nope/",
        "/centers/999999/",
        "/communities/no-such/",
        "/news/0/",
        "/news/99999999999999999999/",
        "/centers/abc/",
        "/communities/%E5%BC%A0/",
        "/news/?after=%%%",
        "/staff/news/1/edit/",
    ],
)
def test_unknown_urls_and_malformed_ids_give_a_localized_404(client, world, url):
    response = client.get(url)
    if url.startswith("/news/?"):
        assert response.status_code == 200
        return
    if url.startswith("/staff/"):
        assert response.status_code == 302
        return
    assert response.status_code == 404
    assert "页面不存在" in response.content.decode()


@pytest.mark.django_db
def test_the_404_page_is_in_english_for_english_readers(en_client, world):
    response = en_client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


@pytest.mark.django_db
def test_a_malformed_cursor_starts_from_the_beginning(client, world, news):
    for cursor in ["x", "eyJhIjoxfQ", "W10", "!!!!", "A" * 500]:
        assert client.get("/news/", {"after": cursor}).status_code == 200


@pytest.mark.django_db
def test_the_elder_view_is_toggled_and_remembered(client, world):
    assert 'class="elder"' not in client.get("/").content.decode()
    response = client.post("/prefs/elder/", {"next": "/news/"})
    assert response.status_code == 302 and response["Location"] == "/news/"
    page = client.get("/").content.decode()
    assert 'class="elder"' in page and "标准版" in page
    client.post("/prefs/elder/", {"next": "/"})
    assert 'class="elder"' not in client.get("/").content.decode()


@pytest.mark.django_db
def test_the_elder_toggle_never_redirects_off_site(client, world):
    response = client.post("/prefs/elder/", {"next": "https://evil.example/"})
    assert response["Location"] == "/"


@pytest.mark.django_db
def test_pages_send_a_csp_without_inline_script(client, world):
    response = client.get("/")
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert "<script>" not in response.content.decode()


@pytest.mark.django_db
def test_every_form_field_on_the_sign_in_page_is_labelled(client, world):
    page = client.get("/accounts/signin/").content.decode()
    assert '<label for="id_username">' in page and '<label for="id_password">' in page


@pytest.mark.django_db
def test_signing_in_and_out_is_audited(client, personas):
    from threecenters.core.models import AuditEntry

    bad = client.post("/accounts/signin/", {"username": "resident", "password": "wrong"})
    assert bad.status_code == 200 and "账号或密码不正确" in bad.content.decode()
    ok = client.post("/accounts/signin/", {"username": "resident", "password": "Tc-test-pass-2026"})
    assert ok.status_code == 302
    client.post("/accounts/signout/")
    outcomes = list(
        AuditEntry.objects.filter(action__startswith="auth.").values_list("action", "outcome")
    )
    assert ("auth.signin", "failure") in outcomes
    assert ("auth.signin", "success") in outcomes
    assert ("auth.signout", "success") in outcomes


@pytest.mark.django_db
def test_the_403_page_is_localized(client_for, personas):
    response = client_for("resident").get("/staff/")
    assert response.status_code == 403
    assert "没有权限" in response.content.decode()


@pytest.mark.django_db
def test_the_500_page_is_localized_and_standalone(rf):
    from django.utils import translation

    from threecenters.core.views import server_error

    with translation.override("en"):
        response = server_error(rf.get("/boom/"))
    assert response.status_code == 500
    assert "Server error" in response.content.decode()
    api = server_error(rf.get("/api/v1/boom"))
    assert api.status_code == 500 and b'"code": "server_error"' in api.content


@pytest.mark.django_db
def test_a_bad_host_header_gets_a_400_not_a_500(world):
    from django.test import Client

    response = Client(HTTP_HOST="evil.example").get("/")
    assert response.status_code == 400
