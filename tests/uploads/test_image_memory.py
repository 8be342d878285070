"""Images cannot exhaust memory: an image is checked against the pixel limit from its header
before anything is decoded, decoded once within the decode budget (a large JPEG at a reduced
scale), thumbnailed from the same pixels, and the memory is handed back afterwards.

The peak is measured in a fresh process (the kernel's high-water mark of its resident memory,
reset just before the work), so it counts Pillow's and libjpeg's buffers, which tracemalloc does
not see. Nothing here is timed.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from PIL import Image, ImageDraw, ImageFile

from tests.uploads.files import jpeg_declaring, upload
from threecenters.core.uploads import validate_image

MB = 1024 * 1024
PEAK_BOUND = 150 * MB
ROOT = Path(__file__).resolve().parents[2]

MEASURE = r"""
import json, os, resource, sys
import django
django.setup()
from django.core.files.uploadedfile import SimpleUploadedFile
from threecenters.events.images import clean_image

def status(field):
    for line in open("/proc/self/status"):
        if line.startswith(field + ":"):
            return int(line.split()[1]) * 1024

data = open(sys.argv[1], "rb").read()
upload = SimpleUploadedFile("big.jpg", data, content_type="image/jpeg")
clean_image(SimpleUploadedFile("warm.jpg", open(sys.argv[2], "rb").read()))  # imports, codecs
before = status("VmRSS")
try:
    with open("/proc/self/clear_refs", "w") as fh:
        fh.write("5")  # reset the high-water mark to the current size
except OSError:
    pass
cleaned = clean_image(upload)
peak = status("VmHWM")
after = status("VmRSS")
print(json.dumps({
    "before": before, "peak": peak, "after": after,
    "size": [cleaned.width, cleaned.height],
    "thumbnail": list(Image.open(thumb).size) if (thumb := getattr(cleaned, "thumbnail", None)) else None,
}))
"""


def camera_jpeg(path: Path, size: tuple[int, int], *, orientation: int = 6) -> None:
    """A baseline JPEG the size of a camera's, standing on its side (EXIF orientation 6)."""
    image = Image.new("RGB", size, (90, 140, 200))
    draw = ImageDraw.Draw(image)
    for x in range(0, size[0], 400):
        draw.rectangle([x, 0, x + 200, size[1]], fill=(200, (x // 10) % 255, 80))
    exif = Image.Exif()
    exif[0x0112] = orientation
    image.save(path, format="JPEG", quality=85, exif=exif)
    image.close()


def measure(tmp_path: Path, image: Path) -> dict:
    warm = tmp_path / "warm.jpg"
    camera_jpeg(warm, (64, 48))
    env = {
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "PATH": "/usr/bin:/bin",
        "THREECENTERS_VAR_DIR": str(tmp_path / "var"),
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
    }
    code = "from PIL import Image\n" + MEASURE
    result = subprocess.run(
        [sys.executable, "-c", code, str(image), str(warm)],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs Linux /proc")
@pytest.mark.parametrize(
    ("size", "stored"),
    [
        # 36.2 megapixels, as a full-frame camera takes them: decoded at half scale
        ((7360, 4912), [2456, 3680]),
        # the largest photo decoded at full size under the default 16-megapixel budget
        ((4896, 3264), [3264, 4896]),
    ],
)
def test_a_large_photo_is_checked_and_thumbnailed_within_150_mb(tmp_path, size, stored):
    photo = tmp_path / "camera.jpg"
    camera_jpeg(photo, size)
    figures = measure(tmp_path, photo)
    peak = figures["peak"] - figures["before"]
    assert peak < PEAK_BOUND, f"peak {peak / MB:.0f} MB above the process before the upload"
    # turned upright, and the thumbnail made from the same pixels
    assert figures["size"] == stored
    assert max(figures["thumbnail"]) == 480
    # and the memory is handed back: the process does not stay at its peak
    assert figures["after"] - figures["before"] < 40 * MB


def test_an_image_over_the_pixel_limit_is_refused_before_decoding(monkeypatch):
    def no_decoding(self, *args, **kwargs):
        raise AssertionError("the image was decoded")

    monkeypatch.setattr(ImageFile.ImageFile, "load", no_decoding)
    # 9000 × 5000 = 45 megapixels claimed by a file of a few hundred bytes
    with translation.override("zh-hans"), pytest.raises(ValidationError) as error:
        validate_image(upload("huge.jpg", jpeg_declaring(9000, 5000)), max_bytes=10**7)
    assert error.value.code == "too_many_pixels"
    assert error.value.messages[0] == (
        "图片像素太多（45,000,000 像素，上限 40,000,000 像素），请缩小后再上传。"
    )
    with translation.override("en"), pytest.raises(ValidationError) as error:
        validate_image(upload("huge.jpg", jpeg_declaring(9000, 5000)), max_bytes=10**7)
    assert "45,000,000" in error.value.messages[0] and "40,000,000" in error.value.messages[0]


def test_the_pixel_limit_is_a_setting(settings):
    settings.IMAGE_MAX_PIXELS = 2_000_000
    with pytest.raises(ValidationError) as error:
        validate_image(upload("a.jpg", jpeg_declaring(2000, 1500)), max_bytes=10**7)
    assert error.value.code == "too_many_pixels"


@pytest.mark.parametrize("kind", ["png", "progressive"])
def test_what_cannot_be_decoded_at_a_reduced_scale_is_refused_over_the_budget(
    kind, settings, monkeypatch
):
    settings.IMAGE_DECODE_PIXELS = 1_000_000
    out = io.BytesIO()
    image = Image.new("RGB", (1500, 1000), (1, 2, 3))
    if kind == "png":
        image.save(out, format="PNG")
    else:
        image.save(out, format="JPEG", progressive=True)
    monkeypatch.setattr(
        ImageFile.ImageFile, "load", lambda self: (_ for _ in ()).throw(AssertionError("decoded"))
    )
    with translation.override("zh-hans"), pytest.raises(ValidationError) as error:
        validate_image(upload(f"a.{kind}", out.getvalue()), max_bytes=10**7)
    assert error.value.code == "too_many_pixels"
    assert "1,500,000" in error.value.messages[0] and "处理上限" in error.value.messages[0]


def test_a_baseline_jpeg_over_the_budget_is_kept_at_a_reduced_scale(settings):
    settings.IMAGE_DECODE_PIXELS = 1_000_000
    out = io.BytesIO()
    Image.new("RGB", (1500, 1000), (1, 2, 3)).save(out, format="JPEG")
    checked = validate_image(upload("a.jpg", out.getvalue()), max_bytes=10**7, thumbnail=100)
    assert (checked.width, checked.height) == (750, 500)
    with Image.open(checked.thumbnail) as thumb:
        assert thumb.size == (100, 67)


def test_one_upload_is_decoded_once(monkeypatch):
    from threecenters.core import uploads

    calls = []
    original = uploads._image_from_bytes
    monkeypatch.setattr(
        uploads, "_image_from_bytes", lambda *a, **k: calls.append(1) or original(*a, **k)
    )
    out = io.BytesIO()
    Image.new("RGB", (40, 30)).save(out, format="PNG")
    file = upload("a.png", out.getvalue())
    first = validate_image(file, max_bytes=10**6)  # the form's check
    second = validate_image(file, max_bytes=10**6)  # the service's
    assert first is second and len(calls) == 1
