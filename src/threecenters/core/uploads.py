"""Checking uploaded files by their content, not their name.

    validate_image(file, *, max_bytes, max_pixels) -> ValidatedImage
    validate_document(file, *, max_bytes, kinds={"pdf", "image"}) -> ValidatedDocument

Both raise ``django.core.exceptions.ValidationError`` with a message in the current language.
Refused: files over the size limit; executables, scripts and archives (ZIP-based containers
included, so a zip bomb never gets unpacked) whatever their name; images whose pixel count
exceeds the limit (decompression bombs) or that Pillow cannot verify; PDFs without a PDF header
and end marker. Images come back re-encoded without EXIF (location, camera) data.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

IMAGE_FORMATS = {
    "JPEG": ("jpg", "image/jpeg"),
    "PNG": ("png", "image/png"),
    "WEBP": ("webp", "image/webp"),
    "GIF": ("gif", "image/gif"),
}
DEFAULT_MAX_PIXELS = 40_000_000

# Leading bytes of things that are never accepted, whatever the file is called.
_REFUSED_SIGNATURES = (
    b"MZ",  # Windows executables
    b"\x7fELF",  # Linux executables
    b"\xcf\xfa\xed\xfe",
    b"\xce\xfa\xed\xfe",
    b"\xca\xfe\xba\xbe",  # Mach-O
    b"#!",  # scripts
    b"PK\x03\x04",
    b"PK\x05\x06",
    b"PK\x07\x08",  # ZIP and ZIP-based containers
    b"\x1f\x8b",  # gzip
    b"Rar!",  # RAR
    b"7z\xbc\xaf\x27\x1c",  # 7-Zip
    b"BZh",  # bzip2
    b"\xfd7zXZ\x00",  # xz
)


@dataclass(frozen=True)
class ValidatedImage:
    content: ContentFile
    format: str
    extension: str
    content_type: str
    width: int
    height: int


@dataclass(frozen=True)
class ValidatedDocument:
    kind: str  # "pdf" or "image"
    content: ContentFile
    extension: str
    content_type: str


def _read(file, max_bytes: int) -> bytes:
    size = getattr(file, "size", None)
    if size is not None and size > max_bytes:
        raise ValidationError(
            _("文件太大：上限为 %(limit)s。") % {"limit": filesizeformat(max_bytes)},
            code="too_large",
        )
    if hasattr(file, "seek"):
        file.seek(0)
    data = file.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise ValidationError(
            _("文件太大：上限为 %(limit)s。") % {"limit": filesizeformat(max_bytes)},
            code="too_large",
        )
    if not data:
        raise ValidationError(_("文件是空的。"), code="empty")
    if data.startswith(_REFUSED_SIGNATURES):
        raise ValidationError(
            _("不接受可执行程序、脚本或压缩包，请上传 PDF 或图片。"), code="refused_kind"
        )
    return data


def _image_from_bytes(data: bytes, *, max_pixels: int, name: str) -> ValidatedImage:
    from PIL import Image, UnidentifiedImageError

    bomb = _("图片像素太多（上限 %(limit)s 像素），请缩小后再上传。") % {"limit": f"{max_pixels:,}"}
    broken = _("无法识别的图片，请上传 JPEG、PNG、WebP 或 GIF 图片。")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as probe:
                if probe.format not in IMAGE_FORMATS:
                    raise ValidationError(broken, code="bad_image")
                width, height = probe.size
                if width * height > max_pixels:
                    raise ValidationError(bomb, code="too_many_pixels")
                probe.verify()
            with Image.open(io.BytesIO(data)) as image:
                fmt = image.format
                image.load()
                from PIL import ImageOps

                clean = ImageOps.exif_transpose(image) or image
                out = io.BytesIO()
                save_kwargs: dict = {}
                if fmt == "JPEG":
                    if clean.mode not in ("RGB", "L"):
                        clean = clean.convert("RGB")
                    save_kwargs = {"quality": 90, "optimize": True}
                clean.save(out, format=fmt, **save_kwargs)
                width, height = clean.size
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ValidationError(bomb, code="too_many_pixels") from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError):
        raise ValidationError(broken, code="bad_image") from None
    extension, content_type = IMAGE_FORMATS[fmt]
    stem = (name.rsplit("/", 1)[-1].rsplit(".", 1)[0] or "image")[:60]
    return ValidatedImage(
        content=ContentFile(out.getvalue(), name=f"{stem}.{extension}"),
        format=fmt,
        extension=extension,
        content_type=content_type,
        width=width,
        height=height,
    )


def validate_image(file, *, max_bytes: int, max_pixels: int = DEFAULT_MAX_PIXELS) -> ValidatedImage:
    data = _read(file, max_bytes)
    return _image_from_bytes(data, max_pixels=max_pixels, name=getattr(file, "name", "") or "image")


def validate_document(
    file,
    *,
    max_bytes: int,
    kinds: set[str] | frozenset[str] = frozenset({"pdf", "image"}),
    max_pixels: int = DEFAULT_MAX_PIXELS,
) -> ValidatedDocument:
    data = _read(file, max_bytes)
    name = getattr(file, "name", "") or "document"
    stem = (name.rsplit("/", 1)[-1].rsplit(".", 1)[0] or "document")[:60]
    if data.startswith(b"%PDF-"):
        if "pdf" not in kinds:
            raise ValidationError(_("此处不接受 PDF 文件。"), code="refused_kind")
        if b"%%EOF" not in data[-2048:]:
            raise ValidationError(_("PDF 文件不完整或已损坏。"), code="bad_pdf")
        return ValidatedDocument(
            kind="pdf",
            content=ContentFile(data, name=f"{stem}.pdf"),
            extension="pdf",
            content_type="application/pdf",
        )
    if "image" in kinds:
        try:
            image = _image_from_bytes(data, max_pixels=max_pixels, name=name)
        except ValidationError as exc:
            if exc.code == "bad_image" and "pdf" in kinds:
                raise ValidationError(
                    _("只接受 PDF 文件或 JPEG、PNG、WebP、GIF 图片。"), code="refused_kind"
                ) from None
            raise
        return ValidatedDocument(
            kind="image",
            content=image.content,
            extension=image.extension,
            content_type=image.content_type,
        )
    raise ValidationError(_("只接受 PDF 文件。"), code="refused_kind")
