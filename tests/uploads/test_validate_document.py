import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from tests.uploads.files import pdf_bytes, png_bytes, upload, zip_bomb_bytes
from threecenters.core.uploads import validate_document


def test_a_pdf_and_an_image_are_accepted():
    assert validate_document(upload("a.pdf", pdf_bytes()), max_bytes=10**6).kind == "pdf"
    assert validate_document(upload("a.png", png_bytes()), max_bytes=10**6).kind == "image"


def test_an_oversized_pdf_is_refused_with_the_limit_in_the_message():
    with translation.override("zh-hans"), pytest.raises(ValidationError) as error:
        validate_document(upload("big.pdf", pdf_bytes(padding=2_000_000)), max_bytes=1_000_000)
    assert error.value.code == "too_large"
    assert "上限" in error.value.messages[0]


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("report.pdf", b"MZ\x90\x00" + b"\0" * 100),  # a renamed executable
        ("report.pdf", zip_bomb_bytes()),  # a zip bomb
        ("report.pdf", b"#!/bin/sh\nrm -rf /\n"),
        ("report.docx", b"PK\x03\x04" + b"\0" * 100),
    ],
)
def test_programs_and_archives_are_refused_whatever_their_name(name, data):
    with pytest.raises(ValidationError) as error:
        validate_document(upload(name, data), max_bytes=10**7)
    assert error.value.code == "refused_kind"


def test_a_truncated_pdf_is_refused():
    with pytest.raises(ValidationError) as error:
        validate_document(upload("cut.pdf", pdf_bytes()[:20]), max_bytes=10**6)
    assert error.value.code == "bad_pdf"


def test_only_the_kinds_asked_for_pass():
    with pytest.raises(ValidationError):
        validate_document(upload("a.png", png_bytes()), max_bytes=10**6, kinds={"pdf"})
    with pytest.raises(ValidationError):
        validate_document(upload("a.pdf", pdf_bytes()), max_bytes=10**6, kinds={"image"})


def test_messages_are_in_the_current_language():
    with translation.override("en"), pytest.raises(ValidationError) as error:
        validate_document(upload("x.pdf", b"MZ" + b"\0" * 10), max_bytes=10**6)
    assert "not accepted" in error.value.messages[0]
