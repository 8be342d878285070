from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from threecenters.reviews.models import Objection
from threecenters.reviews.services import OBJECTION_MAX, OBJECTION_MIN, RESPONSE_MAX


class ObjectionForm(forms.Form):
    text = forms.CharField(
        label=_("异议内容"),
        min_length=OBJECTION_MIN,
        max_length=OBJECTION_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("请写明异议的事实和理由。异议只有工作人员可见，处理结果会发到您的消息中心。"),
    )


class HandleForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("处理结果"),
        choices=[
            (Objection.Status.UPHELD, Objection.Status.UPHELD.label),
            (Objection.Status.DISMISSED, Objection.Status.DISMISSED.label),
        ],
        widget=forms.RadioSelect,
    )
    response = forms.CharField(
        label=_("书面答复"), max_length=RESPONSE_MAX, widget=forms.Textarea(attrs={"rows": 3})
    )
