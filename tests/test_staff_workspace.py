"""The staff workspace: news, centers, organisations — scoped, audited, one transaction each."""

from __future__ import annotations

import pytest

from threecenters.core.models import Article, AuditEntry, Organisation


@pytest.mark.django_db
def test_center_staff_publish_news_for_their_center(client_for, world):
    center = world["centers"]["civility"]
    response = client_for("civility_staff").post(
        "/staff/news/new/",
        {
            "title": "志愿服务队成立",
            "summary": "",
            "body": "<p>好消息</p>",
            "center": center.pk,
            "publish": "on",
        },
    )
    assert response.status_code == 302
    article = Article.objects.get(title="志愿服务队成立")
    assert article.status == Article.Status.PUBLISHED and article.published_at
    assert AuditEntry.objects.filter(action="article.create", object_id=str(article.pk)).exists()


@pytest.mark.django_db
def test_staff_cannot_publish_for_another_center(client_for, world):
    other = world["centers"]["incubator"]
    response = client_for("civility_staff").post(
        "/staff/news/new/", {"title": "越权", "body": "x", "center": other.pk}
    )
    assert response.status_code == 200
    assert "您不能为所选的中心或社区发布新闻" in response.content.decode()
    assert not Article.objects.filter(title="越权").exists()


@pytest.mark.django_db
def test_a_community_worker_cannot_edit_another_communitys_news(client_for, world):
    article = Article.objects.create(
        subdistrict=world["subdistrict"],
        community=world["communities"]["jiaolong"],
        title="蛟龙新闻",
        body="x",
    )
    assert client_for("worker_dajing").get(f"/staff/news/{article.pk}/edit/").status_code == 404
    assert (
        client_for("worker_dajing")
        .post(f"/staff/news/{article.pk}/edit/", {"title": "改", "body": "y"})
        .status_code
        == 404
    )
    assert client_for("worker_jiaolong").get(f"/staff/news/{article.pk}/edit/").status_code == 200
    article.refresh_from_db()
    assert article.title == "蛟龙新闻"


@pytest.mark.django_db
def test_an_outsider_never_sees_another_subdistricts_records(client_for, world):
    page = client_for("outsider").get("/staff/organisations/").content.decode()
    assert "瑾栩花店" not in page
    assert (
        client_for("outsider")
        .get(f"/staff/organisations/{world['flower_shop'].pk}/edit/")
        .status_code
        == 404
    )


@pytest.mark.django_db
def test_rich_text_is_sanitized_on_save(client_for, world):
    client_for("admin").post(
        "/staff/news/new/",
        {
            "title": "安全",
            "body": '<p onclick="x()">正文</p><script>alert(1)</script><a href="javascript:x">链接</a>',
        },
    )
    body = Article.objects.get(title="安全").body
    assert "<script" not in body and "onclick" not in body and "javascript:" not in body
    assert "正文" in body


@pytest.mark.django_db
def test_editing_a_center_is_audited_with_the_changed_fields(client_for, world):
    center = world["centers"]["governance"]
    response = client_for("governance_staff").post(
        f"/staff/centers/{center.pk}/edit/",
        {
            "name": center.name,
            "tagline": "最强大脑",
            "description": "<p>介绍</p>",
            "address": "九江",
            "phone": "028-1234",
            "opening_hours": "9-17",
        },
    )
    assert response.status_code == 302
    entry = AuditEntry.objects.get(action="center.update")
    assert entry.changes["tagline"] == ["", "最强大脑"]


@pytest.mark.django_db
def test_organisation_contacts_are_masked_in_lists_and_audit(client_for, world):
    response = client_for("admin").post(
        "/staff/organisations/new/",
        {
            "name": "蛟龙书院",
            "kind": "social",
            "contact_name": "张三丰",
            "contact_mobile": "13812345678",
            "verification": "unverified",
        },
    )
    assert response.status_code == 302
    page = client_for("admin").get("/staff/organisations/").content.decode()
    assert "张**" in page and "138****5678" in page
    assert "13812345678" not in page and "张三丰" not in page
    entry = AuditEntry.objects.get(action="organisation.create")
    assert "13812345678" not in str(entry.changes) and "张三丰" not in str(entry.changes)


@pytest.mark.django_db
def test_a_duplicate_organisation_name_is_refused_with_a_field_error(client_for, world):
    response = client_for("admin").post(
        "/staff/organisations/new/",
        {"name": "瑾栩花店", "kind": "enterprise", "verification": "unverified"},
    )
    assert response.status_code == 200
    assert "本街道已有同名组织" in response.content.decode()
    assert Organisation.objects.filter(name="瑾栩花店").count() == 1


@pytest.mark.django_db
def test_field_errors_are_in_english_for_english_readers(personas, world):
    from django.test import Client

    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(personas["admin"])
    response = client.post(
        "/staff/organisations/new/", {"name": "", "kind": "x", "contact_mobile": "12"}
    )
    page = response.content.decode()
    assert "This field is required." in page
    assert "Enter an 11-digit mainland China mobile number." in page


@pytest.mark.django_db
def test_a_denied_workspace_visit_is_audited(client_for, world):
    assert client_for("resident").get("/staff/").status_code == 403
    assert AuditEntry.objects.filter(action="permission.denied", outcome="failure").exists()


def _png(size=(64, 40)) -> bytes:
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, (179, 38, 30)).save(buffer, "PNG")
    return buffer.getvalue()


def _center_post(center, **extra):
    return {
        "name": center.name,
        "tagline": "",
        "description": "",
        "address": "",
        "phone": "",
        "opening_hours": "",
        **extra,
    }


@pytest.mark.django_db
def test_center_staff_upload_a_cover_image_checked_by_content(client_for, world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    center = world["centers"]["governance"]
    upload = SimpleUploadedFile("cover.png", _png(), content_type="image/png")
    response = client_for("governance_staff").post(
        f"/staff/centers/{center.pk}/edit/", _center_post(center, cover_file=upload)
    )
    assert response.status_code == 302
    center.refresh_from_db()
    assert center.cover.name.endswith(".png")
    assert "cover" in AuditEntry.objects.get(action="center.update").changes
    assert center.cover.url in client_for(None).get(f"/centers/{center.pk}/").content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("cover.png", b"MZ\x90\x00 this is a renamed executable"),
        ("cover.jpg", b"PK\x03\x04zipped"),
        ("cover.png", b""),
    ],
)
def test_a_fake_cover_image_is_refused(client_for, world, name, content):
    from django.core.files.uploadedfile import SimpleUploadedFile

    center = world["centers"]["governance"]
    upload = SimpleUploadedFile(name, content, content_type="image/png")
    response = client_for("governance_staff").post(
        f"/staff/centers/{center.pk}/edit/",
        _center_post(center, tagline="不应保存", cover_file=upload),
    )
    assert response.status_code == 200
    assert response.context["form"].errors["cover_file"]
    center.refresh_from_db()
    assert not center.cover and center.tagline == ""
