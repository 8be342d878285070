"""Event photos: upload and moderation."""

from __future__ import annotations

from django.utils.translation import gettext as _

from threecenters.core.audit import audit_record
from threecenters.core.kit import service
from threecenters.core.models import User
from threecenters.events.errors import EventError
from threecenters.events.models import Event, Photo, Registration
from threecenters.events.services.common import Status, _audit_refusal


@service
def photo_add(*, event: Event, actor: User, upload, caption: str = "") -> Photo:
    """Organisers and checked-in participants add photos to a finished event."""
    from threecenters.events.images import ImageRejected, clean_image

    organiser = actor.has_perm("events.manage_event", event)
    if event.status != Event.Status.FINISHED:
        raise EventError("not_finished", _("活动结束后才能上传照片。"))
    if (
        not organiser
        and not Registration.objects.filter(
            event=event, person=actor, status=Status.CHECKED_IN
        ).exists()
    ):
        _audit_refusal(actor=actor, action="events.photo.add", obj=event)
        raise EventError("forbidden", _("只有主办方和已签到的参与者可以上传照片。"), 403)
    try:
        cleaned = clean_image(upload)
    except ImageRejected as exc:
        _audit_refusal(
            actor=actor,
            action="events.photo.add",
            obj=event,
            changes={"refused": exc.code},
        )
        raise EventError(exc.code, str(exc), 422, {"image": [str(exc)]}) from None
    photo = Photo(
        event=event,
        uploader=actor,
        caption=(caption or "")[:200],
        width=cleaned.width,
        height=cleaned.height,
        status=Photo.Status.APPROVED if organiser else Photo.Status.PENDING,
    )
    photo.image.save(cleaned.name, cleaned.content, save=False)
    photo.thumbnail.save(cleaned.thumbnail.name, cleaned.thumbnail, save=False)
    photo.save()
    audit_record(actor=actor, action="events.photo.add", obj=photo)
    return photo


@service
def photo_moderate(*, photo: Photo, actor: User, status: str) -> Photo:
    if not actor.has_perm("events.manage_event", photo.event):
        _audit_refusal(actor=actor, action="events.photo.moderate", obj=photo)
        raise EventError("forbidden", _("您没有权限执行此操作。"), 403)
    if status not in (Photo.Status.APPROVED, Photo.Status.HIDDEN):
        raise EventError("bad_status", _("此项的值无效。"), 422)
    Photo.objects.filter(pk=photo.pk).update(status=status)
    photo.status = status
    audit_record(actor=actor, action="events.photo.moderate", obj=photo, changes={"status": status})
    return photo
