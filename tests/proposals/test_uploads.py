"""Photos and attachments are checked by content and size."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from tests.uploads.files import pdf_bytes, pixel_bomb_png, zip_bomb_bytes
from threecenters.proposals.models import ProposalFile

pytestmark = pytest.mark.django_db


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.effect_noise((64, 64), 80).convert("RGB").save(buffer, "PNG")
    return buffer.getvalue()


def upload(client, proposal, kind, name, content):
    return client.post(
        f"/proposals/{proposal.pk}/files/",
        {"kind": kind, "file": SimpleUploadedFile(name, content)},
        follow=True,
    )


def test_a_real_photo_is_accepted(draft, client_for):
    response = upload(client_for("worker_jiaolong"), draft, "photo", "site.png", png_bytes())
    assert "文件已上传" in response.content.decode()
    item = ProposalFile.objects.get()
    assert item.file.name.endswith(".png") and item.name == "site.png"


def test_a_script_named_like_a_photo_is_refused(draft, client_for):
    response = upload(
        client_for("worker_jiaolong"), draft, "photo", "site.jpg", b"<script>alert(1)</script>"
    )
    assert "JPEG" in response.content.decode()
    assert not ProposalFile.objects.exists()


def test_a_pdf_attachment_is_accepted_and_an_executable_refused(draft, client_for):
    client = client_for("worker_jiaolong")
    upload(client, draft, "attachment", "plan.pdf", pdf_bytes())
    upload(client, draft, "attachment", "plan.pdf", b"MZ\x90\x00binary")
    assert [f.file.name.rsplit(".", 1)[1] for f in ProposalFile.objects.all()] == ["pdf"]


def test_an_oversized_photo_is_refused(draft, client_for, monkeypatch):
    from threecenters.proposals import forms

    monkeypatch.setattr(forms, "MAX_PHOTO_BYTES", 100)
    response = upload(client_for("worker_jiaolong"), draft, "photo", "big.png", png_bytes())
    assert "文件太大" in response.content.decode()
    assert not ProposalFile.objects.exists()


def test_a_decompression_bomb_photo_is_refused(draft, client_for):
    response = upload(client_for("worker_jiaolong"), draft, "photo", "bomb.png", pixel_bomb_png())
    assert "图片像素太多" in response.content.decode()
    assert not ProposalFile.objects.exists()


def test_a_zip_bomb_named_like_a_document_is_refused(draft, client_for):
    response = upload(
        client_for("worker_jiaolong"), draft, "attachment", "plan.docx", zip_bomb_bytes()
    )
    assert "不接受可执行程序" in response.content.decode()
    assert not ProposalFile.objects.exists()


def test_the_stored_photo_keeps_the_uploaded_name_but_loses_its_exif(draft, client_for):
    from tests.uploads.files import png_bytes as exif_png

    upload(
        client_for("worker_jiaolong"), draft, "photo", "site.jpg", exif_png(exif=True, fmt="JPEG")
    )
    item = ProposalFile.objects.get()
    assert item.name == "site.jpg"
    assert b"SecretCamera" not in item.file.read()
