from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib.auth.password_validation import password_validators_help_texts
from django.utils.translation import gettext_lazy as _

from threecenters.core.forms import CleanTextMixin
from threecenters.core.models import Area, RoleAssignment
from threecenters.people.models import ResidentTag

MOBILE_ATTRS = {"autocomplete": "tel", "inputmode": "numeric", "maxlength": "11"}
CODE_ATTRS = {"autocomplete": "one-time-code", "inputmode": "numeric", "maxlength": "6"}


def community_choices():
    return (
        Area.objects.filter(level=Area.Level.COMMUNITY)
        .select_related("parent")
        .order_by("parent_id", "sort", "id")
    )


class SignInForm(forms.Form):
    username = forms.CharField(
        label=_("手机号或用户名"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "username", "autofocus": True}),
    )
    password = forms.CharField(
        label=_("密码"),
        strip=False,
        max_length=128,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class CodeSignInForm(forms.Form):
    mobile = forms.CharField(
        label=_("手机号"), max_length=20, widget=forms.TextInput(attrs=MOBILE_ATTRS)
    )
    code = forms.CharField(
        label=_("短信验证码"),
        max_length=6,
        required=False,
        widget=forms.TextInput(attrs=CODE_ATTRS),
    )


class TwoFactorForm(forms.Form):
    code = forms.CharField(
        label=_("动态验证码或恢复码"),
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True}),
        help_text=_("打开身份验证器 App 查看 6 位数字；手机丢失时可输入一个恢复码。"),
    )


class PasswordPairMixin(forms.Form):
    password1 = forms.CharField(
        label=_("新密码"),
        strip=False,
        required=False,
        max_length=128,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label=_("再次输入新密码"),
        strip=False,
        required=False,
        max_length=128,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # the rules the password will be checked against, shown before anyone types (the
        # field's aria-describedby points at them)
        self.fields["password1"].help_text = " ".join(password_validators_help_texts())

    def clean(self):
        data = super().clean()
        if data.get("password1") and data.get("password1") != data.get("password2"):
            self.add_error("password2", _("两次输入的密码不一致。"))
        return data


class RegisterForm(CleanTextMixin, PasswordPairMixin):
    mobile = forms.CharField(
        label=_("手机号"), max_length=20, widget=forms.TextInput(attrs=MOBILE_ATTRS)
    )
    code = forms.CharField(
        label=_("短信验证码"),
        max_length=6,
        required=False,
        widget=forms.TextInput(attrs=CODE_ATTRS),
    )
    display_name = forms.CharField(label=_("姓名"), max_length=100, required=False)
    community = forms.ModelChoiceField(
        label=_("所在社区"), queryset=Area.objects.none(), required=False
    )
    consent = forms.BooleanField(label=_("我已阅读并同意《个人信息保护说明》"), required=False)
    location_consent = forms.BooleanField(
        label=_("同意在签到等功能中使用我的位置信息（可不选）"), required=False
    )
    field_order = [
        "mobile",
        "code",
        "display_name",
        "community",
        "password1",
        "password2",
        "consent",
        "location_consent",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["community"].queryset = community_choices()


class ResetForm(PasswordPairMixin):
    mobile = forms.CharField(
        label=_("手机号"), max_length=20, widget=forms.TextInput(attrs=MOBILE_ATTRS)
    )
    code = forms.CharField(
        label=_("短信验证码"),
        max_length=6,
        required=False,
        widget=forms.TextInput(attrs=CODE_ATTRS),
    )
    field_order = ["mobile", "code", "password1", "password2"]


class PasswordChangeForm(PasswordPairMixin):
    old_password = forms.CharField(
        label=_("当前密码"),
        strip=False,
        max_length=128,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    field_order = ["old_password", "password1", "password2"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password1"].required = True
        self.fields["password2"].required = True


class ProfileForm(CleanTextMixin, forms.Form):
    display_name = forms.CharField(label=_("姓名"), max_length=100)
    community = forms.ModelChoiceField(
        label=_("所在社区"), queryset=Area.objects.none(), required=False
    )
    address = forms.CharField(label=_("小区/地址"), max_length=200, required=False)
    id_number = forms.CharField(
        label=_("身份证号（实名登记，可不填）"),
        max_length=30,
        required=False,
        help_text=_("加密保存，页面上只显示部分号码。已登记的留空即不变。"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["community"].queryset = community_choices()


class TokenForm(CleanTextMixin, forms.Form):
    """A new API token: the password again, and the TOTP code when two-factor is on."""

    name = forms.CharField(label=_("令牌名称"), max_length=60)
    expires = forms.DateField(
        label=_("过期日期（可不填）"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    password = forms.CharField(
        label=_("当前密码"),
        strip=False,
        max_length=128,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    code = forms.CharField(
        label=_("动态验证码或恢复码"),
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code"}),
    )

    def __init__(self, *args, two_factor: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.two_factor = two_factor
        if not two_factor:
            del self.fields["code"]
        self.fields["expires"].help_text = _("不填则 %(days)s 天后过期，最长 %(days)s 天。") % {
            "days": settings.TOKEN_DAYS
        }


class RevealForm(CleanTextMixin, forms.Form):
    reason = forms.CharField(label=_("查看原因"), max_length=200)


class DeletionForm(CleanTextMixin, forms.Form):
    reason = forms.CharField(
        label=_("原因（可不填）"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class RosterForm(forms.Form):
    community = forms.ModelChoiceField(label=_("导入到社区"), queryset=Area.objects.none())
    file = forms.FileField(
        label=_("花名册（.xlsx）"),
        help_text=_("第一行为表头：姓名、手机号、身份证号、小区/地址、标签。"),
    )

    def __init__(self, *args, communities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["community"].queryset = communities


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("角色"), choices=RoleAssignment.Role.choices)
    area = forms.ModelChoiceField(
        label=_("范围（街道或社区）"), queryset=Area.objects.none(), required=False
    )
    center = forms.ModelChoiceField(label=_("范围（中心）"), queryset=None, required=False)
    organisation = forms.ModelChoiceField(label=_("范围（组织）"), queryset=None, required=False)

    def __init__(self, *args, subdistrict_ids, **kwargs):
        from threecenters.core.models import Center, Organisation

        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = Area.objects.filter(
            id__in=subdistrict_ids
        ) | Area.objects.filter(parent_id__in=subdistrict_ids, level=Area.Level.COMMUNITY)
        self.fields["center"].queryset = Center.objects.filter(subdistrict_id__in=subdistrict_ids)
        self.fields["organisation"].queryset = Organisation.objects.filter(
            subdistrict_id__in=subdistrict_ids
        )


class AuditFilterForm(forms.Form):
    who = forms.CharField(label=_("操作人"), max_length=150, required=False)
    action = forms.CharField(label=_("事件"), max_length=60, required=False)
    object = forms.CharField(label=_("对象（类型或编号）"), max_length=64, required=False)
    since = forms.DateField(
        label=_("起始日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=_("截止日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class TagsForm(forms.Form):
    tags = forms.ModelMultipleChoiceField(
        label=_("标签"),
        queryset=ResidentTag.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
