"""Background tasks of the event engine."""

from __future__ import annotations

import uuid

from django.core.files.base import ContentFile

from threecenters.core.tasks import durable_task
from threecenters.events.images import make_thumbnail
from threecenters.events.models import Photo


@durable_task
def photo_make_thumbnail(photo_id: int) -> None:
    photo = Photo.objects.filter(pk=photo_id).first()
    if photo is None or photo.thumbnail:
        return
    with photo.image.open("rb") as fh:
        data = make_thumbnail(fh.read())
    photo.thumbnail.save(f"{uuid.uuid4().hex}.jpg", ContentFile(data), save=False)
    Photo.objects.filter(pk=photo_id, thumbnail="").update(thumbnail=photo.thumbnail.name)


@durable_task
def events_send_reminders() -> int:
    """Send the 24-hour reminders; safe to run from several workers at once."""
    from threecenters.events.services import reminders_send

    return reminders_send()
