"""Image checks for the photo wall, on top of ``threecenters.core.uploads.validate_image``.

JPEG, PNG and WebP only; at most 10 MB and 40 megapixels; decompression bombs and anything that
is not really an image (a renamed zip) are refused. The saved copy is re-encoded from the decoded
pixels, so EXIF (GPS location included) and any trailing payload are dropped; the orientation is
applied first so the photo still stands the right way up.
"""

from __future__ import annotations

import io
import uuid
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image

from threecenters.core.uploads import validate_image

MAX_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 40_000_000


class ImageRejected(ValueError):
    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code


@dataclass
class CleanImage:
    name: str
    content: ContentFile
    width: int
    height: int
    format: str


PHOTO_FORMATS = {"JPEG", "PNG", "WEBP"}


def clean_image(upload, *, max_bytes: int = MAX_BYTES, max_pixels: int = MAX_PIXELS) -> CleanImage:
    """The kernel's ``validate_image`` (content sniffing, Pillow verify, pixel limit, EXIF
    stripped by re-encoding), narrowed to the photo wall's formats and its messages."""
    try:
        image = validate_image(upload, max_bytes=max_bytes, max_pixels=max_pixels)
    except ValidationError as exc:
        if exc.code == "too_large":
            raise ImageRejected(
                "image_too_large", _("图片不能超过 %(mb)d MB。") % {"mb": max_bytes // 2**20}
            ) from None
        if exc.code == "too_many_pixels":
            raise ImageRejected(
                "image_pixels",
                _("图片像素过多（最多 %(mp)d 百万像素）。") % {"mp": max_pixels // 1_000_000},
            ) from None
        raise ImageRejected("image_type", _("只能上传 JPEG、PNG 或 WebP 图片。")) from None
    if image.format not in PHOTO_FORMATS:
        raise ImageRejected("image_type", _("只能上传 JPEG、PNG 或 WebP 图片。"))
    return CleanImage(
        name=f"{uuid.uuid4().hex}.{image.extension}",
        content=image.content,
        width=image.width,
        height=image.height,
        format=image.format,
    )


def make_thumbnail(data: bytes, *, size: int = 480) -> bytes:
    with Image.open(io.BytesIO(data)) as image:
        image.thumbnail((size, size))
        if image.mode not in ("RGB", "L"):
            image = image.convert("RGB")
        out = io.BytesIO()
        image.save(out, format="JPEG", quality=80)
        return out.getvalue()
