"""The events app's part of a person's data download (core.personal_data): their
registrations with statuses and check-ins (``Attendance`` pairs), their waitlist places, the
booths they booked for an organisation and the photos they uploaded."""

from __future__ import annotations

from django.db.models import Prefetch

from threecenters.core.personal_data import Part, iso, register_part


def _event(registration) -> dict:
    event = registration.event
    return {"title": event.title, "starts_at": iso(event.starts_at), "ends_at": iso(event.ends_at)}


def registrations_part(user) -> list[dict]:
    from threecenters.events.models import Attendance, Registration

    qs = (
        Registration.objects.filter(person=user)
        .select_related("event")
        .prefetch_related(
            Prefetch("attendance", queryset=Attendance.objects.order_by("checked_in_at", "id"))
        )
        .order_by("created_at", "id")
    )
    return [
        {
            "event": _event(r),
            "status": r.status,
            "status_label": str(r.get_status_display()),
            "registered_at": iso(r.created_at),
            "status_changed_at": iso(r.status_changed_at),
            "companions": r.companions,
            "walk_in": r.walk_in,
            "note": r.note,
            "check_ins": [
                {
                    "checked_in_at": iso(a.checked_in_at),
                    "checked_out_at": iso(a.checked_out_at),
                    "method": a.method,
                }
                for a in r.attendance.all()
            ],
        }
        for r in qs
    ]


def waitlist_part(user) -> list[dict]:
    """Each waitlisted registration with its place in the queue (1 = next to get a seat)."""
    from threecenters.events.models import Registration

    waiting = Registration.Status.WAITLISTED
    out = []
    for r in (
        Registration.objects.filter(person=user, status=waiting)
        .select_related("event")
        .order_by("created_at", "id")
    ):
        ahead = Registration.objects.filter(
            event_id=r.event_id, status=waiting, waitlist_position__lt=r.waitlist_position
        ).count()
        out.append({"event": _event(r), "place": ahead + 1, "since": iso(r.status_changed_at)})
    return out


def bookings_part(user) -> list[dict]:
    from threecenters.events.models import Registration

    qs = (
        Registration.objects.filter(booked_by=user, organisation__isnull=False)
        .select_related("event", "organisation")
        .order_by("created_at", "id")
    )
    return [
        {
            "event": _event(r),
            "organisation": r.organisation.name,
            "status": r.status,
            "booked_at": iso(r.created_at),
        }
        for r in qs
    ]


def photos_part(user) -> list[dict]:
    from threecenters.events.models import Photo

    return [
        {
            "event": p.event.title,
            "caption": p.caption,
            "status": p.status,
            "uploaded_at": iso(p.created_at),
        }
        for p in Photo.objects.filter(uploader=user).select_related("event").order_by("id")
    ]


def register() -> None:
    register_part(Part("event_registrations", registrations_part, order=200))
    register_part(Part("waitlist", waitlist_part, order=210))
    register_part(Part("booth_bookings", bookings_part, order=220))
    register_part(Part("event_photos", photos_part, order=230))
