"""The deploy check: certificates need their CJK font on this machine."""

from pathlib import Path

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.compatibility, deploy=True)
def cjk_font_present(app_configs, **kwargs):
    if not Path(settings.CJK_FONT).is_file():
        return [
            Warning(
                f"THREECENTERS_CJK_FONT: no font file at {settings.CJK_FONT}; certificate PDFs cannot be rendered.",
                hint="Install fonts-wqy-microhei (Debian) or point THREECENTERS_CJK_FONT at a TTF/TTC with Chinese glyphs.",
                id="threecenters.W101",
            )
        ]
    return []
