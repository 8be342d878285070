from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    """One message in a person's in-app inbox (站内信)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(_("类别"), max_length=60)
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("内容"), blank=True, max_length=5000)
    url = models.CharField(_("链接"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("时间"), default=timezone.now)
    read_at = models.DateTimeField(_("已读时间"), null=True, blank=True)
    dedupe_key = models.CharField(max_length=120, null=True, blank=True)

    class Meta:
        verbose_name = _("通知")
        verbose_name_plural = _("通知")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "-created_at", "-id"], name="notify_inbox_idx")]
        constraints = [
            # The same reminder is sent once, even when two workers race.
            models.UniqueConstraint(fields=["user", "dedupe_key"], name="notify_once_per_key"),
        ]

    def __str__(self) -> str:
        return self.title


class SmsMessage(models.Model):
    """An outgoing SMS: the worker's queue (sending is retried) and the staff's SMS log
    (短信发送记录). Until it is sent the row holds the number and the text the gateway needs;
    once sent the number is blanked and, outside the demo (``THREECENTERS_DEMO``), the text is
    replaced by its redacted form, so a code is never kept. The log shows the masked number; a
    keyed digest of the number finds a person's messages for their data download. Rows older
    than ``THREECENTERS_SMS_LOG_DAYS`` are deleted by the sending task."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("待发送")
        SENT = "sent", _("已发送")
        FAILED = "failed", _("发送失败")

    class Purpose(models.TextChoices):
        SIGNIN = "signin", _("登录验证码")
        REGISTER = "register", _("注册验证码")
        RESET = "reset", _("找回密码验证码")
        HINT = "hint", _("注册提示")
        NOTICE = "notice", _("通知")

    mobile = models.CharField(max_length=11, blank=True)
    mobile_masked = models.CharField(_("手机号"), max_length=11, blank=True)
    mobile_digest = models.CharField(max_length=64, blank=True, db_index=True)
    purpose = models.CharField(
        _("用途"), max_length=10, choices=Purpose.choices, default=Purpose.NOTICE
    )
    text = models.CharField(max_length=500)
    redacted_text = models.CharField(_("内容"), max_length=500, blank=True)
    status = models.CharField(
        _("状态"), max_length=8, choices=Status.choices, default=Status.QUEUED
    )
    created_at = models.DateTimeField(_("时间"), default=timezone.now, db_index=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    error = models.CharField(max_length=300, blank=True)

    class Meta:
        verbose_name = _("短信")
        verbose_name_plural = _("短信")
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"SMS #{self.pk} {self.status}"
