from __future__ import annotations

from datetime import timedelta

from django import forms
from django.utils.translation import gettext_lazy as _

from threecenters.core.models import Area, Center, Organisation, mobile_validator
from threecenters.events import kinds
from threecenters.events.models import Event, Series

DT_WIDGET = {"type": "datetime-local"}
DT_FORMAT = "%Y-%m-%dT%H:%M"


def dt_field(label, required=True) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        required=required,
        input_formats=[DT_FORMAT, "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"],
        widget=forms.DateTimeInput(attrs=DT_WIDGET, format=DT_FORMAT),
    )


class EventForm(forms.ModelForm):
    starts_at = dt_field(_("开始时间"))
    ends_at = dt_field(_("结束时间"))
    signup_opens_at = dt_field(_("报名开始"), required=False)
    signup_closes_at = dt_field(_("报名截止"), required=False)

    class Meta:
        model = Event
        fields = [
            "center",
            "kind",
            "title",
            "description",
            "community",
            "venue",
            "starts_at",
            "ends_at",
            "capacity",
            "waitlist_enabled",
            "booths",
            "signup_opens_at",
            "signup_closes_at",
            "eligibility",
            "eligible_communities",
            "eligible_tags",
            "companions_allowed",
            "approval_required",
            "risky",
            "insured",
            "contact_name",
            "contact_mobile",
            "public_contact_name",
            "public_contact_phone",
            "cover",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 6}),
            "eligible_communities": forms.CheckboxSelectMultiple,
            "eligible_tags": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, centers: list[Center], communities: list[Area], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = kinds.choices()
        self.fields["booths"].required = False
        self.fields["center"].queryset = Center.objects.filter(pk__in=[c.pk for c in centers])
        community_qs = Area.objects.filter(pk__in=[c.pk for c in communities]).order_by(
            "sort", "id"
        )
        self.fields["community"].queryset = community_qs
        self.fields["eligible_communities"].queryset = community_qs
        if self.instance.pk:
            # The center is fixed once created.
            del self.fields["center"]

    def clean(self):
        data = super().clean()
        starts, ends = data.get("starts_at"), data.get("ends_at")
        if starts and ends and ends < starts:
            self.add_error("ends_at", _("结束时间不能早于开始时间。"))
        opens, closes = data.get("signup_opens_at"), data.get("signup_closes_at")
        if opens and closes and closes < opens:
            self.add_error("signup_closes_at", _("报名截止时间不能早于报名开始时间。"))
        return data

    def clean_booths(self):
        return self.cleaned_data.get("booths") or 0

    def clean_cover(self):
        cover = self.cleaned_data.get("cover")
        if cover and hasattr(cover, "content_type"):
            from threecenters.events.images import ImageRejected, clean_image

            try:
                cleaned = clean_image(cover, thumbnail=False)
            except ImageRejected as exc:
                raise forms.ValidationError(str(exc)) from None
            cleaned.content.name = cleaned.name
            return cleaned.content
        return cover


class SeriesForm(forms.Form):
    center = forms.ModelChoiceField(label=_("中心"), queryset=Center.objects.none())
    kind = forms.ChoiceField(label=_("类型"), choices=kinds.choices, initial="course_session")
    title = forms.CharField(label=_("名称"), max_length=100)
    signup_mode = forms.ChoiceField(label=_("报名方式"), choices=Series.SignupMode.choices)
    description = forms.CharField(
        label=_("介绍"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    community = forms.ModelChoiceField(
        label=_("社区"), queryset=Area.objects.none(), required=False
    )
    venue = forms.CharField(label=_("地点"), max_length=200)
    first_starts_at = dt_field(_("第一场开始时间"))
    duration_minutes = forms.IntegerField(
        label=_("每场时长（分钟）"), min_value=10, max_value=24 * 60, initial=120
    )
    sessions = forms.IntegerField(label=_("场次"), min_value=1, max_value=52, initial=4)
    interval_days = forms.IntegerField(
        label=_("每隔几天一场"), min_value=1, max_value=90, initial=7
    )
    capacity = forms.IntegerField(
        label=_("名额"), min_value=0, max_value=100000, initial=20, help_text=_("0 表示不限名额。")
    )
    approval_required = forms.BooleanField(label=_("报名需审核"), required=False)

    def __init__(self, *args, centers: list[Center], communities: list[Area], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["center"].queryset = Center.objects.filter(pk__in=[c.pk for c in centers])
        self.fields["community"].queryset = Area.objects.filter(pk__in=[c.pk for c in communities])

    def session_times(self):
        first = self.cleaned_data["first_starts_at"]
        length = timedelta(minutes=self.cleaned_data["duration_minutes"])
        step = timedelta(days=self.cleaned_data["interval_days"])
        return [
            (first + i * step, first + i * step + length)
            for i in range(self.cleaned_data["sessions"])
        ]


class SignupForm(forms.Form):
    companions = forms.IntegerField(
        label=_("同行人数"), min_value=0, max_value=20, initial=0, required=False
    )


class BoothForm(forms.Form):
    organisation = forms.ModelChoiceField(label=_("单位"), queryset=Organisation.objects.none())
    note = forms.CharField(label=_("备注"), max_length=300, required=False)

    def __init__(self, *args, organisations: list[Organisation], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.filter(
            pk__in=[o.pk for o in organisations]
        )


class CheckInForm(forms.Form):
    code = forms.CharField(
        label=_("签到码"),
        max_length=6,
        required=False,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "off", "pattern": "[0-9]{6}"}
        ),
    )
    token = forms.CharField(max_length=200, required=False, widget=forms.HiddenInput)


class WalkInForm(forms.Form):
    name = forms.CharField(label=_("姓名"), max_length=40)
    mobile = forms.CharField(label=_("手机号"), max_length=11, validators=[mobile_validator])


class CancelEventForm(forms.Form):
    reason = forms.CharField(label=_("取消原因"), max_length=300)


class ReportForm(forms.Form):
    summary = forms.CharField(
        label=_("活动总结"), widget=forms.Textarea(attrs={"rows": 6}), max_length=20000
    )
    outcomes = forms.CharField(
        label=_("成果与链接"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=5000,
    )


class PhotoForm(forms.Form):
    image = forms.FileField(label=_("照片"))
    caption = forms.CharField(label=_("说明"), max_length=200, required=False)
