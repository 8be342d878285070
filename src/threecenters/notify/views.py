from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST, require_safe

from threecenters.core.audit import audit_record
from threecenters.core.paging import keyset_page
from threecenters.notify import services
from threecenters.notify.models import Notification, SmsMessage

SMS_LOG_PAGE = 50


@require_safe
@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    page = keyset_page(
        Notification.objects.filter(user=request.user),
        order=("-id",),
        cursor=request.GET.get("after"),
        size=30,
    )
    return render(
        request,
        "notify/inbox.html",
        {"notifications": page.items, "next_cursor": page.next_cursor},
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
    page = keyset_page(
        SmsMessage.objects.only(
            "id",
            "created_at",
            "mobile_masked",
            "purpose",
            "status",
            "text",
            "redacted_text",
            "error",
        ),
        order=("-id",),
        cursor=request.GET.get("after"),
        size=SMS_LOG_PAGE,
    )
    next_cursor = page.next_cursor
    messages = [(m, services.sms_log_text(m)) for m in page.items]
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
