import io

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from PIL import Image

from tests.uploads.files import pixel_bomb_png, png_bytes, upload, zip_bomb_bytes
from threecenters.core.uploads import validate_image


def test_a_good_image_comes_back_reencoded_without_exif():
    checked = validate_image(
        upload("photo.jpg", png_bytes(exif=True, fmt="JPEG")), max_bytes=10**6, max_pixels=10**6
    )
    assert checked.format == "JPEG" and checked.extension == "jpg"
    assert (checked.width, checked.height) == (20, 10)
    with Image.open(io.BytesIO(checked.content.read())) as image:
        assert 0x010F not in image.getexif()


def test_the_name_does_not_decide_the_format():
    checked = validate_image(upload("photo.gif", png_bytes()), max_bytes=10**6)
    assert checked.extension == "png" and checked.content.name.endswith(".png")


@pytest.mark.parametrize(
    ("name", "data", "code"),
    [
        ("photo.jpg", b"MZ\x90\x00" + b"\0" * 100, "refused_kind"),  # a renamed Windows program
        ("photo.png", b"\x7fELF" + b"\0" * 100, "refused_kind"),
        ("photo.png", zip_bomb_bytes(), "refused_kind"),
        ("photo.png", b"not an image at all", "bad_image"),
        ("photo.png", png_bytes()[:30], "bad_image"),  # truncated
        ("photo.png", b"", "empty"),
    ],
)
def test_it_refuses_what_is_not_an_image(name, data, code):
    with pytest.raises(ValidationError) as error:
        validate_image(upload(name, data), max_bytes=10**7)
    assert error.value.code == code


def test_it_refuses_a_decompression_bomb_with_a_clear_message():
    with translation.override("zh-hans"), pytest.raises(ValidationError) as error:
        validate_image(upload("bomb.png", pixel_bomb_png()), max_bytes=10**7, max_pixels=10**6)
    assert error.value.code == "too_many_pixels"
    assert "像素" in error.value.messages[0]


def test_it_refuses_an_oversized_file():
    with pytest.raises(ValidationError) as error:
        validate_image(upload("big.png", png_bytes((400, 400))), max_bytes=100)
    assert error.value.code == "too_large"
