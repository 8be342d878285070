"""Uploaded files are exactly as visible as the record they belong to (core.files).

A draft proposal's attachment, a photo waiting for moderation and an unpublished case's
attachment are a 404 for the signed-out visitor and for people of another community, and are
served to their owner (private, never stored by a cache); public files are served to everyone;
a file stops being served as soon as its record stops being public; nothing under /media/ is
served any more.
"""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import Resolver404, resolve
from PIL import Image

from tests.events.helpers import published_event, starting_soon
from tests.factories import RegistrationFactory
from tests.governance.factories import make_case
from tests.proposals.fixtures import draft, expert2, in_progress, scored, submitted, under_review
from tests.uploads.files import pdf_bytes
from threecenters.core import checks, files
from threecenters.core.files import file_url
from threecenters.events import services as event_services
from threecenters.events.models import Photo
from threecenters.governance import services as case_services
from threecenters.proposals.models import ProposalFile

pytestmark = pytest.mark.django_db
__all__ = ["draft", "expert2", "in_progress", "scored", "submitted", "under_review"]


def jpeg(size=(64, 48)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (30, 120, 200)).save(out, format="JPEG")
    return out.getvalue()


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def status_for(client_for, url: str, others=("worker_dajing",)) -> dict[str | None, int]:
    """What the signed-out visitor, people of other communities and other roles get."""
    return {
        who: client_for(who).get(url).status_code
        for who in [None, *others, "outsider", "volunteer", "expert"]
    }


@pytest.fixture
def draft_attachment(draft, client_for) -> ProposalFile:
    response = client_for("worker_jiaolong").post(
        f"/proposals/{draft.pk}/files/",
        {"kind": "attachment", "file": SimpleUploadedFile("方案.pdf", pdf_bytes())},
    )
    assert response.status_code == 302
    return ProposalFile.objects.get(proposal=draft)


@pytest.fixture
def finished(world, personas):
    event = published_event(world, personas, **starting_soon())
    reg = RegistrationFactory(event=event, person=personas["resident"])
    event_services.registration_check_in(
        event=event, actor=personas["civility_staff"], code=reg.code
    )
    event_services.event_finish(actor=personas["civility_staff"], event=event)
    event.refresh_from_db()
    return event


@pytest.fixture
def pending_photo(finished, personas) -> Photo:
    return event_services.photo_add(
        event=finished,
        actor=personas["resident"],
        upload=SimpleUploadedFile("tea.jpg", jpeg(), content_type="image/jpeg"),
    )


@pytest.fixture
def unpublished_case(world, personas):
    case = make_case(world, personas, publish=False)
    case_services.case_attachment_add(
        actor=personas["governance_staff"],
        case=case,
        file=SimpleUploadedFile("总结.pdf", pdf_bytes()),
        title="项目总结",
    )
    return case


def test_a_draft_proposals_attachment_is_its_communitys_only(draft_attachment, client_for):
    url = draft_attachment.file.url
    assert url.startswith("/files/proposals.proposalfile.file/")
    assert set(status_for(client_for, url).values()) == {404}
    # governance staff see submitted proposals only, not drafts
    assert client_for("governance_staff").get(url).status_code == 404
    response = client_for("worker_jiaolong").get(url)
    assert response.status_code == 200
    assert body(response) == pdf_bytes()
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "private, no-store"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "filename*=utf-8''%E6%96%B9%E6%A1%88.pdf" in response["Content-Disposition"]


def test_the_proposal_page_links_through_the_checked_view(draft_attachment, client_for):
    page = client_for("worker_jiaolong").get(f"/proposals/{draft_attachment.proposal_id}/")
    html = page.content.decode()
    assert draft_attachment.file.url in html
    assert "/media/" not in html


def test_a_pending_photo_is_the_uploaders_and_the_organisers(pending_photo, client_for):
    assert pending_photo.status == Photo.Status.PENDING
    for field in ("image", "thumbnail"):
        url = getattr(pending_photo, field).url
        # the event is 大井's, so 大井's community worker is one of its organisers
        assert set(status_for(client_for, url, others=("worker_jiaolong",)).values()) == {404}
        for owner in ("resident", "civility_staff"):
            response = client_for(owner).get(url)
            assert response.status_code == 200, (field, owner)
            assert response["Content-Type"] == "image/jpeg"
            assert response["Content-Disposition"].startswith("inline;")
            assert response["Cache-Control"] == "private, no-store"


def test_an_approved_photo_is_public_until_it_is_hidden(pending_photo, personas, client_for):
    event_services.photo_moderate(
        photo=pending_photo, actor=personas["civility_staff"], status="approved"
    )
    url = pending_photo.image.url
    anonymous = client_for(None).get(url)
    assert anonymous.status_code == 200
    assert anonymous["Cache-Control"] == "public, max-age=600"
    assert body(anonymous) == pending_photo.image.open("rb").read()
    # a signed-in viewer's browser may keep it; no shared cache keys it to their session
    assert client_for("volunteer").get(url)["Cache-Control"] == "private, max-age=600"
    gallery = client_for(None).get(f"/events/{pending_photo.event_id}/photos/").content.decode()
    assert url in gallery and pending_photo.thumbnail.url in gallery
    event_services.photo_moderate(
        photo=pending_photo, actor=personas["civility_staff"], status="hidden"
    )
    assert client_for(None).get(url).status_code == 404
    assert client_for("civility_staff").get(url).status_code == 200


def test_an_unpublished_cases_attachment_is_its_writers_until_published(
    unpublished_case, personas, client_for
):
    attachment = unpublished_case.attachments.get()
    url = attachment.file.url
    assert set(status_for(client_for, url).values()) == {404}
    for writer in ("governance_staff", "worker_jiaolong"):
        response = client_for(writer).get(url)
        assert response.status_code == 200, writer
        assert response["Cache-Control"] == "private, no-store"
        assert (
            "filename*=utf-8''%E9%A1%B9%E7%9B%AE%E6%80%BB%E7%BB%93.pdf"
            in (response["Content-Disposition"])
        )
    case = case_services.case_publish(actor=personas["governance_staff"], case=unpublished_case)
    assert client_for(None).get(url).status_code == 200
    case_services.case_archive(actor=personas["governance_staff"], case=case)
    assert client_for(None).get(url).status_code == 404
    assert client_for("governance_staff").get(url).status_code == 200


def test_a_centers_cover_is_public(world, personas, client_for):
    from django.core.files.base import ContentFile

    center = world["centers"]["governance"]
    center.cover.save("cover.jpg", ContentFile(jpeg()))
    response = client_for(None).get(center.cover.url)
    assert response.status_code == 200 and response["Cache-Control"] == "public, max-age=600"


def test_nothing_is_served_under_media_any_more(draft_attachment, client_for):
    path = "/media/" + draft_attachment.file.name
    with pytest.raises(Resolver404):
        resolve(path)
    assert client_for(None).get(path).status_code == 404
    assert client_for("worker_jiaolong").get(path).status_code == 404


def test_a_made_up_or_outdated_address_is_a_404(draft_attachment, client_for):
    client = client_for("worker_jiaolong")
    url = draft_attachment.file.url
    key, pk, signature = url.removeprefix("/files/").split("/")
    assert client.get(f"/files/{key}/{pk}/{signature[:-2]}xx").status_code == 404
    assert client.get(f"/files/nothing.here.file/{pk}/{signature}").status_code == 404
    # the same signature does not open another record's file
    other = ProposalFile.objects.create(
        proposal=draft_attachment.proposal,
        kind="attachment",
        file=SimpleUploadedFile("b.pdf", pdf_bytes()),
        name="b.pdf",
        size=10,
        uploaded_by=draft_attachment.uploaded_by,
    )
    assert client.get(f"/files/{key}/{other.pk}/{signature}").status_code == 404
    # a replaced file: the old address no longer answers
    draft_attachment.file.save("new.pdf", SimpleUploadedFile("new.pdf", pdf_bytes()))
    assert client.get(url).status_code == 404
    assert client.get(draft_attachment.file.url).status_code == 200


def test_behind_nginx_the_view_answers_with_an_internal_redirect(
    draft_attachment, client_for, settings
):
    settings.X_ACCEL_PREFIX = "/_files/"
    response = client_for("worker_jiaolong").get(draft_attachment.file.url)
    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == "/_files/" + draft_attachment.file.name
    assert response.content == b""
    assert response["Cache-Control"] == "private, no-store"
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert client_for(None).get(draft_attachment.file.url).status_code == 404


def test_check_fails_on_a_file_field_nobody_registered(monkeypatch):
    assert checks.every_file_field_is_checked(None) == []
    kinds = dict(files._kinds)
    kinds.pop("proposals.visitphoto.image")
    monkeypatch.setattr(files, "_kinds", kinds)
    errors = checks.every_file_field_is_checked(None)
    assert [e.id for e in errors] == ["threecenters.E002"]
    assert "proposals.VisitPhoto.image" in errors[0].msg


def test_file_url_is_what_url_gives(draft_attachment):
    assert draft_attachment.file.url == file_url(draft_attachment, "file")


def test_site_visit_photos_are_for_the_reviewers(under_review, personas, client_for):
    import datetime

    from threecenters.proposals import services as proposal_services

    visit = proposal_services.site_visit_record(
        actor=personas["expert"],
        proposal=under_review,
        visited_on=datetime.date(2026, 3, 1),
        places="架空层",
        interviewed_count=3,
        interviewed_roles="居民",
        findings="场地可用。",
        photos=[(SimpleUploadedFile("v.jpg", jpeg()), "jpg")],
    )
    url = visit.photos.get().image.url
    # the applicant community sees the findings, not the visit record and its photos
    for who in [None, "worker_jiaolong", "worker_dajing", "outsider", "resident"]:
        assert client_for(who).get(url).status_code == 404, who
    for who in ["expert", "governance_staff", "admin"]:
        response = client_for(who).get(url)
        assert response.status_code == 200, who
        assert response["Cache-Control"] == "private, no-store"


def test_progress_photos_are_as_visible_as_the_proposal(in_progress, personas, client_for):
    from threecenters.proposals import services as proposal_services

    update = proposal_services.progress_update_add(
        actor=personas["worker_jiaolong"],
        proposal=in_progress,
        text="已完成改造。",
        photo=(SimpleUploadedFile("p.jpg", jpeg()), "jpg"),
    )
    url = update.photo.url
    for who in [None, "worker_dajing", "outsider", "volunteer"]:
        assert client_for(who).get(url).status_code == 404, who
    for who in ["worker_jiaolong", "governance_staff"]:
        assert client_for(who).get(url).status_code == 200, who
