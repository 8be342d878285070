"""Image checks for the photo wall, on top of ``threecenters.core.uploads.validate_image``.

JPEG, PNG and WebP only; at most 10 MB and ``THREECENTERS_IMAGE_MAX_PIXELS``; decompression bombs
and anything that is not really an image (a renamed zip) are refused. The saved copy is
re-encoded from the decoded pixels, so EXIF (GPS location included) and any trailing payload are
dropped; the orientation is applied first so the photo still stands the right way up. The image
is decoded once, within the memory budget of ``core.uploads``, and the thumbnail is made from
those same pixels.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _

from threecenters.core.uploads import validate_image

MAX_BYTES = 10 * 1024 * 1024
THUMBNAIL_SIZE = 480


class ImageRejected(ValueError):
    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code


@dataclass
class CleanImage:
    name: str
    content: ContentFile
    thumbnail: ContentFile | None
    width: int
    height: int
    format: str


PHOTO_FORMATS = {"JPEG", "PNG", "WEBP"}


def clean_image(upload, *, max_bytes: int = MAX_BYTES, thumbnail: bool = True) -> CleanImage:
    """The kernel's ``validate_image`` (content sniffing, Pillow verify, pixel limit, EXIF
    stripped by re-encoding, the thumbnail when asked for), narrowed to the photo wall's formats
    and codes."""
    try:
        image = validate_image(
            upload, max_bytes=max_bytes, thumbnail=THUMBNAIL_SIZE if thumbnail else None
        )
    except ValidationError as exc:
        if exc.code == "too_large":
            raise ImageRejected(
                "image_too_large", _("图片不能超过 %(mb)d MB。") % {"mb": max_bytes // 2**20}
            ) from None
        if exc.code == "too_many_pixels":
            raise ImageRejected("image_pixels", exc.messages[0]) from None
        raise ImageRejected("image_type", _("只能上传 JPEG、PNG 或 WebP 图片。")) from None
    if image.format not in PHOTO_FORMATS:
        raise ImageRejected("image_type", _("只能上传 JPEG、PNG 或 WebP 图片。"))
    stem = uuid.uuid4().hex
    if image.thumbnail is not None:
        image.thumbnail.name = f"{stem}.jpg"
    return CleanImage(
        name=f"{stem}.{image.extension}",
        content=image.content,
        thumbnail=image.thumbnail,
        width=image.width,
        height=image.height,
        format=image.format,
    )
