"""Resident profiles, consent, one-time SMS codes, API tokens, two-factor devices, roster
imports and the counters behind send limits and sign-in lockout."""

from __future__ import annotations

import secrets

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from threecenters.core.models import Area, User


def new_token() -> str:
    return secrets.token_urlsafe(16)


class ResidentTag(models.Model):
    """A staff-managed label: 党员, 退役军人, 老年人 …"""

    name = models.CharField(_("名称"), max_length=20, unique=True)
    sort = models.PositiveIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("居民标签")
        verbose_name_plural = _("居民标签")
        ordering = ["sort", "id"]

    def __str__(self) -> str:
        return self.name


class ResidentProfile(models.Model):
    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="resident_profile")
    token = models.CharField(max_length=32, unique=True, default=new_token, editable=False)
    community = models.ForeignKey(
        Area,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="resident_profiles",
        verbose_name=_("社区"),
        limit_choices_to={"level": Area.Level.COMMUNITY},
    )
    address = models.CharField(_("小区/地址"), max_length=200, blank=True)
    tags = models.ManyToManyField(ResidentTag, blank=True, verbose_name=_("标签"))
    id_cipher = models.TextField(_("身份证号（密文）"), blank=True, editable=False)
    id_hash = models.CharField(max_length=64, null=True, blank=True, unique=True, editable=False)
    id_masked = models.CharField(_("身份证号"), max_length=18, blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("居民档案")
        verbose_name_plural = _("居民档案")
        indexes = [models.Index(fields=["community", "id"])]

    def __str__(self) -> str:
        return self.user.masked_name


class PrivacyNotice(models.Model):
    version = models.CharField(_("版本"), max_length=20, unique=True)
    body = models.TextField(_("内容"))
    published_at = models.DateTimeField(_("发布时间"), default=timezone.now)

    class Meta:
        verbose_name = _("隐私政策")
        verbose_name_plural = _("隐私政策")
        ordering = ["-published_at", "-id"]

    def __str__(self) -> str:
        return self.version


class Consent(models.Model):
    class Kind(models.TextChoices):
        PRIVACY = "privacy", _("个人信息处理（隐私政策）")
        LOCATION = "location", _("位置信息")
        MINOR = "minor", _("不满十四周岁未成年人信息（监护人同意）")

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="consents")
    kind = models.CharField(_("类别"), max_length=12, choices=Kind.choices)
    notice = models.ForeignKey(PrivacyNotice, on_delete=models.PROTECT, verbose_name=_("版本"))
    given_at = models.DateTimeField(_("同意时间"), default=timezone.now)
    withdrawn_at = models.DateTimeField(_("撤回时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("同意记录")
        verbose_name_plural = _("同意记录")
        ordering = ["-given_at", "-id"]
        indexes = [models.Index(fields=["user", "kind"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.notice_id}"


class DeletionRequest(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("待处理")
        DONE = "done", _("已删除")
        REJECTED = "rejected", _("未通过")

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="deletion_requests")
    reason = models.CharField(_("原因"), max_length=500, blank=True)
    status = models.CharField(
        _("状态"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    created_at = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("删除申请")
        verbose_name_plural = _("删除申请")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=models.Q(status="pending"),
                name="deletion_one_pending_per_user",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_status_display()} #{self.pk}"


class SmsCode(models.Model):
    class Purpose(models.TextChoices):
        SIGNIN = "signin", _("登录")
        REGISTER = "register", _("注册")
        RESET = "reset", _("找回密码")

    mobile = models.CharField(max_length=11)
    purpose = models.CharField(max_length=10, choices=Purpose.choices)
    code_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)

    class Meta:
        indexes = [models.Index(fields=["mobile", "purpose", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.purpose} #{self.pk}"


class RateCounter(models.Model):
    """A fixed-window counter: one row per key and window; incremented by conditional UPDATE."""

    key = models.CharField(max_length=120)
    window = models.BigIntegerField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["key", "window"], name="ratecounter_unique_window")
        ]

    def __str__(self) -> str:
        return f"{self.key}@{self.window}"


class SignInThrottle(models.Model):
    """Failed sign-ins per (login name, IP address), keyed by a hash of the pair."""

    key = models.CharField(max_length=64, unique=True)
    failures = models.PositiveIntegerField(default=0)
    last_failure_at = models.DateTimeField(default=timezone.now)
    locked_until = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"throttle #{self.pk}"


class RefusalTally(models.Model):
    """Repeated identical refusals from one source: one row per (action, address, label) and
    window. The first refusal of a window writes its audit entry; the rest only count here, and
    one summary entry with the count is written once the window is over (the audit table stays
    append-only). The count is also the throttle."""

    key = models.CharField(max_length=64)
    window = models.BigIntegerField()
    action = models.CharField(max_length=60)
    label = models.CharField(max_length=150, blank=True)
    ip = models.GenericIPAddressField(null=True, blank=True)
    count = models.PositiveIntegerField(default=0)
    summarised = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["key", "window"], name="refusaltally_unique_window")
        ]
        indexes = [models.Index(fields=["summarised", "window"])]

    def __str__(self) -> str:
        return f"{self.action}@{self.window}"


class ApiToken(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("名称"), max_length=60)
    prefix = models.CharField(max_length=8, editable=False)
    digest = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)
    expires_at = models.DateTimeField(_("过期时间"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("最近使用"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("撤销时间"), null=True, blank=True)
    # made after a second factor (password and TOTP code): an account that must use two-factor
    # sign-in is let in only by such a token
    two_factor = models.BooleanField(default=False, editable=False)

    class Meta:
        verbose_name = _("接口令牌")
        verbose_name_plural = _("接口令牌")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def active(self) -> bool:
        return self.revoked_at is None and (
            self.expires_at is None or self.expires_at > timezone.now()
        )


class TwoFactor(models.Model):
    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="two_factor")
    secret_cipher = models.TextField(editable=False)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    last_step = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"2fa #{self.pk}"


class RecoveryCode(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="recovery_codes")
    digest = models.CharField(max_length=64)
    used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"recovery code #{self.pk}"


class RosterImport(models.Model):
    """An uploaded roster waiting for confirmation; the file is kept encrypted."""

    token = models.CharField(max_length=32, unique=True, default=new_token, editable=False)
    uploaded_by = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    community = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="+")
    content_cipher = models.BinaryField(editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    imported_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"roster #{self.pk}"
