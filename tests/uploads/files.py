"""Small files for upload tests, made in memory."""

from __future__ import annotations

import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image


def png_bytes(size=(20, 10), *, exif: bool = False, fmt: str = "PNG") -> bytes:
    out = io.BytesIO()
    image = Image.new("RGB", size, (200, 30, 30))
    if exif:
        data = image.getexif()
        data[0x010F] = "SecretCamera"  # Make
        image.save(out, format=fmt, exif=data.tobytes())
    else:
        image.save(out, format=fmt)
    return out.getvalue()


def upload(
    name: str, data: bytes, content_type: str = "application/octet-stream"
) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


def pdf_bytes(padding: int = 0) -> bytes:
    return b"%PDF-1.4\n1 0 obj<<>>endobj\n" + b"0" * padding + b"\ntrailer<<>>\n%%EOF\n"


def zip_bomb_bytes() -> bytes:
    """A small zip that expands to 20 MB of zeros."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("zeros.bin", b"\0" * (20 * 1024 * 1024))
    return out.getvalue()


def pixel_bomb_png() -> bytes:
    """A tiny PNG header-declared as 30000 × 30000 pixels (a decompression bomb)."""
    out = io.BytesIO()
    Image.new("1", (30000, 30000)).save(out, format="PNG", optimize=True)
    return out.getvalue()


def jpeg_declaring(width: int, height: int) -> bytes:
    """A small baseline JPEG whose header claims ``width`` × ``height`` pixels: decoding it
    would need the memory of the claimed size, so a check must happen on the header alone."""
    out = io.BytesIO()
    Image.new("RGB", (16, 16), (10, 200, 30)).save(out, format="JPEG")
    data = bytearray(out.getvalue())
    sof = data.index(b"\xff\xc0")  # marker, length (2), precision (1), height (2), width (2)
    data[sof + 5 : sof + 9] = height.to_bytes(2, "big") + width.to_bytes(2, "big")
    return bytes(data)
