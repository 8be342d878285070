from __future__ import annotations

import unicodedata

from django import forms
from django.utils.translation import gettext_lazy as _

from threecenters.core.models import Area, Article, Center, Organisation


def clean_text(value: str) -> str:
    """Drop control characters (except newlines and tabs) that no one types on purpose."""
    return "".join(
        ch for ch in value if ch in "\n\t" or unicodedata.category(ch) not in {"Cc", "Cf", "Cs"}
    )


class CleanTextMixin:
    """Strip control characters from every text field before validation."""

    def clean(self):
        data = super().clean()
        for name, value in list(data.items()):
            if isinstance(value, str):
                data[name] = clean_text(value)
        return data


class ArticleForm(CleanTextMixin, forms.ModelForm):
    publish = forms.BooleanField(label=_("立即发布"), required=False)

    class Meta:
        model = Article
        fields = ["title", "summary", "body", "center", "community"]
        widgets = {"body": forms.Textarea(attrs={"rows": 12})}
        help_texts = {"body": _("可使用简单的格式（段落、加粗、列表、链接）；其他标记会被清除。")}

    def __init__(self, *args, subdistrict: Area, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["center"].queryset = Center.objects.filter(subdistrict=subdistrict)
        self.fields["community"].queryset = Area.objects.filter(
            level=Area.Level.COMMUNITY, parent=subdistrict
        )
        self.fields["center"].required = False
        self.fields["community"].required = False


class CenterForm(CleanTextMixin, forms.ModelForm):
    cover_file = forms.FileField(
        label=_("封面图"),
        required=False,
        help_text=_("JPEG、PNG 或 WebP 图片，不超过 5 MB；位置等拍摄信息会被去除。"),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )

    class Meta:
        model = Center
        fields = ["name", "tagline", "description", "address", "phone", "opening_hours"]
        widgets = {"description": forms.Textarea(attrs={"rows": 10})}

    def clean_cover_file(self):
        from threecenters.core.services import COVER_MAX_BYTES
        from threecenters.core.uploads import validate_image

        upload = self.cleaned_data.get("cover_file")
        if not upload:
            return None
        image = validate_image(upload, max_bytes=COVER_MAX_BYTES)
        if image.format not in {"JPEG", "PNG", "WEBP"}:
            raise forms.ValidationError(_("请上传 JPEG、PNG 或 WebP 图片。"))
        return image


class OrganisationForm(CleanTextMixin, forms.ModelForm):
    class Meta:
        model = Organisation
        fields = [
            "name",
            "kind",
            "community",
            "credit_code",
            "intro",
            "address",
            "contact_name",
            "contact_mobile",
            "verification",
        ]
        widgets = {"intro": forms.Textarea(attrs={"rows": 4})}

    def __init__(
        self,
        *args,
        subdistrict: Area,
        communities: list[Area] | None = None,
        may_verify: bool = True,
        **kwargs,
    ):
        """``communities``: the only communities to choose from (one is then required), for
        someone who manages their community's organisations only; without ``may_verify`` the
        verification state is not a field (it stays as it is, new ones are unverified)."""
        super().__init__(*args, **kwargs)
        self.subdistrict = subdistrict
        community = self.fields["community"]
        community.queryset = Area.objects.filter(level=Area.Level.COMMUNITY, parent=subdistrict)
        if communities is not None:
            community.queryset = community.queryset.filter(pk__in=[c.pk for c in communities])
            community.required = True
        if not may_verify:
            del self.fields["verification"]

    def clean_name(self):
        name = clean_text(self.cleaned_data["name"]).strip()
        clash = Organisation.objects.filter(subdistrict=self.subdistrict, name=name)
        if self.instance.pk:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(_("本街道已有同名组织。"))
        return name
