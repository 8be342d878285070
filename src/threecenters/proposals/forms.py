from __future__ import annotations

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _

from threecenters.core.models import Area, User
from threecenters.core.uploads import validate_document, validate_image
from threecenters.proposals.models import (
    Expert,
    FundingSource,
    ProposalFile,
    ProposalType,
)
from threecenters.proposals.validation import check_point, fen_to_yuan, yuan_to_fen
from threecenters.reviews.models import Outcome

DATE = forms.DateInput(attrs={"type": "date"})
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class ProposalForm(forms.Form):
    """A draft may be incomplete; ``proposal_submit`` checks the required fields."""

    community = forms.ModelChoiceField(queryset=Area.objects.none(), label=_("申报社区"))
    title = forms.CharField(label=_("项目名称"), max_length=100)
    type = forms.ChoiceField(label=_("项目类型"), choices=ProposalType.choices)
    address = forms.CharField(label=_("地址"), max_length=200, required=False)
    building_part = forms.CharField(
        label=_("建筑部位"), max_length=60, required=False, help_text=_("例如：架空层、楼顶")
    )
    latitude = forms.DecimalField(label=_("纬度"), max_digits=9, decimal_places=6, required=False)
    longitude = forms.DecimalField(label=_("经度"), max_digits=9, decimal_places=6, required=False)
    area_m2 = forms.DecimalField(
        label=_("可用面积（平方米）"), max_digits=9, decimal_places=2, required=False
    )
    expected_daily_participants = forms.IntegerField(
        label=_("预计每日参与人数"), required=False, min_value=0, max_value=1_000_000
    )
    target_groups = forms.CharField(label=_("服务对象"), max_length=200, required=False)
    opening_hours = forms.CharField(label=_("开放时间"), max_length=120, required=False)
    budget_yuan = forms.CharField(
        label=_("预算（元）"), max_length=20, required=False, help_text=_("精确到分，例如 85000.00")
    )
    funding_source = forms.ChoiceField(
        label=_("资金来源"), choices=[("", "—"), *FundingSource.choices], required=False
    )
    duration_months = forms.IntegerField(
        label=_("实施周期（月）"), required=False, min_value=1, max_value=120
    )
    description = forms.CharField(
        label=_("项目说明"),
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
        max_length=20000,
    )

    def __init__(self, *args, communities=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["community"].queryset = Area.objects.filter(
            pk__in=[c.pk for c in communities or []]
        )

    def clean_area_m2(self):
        value = self.cleaned_data.get("area_m2")
        if value is not None and value < 0:
            raise ValidationError(_("面积不能为负数。"))
        return value

    def clean_budget_yuan(self):
        raw = self.cleaned_data.get("budget_yuan", "").strip()
        return yuan_to_fen(raw) if raw else None

    def clean(self):
        data = super().clean()
        for name, message in check_point(data.get("latitude"), data.get("longitude")).items():
            self.add_error(name, message)
        return data

    def proposal_fields(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("community", None)
        data["budget_fen"] = data.pop("budget_yuan")
        return data

    @staticmethod
    def initial_from(proposal) -> dict:
        initial = {
            name: getattr(proposal, name)
            for name in [
                "title",
                "type",
                "address",
                "building_part",
                "latitude",
                "longitude",
                "area_m2",
                "expected_daily_participants",
                "target_groups",
                "opening_hours",
                "funding_source",
                "duration_months",
                "description",
            ]
        }
        initial["community"] = proposal.community_id
        initial["budget_yuan"] = fen_to_yuan(proposal.budget_fen)
        return initial


# Upload limits for proposals, site visits and progress updates.
MAX_PHOTO_BYTES = 8 * 1024 * 1024
MAX_DOCUMENT_BYTES = 15 * 1024 * 1024


def checked_photo(upload) -> tuple[ContentFile, str]:
    """The photo re-encoded without EXIF data and its extension, or a ValidationError."""
    image = validate_image(upload, max_bytes=MAX_PHOTO_BYTES)
    return image.content, image.extension


class FileForm(forms.Form):
    kind = forms.ChoiceField(label=_("类别"), choices=ProposalFile.Kind.choices)
    file = forms.FileField(label=_("文件"))

    def clean(self):
        data = super().clean()
        upload = data.get("file")
        if upload is not None and data.get("kind"):
            if data["kind"] == ProposalFile.Kind.PHOTO:
                data["checked"] = checked_photo(upload)
            else:
                document = validate_document(upload, max_bytes=MAX_DOCUMENT_BYTES)
                data["checked"] = (document.content, document.extension)
        return data


class AssignForm(forms.Form):
    expert = forms.ModelChoiceField(queryset=User.objects.none(), label=_("专家"))
    override_reason = forms.CharField(
        label=_("仍然指派的理由（存在利益关联时必填）"), max_length=300, required=False
    )

    def __init__(self, *args, experts=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["expert"].queryset = experts if experts is not None else User.objects.none()
        self.fields["expert"].label_from_instance = lambda u: u.masked_name


class MeasurementField(forms.CharField):
    """Lines of "name, value, unit", e.g. "净高, 2.8, 米"."""

    def clean(self, value):
        value = super().clean(value)
        rows = []
        for number, line in enumerate((value or "").splitlines(), start=1):
            line = line.strip()
            if not line:
                continue
            parts = [p.strip() for p in line.replace("，", ",").split(",")]
            if len(parts) != 3 or not parts[0] or not parts[2]:
                raise ValidationError(_("第 %(n)s 行格式应为“名称, 数值, 单位”。") % {"n": number})
            try:
                amount = Decimal(parts[1])
            except ArithmeticError:
                raise ValidationError(_("第 %(n)s 行的数值无效。") % {"n": number}) from None
            if not amount.is_finite() or abs(amount) >= Decimal("1e10"):
                raise ValidationError(_("第 %(n)s 行的数值无效。") % {"n": number})
            rows.append((parts[0][:60], amount.quantize(Decimal("0.01")), parts[2][:20]))
        return rows


class SiteVisitForm(forms.Form):
    visited_on = forms.DateField(label=_("走访日期"), widget=DATE)
    places = forms.CharField(label=_("走访地点"), max_length=300)
    interviewed_count = forms.IntegerField(label=_("访谈人数"), min_value=0, max_value=10000)
    interviewed_roles = forms.CharField(
        label=_("访谈对象"), max_length=200, required=False, help_text=_("例如：物业、楼栋长、居民")
    )
    measured_area_m2 = forms.DecimalField(
        label=_("实测面积（平方米）"), max_digits=9, decimal_places=2, required=False, min_value=0
    )
    foot_traffic_count = forms.IntegerField(
        label=_("人流量计数（人次）"), required=False, min_value=0, max_value=10_000_000
    )
    traffic_from = forms.DateTimeField(label=_("计数开始"), required=False, widget=DATETIME)
    traffic_to = forms.DateTimeField(label=_("计数结束"), required=False, widget=DATETIME)
    measurements = MeasurementField(
        label=_("其他测量数据"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("每行一项：名称, 数值, 单位"),
    )
    findings = forms.CharField(
        label=_("走访发现"), widget=forms.Textarea(attrs={"rows": 5}), max_length=5000
    )
    photo = forms.FileField(label=_("照片"), required=False)

    def clean_photo(self):
        upload = self.cleaned_data.get("photo")
        if upload is None:
            return None
        return checked_photo(upload)

    def clean(self):
        data = super().clean()
        start, end = data.get("traffic_from"), data.get("traffic_to")
        if data.get("foot_traffic_count") is not None and (start is None or end is None):
            self.add_error("traffic_to", _("记录人流量时，请填写计数的起止时间。"))
        if start and end and end <= start:
            self.add_error("traffic_to", _("计数结束时间必须晚于开始时间。"))
        return data


class ScoreForm(forms.Form):
    findings = forms.CharField(
        label=_("评审意见（仅您本人和工作人员可见）"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=5000,
    )

    def __init__(self, *args, criteria=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        for c in self.criteria:
            self.fields[f"score_{c.code}"] = forms.TypedChoiceField(
                label=c.label,
                choices=[("", "—")] + [(i, str(i)) for i in range(1, 6)],
                coerce=int,
                help_text=_("权重 %(w)s") % {"w": c.weight},
            )
            self.fields[f"comment_{c.code}"] = forms.CharField(
                label=_("%(label)s · 评语") % {"label": c.label}, max_length=500, required=False
            )

    def scores(self) -> dict:
        return {
            c.code: (self.cleaned_data[f"score_{c.code}"], self.cleaned_data[f"comment_{c.code}"])
            for c in self.criteria
        }


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("评审结论"), choices=Outcome.choices, widget=forms.RadioSelect
    )
    reason_codes = forms.MultipleChoiceField(
        label=_("理由"), choices=(), required=False, widget=forms.CheckboxSelectMultiple
    )
    explanation = forms.CharField(
        label=_("说明（申请社区可见）"), widget=forms.Textarea(attrs={"rows": 5}), max_length=5000
    )

    def __init__(self, *args, reasons=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason_codes"].choices = list(reasons)


class MilestoneForm(forms.Form):
    title = forms.CharField(label=_("里程碑"), max_length=100)
    due_on = forms.DateField(label=_("截止日期"), widget=DATE)
    weight = forms.IntegerField(label=_("权重"), min_value=1, max_value=100, initial=1)


class UpdateForm(forms.Form):
    text = forms.CharField(
        label=_("进展"), widget=forms.Textarea(attrs={"rows": 4}), max_length=5000
    )
    photo = forms.FileField(label=_("照片"), required=False)

    def clean_photo(self):
        upload = self.cleaned_data.get("photo")
        if upload is None:
            return None
        return checked_photo(upload)


class CloseForm(forms.Form):
    summary = forms.CharField(
        label=_("结项总结"), widget=forms.Textarea(attrs={"rows": 5}), max_length=10000
    )
    participants_total = forms.IntegerField(label=_("累计服务人次"), min_value=0)
    activities_count = forms.IntegerField(label=_("开展活动次数"), min_value=0)
    spent_yuan = forms.CharField(label=_("实际支出（元）"), max_length=20)

    def clean_spent_yuan(self):
        return yuan_to_fen(self.cleaned_data["spent_yuan"])


class ExpertForm(forms.Form):
    user = forms.ModelChoiceField(queryset=User.objects.none(), label=_("专家账号"))
    field = forms.CharField(label=_("专业领域"), max_length=80)
    organisation = forms.CharField(label=_("工作单位"), max_length=100, required=False)
    bio = forms.CharField(
        label=_("简介"), widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=2000
    )
    contact_mobile = forms.RegexField(
        label=_("联系电话"),
        regex=r"^1[3-9]\d{9}$",
        required=False,
        error_messages={"invalid": _("请输入 11 位中国大陆手机号。")},
    )
    availability = forms.ChoiceField(label=_("可用状态"), choices=Expert.Availability.choices)
    communities = forms.ModelMultipleChoiceField(
        queryset=Area.objects.none(),
        label=_("居住或工作的社区"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, users=None, communities=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = users if users is not None else User.objects.none()
        self.fields["user"].label_from_instance = lambda u: f"{u.masked_name} ({u.username})"
        self.fields["communities"].queryset = (
            communities if communities is not None else Area.objects.none()
        )
