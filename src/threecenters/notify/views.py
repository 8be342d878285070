from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST, require_safe

from threecenters.core.paging import keyset_page
from threecenters.notify import services
from threecenters.notify.models import Notification


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
