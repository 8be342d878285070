"""Image checks for the photo wall: decided by content, never by the file name.

JPEG, PNG and WebP only; at most 10 MB and 40 megapixels; decompression bombs and anything that
is not really an image (a renamed zip) are refused. The saved copy is re-encoded from the decoded
pixels, so EXIF (GPS location included) and any trailing payload are dropped; the orientation is
applied first so the photo still stands the right way up.
"""

from __future__ import annotations

import io
import uuid
import warnings
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 40_000_000
SIGNATURES = {
    "JPEG": (b"\xff\xd8\xff",),
    "PNG": (b"\x89PNG\r\n\x1a\n",),
    "WEBP": (b"RIFF",),
}
EXTENSIONS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}


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


def _sniff(head: bytes) -> str | None:
    for fmt, prefixes in SIGNATURES.items():
        if any(head.startswith(p) for p in prefixes):
            if fmt == "WEBP" and head[8:12] != b"WEBP":
                continue
            return fmt
    return None


def clean_image(upload, *, max_bytes: int = MAX_BYTES, max_pixels: int = MAX_PIXELS) -> CleanImage:
    size = getattr(upload, "size", None)
    if size is not None and size > max_bytes:
        raise ImageRejected(
            "image_too_large", _("图片不能超过 %(mb)d MB。") % {"mb": max_bytes // 2**20}
        )
    upload.seek(0)
    data = upload.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise ImageRejected(
            "image_too_large", _("图片不能超过 %(mb)d MB。") % {"mb": max_bytes // 2**20}
        )
    fmt = _sniff(data[:16])
    if fmt is None:
        raise ImageRejected("image_type", _("只能上传 JPEG、PNG 或 WebP 图片。"))
    bomb_error = _("图片像素过多（最多 %(mp)d 百万像素）。") % {"mp": max_pixels // 1_000_000}
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as probe:
                if probe.format != fmt:
                    raise ImageRejected("image_type", _("只能上传 JPEG、PNG 或 WebP 图片。"))
                width, height = probe.size
                if width * height > max_pixels:
                    raise ImageRejected("image_pixels", bomb_error)
                probe.verify()
            with Image.open(io.BytesIO(data)) as image:
                image.load()
                image = ImageOps.exif_transpose(image)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ImageRejected("image_pixels", bomb_error) from None
    except ImageRejected:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise ImageRejected("image_broken", _("图片文件已损坏或不是真正的图片。")) from None
    if image.mode not in ("RGB", "RGBA", "L"):
        image = image.convert("RGBA" if "A" in image.getbands() else "RGB")
    if fmt == "JPEG" and image.mode == "RGBA":
        image = image.convert("RGB")
    out = io.BytesIO()
    save_options = {
        "JPEG": {"quality": 88, "optimize": True},
        "PNG": {"optimize": True},
        "WEBP": {"quality": 85},
    }
    image.save(out, format=fmt, **save_options[fmt])  # no exif= argument: metadata is dropped
    return CleanImage(
        name=f"{uuid.uuid4().hex}.{EXTENSIONS[fmt]}",
        content=ContentFile(out.getvalue()),
        width=image.width,
        height=image.height,
        format=fmt,
    )


def make_thumbnail(data: bytes, *, size: int = 480) -> bytes:
    with Image.open(io.BytesIO(data)) as image:
        image.thumbnail((size, size))
        if image.mode not in ("RGB", "L"):
            image = image.convert("RGB")
        out = io.BytesIO()
        image.save(out, format="JPEG", quality=80)
        return out.getvalue()
