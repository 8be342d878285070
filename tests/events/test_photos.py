"""The photo wall: content-checked uploads, EXIF location stripped, thumbnails, moderation."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from tests.events.helpers import published_event, starting_soon
from tests.factories import RegistrationFactory
from threecenters.core.models import AuditEntry
from threecenters.events import services
from threecenters.events.models import Photo
from threecenters.events.services import EventError

pytestmark = pytest.mark.django_db


def jpeg_with_gps(size=(64, 48)) -> bytes:
    image = Image.new("RGB", size, (200, 80, 40))
    exif = Image.Exif()
    exif[0x010F] = "TestCam"  # Make
    exif[0x8825] = {1: "N", 2: (30.0, 37.0, 24.0), 3: "E", 4: (103.0, 56.0, 17.0)}  # GPS
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return out.getvalue()


@pytest.fixture
def finished(world, personas):
    event = published_event(world, personas, **starting_soon())
    reg = RegistrationFactory(event=event, person=personas["resident"])
    services.registration_check_in(event=event, actor=personas["civility_staff"], code=reg.code)
    services.event_finish(actor=personas["civility_staff"], event=event)
    event.refresh_from_db()
    return event


def test_a_participants_photo_is_cleaned_thumbnailed_and_waits_for_approval(
    finished, personas, django_capture_on_commit_callbacks
):
    raw = jpeg_with_gps()
    assert Image.open(io.BytesIO(raw)).getexif().get_ifd(0x8825)
    with django_capture_on_commit_callbacks(execute=True):
        photo = services.photo_add(
            event=finished,
            actor=personas["resident"],
            upload=SimpleUploadedFile("tea.jpg", raw, content_type="image/jpeg"),
        )
    photo.refresh_from_db()
    assert photo.status == Photo.Status.PENDING
    stored = Image.open(photo.image.path)
    assert not stored.getexif().get_ifd(0x8825)  # no GPS
    assert photo.thumbnail  # made at upload from the same decoded pixels
    services.photo_moderate(photo=photo, actor=personas["civility_staff"], status="approved")
    assert Photo.objects.get(pk=photo.pk).status == Photo.Status.APPROVED


def test_a_renamed_zip_is_refused_and_audited(finished, personas):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("a.txt", "hello")
    with pytest.raises(EventError) as err:
        services.photo_add(
            event=finished,
            actor=personas["civility_staff"],
            upload=SimpleUploadedFile("photo.jpg", buffer.getvalue(), content_type="image/jpeg"),
        )
    assert err.value.code == "image_type" and err.value.status == 422
    assert not Photo.objects.exists()
    assert AuditEntry.objects.filter(action="events.photo.add", outcome="failure").exists()


def test_a_decompression_bomb_is_refused(finished, personas):
    out = io.BytesIO()
    Image.new("1", (8000, 6000)).save(out, format="PNG")  # 48 megapixels, a few KB
    with pytest.raises(EventError) as err:
        services.photo_add(
            event=finished,
            actor=personas["civility_staff"],
            upload=SimpleUploadedFile("bomb.png", out.getvalue(), content_type="image/png"),
        )
    assert err.value.code == "image_pixels"


def test_an_oversized_file_is_refused(finished, personas):
    big = SimpleUploadedFile(
        "big.jpg", b"\xff\xd8\xff" + b"0" * (10 * 1024 * 1024), content_type="image/jpeg"
    )
    with pytest.raises(EventError) as err:
        services.photo_add(event=finished, actor=personas["civility_staff"], upload=big)
    assert err.value.code == "image_too_large"


def test_people_who_did_not_attend_cannot_upload(finished, personas):
    with pytest.raises(EventError) as err:
        services.photo_add(
            event=finished,
            actor=personas["volunteer"],
            upload=SimpleUploadedFile("x.jpg", jpeg_with_gps(), content_type="image/jpeg"),
        )
    assert err.value.status == 403


def test_galleries_show_approved_photos_only(finished, personas, client_for):
    shown = services.photo_add(
        event=finished,
        actor=personas["civility_staff"],
        upload=SimpleUploadedFile("a.jpg", jpeg_with_gps(), content_type="image/jpeg"),
        caption="茶艺展示",
    )
    hidden = services.photo_add(
        event=finished,
        actor=personas["resident"],
        upload=SimpleUploadedFile("b.jpg", jpeg_with_gps(), content_type="image/jpeg"),
        caption="待审核的照片",
    )
    assert shown.status == Photo.Status.APPROVED and hidden.status == Photo.Status.PENDING
    page = client_for(None).get(f"/events/{finished.pk}/photos/").content.decode()
    assert "茶艺展示" in page and "待审核的照片" not in page
    community = client_for(None).get("/communities/dajing/photos/").content.decode()
    assert "茶艺展示" in community


def test_the_upload_page_refuses_a_fake_image_with_a_message(finished, client_for):
    client = client_for("civility_staff")
    response = client.post(
        f"/events/{finished.pk}/photos/upload/",
        {"image": SimpleUploadedFile("x.png", b"not an image at all", content_type="image/png")},
        follow=True,
    )
    assert response.status_code == 200
    assert "只能上传 JPEG、PNG 或 WebP 图片。" in response.content.decode()


def test_a_gif_is_refused_on_the_photo_wall(finished, personas):
    out = io.BytesIO()
    Image.new("RGB", (20, 20), (10, 20, 30)).save(out, format="GIF")
    with pytest.raises(EventError) as err:
        services.photo_add(
            event=finished,
            actor=personas["civility_staff"],
            upload=SimpleUploadedFile("a.gif", out.getvalue(), content_type="image/gif"),
        )
    assert err.value.code == "image_type"
