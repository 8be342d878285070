"""Pages of the event engine: thin, they authorize, call one service and render."""

from __future__ import annotations

from datetime import timedelta

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from threecenters.core.audit import audit_record
from threecenters.core.kit import ServiceError
from threecenters.core.models import Area, Center
from threecenters.core.paging import keyset_page
from threecenters.events import approvals, booths, kinds, selectors, services
from threecenters.events.exports import attendance_workbook, ics_calendar
from threecenters.events.filters import EventFilterSet
from threecenters.events.forms import (
    BoothForm,
    CancelEventForm,
    CheckInForm,
    EventForm,
    PhotoForm,
    ReportForm,
    SeriesForm,
    SignupForm,
    WalkInForm,
)
from threecenters.events.models import Event, Photo, Registration, Series
from threecenters.events.services import EventError

STAFF_PAGE = 200
"""Rows per page of a staff list (registrations, waitlist, booths, check-in)."""


def _require(request: HttpRequest, perm: str, obj=None) -> None:
    if not request.user.has_perm(perm, obj):
        audit_record(
            actor=request.user if request.user.is_authenticated else None,
            action="permission.denied",
            obj=obj,
            changes={"permission": perm, "path": request.path[:200]},
            success=False,
        )
        raise PermissionDenied


def _event(pk: int) -> Event:
    return get_object_or_404(Event.objects.select_related("center", "community", "series"), pk=pk)


def _managed(request: HttpRequest, pk: int) -> Event:
    event = _event(pk)
    if not request.user.has_perm("events.manage_event", event):
        # Drafts and organiser pages of other centers do not reveal that they exist.
        raise Http404
    return event


def qr_svg(data: str) -> str:
    return segno.make(data, error="m").svg_inline(scale=5, border=2, dark="#111", light="#fff")


# ---------------------------------------------------------------- public
@require_safe
def event_list(request: HttpRequest) -> HttpResponse:
    filterset = EventFilterSet(request.GET, queryset=selectors.public_events())
    qs = filterset.qs  # a value that does not validate leaves its filter out
    filters = filterset.chosen
    upcoming = (
        None
        if (filters.get("date_from") or filters.get("date_to"))
        else timezone.now() - timedelta(hours=12)
    )
    if request.GET.get("past") == "1":
        upcoming = None
    page = selectors.event_page(qs=qs, cursor=request.GET.get("after"), upcoming_from=upcoming)
    query = request.GET.copy()
    query.pop("after", None)
    return render(
        request,
        "events/list.html",
        {
            "page": page,
            "filters": filters,
            "centers": list(Center.objects.order_by("subdistrict_id", "kind")),
            "communities": list(
                Area.objects.filter(level=Area.Level.COMMUNITY).order_by("sort", "id")
            ),
            "kinds": kinds.choices(),
            "query": query.urlencode(),
        },
    )


@require_safe
def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    event = _event(pk)
    if not request.user.has_perm("events.view_event", event):
        raise Http404
    mine = None
    eligibility = None
    if request.user.is_authenticated:
        mine = Registration.objects.filter(event=event, person=request.user).first()
        eligibility = services.eligibility_error(event, request.user)
    scope = None
    if (
        mine is not None
        and mine.status in CANCELLABLE
        and event.status == Event.Status.PUBLISHED
        and event.ends_at > timezone.now()
    ):
        mine.event = event
        scope = cancel_scope(mine)
    sessions = list(event.series.sessions.order_by("session_no")) if event.series_id else []
    photos = list(event.photos.filter(status=Photo.Status.APPROVED)[:12])
    booth_orgs, my_booths = [], []
    if booths.takes_booths(event) and request.user.is_authenticated:
        booth_orgs = selectors.organisations_acted_for(request.user)
        if booth_orgs:
            my_booths = list(
                selectors.event_booths(event).filter(organisation__in=[o.pk for o in booth_orgs])
            )
            booked = {r.organisation_id for r in my_booths if r.active}
            booth_orgs = [o for o in booth_orgs if o.pk not in booked]
    return render(
        request,
        "events/detail.html",
        {
            "event": event,
            "mine": mine,
            "cancel_scope": scope,
            "eligibility": eligibility,
            "open": event.signup_open(),
            "sessions": sessions,
            "photos": photos,
            "form": SignupForm(),
            "can_manage": request.user.has_perm("events.manage_event", event),
            "booth_form": BoothForm(organisations=booth_orgs) if booth_orgs else None,
            "my_booths": my_booths,
        },
    )


@require_POST
@login_required
def booth_book(request: HttpRequest, pk: int) -> HttpResponse:
    event = _event(pk)
    if not request.user.has_perm("events.view_event", event):
        raise Http404
    form = BoothForm(request.POST, organisations=selectors.organisations_acted_for(request.user))
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("events:detail", pk=event.pk)
    try:
        reg, created = booths.booth_book(
            actor=request.user,
            event=event,
            organisation=form.cleaned_data["organisation"],
            note=form.cleaned_data["note"],
        )
    except EventError as exc:
        messages.error(request, exc.message)
    else:
        if not created:
            messages.info(request, _("该单位已预订过展位，无需重复提交。"))
        elif reg.status == Registration.Status.REGISTERED:
            messages.success(request, _("展位预订成功。"))
        else:
            messages.info(request, _("已提交展位预订，等待主办方审核。"))
    return redirect("events:detail", pk=event.pk)


@require_POST
@login_required
def booth_cancel(request: HttpRequest, token: str) -> HttpResponse:
    reg = Registration.objects.filter(token=token, organisation__isnull=False).first()
    _cancel(request, booths.booth_cancel, reg, _("已取消展位预订。"))
    return redirect("events:detail", pk=reg.event_id)


def _cancel(request: HttpRequest, cancel, reg: Registration | None, done: str) -> None:
    """Run a cancelling service for the person asking: a registration that is not there, or
    that the service will not show them, is a 404; a refusal is its message, success ``done``;
    a second click or a resubmitted form changes nothing and says so."""
    if reg is None:
        raise Http404
    already = reg.status in (
        Registration.Status.CANCELLED_BY_PERSON,
        Registration.Status.CANCELLED_BY_ORGANISER,
    )
    try:
        cancel(registration=reg, actor=request.user)
    except EventError as exc:
        if exc.status == 404:
            raise Http404 from None
        messages.error(request, exc.message)
    else:
        if already:
            messages.info(request, _("这项报名已经取消，无需重复操作。"))
        else:
            messages.success(request, done)


@require_POST
@login_required
def signup(request: HttpRequest, pk: int) -> HttpResponse:
    event = _event(pk)
    if not request.user.has_perm("events.view_event", event):
        raise Http404
    form = SignupForm(request.POST)
    companions = form.cleaned_data.get("companions") or 0 if form.is_valid() else 0
    try:
        reg, created = services.registration_create(
            event=event, person=request.user, companions=companions
        )
    except EventError as exc:
        messages.error(request, exc.message)
        return redirect("events:detail", pk=event.pk)
    if not created:
        messages.info(request, _("您已报名，无需重复提交。"))
    elif reg.status == Registration.Status.REGISTERED:
        messages.success(request, _("报名成功！签到二维码在“我的活动”里。"))
    elif reg.status == Registration.Status.WAITLISTED:
        messages.info(request, _("名额已满，您已进入候补名单。"))
    else:
        messages.info(request, _("已提交报名，等待主办方审核。"))
    return redirect("events:mine")


CANCELLABLE = (
    Registration.Status.AWAITING_APPROVAL,
    Registration.Status.REGISTERED,
    Registration.Status.WAITLISTED,
)


def cancel_scope(reg: Registration, series_counts: dict[int, int] | None = None) -> dict:
    """What cancelling ``reg`` cancels, for the confirmation step: this event, this one session
    of a series (the others stay), or every session of a series signed up for as a whole."""
    event = reg.event
    if not event.series_id:
        return {"kind": "event"}
    if event.series.signup_mode == Series.SignupMode.SERIES:
        if series_counts is None:
            series_counts = _series_counts(reg.person_id, [event.series_id])
        return {"kind": "series", "sessions": series_counts.get(event.series_id, 1)}
    return {"kind": "session"}


def _series_counts(person_id: int, series_ids) -> dict[int, int]:
    rows = (
        Registration.objects.filter(
            person_id=person_id, event__series_id__in=series_ids, status__in=CANCELLABLE
        )
        .values_list("event__series_id")
        .annotate(n=Count("id"))
    )
    return dict(rows)


@require_POST
@login_required
def cancel(request: HttpRequest, token: str) -> HttpResponse:
    reg = Registration.objects.filter(token=token).select_related("event").first()
    _cancel(request, services.registration_cancel, reg, _("已取消报名。"))
    return redirect("events:mine")


@require_safe
@login_required
def mine(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    groups = selectors.my_registration_groups(request.user, now=now)
    series_ids = {
        r.event.series_id
        for rows in groups.values()
        for r in rows
        if r.event.series_id and r.event.series.signup_mode == Series.SignupMode.SERIES
    }
    counts = _series_counts(request.user.pk, series_ids) if series_ids else {}

    def row(reg: Registration) -> dict:
        show_qr = (
            reg.status in (Registration.Status.REGISTERED, Registration.Status.CHECKED_IN)
            and reg.event.status == Event.Status.PUBLISHED
            and reg.event.ends_at > now  # a past event's ticket is no longer needed
        )
        can_cancel = (
            reg.status in CANCELLABLE
            and reg.event.status == Event.Status.PUBLISHED
            and reg.event.ends_at > now
        )
        return {
            "reg": reg,
            "qr": qr_svg(services.checkin_token(reg)) if show_qr else "",
            "show_code": show_qr,
            "can_cancel": can_cancel,
            "scope": cancel_scope(reg, counts) if can_cancel else None,
        }

    sections = [
        ("upcoming", _("即将开始"), [row(r) for r in groups["upcoming"]]),
        ("past", _("已经结束"), [row(r) for r in groups["past"]]),
        ("stopped", _("已取消或未通过"), [row(r) for r in groups["stopped"]]),
    ]
    return render(
        request,
        "events/mine.html",
        {"sections": sections, "empty": not any(rows for _key, _label, rows in sections)},
    )


@require_safe
def event_ics(request: HttpRequest, pk: int) -> HttpResponse:
    event = _event(pk)
    if event.status == Event.Status.DRAFT:
        raise Http404
    body = ics_calendar(
        [event],
        name=event.title,
        base_url=request.build_absolute_uri("/").rstrip("/"),
        host=request.get_host(),
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="event-{event.pk}.ics"'
    return response


@require_safe
def community_ics(request: HttpRequest, slug: str) -> HttpResponse:
    community = get_object_or_404(Area, slug=slug, level=Area.Level.COMMUNITY)
    since = timezone.now() - timedelta(days=90)
    events = (
        selectors.public_events()
        .filter(community=community, starts_at__gte=since)
        .order_by("starts_at")[:500]
    )
    body = ics_calendar(
        events,
        name=_("%(name)s活动") % {"name": community.name},
        base_url=request.build_absolute_uri("/").rstrip("/"),
        host=request.get_host(),
    )
    return HttpResponse(body, content_type="text/calendar; charset=utf-8")


@require_safe
def gallery(request: HttpRequest, pk: int) -> HttpResponse:
    event = _event(pk)
    if event.status == Event.Status.DRAFT:
        raise Http404
    photos = list(event.photos.filter(status=Photo.Status.APPROVED)[:200])
    can_upload = (
        request.user.is_authenticated
        and event.status == Event.Status.FINISHED
        and (
            request.user.has_perm("events.manage_event", event)
            or Registration.objects.filter(
                event=event, person=request.user, status=Registration.Status.CHECKED_IN
            ).exists()
        )
    )
    return render(
        request,
        "events/gallery.html",
        {"event": event, "photos": photos, "can_upload": can_upload, "form": PhotoForm()},
    )


@require_safe
def community_gallery(request: HttpRequest, slug: str) -> HttpResponse:
    community = get_object_or_404(Area, slug=slug, level=Area.Level.COMMUNITY)
    photos = list(selectors.approved_photos().filter(event__community=community)[:200])
    return render(
        request, "events/community_gallery.html", {"community": community, "photos": photos}
    )


@require_POST
@login_required
def photo_upload(request: HttpRequest, pk: int) -> HttpResponse:
    event = _event(pk)
    if event.status == Event.Status.DRAFT:
        raise Http404
    form = PhotoForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("请选择一张照片。"))
        return redirect("events:gallery", pk=event.pk)
    try:
        photo = services.photo_add(
            event=event,
            actor=request.user,
            upload=form.cleaned_data["image"],
            caption=form.cleaned_data["caption"],
        )
    except EventError as exc:
        messages.error(request, exc.message)
        return redirect("events:gallery", pk=event.pk)
    if photo.status == Photo.Status.APPROVED:
        messages.success(request, _("照片已上传。"))
    else:
        messages.success(request, _("照片已上传，主办方审核后公开。"))
    return redirect("events:gallery", pk=event.pk)


# ---------------------------------------------------------------- organisers
@require_safe
@login_required
def staff_list(request: HttpRequest) -> HttpResponse:
    _require(request, "events.organise")
    centers = selectors.organiser_centers(request.user)
    center = None
    center_id = request.GET.get("center", "")
    if center_id.isdigit():
        center = next((c for c in centers if c.pk == int(center_id)), None)
    events = list(
        selectors.events_for_organiser(request.user, center=center).order_by("-starts_at", "-id")[
            :200
        ]
    )
    return render(
        request, "events/staff/list.html", {"events": events, "centers": centers, "center": center}
    )


def _event_form_context(request: HttpRequest):
    return {
        "centers": selectors.organiser_centers(request.user),
        "communities": selectors.organiser_communities(request.user),
    }


@login_required
def staff_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    event = None
    if pk is not None:
        event = _managed(request, pk)
    else:
        _require(request, "events.organise")
    scope = _event_form_context(request)
    form = EventForm(request.POST or None, request.FILES or None, instance=event, **scope)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        communities = list(data.pop("eligible_communities") or [])
        tags = list(data.pop("eligible_tags") or [])
        if not data.get("cover"):
            data.pop("cover", None)
        try:
            if event is None:
                center = data.pop("center")
                probe = Event(center=center, community=data.get("community"))
                if not request.user.has_perm("events.manage_event", probe):
                    # a choice left empty or out of the person's scope is a field error on
                    # the form they filled in, never a 403 page that loses what they typed
                    audit_record(
                        actor=request.user,
                        action="permission.denied",
                        obj=probe,
                        changes={"permission": "events.manage_event", "path": request.path},
                        success=False,
                    )
                    message = (
                        _("请选择您负责的社区。")
                        if probe.community is None
                        else _("您不能为所选社区创建活动，请选择您负责的社区。")
                    )
                    raise EventError(
                        "community_out_of_scope", message, 403, {"community": [message]}
                    )
                event = services.event_create(
                    actor=request.user,
                    center=center,
                    title=data.pop("title"),
                    venue=data.pop("venue"),
                    starts_at=data.pop("starts_at"),
                    ends_at=data.pop("ends_at"),
                    eligible_communities=communities,
                    eligible_tags=tags,
                    **data,
                )
                messages.success(request, _("活动已保存为草稿。"))
            else:
                original = Event.objects.get(pk=event.pk)
                changes = {k: v for k, v in data.items() if getattr(original, k) != v}
                event = services.event_update(
                    actor=request.user,
                    event=original,
                    changes=changes,
                    eligible_communities=communities,
                    eligible_tags=tags,
                )
                messages.success(request, _("活动已保存。"))
        except EventError as exc:
            for field, errors in exc.fields.items():
                if field in form.fields:
                    for error in errors:
                        form.add_error(field, error)
            if not exc.fields:
                form.add_error(None, exc.message)
        else:
            return redirect("events:staff-detail", pk=event.pk)
    return render(request, "events/staff/form.html", {"form": form, "event": event})


@login_required
def staff_series_new(request: HttpRequest) -> HttpResponse:
    _require(request, "events.organise")
    form = SeriesForm(request.POST or None, **_event_form_context(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        probe = Event(center=data["center"], community=data["community"])
        _require(request, "events.manage_event", probe)
        try:
            series = services.series_create(
                actor=request.user,
                center=data["center"],
                title=data["title"],
                signup_mode=data["signup_mode"],
                sessions=form.session_times(),
                venue=data["venue"],
                kind=data["kind"],
                description=data["description"],
                community=data["community"],
                capacity=data["capacity"],
                approval_required=data["approval_required"],
            )
        except EventError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("系列活动已创建，各场次为草稿，请逐场发布。"))
            first = series.sessions.order_by("session_no").first()
            return redirect("events:staff-detail", pk=first.pk)
    return render(request, "events/staff/series_form.html", {"form": form})


@require_safe
@login_required
def staff_detail(request: HttpRequest, pk: int) -> HttpResponse:
    event = _managed(request, pk)
    counts = selectors.registration_counts(event)
    people = selectors.event_registrations(event)
    registrations = keyset_page(
        people.prefetch_related("attendance"),
        order=selectors.REGISTRATION_ORDER,
        cursor=request.GET.get("after"),
        size=STAFF_PAGE,
    )
    waitlist = keyset_page(
        people.filter(status=Registration.Status.WAITLISTED),
        order=("waitlist_position", "id"),
        cursor=request.GET.get("waitlist_after"),
        size=STAFF_PAGE,
    )
    booth_page = None
    if event.booths:
        booth_page = keyset_page(
            selectors.event_booths(event),
            order=selectors.BOOTH_ORDER,
            cursor=request.GET.get("booths_after"),
            size=STAFF_PAGE,
        )
    return render(
        request,
        "events/staff/detail.html",
        {
            "event": event,
            "registrations": registrations.items,
            "registrations_next": registrations.next_cursor,
            "registrations_total": counts["total"],
            "waitlist": waitlist.items,
            "waitlist_next": waitlist.next_cursor,
            "waitlist_total": counts["waitlisted"],
            "cancel_form": CancelEventForm(),
            "checked_in": counts["checked_in"],
            "no_shows": counts["no_shows"],
            "booths": booth_page.items if booth_page else [],
            "booths_next": booth_page.next_cursor if booth_page else None,
            "booths_total": selectors.booth_count(event) if booth_page else 0,
        },
    )


@require_POST
@login_required
def staff_action(request: HttpRequest, pk: int) -> HttpResponse:
    event = _managed(request, pk)
    action = request.POST.get("action", "")
    try:
        if action == "publish":
            services.event_publish(actor=request.user, event=event)
            messages.success(request, _("活动已发布。"))
        elif action == "finish":
            services.event_finish(actor=request.user, event=event)
            messages.success(request, _("活动已结束。"))
        elif action == "cancel":
            form = CancelEventForm(request.POST)
            reason = form.cleaned_data["reason"] if form.is_valid() else ""
            services.event_cancel(actor=request.user, event=event, reason=reason)
            messages.success(request, _("活动已取消，已通知所有报名者。"))
        elif action == "no_shows":
            count = services.event_mark_no_shows(actor=request.user, event=event)
            messages.success(request, _("已标记 %(n)d 人缺席。") % {"n": count})
        else:
            messages.error(request, _("此项的值无效。"))
    except EventError as exc:
        messages.error(request, exc.message)
    return redirect("events:staff-detail", pk=event.pk)


@require_POST
@login_required
def staff_registration(request: HttpRequest, pk: int, rid: int) -> HttpResponse:
    event = _managed(request, pk)
    reg = get_object_or_404(Registration, pk=rid, event=event)
    action = request.POST.get("action", "")
    try:
        if action in ("approve", "reject"):
            services.registration_decide(
                registration=reg, actor=request.user, approve=action == "approve"
            )
        elif action == "promote":
            services.registration_promote(registration=reg, actor=request.user)
        elif action in ("up", "down"):
            services.registration_move(registration=reg, actor=request.user, up=action == "up")
        elif action == "checkin":
            services.registration_check_in(event=event, actor=request.user, registration=reg)
        elif action == "checkout":
            services.registration_check_out(registration=reg, actor=request.user)
        elif action == "cancel":
            services.registration_cancel(registration=reg, actor=request.user)
        else:
            messages.error(request, _("此项的值无效。"))
            return redirect("events:staff-detail", pk=event.pk)
    except EventError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("已更新。"))
    target = request.POST.get("next")
    if target == "checkin":
        return redirect("events:staff-checkin", pk=event.pk)
    return redirect("events:staff-detail", pk=event.pk)


@login_required
def staff_checkin(request: HttpRequest, pk: int) -> HttpResponse:
    event = _managed(request, pk)
    form = CheckInForm(request.POST or None)
    result = None
    error = None
    if request.method == "POST" and form.is_valid():
        try:
            result = services.registration_check_in(
                event=event,
                actor=request.user,
                token=form.cleaned_data["token"] or None,
                code=form.cleaned_data["code"] or None,
            )
        except EventError as exc:
            error = exc.message
        form = CheckInForm()
    counts = selectors.checkin_counts(event)
    regs = keyset_page(
        event.registrations.filter(status__in=selectors.CHECKIN_STATUSES).select_related(
            "person", "organisation"
        ),
        order=("status", "id"),
        cursor=request.GET.get("after"),
        size=STAFF_PAGE,
    )
    return render(
        request,
        "events/staff/checkin.html",
        {
            "event": event,
            "form": form,
            "walk_in_form": WalkInForm(),
            "result": result,
            "error": error,
            "registrations": regs.items,
            "registrations_next": regs.next_cursor,
            "registrations_total": counts["total"],
            "checked_in": counts["checked_in"],
        },
        status=200,
    )


@require_POST
@login_required
def staff_walk_in(request: HttpRequest, pk: int) -> HttpResponse:
    event = _managed(request, pk)
    form = WalkInForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("events:staff-checkin", pk=event.pk)
    try:
        reg = services.registration_walk_in(
            event=event,
            actor=request.user,
            name=form.cleaned_data["name"],
            mobile=form.cleaned_data["mobile"],
        )
    except EventError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request, _("%(name)s 已现场报名并签到。") % {"name": reg.person.masked_name}
        )
    return redirect("events:staff-checkin", pk=event.pk)


@require_safe
@login_required
def staff_export(request: HttpRequest, pk: int) -> HttpResponse:
    event = _managed(request, pk)
    registrations = list(
        selectors.event_registrations(event).select_related("person__resident_profile__community")
    )
    # A row is revealed only where the exporter may reveal that resident's personal data (the
    # people app's permission); everything else stays masked. Reveals are audited.
    revealed: set[int] = set()
    if request.GET.get("reveal") == "1" and request.user.has_perm("people.reveal_personal", None):
        for reg in registrations:
            profile = getattr(reg.person, "resident_profile", None)
            if profile is not None and request.user.has_perm("people.reveal_personal", profile):
                revealed.add(reg.pk)
    data = attendance_workbook(event, registrations, revealed=revealed)
    audit_record(
        actor=request.user,
        action="events.export",
        obj=event,
        changes={"rows": len(registrations), "revealed": len(revealed)},
    )
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="attendance-{event.pk}.xlsx"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def staff_report(request: HttpRequest, pk: int) -> HttpResponse:
    event = _managed(request, pk)
    initial = {"summary": event.report_summary, "outcomes": event.report_outcomes}
    form = ReportForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.event_report_save(
                actor=request.user,
                event=event,
                summary=form.cleaned_data["summary"],
                outcomes=form.cleaned_data["outcomes"],
            )
        except EventError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("活动总结已保存。"))
            return redirect("events:staff-detail", pk=event.pk)
    counts = {
        "registered": event.registrations.filter(
            status__in=[
                Registration.Status.REGISTERED,
                Registration.Status.CHECKED_IN,
                Registration.Status.NO_SHOW,
            ]
        ).count(),
        "checked_in": event.registrations.filter(status=Registration.Status.CHECKED_IN).count(),
        "no_show": event.registrations.filter(status=Registration.Status.NO_SHOW).count(),
        "walk_in": event.registrations.filter(walk_in=True).count(),
    }
    return render(
        request, "events/staff/report.html", {"event": event, "form": form, "counts": counts}
    )


@login_required
def staff_photos(request: HttpRequest, pk: int) -> HttpResponse:
    event = _managed(request, pk)
    if request.method == "POST":
        photo = (
            get_object_or_404(Photo, pk=request.POST.get("photo") or 0, event=event)
            if (request.POST.get("photo", "").isdigit())
            else None
        )
        if photo is None:
            raise Http404
        try:
            services.photo_moderate(
                photo=photo, actor=request.user, status=request.POST.get("status", "")
            )
        except EventError as exc:
            messages.error(request, exc.message)
        return redirect("events:staff-photos", pk=event.pk)
    photos = list(event.photos.select_related("uploader")[:500])
    return render(
        request, "events/staff/photos.html", {"event": event, "photos": photos, "form": PhotoForm()}
    )


# ---------------------------------------------------------------- approvals and photo queue
@login_required
def staff_approvals(request: HttpRequest) -> HttpResponse:
    """Sign-ups waiting for approval in every event this organiser runs, oldest first; each row
    carries what the decision needs, and several are decided at once."""
    _require(request, "events.organise")
    if request.method == "POST":
        action = request.POST.get("action", "")
        ids = [i for i in request.POST.getlist("registration") if i.isdigit() and len(i) < 19]
        if action not in ("approve", "reject"):
            messages.error(request, _("此项的值无效。"))
        else:
            try:
                result = approvals.registrations_decide(
                    actor=request.user, ids=[int(i) for i in ids], approve=action == "approve"
                )
            except ServiceError as exc:
                messages.error(request, exc.message)
            else:
                done = (
                    _("已通过 %(n)d 人。") if action == "approve" else _("已拒绝 %(n)d 人。")
                ) % {"n": result.decided}
                messages.success(request, done)
                for reg, reason in result.skipped:
                    who = (
                        reg.organisation.name
                        if reg.organisation_id
                        else f"{reg.person.masked_name} {reg.person.public_number}"
                    )
                    messages.warning(
                        request, _("%(who)s：%(reason)s") % {"who": who, "reason": reason}
                    )
        return redirect(request.get_full_path())
    qs = approvals.awaiting(request.user)
    event = None
    event_id = request.GET.get("event", "")
    if event_id.isdigit() and len(event_id) < 19:
        event = selectors.events_for_organiser(request.user).filter(pk=int(event_id)).first()
        if event is not None:
            qs = qs.filter(event=event)
    total = qs.count()
    shown = list(qs[: approvals.BULK_MAX])
    return render(
        request,
        "events/staff/approvals.html",
        {
            "rows": approvals.rows(request.user, shown),
            "total": total,
            "event": event,
            "page_size": approvals.BULK_MAX,
        },
    )


@login_required
def staff_photo_queue(request: HttpRequest) -> HttpResponse:
    """Photos residents uploaded that wait for moderation, in every event this organiser runs."""
    _require(request, "events.organise")
    pending = selectors.pending_photos(request.user)
    if request.method == "POST":
        raw = request.POST.get("photo", "")
        photo = pending.filter(pk=int(raw)).first() if raw.isdigit() and len(raw) < 19 else None
        if photo is None:
            messages.error(request, _("该照片已处理或不存在。"))
        else:
            try:
                services.photo_moderate(
                    photo=photo, actor=request.user, status=request.POST.get("status", "")
                )
            except EventError as exc:
                messages.error(request, exc.message)
            else:
                messages.success(request, _("已更新。"))
        return redirect("events:staff-photo-queue")
    total = pending.count()
    photos = list(pending.select_related("event", "uploader")[:60])
    return render(request, "events/staff/photo_queue.html", {"photos": photos, "total": total})


# ---------------------------------------------------------------- course completion
@login_required
def staff_completion(request: HttpRequest, pk: int) -> HttpResponse:
    """A series' attendance against the completion rule; POST issues the 结业证书 (to everyone
    who completed, or to the one ``person`` named)."""
    from django.conf import settings

    from threecenters.events import completion

    event = _managed(request, pk)
    if event.series_id is None:
        raise Http404
    series = event.series
    summary = None
    if request.method == "POST":
        person_id = request.POST.get("person", "")
        try:
            if person_id:
                reg = (
                    Registration.objects.filter(event__series=series, person_id=int(person_id))
                    .select_related("person")
                    .first()
                    if person_id.isdigit() and len(person_id) < 19
                    else None
                )
                if reg is None:
                    raise Http404
                person = reg.person
                completion.completion_certify(actor=request.user, series=series, person=person)
                messages.success(
                    request, _("已为 %(name)s 颁发结业证书。") % {"name": person.masked_name}
                )
            else:
                summary = completion.completions_certify(actor=request.user, series=series)
        except EventError as exc:
            messages.error(request, exc.message)
    sessions = completion.series_sessions(series)
    certified = completion.certified_holder_ids(series)
    rows = [
        {"row": row, "certified": row.person.pk in certified}
        for row in completion.series_attendance(series, sessions)
    ]
    return render(
        request,
        "events/staff/completion.html",
        {
            "event": event,
            "series": series,
            "sessions": sessions,
            "rows": rows,
            "summary": summary,
            "threshold": settings.COMPLETION_THRESHOLD,
            "over": bool(sessions) and max(s.ends_at for s in sessions) <= timezone.now(),
        },
    )
