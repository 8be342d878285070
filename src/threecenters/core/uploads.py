"""Checking uploaded files by their content, not their name.

    validate_image(file, *, max_bytes, max_pixels=IMAGE_MAX_PIXELS, thumbnail=None)
        -> ValidatedImage
    validate_document(file, *, max_bytes, kinds={"pdf", "image"}) -> ValidatedDocument
    thumbnail_from_bytes(data, *, size=480) -> bytes

Both validators raise ``django.core.exceptions.ValidationError`` with a message in the current
language. Refused: files over the size limit; executables, scripts and archives (ZIP-based
containers included, so a zip bomb never gets unpacked) whatever their name; images whose pixel
count, read from the header before anything is decoded, exceeds the limit
(``THREECENTERS_IMAGE_MAX_PIXELS``; Pillow's own bomb limit is set to it as well) or that Pillow
cannot verify; PDFs without a PDF header and end marker. Images come back re-encoded without EXIF
(location, camera) data, turned upright first.

Memory: an image is decoded once, within ``THREECENTERS_IMAGE_DECODE_PIXELS``. A larger
(baseline) JPEG is decoded straight from the file at 1/2, 1/4 or 1/8 scale (``Image.draft``), so a
36-megapixel photo costs about 9 megapixels of memory and is stored at that size; other images
over the budget are refused, because they cannot be decoded at a reduced scale (a progressive
JPEG keeps every full-size coefficient while decoding). The thumbnail, when asked for, is made
from the same decoded pixels. Afterwards the freed buffers are handed back to the operating system
(``release_memory``), so a server process does not stay at its peak.

A file object is checked once: asking again with the same limits (a form's ``clean`` and then the
service) returns the first result.
"""

from __future__ import annotations

import ctypes
import io
import warnings
from dataclasses import dataclass

from django.conf import settings
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


def _load_malloc_trim():
    """glibc's ``malloc_trim``, or None elsewhere (musl, macOS), where there is nothing to do."""
    try:
        return ctypes.CDLL(None).malloc_trim
    except (OSError, AttributeError):
        return None


_malloc_trim = _load_malloc_trim()


def release_memory() -> None:
    """Give freed image buffers back to the operating system. Once glibc has seen a large block
    freed it raises its mmap threshold and serves the next large blocks from the heap, where
    freed memory stays resident; ``malloc_trim`` returns it."""
    if _malloc_trim is not None:
        _malloc_trim(0)


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
    thumbnail: ContentFile | None = None


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


def _decode_scale(width: int, height: int, budget: int) -> int:
    """The JPEG decoding scale (1, 1/2, 1/4 or 1/8, given as the divisor) that keeps the
    decoded pixels within ``budget``; 0 when even 1/8 does not."""
    for scale in (1, 2, 4, 8):
        if -(-width // scale) * -(-height // scale) <= budget:
            return scale
    return 0


def _upright(image) -> None:
    """Apply the EXIF orientation to the pixels, in place (one transposed copy at a time)."""
    from PIL import ImageOps

    ImageOps.exif_transpose(image, in_place=True)


def _thumbnail_bytes(image, size: int) -> bytes:
    """A JPEG at most ``size`` pixels on its longer side, made from pixels already decoded:
    an integer ``reduce`` first, so the resampling never holds a second full-size copy."""
    from PIL import Image

    width, height = image.size
    ratio = min(size / width, size / height, 1)
    target = (max(1, round(width * ratio)), max(1, round(height * ratio)))
    small = image.resize(target, Image.Resampling.LANCZOS, reducing_gap=3.0)
    try:
        if small.mode not in ("RGB", "L"):
            converted = small.convert("RGB")
            small.close()
            small = converted
        out = io.BytesIO()
        small.save(out, format="JPEG", quality=80)
        return out.getvalue()
    finally:
        small.close()


def _image_from_bytes(
    data: bytes, *, max_pixels: int, name: str, thumbnail: int | None = None
) -> ValidatedImage:
    """Check, decode once within the memory budget, re-encode without EXIF (and make the
    thumbnail from the same pixels). See the module docstring for the budget."""
    from PIL import Image, UnidentifiedImageError

    budget = settings.IMAGE_DECODE_PIXELS
    broken = _("无法识别的图片，请上传 JPEG、PNG、WebP 或 GIF 图片。")
    image = None
    try:
        with warnings.catch_warnings():
            # the header only: format and size are known before a pixel is decoded (Pillow's
            # own warning is left to the check below, which says how many pixels there are)
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=list(IMAGE_FORMATS)) as probe:
                width, height = probe.size
                if width * height > max_pixels:
                    raise ValidationError(
                        _("图片像素太多（%(pixels)s 像素，上限 %(limit)s 像素），请缩小后再上传。")
                        % {"pixels": f"{width * height:,}", "limit": f"{max_pixels:,}"},
                        code="too_many_pixels",
                    )
                probe.verify()
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data), formats=list(IMAGE_FORMATS))
            fmt = image.format
            scale = _decode_scale(width, height, budget)
            # Baseline JPEGs decode at 1/2, 1/4 or 1/8 scale straight from the file. Nothing
            # else can (a progressive JPEG keeps every full-size coefficient while decoding).
            if scale != 1 and (
                not scale
                or fmt != "JPEG"
                or image.info.get("progressive")
                or image.draft(image.mode, (width // scale, height // scale)) is None
            ):
                raise ValidationError(
                    _(
                        "这张图片有 %(pixels)s 像素，超过了 %(limit)s 像素的处理上限；"
                        "请缩小后再上传，或另存为普通（非渐进式）JPEG 图片。"
                    )
                    % {"pixels": f"{width * height:,}", "limit": f"{budget:,}"},
                    code="too_many_pixels",
                )
            image.load()
            _upright(image)
            if fmt == "JPEG" and image.mode not in ("RGB", "L"):
                converted = image.convert("RGB")
                image.close()
                image = converted
            out = io.BytesIO()
            save_kwargs = {"quality": 90, "optimize": True} if fmt == "JPEG" else {}
            image.save(out, format=fmt, **save_kwargs)
            thumb = _thumbnail_bytes(image, thumbnail) if thumbnail else None
            width, height = image.size
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ValidationError(
            _("图片像素太多（上限 %(limit)s 像素），请缩小后再上传。")
            % {"limit": f"{max_pixels:,}"},
            code="too_many_pixels",
        ) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError):
        raise ValidationError(broken, code="bad_image") from None
    finally:
        if image is not None:
            image.close()
        del image
        release_memory()
    extension, content_type = IMAGE_FORMATS[fmt]
    stem = (name.rsplit("/", 1)[-1].rsplit(".", 1)[0] or "image")[:60]
    return ValidatedImage(
        content=ContentFile(out.getvalue(), name=f"{stem}.{extension}"),
        format=fmt,
        extension=extension,
        content_type=content_type,
        width=width,
        height=height,
        thumbnail=ContentFile(thumb, name=f"{stem}-thumb.jpg") if thumb else None,
    )


def thumbnail_from_bytes(data: bytes, *, size: int = 480) -> bytes:
    """A JPEG thumbnail of a stored image (already checked when it was uploaded), decoded at
    the smallest JPEG scale that still covers ``size``."""
    from PIL import Image

    try:
        with Image.open(io.BytesIO(data), formats=list(IMAGE_FORMATS)) as image:
            if image.width * image.height > settings.IMAGE_MAX_PIXELS:
                raise ValidationError(_("图片像素太多，无法生成缩略图。"), code="too_many_pixels")
            if image.format == "JPEG":
                image.draft("RGB", (size, size))
            image.load()
            _upright(image)
            return _thumbnail_bytes(image, size)
    finally:
        release_memory()


def _once(file, key: tuple, check):
    """``check()``, remembered on the file object, so the same upload is decoded once."""
    done = getattr(file, "_tc_checked", None)
    if done is None:
        done = {}
        try:
            file._tc_checked = done
        except AttributeError:  # an object that takes no attributes: check every time
            return check()
    if key not in done:
        done[key] = check()
    return done[key]


def validate_image(
    file, *, max_bytes: int, max_pixels: int | None = None, thumbnail: int | None = None
) -> ValidatedImage:
    """``thumbnail``: also make a JPEG thumbnail this many pixels on its longer side."""
    max_pixels = max_pixels or settings.IMAGE_MAX_PIXELS
    return _once(
        file,
        ("image", max_bytes, max_pixels, thumbnail),
        lambda: _image_from_bytes(
            _read(file, max_bytes),
            max_pixels=max_pixels,
            name=getattr(file, "name", "") or "image",
            thumbnail=thumbnail,
        ),
    )


def validate_document(
    file,
    *,
    max_bytes: int,
    kinds: set[str] | frozenset[str] = frozenset({"pdf", "image"}),
    max_pixels: int | None = None,
) -> ValidatedDocument:
    max_pixels = max_pixels or settings.IMAGE_MAX_PIXELS
    return _once(
        file,
        ("document", max_bytes, frozenset(kinds), max_pixels),
        lambda: _document(file, max_bytes=max_bytes, kinds=kinds, max_pixels=max_pixels),
    )


def _document(file, *, max_bytes: int, kinds, max_pixels: int) -> ValidatedDocument:
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
