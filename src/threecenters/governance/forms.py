from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from threecenters.core.models import Area
from threecenters.core.uploads import validate_document, validate_image
from threecenters.events.models import Event
from threecenters.governance import services
from threecenters.governance.models import Case, CaseAdoption

FIGURES_HELP = _("每行一项：名称|数值|单位，例如：服务居民|1200|人次")


def parse_figures(text: str) -> list[dict[str, str]]:
    rows = []
    for number, line in enumerate((text or "").splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        parts = [p.strip() for p in line.replace("｜", "|").split("|")]
        if len(parts) < 2 or not parts[0] or not parts[1]:
            raise ValidationError(
                _("第 %(n)s 行格式不对，应为：名称|数值|单位。") % {"n": number}, code="figures"
            )
        rows.append(
            {"label": parts[0], "value": parts[1], "unit": parts[2] if len(parts) > 2 else ""}
        )
    return services.clean_figures(rows)


def figures_text(figures: list) -> str:
    return "\n".join(
        f"{f['label']}|{f['value']}|{f['unit']}" for f in services.clean_figures(figures)
    )


class CaseForm(forms.ModelForm):
    tags_text = forms.CharField(
        label=_("标签"),
        required=False,
        max_length=300,
        help_text=_("用逗号或空格分隔，最多 10 个。"),
    )
    figures_text = forms.CharField(
        label=_("成效数据"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=FIGURES_HELP,
    )
    cover_file = forms.FileField(
        label=_("封面图"),
        required=False,
        help_text=_("JPEG、PNG、WebP 或 GIF，不超过 8 MB。"),
        widget=forms.ClearableFileInput(attrs={"accept": "image/*"}),
    )
    photo_file = forms.FileField(
        label=_("添加照片"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/*"}),
    )
    photo_caption = forms.CharField(label=_("照片说明"), required=False, max_length=120)
    attachment_file = forms.FileField(
        label=_("添加附件"), required=False, help_text=_("PDF 或图片，不超过 20 MB。")
    )
    attachment_title = forms.CharField(label=_("附件名称"), required=False, max_length=120)

    class Meta:
        model = Case
        fields = [
            "title",
            "community",
            "summary",
            "method_name",
            "period_start",
            "period_end",
            "background",
            "method",
            "measures",
            "results",
            "lessons",
            "contact_name",
            "contact_mobile",
        ]
        widgets = {
            "period_start": forms.DateInput(attrs={"type": "date"}),
            "period_end": forms.DateInput(attrs={"type": "date"}),
            "background": forms.Textarea(attrs={"rows": 4}),
            "method": forms.Textarea(attrs={"rows": 4}),
            "measures": forms.Textarea(attrs={"rows": 6}),
            "results": forms.Textarea(attrs={"rows": 4}),
            "lessons": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, communities=None, community_required=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["community"].queryset = (
            communities if communities is not None else Area.objects.none()
        )
        self.fields["community"].required = community_required
        if self.instance.pk:
            self.fields["tags_text"].initial = "，".join(self.instance.tag_names)
            self.fields["figures_text"].initial = figures_text(self.instance.figures)

    def clean_tags_text(self) -> list[str]:
        raw = self.cleaned_data.get("tags_text") or ""
        for sep in "，,、;；":
            raw = raw.replace(sep, " ")
        return services.clean_tags(raw.split())

    def clean_figures_text(self) -> list[dict[str, str]]:
        return parse_figures(self.cleaned_data.get("figures_text") or "")

    def clean_cover_file(self):
        f = self.cleaned_data.get("cover_file")
        if f:
            validate_image(f, max_bytes=services.IMAGE_MAX_BYTES)
            f.seek(0)
        return f

    def clean_photo_file(self):
        f = self.cleaned_data.get("photo_file")
        if f:
            validate_image(f, max_bytes=services.IMAGE_MAX_BYTES)
            f.seek(0)
        return f

    def clean_attachment_file(self):
        f = self.cleaned_data.get("attachment_file")
        if f:
            validate_document(f, max_bytes=services.ATTACHMENT_MAX_BYTES)
            f.seek(0)
        return f

    def case_fields(self) -> dict:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        data["figures"] = self.cleaned_data["figures_text"]
        return data


class AdoptionForm(forms.ModelForm):
    class Meta:
        model = CaseAdoption
        fields = ["community", "kind", "date", "adopted", "people", "outcome"]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}),
            "outcome": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, communities=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["community"].queryset = (
            communities if communities is not None else Area.objects.none()
        )


class EventChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        when = timezone.localtime(obj.starts_at).date().isoformat()
        return f"{when} · {obj.title} · {obj.venue}"


class SessionForm(forms.Form):
    event = EventChoiceField(
        label=_("对应活动"),
        queryset=Event.objects.none(),
        required=False,
        empty_label=_("（无，只记录日期和地点）"),
        help_text=_("交流会在活动平台上发布过时选择它；名称、日期、地点和人数未填时取自活动。"),
    )
    title = forms.CharField(label=_("名称"), max_length=120, required=False)
    date = forms.DateField(
        label=_("日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    place = forms.CharField(label=_("地点"), max_length=120, required=False)
    attendance = forms.IntegerField(
        label=_("参加人数"), required=False, min_value=0, max_value=100000
    )
    summary = forms.CharField(
        label=_("内容摘要"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    cases = forms.ModelMultipleChoiceField(
        label=_("交流案例"), queryset=Case.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    communities = forms.ModelMultipleChoiceField(
        label=_("参加社区"),
        queryset=Area.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, cases=None, communities=None, events=None, **kwargs):
        super().__init__(*args, **kwargs)
        if cases is not None:
            self.fields["cases"].queryset = cases
        if communities is not None:
            self.fields["communities"].queryset = communities
        if events is not None:
            self.fields["event"].queryset = events

    def clean(self):
        data = super().clean()
        event = data.get("event")
        if event is not None:
            # what the event already says fills what the form leaves empty
            data["title"] = data.get("title") or event.title[:120]
            data["date"] = data.get("date") or timezone.localtime(event.starts_at).date()
            data["place"] = data.get("place") or event.venue[:120]
            if data.get("attendance") is None and event.status == Event.Status.FINISHED:
                data["attendance"] = event.attendance_count
        if not data.get("title") and "title" not in self.errors:
            self.add_error("title", _("请填写名称，或选择对应活动。"))
        if not data.get("date") and "date" not in self.errors:
            self.add_error("date", _("请填写日期，或选择对应活动。"))
        return data


class ReturnForm(forms.Form):
    reason = forms.CharField(label=_("退回理由"), required=False, max_length=500)
