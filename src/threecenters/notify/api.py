from datetime import datetime

from django.http import HttpRequest
from ninja import Router, Schema

from threecenters.api import signed_in
from threecenters.notify.models import Notification

router = Router(tags=["notifications"])


class NotificationOut(Schema):
    id: int
    kind: str
    title: str
    body: str
    url: str
    created_at: datetime
    read: bool


@router.get("/me/notifications", response=list[NotificationOut], auth=signed_in)
def my_notifications(request: HttpRequest, unread: bool = False):
    qs = Notification.objects.filter(user=request.user).order_by("-id")
    if unread:
        qs = qs.filter(read_at__isnull=True)
    return [
        NotificationOut(
            id=n.id,
            kind=n.kind,
            title=n.title,
            body=n.body,
            url=n.url,
            created_at=n.created_at,
            read=n.read_at is not None,
        )
        for n in qs[:100]
    ]
