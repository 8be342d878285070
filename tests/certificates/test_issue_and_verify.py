"""Issuing a certificate, its public verification page and API, revoking, forged tokens."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from tests.certificates.helpers import issue
from threecenters.certificates.models import Certificate
from threecenters.core.kit import ServiceError
from threecenters.core.models import AuditEntry
from threecenters.notify.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def holder(personas):
    person = personas["resident"]
    person.display_name = "张小红"
    person.save()
    return person


def test_issuing_numbers_audits_and_notifies_the_holder(world, personas, test_kind, holder):
    cert = issue(world, personas)
    assert re.fullmatch(r"JJ-FW-\d{4}-000001", cert.number)
    second = issue(world, personas)  # no source: a second record
    assert second.number.endswith("-000002")
    assert len(cert.token) >= 32 and cert.token != second.token
    assert cert.holder_name == "张小红" and cert.issuer_name == world["centers"]["civility"].name
    assert AuditEntry.objects.filter(action="certificates.issue", object_id=str(cert.pk)).exists()
    note = Notification.objects.get(user=holder, url=cert.get_absolute_url())
    assert cert.number in note.body


def test_the_verification_page_shows_the_record_with_a_masked_name(
    world, personas, test_kind, holder
):
    cert = issue(world, personas)
    page = Client().get(f"/certificates/{cert.token}/")
    assert page.status_code == 200
    html = page.content.decode()
    for text in ("有效", cert.number, "服务记录", "参加社区小二志愿服务", cert.issuer_name, "张**"):
        assert text in html
    assert "12" in html and "not shown" not in html  # only the kind's declared details
    assert "张小红" not in html and holder.username not in html
    assert "<svg" not in html  # the QR and the PDF link are for the holder and the issuer
    own = Client()
    own.force_login(holder)
    mine = own.get(f"/certificates/{cert.token}/").content.decode()
    assert "<svg" in mine and f"/certificates/{cert.token}/pdf" in mine


def test_a_revoked_certificate_says_so_at_once_with_its_date(world, personas, test_kind, holder):
    cert = issue(world, personas)
    client = Client()
    assert "有效" in client.get(f"/certificates/{cert.token}/").content.decode()
    staff = Client()
    staff.force_login(personas["civility_staff"])
    response = staff.post(f"/certificates/{cert.token}/revoke/", {"reason": "重复颁发"})
    assert response.status_code == 302
    cert.refresh_from_db()
    assert cert.revoked_at is not None and cert.revoke_reason == "重复颁发"
    html = client.get(f"/certificates/{cert.token}/").content.decode()
    assert "已撤销" in html and f"{cert.revoked_at.astimezone():%Y}" in html
    api = client.get(f"/api/v1/certificates/{cert.token}").json()
    assert api["valid"] is False and api["revoked_at"]
    assert Notification.objects.filter(user=holder, kind="certificates.revoked").exists()


def test_only_the_issuing_staff_may_revoke(world, personas, test_kind, holder):
    cert = issue(world, personas)
    with pytest.raises(ServiceError) as refused:
        from threecenters.certificates.services import certificate_revoke

        certificate_revoke(actor=holder, certificate=cert, reason="不想要")
    assert refused.value.status == 403
    other = Client()
    other.force_login(personas["incubator_staff"])  # staff of another center
    assert other.post(f"/certificates/{cert.token}/revoke/", {"reason": "x"}).status_code == 404
    cert.refresh_from_db()
    assert cert.revoked_at is None
    assert AuditEntry.objects.filter(action="certificates.revoke", outcome="failure").exists()


def test_revoking_needs_a_reason_and_happens_once(world, personas, test_kind, holder):
    from threecenters.certificates.services import certificate_revoke

    cert = issue(world, personas)
    staff = personas["civility_staff"]
    with pytest.raises(ServiceError) as empty:
        certificate_revoke(actor=staff, certificate=cert, reason="  ")
    assert empty.value.status == 422 and empty.value.field == "reason"
    certificate_revoke(actor=staff, certificate=cert, reason="信息有误")
    with pytest.raises(ServiceError) as twice:
        certificate_revoke(actor=staff, certificate=cert, reason="信息有误")
    assert twice.value.status == 409


@pytest.mark.parametrize(
    "token", ["forged-token-forged-token-forged-token", "x", "%E4%B8%AD", "a" * 200, "1"]
)
def test_a_forged_token_gets_the_not_found_page_and_json(world, personas, test_kind, token):
    issue(world, personas)
    page = Client().get(f"/certificates/{token}/")
    assert page.status_code == 404
    assert "没有找到这张证书" in page.content.decode()
    api = Client().get(f"/api/v1/certificates/{token}")
    assert api.status_code == 404
    body = api.json()
    assert body["code"] == "not_found" and body["fields"] == {} and "证书" in body["message"]
    assert Client().get(f"/certificates/{token}/pdf").status_code == 404


def test_the_api_answers_in_english_too(world, personas, test_kind, en_client):
    assert "certificate" in en_client.get("/api/v1/certificates/nope").json()["message"]
    page = en_client.get("/certificates/nope/").content.decode()
    assert "certificate" in page.lower()


def test_issuing_for_the_same_source_again_returns_the_existing_one(
    world, personas, test_kind, holder
):
    course = world["centers"]["civility"]  # any record serves as the source
    first = issue(world, personas, source=course)
    again = issue(world, personas, source=course, subject="另一个说法")
    assert again.pk == first.pk
    assert Certificate.objects.filter(holder=holder).count() == 1
    other = issue(world, personas, source=course, holder=personas["volunteer"])
    assert other.pk != first.pk and other.number.endswith("-000002")


@pytest.mark.parametrize(
    ("options", "field"),
    [
        ({"kind": "no_such_kind"}, "kind"),
        ({"subject": "   "}, "subject"),
        ({"subject": "长" * 301}, "subject"),
        ({"issuer_center": None}, "issuer"),
        ({"details": ["not", "a", "dict"]}, "details"),
    ],
)
def test_bad_input_is_refused_and_changes_nothing(world, personas, test_kind, options, field):
    with pytest.raises(ServiceError) as refused:
        issue(world, personas, **options)
    assert refused.value.status == 422 and refused.value.field == field
    assert not Certificate.objects.exists()


def test_my_certificates_lists_mine_only(world, personas, test_kind, holder):
    mine = issue(world, personas)
    theirs = issue(world, personas, holder=personas["volunteer"])
    client = Client()
    client.force_login(holder)
    html = client.get("/me/certificates/").content.decode()
    assert mine.number in html and f"/certificates/{mine.token}/pdf" in html
    assert theirs.number not in html
    api = client.get("/api/v1/me/certificates")
    assert api.status_code == 200
    assert [c["number"] for c in api.json()] == [mine.number]
    assert api.json()[0]["pdf_url"].endswith(f"/certificates/{mine.token}/pdf")
    assert Client().get("/api/v1/me/certificates").status_code == 401


def test_my_certificates_by_bearer_token(world, personas, test_kind, holder):
    from threecenters.people.services import token_create

    cert = issue(world, personas)
    _token, raw = token_create(actor=holder, user=holder, name="phone")
    response = Client(HTTP_AUTHORIZATION=f"Bearer {raw}").get("/api/v1/me/certificates")
    assert response.status_code == 200 and response.json()[0]["number"] == cert.number


def test_the_public_api_shows_the_same_fields_as_the_page(world, personas, test_kind, holder):
    cert = issue(world, personas)
    body = Client().get(f"/api/v1/certificates/{cert.token}").json()
    assert body["number"] == cert.number and body["valid"] is True
    assert body["holder"] == "张**" and body["subject"] == "参加社区小二志愿服务"
    assert body["issuer"] == cert.issuer_name and body["kind_label"] == "服务记录"
    assert body["details"] == [{"label": "服务时长（小时）", "value": "12"}]
    assert body["url"].endswith(f"/certificates/{cert.token}/")
    assert "token" not in body and "张小红" not in str(body)
