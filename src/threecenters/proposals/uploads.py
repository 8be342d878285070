"""Content checks for proposal photos and attachments: the bytes decide, not the file name."""

from __future__ import annotations

import zipfile

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError

MAX_PHOTO_BYTES = 8 * 1024 * 1024
MAX_PHOTO_PIXELS = 40_000_000
MAX_DOCUMENT_BYTES = 15 * 1024 * 1024
IMAGE_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
OFFICE_KINDS = {"docx": "word/", "xlsx": "xl/", "pptx": "ppt/"}


def _size_check(file, max_bytes: int) -> None:
    if file.size is None or file.size > max_bytes:
        raise ValidationError(
            _("文件太大，不能超过 %(mb)s MB。") % {"mb": max_bytes // (1024 * 1024)}, code="size"
        )
    if file.size == 0:
        raise ValidationError(_("文件是空的。"), code="empty")


def validate_image(file, *, max_bytes: int | None = None, max_pixels: int | None = None) -> str:
    """Return the extension of a JPEG/PNG/WebP photo, or refuse it."""
    max_bytes = max_bytes or MAX_PHOTO_BYTES
    max_pixels = max_pixels or MAX_PHOTO_PIXELS
    _size_check(file, max_bytes)
    file.seek(0)
    try:
        with Image.open(file) as image:
            fmt = image.format
            width, height = image.size
            if width * height > max_pixels:
                raise ValidationError(_("图片像素太大。"), code="pixels")
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError):
        raise ValidationError(_("请上传 JPEG、PNG 或 WebP 格式的照片。"), code="type") from None
    finally:
        file.seek(0)
    if fmt not in IMAGE_FORMATS:
        raise ValidationError(_("请上传 JPEG、PNG 或 WebP 格式的照片。"), code="type")
    return IMAGE_FORMATS[fmt]


def validate_document(file, *, max_bytes: int | None = None) -> str:
    """Return the extension of a PDF, Word, Excel or PowerPoint file (or an image), or refuse it."""
    max_bytes = max_bytes or MAX_DOCUMENT_BYTES
    _size_check(file, max_bytes)
    file.seek(0)
    head = file.read(8)
    file.seek(0)
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(file) as archive:
                names = archive.namelist()
        except zipfile.BadZipFile:
            names = []
        finally:
            file.seek(0)
        if "[Content_Types].xml" in names:
            for ext, prefix in OFFICE_KINDS.items():
                if any(n.startswith(prefix) for n in names):
                    return ext
    try:
        return validate_image(file, max_bytes=max_bytes)
    except ValidationError:
        pass
    raise ValidationError(_("附件只能是 PDF、Word、Excel、PowerPoint 文件或照片。"), code="type")
