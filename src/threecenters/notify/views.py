from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST, require_safe

from threecenters.core.audit import audit_record
from threecenters.core.selectors import decode_cursor, encode_cursor
from threecenters.notify import services
from threecenters.notify.models import Notification, SmsMessage

SMS_LOG_PAGE = 50


@require_safe
@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    qs = Notification.objects.filter(user=request.user).order_by("-id")
    after = decode_cursor(request.GET.get("after"))
    if after and isinstance(after.get("id"), int):
        qs = qs.filter(id__lt=after["id"])
    rows = list(qs[:31])
    next_cursor = encode_cursor({"id": rows[29].id}) if len(rows) > 30 else None
    return render(
        request, "notify/inbox.html", {"notifications": rows[:30], "next_cursor": next_cursor}
    )


@login_required
@require_POST
def mark_read(request: HttpRequest) -> HttpResponse:
    services.notification_mark_read(user=request.user)
    return redirect("notify:inbox")


@require_safe
@login_required
def staff_sms_log(request: HttpRequest) -> HttpResponse:
    """短信发送记录: recent messages, newest first, with masked numbers; the code shows only
    in the demo (``THREECENTERS_DEMO``)."""
    if not request.user.has_perm("notify.view_sms_log"):
        audit_record(
            actor=request.user,
            action="permission.denied",
            changes={"permission": "notify.view_sms_log", "path": request.path[:200]},
            success=False,
        )
        raise PermissionDenied
    qs = SmsMessage.objects.only(
        "id", "created_at", "mobile_masked", "purpose", "status", "text", "redacted_text", "error"
    ).order_by("-id")
    after = decode_cursor(request.GET.get("after"))
    if after and isinstance(after.get("id"), int):
        qs = qs.filter(id__lt=after["id"])
    rows = list(qs[: SMS_LOG_PAGE + 1])
    next_cursor = (
        encode_cursor({"id": rows[SMS_LOG_PAGE - 1].id}) if len(rows) > SMS_LOG_PAGE else None
    )
    messages = [(m, services.sms_log_text(m)) for m in rows[:SMS_LOG_PAGE]]
    return render(
        request,
        "notify/staff/sms_log.html",
        {
            "messages_sent": messages,
            "next_cursor": next_cursor,
            "demo": settings.DEMO,
            "log_days": settings.SMS_LOG_DAYS,
        },
    )
