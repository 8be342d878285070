"""The events API: finding events, signing up, cancelling, check-in."""

from __future__ import annotations

from datetime import date, datetime

from django.db import transaction
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from threecenters.api import DateTime, Id, errors, optional, signed_in
from threecenters.core.audit import audit_record
from threecenters.core.kit import ServiceError
from threecenters.core.models import Area, Center, Organisation
from threecenters.core.templatetags.choices import display
from threecenters.events import booths, kinds, selectors, services
from threecenters.events.filters import EventFilterSet
from threecenters.events.models import Event, Registration
from threecenters.events.services import EventError

router = Router(tags=["events"])


def _kind_enum(schema: dict) -> None:
    """The OpenAPI document lists the kinds registered when it is generated (events.kinds)."""
    schema["enum"] = [code for code, _label in kinds.choices()]


KIND_HELP = "an event kind code (GET /api/v1/event-kinds); unknown codes are a 422"


class EventOut(Schema):
    id: int
    title: str
    kind: str
    kind_label: str
    status: str
    center_id: int
    center: str
    community: str | None
    venue: str
    starts_at: datetime
    ends_at: datetime
    capacity: int
    taken: int
    seats_left: int | None
    signup_open: bool
    approval_required: bool
    companions_allowed: int
    series_id: int | None
    session_no: int | None
    url: str
    booths: int = 0
    booths_taken: int = 0


class EventDetailOut(EventOut):
    description: str
    eligibility: str
    signup_opens_at: datetime | None
    signup_closes_at: datetime | None
    risky: bool
    insured: bool
    contact_name: str
    contact_mobile: str
    cancel_reason: str


class EventPage(Schema):
    items: list[EventOut]
    next_cursor: str | None


class EventIn(Schema):
    center_id: Id
    title: str = Field(..., min_length=1, max_length=120)
    kind: str = Field(
        "activity", max_length=20, description=KIND_HELP, json_schema_extra=_kind_enum
    )
    description: str = Field("", max_length=50000)
    community: str | None = Field(None, description="community slug")
    venue: str = Field(..., min_length=1, max_length=200)
    starts_at: DateTime
    ends_at: DateTime
    capacity: int = Field(0, ge=0, le=1_000_000)
    waitlist_enabled: bool = True
    booths: int = Field(0, ge=0, le=10_000, description="booths for organisations; 0 = none")
    signup_opens_at: DateTime | None = None
    signup_closes_at: DateTime | None = None
    companions_allowed: int = Field(0, ge=0, le=20)
    approval_required: bool = False
    risky: bool = False
    insured: bool = False
    eligible_communities: list[str] = Field(default_factory=list, description="community slugs")


class EventPatch(Schema):
    """Only the fields sent change. None of them takes null except the sign-up window's two
    ends (null: no limit)."""

    title: str = optional(min_length=1, max_length=120)
    kind: str = optional(max_length=20, description=KIND_HELP)
    description: str = optional(max_length=50000)
    venue: str = optional(min_length=1, max_length=200)
    starts_at: DateTime = optional()
    ends_at: DateTime = optional()
    capacity: int = optional(ge=0, le=1_000_000)
    waitlist_enabled: bool = optional()
    booths: int = optional(ge=0, le=10_000)
    signup_opens_at: DateTime | None = None
    signup_closes_at: DateTime | None = None
    companions_allowed: int = optional(ge=0, le=20)
    approval_required: bool = optional()
    risky: bool = optional()
    insured: bool = optional()
    status: Event.Status = optional(description="published, finished or cancelled")
    cancel_reason: str = optional(max_length=300)


class RegistrationOut(Schema):
    id: int
    event_id: int
    event_title: str
    starts_at: datetime
    status: str
    status_label: str
    companions: int
    code: str | None
    checkin_token: str | None
    checked_in_at: datetime | None
    organisation_id: int | None = None


class EventKindOut(Schema):
    code: str
    label: str
    organisation_participants: bool
    checkin_opens_before_minutes: int
    checkin_closes_after_minutes: int
    pairs_per_day: int


class BoothIn(Schema):
    organisation_id: Id
    note: str = Field("", max_length=300)


class CheckInIn(Schema):
    token: str | None = Field(None, max_length=300)
    code: str | None = Field(None, max_length=6)


class CheckInOut(Schema):
    registration_id: int
    status: str
    person: str
    already_checked_in: bool


def _event_out(event: Event, schema=EventOut) -> Schema:
    data = {
        "id": event.pk,
        "title": event.title,
        "kind": event.kind,
        "kind_label": event.kind_label,
        "status": event.status,
        "center_id": event.center_id,
        "center": event.center.name,
        "community": event.community.slug if event.community_id else None,
        "venue": event.venue,
        "starts_at": event.starts_at,
        "ends_at": event.ends_at,
        "capacity": event.capacity,
        "taken": event.taken,
        "seats_left": event.seats_left,
        "signup_open": event.signup_open(),
        "approval_required": event.approval_required,
        "companions_allowed": event.companions_allowed,
        "series_id": event.series_id,
        "session_no": event.session_no,
        "url": f"/events/{event.pk}/",
        "booths": event.booths,
        "booths_taken": event.booths_taken,
    }
    if schema is EventDetailOut:
        data.update(
            description=event.description,
            eligibility=event.eligibility,
            signup_opens_at=event.signup_opens_at,
            signup_closes_at=event.signup_closes_at,
            risky=event.risky,
            insured=event.insured,
            contact_name=event.masked_contact_name,
            contact_mobile=event.masked_contact_mobile,
            cancel_reason=event.cancel_reason,
        )
    return schema(**data)


def _registration_out(reg: Registration) -> RegistrationOut:
    holds_ticket = reg.status in (Registration.Status.REGISTERED, Registration.Status.CHECKED_IN)
    return RegistrationOut(
        id=reg.pk,
        event_id=reg.event_id,
        event_title=reg.event.title,
        starts_at=reg.event.starts_at,
        status=reg.status,
        status_label=display(reg, "status"),
        companions=reg.companions,
        code=reg.code if holds_ticket else None,
        checkin_token=services.checkin_token(reg) if holds_ticket else None,
        checked_in_at=reg.checked_in_at,
        organisation_id=reg.organisation_id,
    )


def _visible_event(
    request: HttpRequest, pk: int, related: tuple[str, ...] = ("center", "community", "series")
) -> Event:
    events = Event.objects.select_related(*related) if related else Event.objects.all()
    event = get_object_or_404(events, pk=pk)
    if not request.user.has_perm("events.view_event", event):
        raise ServiceError(status=404)
    return event


class EventFilters(Schema):
    center: Id | None = None
    community: str | None = Field(None, description="community slug")
    kind: str | None = None
    date_from: date | None = Field(None, alias="from", description="first day (YYYY-MM-DD)")
    date_to: date | None = Field(None, alias="to", description="last day (YYYY-MM-DD)")
    free: bool = False
    open: bool = False
    after: str | None = None


@router.get("/events", response=EventPage, summary="List events (filters as on the events page)")
def list_events(request: HttpRequest, params: Query[EventFilters]):
    # The declared parameters document and type the API; one filter definition reads them.
    filters = EventFilterSet(request.GET, queryset=selectors.public_events())
    if refusals := filters.refusals():
        raise ServiceError(status=422, fields=refusals)
    page = selectors.event_page(qs=filters.qs, cursor=params.after, strict=True)
    return EventPage(items=[_event_out(e) for e in page.items], next_cursor=page.next_cursor)


@router.get("/event-kinds", response=list[EventKindOut], summary="The registered event kinds")
def event_kinds(request: HttpRequest):
    def minutes(delta) -> int:
        return int(delta.total_seconds() // 60)

    return [
        EventKindOut(
            code=k.code,
            label=str(k.label),
            organisation_participants=k.organisation_participants,
            checkin_opens_before_minutes=minutes(k.checkin_opens_before),
            checkin_closes_after_minutes=minutes(k.checkin_closes_after),
            pairs_per_day=k.pairs_per_day,
        )
        for k in kinds.registered()
    ]


@router.get("/events/{event_id}", response=EventDetailOut, summary="One event, with seats left")
def get_event(request: HttpRequest, event_id: Id):
    return _event_out(_visible_event(request, event_id), EventDetailOut)


@router.post(
    "/events",
    response={201: EventDetailOut},
    auth=signed_in,
    summary="Create an event (draft)",
)
def create_event(request: HttpRequest, payload: EventIn):
    center = Center.objects.filter(pk=payload.center_id).first()
    if center is None:
        raise ServiceError(status=422, fields={"center_id": [_("此项的值无效。")]})
    community = None
    if payload.community:
        community = Area.objects.filter(slug=payload.community, level=Area.Level.COMMUNITY).first()
        if community is None:
            raise ServiceError(status=422, fields={"community": [_("此项的值无效。")]})
    if not request.user.has_perm("events.manage_event", Event(center=center, community=community)):
        audit_record(actor=request.user, action="events.event.create", obj=center, success=False)
        raise ServiceError(status=403)
    eligible = list(
        Area.objects.filter(slug__in=payload.eligible_communities, level=Area.Level.COMMUNITY)
    )
    data = payload.dict(
        exclude={
            "center_id",
            "community",
            "eligible_communities",
            "title",
            "venue",
            "starts_at",
            "ends_at",
        }
    )
    if eligible:
        data["eligibility"] = Event.Eligibility.COMMUNITIES
    event = services.event_create(
        actor=request.user,
        center=center,
        title=payload.title,
        venue=payload.venue,
        starts_at=payload.starts_at,
        ends_at=payload.ends_at,
        community=community,
        eligible_communities=eligible,
        **data,
    )
    event = Event.objects.select_related("center", "community").get(pk=event.pk)
    return Status(201, _event_out(event, EventDetailOut))


@router.patch(
    "/events/{event_id}",
    response={200: EventDetailOut, **errors(409)},
    auth=signed_in,
    summary="Change an event",
)
def update_event(request: HttpRequest, event_id: Id, payload: EventPatch):
    event = get_object_or_404(Event.objects.select_related("center", "community"), pk=event_id)
    if not request.user.has_perm("events.manage_event", event):
        if not request.user.has_perm("events.view_event", event):
            raise ServiceError(status=404)
        audit_record(actor=request.user, action="events.event.update", obj=event, success=False)
        raise ServiceError(status=403)
    data = payload.dict(exclude_unset=True)
    status = data.pop("status", None)
    reason = data.pop("cancel_reason", None) or ""
    changes = {k: v for k, v in data.items() if getattr(event, k) != v}
    with transaction.atomic():
        if changes:
            event = services.event_update(actor=request.user, event=event, changes=changes)
        if status and status != event.status:
            if status == Event.Status.PUBLISHED:
                services.event_publish(actor=request.user, event=event)
            elif status == Event.Status.FINISHED:
                services.event_finish(actor=request.user, event=event)
            elif status == Event.Status.CANCELLED:
                services.event_cancel(actor=request.user, event=event, reason=reason)
            else:
                raise EventError(
                    "bad_status", _("此项的值无效。"), 422, {"status": [_("此项的值无效。")]}
                )
    event = Event.objects.select_related("center", "community").get(pk=event.pk)
    return _event_out(event, EventDetailOut)


@router.post(
    "/events/{event_id}/registrations",
    response={200: RegistrationOut, 201: RegistrationOut, **errors(409)},
    auth=signed_in,
    summary="Sign up the current user",
    description="201 with status registered, waitlisted or awaiting_approval; 200 with the "
    "existing registration when already signed up; 409 closed, cancelled or full without a "
    "waitlist; 403 not eligible.",
)
def create_registration(
    request: HttpRequest, event_id: Id, companions: int = Query(0, ge=0, le=20)
):
    # a sign-up reads the event row alone (a series event reads its series when it needs it)
    event = _visible_event(request, event_id, related=())
    reg, created = services.registration_create(
        event=event, person=request.user, companions=companions
    )
    reg.event = event
    return Status(201 if created else 200, _registration_out(reg))


@router.get(
    "/me/registrations",
    response=list[RegistrationOut],
    auth=signed_in,
    summary="My registrations",
)
def my_registrations(request: HttpRequest):
    return [_registration_out(r) for r in selectors.my_registrations(request.user)[:200]]


@router.delete(
    "/registrations/{registration_id}",
    response={200: RegistrationOut, **errors(409)},
    auth=signed_in,
    summary="Cancel a registration",
    description="404 alike for someone else's registration and for an unknown id.",
)
def cancel_registration(request: HttpRequest, registration_id: Id):
    reg = Registration.objects.select_related("event").filter(pk=registration_id).first()
    if reg is None:
        raise ServiceError(status=404)
    reg = services.registration_cancel(registration=reg, actor=request.user)
    return _registration_out(reg)


@router.post(
    "/events/{event_id}/check-ins",
    response={200: CheckInOut, **errors(409)},
    auth=signed_in,
    summary="Check a person in (staff)",
)
def check_in(request: HttpRequest, event_id: Id, payload: CheckInIn):
    event = get_object_or_404(Event.objects.select_related("center"), pk=event_id)
    if not request.user.has_perm("events.manage_event", event):
        audit_record(actor=request.user, action="events.checkin", obj=event, success=False)
        if not request.user.has_perm("events.view_event", event):
            raise ServiceError(status=404)
        raise ServiceError(status=403)
    result = services.registration_check_in(
        event=event, actor=request.user, token=payload.token, code=payload.code
    )
    return CheckInOut(
        registration_id=result.registration.pk,
        status=result.registration.status,
        person=result.registration.participant_name,
        already_checked_in=result.already,
    )


@router.post(
    "/events/{event_id}/booths",
    response={200: RegistrationOut, 201: RegistrationOut, **errors(409)},
    auth=signed_in,
    summary="Book a booth for an organisation",
    description="For someone acting for the organisation (employer role) or an organiser. 201 "
    "with status registered or awaiting_approval; 200 with the existing booking; 409 no booths, "
    "full or closed; 403 not acting for the organisation.",
)
def book_booth(request: HttpRequest, event_id: Id, payload: BoothIn):
    event = _visible_event(request, event_id, related=())
    organisation = Organisation.objects.filter(pk=payload.organisation_id).first()
    if organisation is None:
        raise ServiceError(status=422, fields={"organisation_id": [_("此项的值无效。")]})
    reg, created = booths.booth_book(
        actor=request.user, event=event, organisation=organisation, note=payload.note
    )
    reg.event = event
    return Status(201 if created else 200, _registration_out(reg))
