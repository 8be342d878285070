from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST, require_safe

from threecenters.core.selectors import decode_cursor, encode_cursor
from threecenters.notify import services
from threecenters.notify.models import Notification


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
