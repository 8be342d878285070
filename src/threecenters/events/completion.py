"""Course completion, the first use of the certificates kernel.

A participant of a series (a course of N sessions) has completed it when they checked in at no
fewer than ``THREECENTERS_COMPLETION_THRESHOLD`` percent (default 80) of its sessions that were
not cancelled. Once the last session has ended, an organiser of the series' events issues the
结业证书 (kind ``course_completion``) to everyone who completed, in one step; the series is the
certificate's source, so nobody is certified twice for it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from threecenters.certificates.models import Certificate
from threecenters.certificates.registry import CertificateKind, register
from threecenters.certificates.services import certificate_issue
from threecenters.core.audit import audit_record
from threecenters.core.kit import refusal_audit, service
from threecenters.core.models import User
from threecenters.events.models import Event, Registration, Series
from threecenters.events.services import EventError

KIND = "course_completion"


def register_kind() -> None:
    register(
        CertificateKind(
            code=KIND,
            label=gettext_lazy("结业证书"),
            number_prefix="KC",
            title=gettext_lazy("课程结业证书"),
            detail_labels={
                "course": gettext_lazy("课程名称"),
                "period": gettext_lazy("课程时间"),
                "attendance": gettext_lazy("出勤场次"),
                "hours": gettext_lazy("出勤学时（小时）"),
            },
        )
    )


@dataclass
class Attendance:
    person: User
    attended: int
    total: int

    @property
    def percent(self) -> int:
        return self.attended * 100 // self.total if self.total else 0

    @property
    def completed(self) -> bool:
        return self.total > 0 and self.attended * 100 >= settings.COMPLETION_THRESHOLD * self.total


@dataclass
class CompletionSummary:
    issued: list[Attendance] = field(default_factory=list)
    already: list[Attendance] = field(default_factory=list)
    not_eligible: list[Attendance] = field(default_factory=list)


def series_sessions(series: Series) -> list[Event]:
    """The sessions that count: every session of the series except cancelled ones."""
    return list(
        series.sessions.exclude(status=Event.Status.CANCELLED)
        .select_related("center", "community")
        .order_by("session_no", "id")
    )


def series_attendance(series: Series, sessions: list[Event] | None = None) -> list[Attendance]:
    """Everyone who signed up for the series, with the sessions they checked in at."""
    sessions = series_sessions(series) if sessions is None else sessions
    counts = (
        Registration.objects.filter(event__in=sessions)
        .values("person_id")
        .annotate(attended=Count("id", filter=Q(status=Registration.Status.CHECKED_IN)))
        .order_by("person_id")
    )
    people = User.objects.in_bulk([row["person_id"] for row in counts])
    return [
        Attendance(person=people[row["person_id"]], attended=row["attended"], total=len(sessions))
        for row in counts
    ]


def certified_holder_ids(series: Series) -> set[int]:
    return set(
        Certificate.objects.filter(
            kind=KIND, source_type=ContentType.objects.get_for_model(Series), source_id=series.pk
        ).values_list("holder_id", flat=True)
    )


def _organiser_sessions(actor: User, series: Series) -> list[Event]:
    sessions = series_sessions(series)
    if not sessions or not all(actor.has_perm("events.manage_event", s) for s in sessions):
        refusal_audit(actor=actor, action="events.completion", obj=series)
        raise EventError("forbidden", _("您没有权限执行此操作。"), 403)
    if max(s.ends_at for s in sessions) > timezone.now():
        raise EventError(
            "course_not_over", _("课程还没有结束：最后一场结束后才能颁发结业证书。"), 409
        )
    return sessions


def _issue(actor: User, series: Series, sessions: list[Event], row: Attendance) -> Certificate:
    ids = set(
        Registration.objects.filter(
            event__in=sessions, person=row.person, status=Registration.Status.CHECKED_IN
        ).values_list("event_id", flat=True)
    )
    minutes = sum(s.duration_minutes for s in sessions if s.pk in ids)
    first, last = (timezone.localtime(s.starts_at) for s in (sessions[0], sessions[-1]))
    return certificate_issue(
        actor=actor,
        kind=KIND,
        holder=row.person,
        subject=_("完成“%(course)s”课程学习") % {"course": series.title},
        issuer_center=series.center,
        source=series,
        details={
            "course": series.title,
            "period": f"{first:%Y-%m-%d} — {last:%Y-%m-%d}",
            "attendance": f"{row.attended}/{row.total}",
            "hours": f"{minutes / 60:g}",
        },
    )


def _refuse_incomplete(row: Attendance) -> None:
    raise EventError(
        "not_completed",
        _(
            "%(name)s 出勤 %(attended)d/%(total)d 场（%(percent)d%%），"
            "未达到结业要求（%(threshold)d%%），不能颁发结业证书。"
        )
        % {
            "name": row.person.masked_name,
            "attended": row.attended,
            "total": row.total,
            "percent": row.percent,
            "threshold": settings.COMPLETION_THRESHOLD,
        },
        409,
    )


@service
def completion_certify(*, actor: User, series: Series, person: User) -> Certificate:
    """Issue one participant's 结业证书; refused when they have not completed the course."""
    sessions = _organiser_sessions(actor, series)
    row = next((r for r in series_attendance(series, sessions) if r.person.pk == person.pk), None)
    if row is None:
        row = Attendance(person=person, attended=0, total=len(sessions))
    if not row.completed:
        _refuse_incomplete(row)
    return _issue(actor, series, sessions, row)


@service
def completions_certify(*, actor: User, series: Series) -> CompletionSummary:
    """Issue the 结业证书 to every participant who completed and has none yet."""
    sessions = _organiser_sessions(actor, series)
    done = certified_holder_ids(series)
    summary = CompletionSummary()
    for row in series_attendance(series, sessions):
        if not row.completed:
            summary.not_eligible.append(row)
        elif row.person.pk in done:
            summary.already.append(row)
        else:
            _issue(actor, series, sessions, row)
            summary.issued.append(row)
    audit_record(
        actor=actor,
        action="events.completion",
        obj=series,
        changes={
            "issued": len(summary.issued),
            "already": len(summary.already),
            "not_eligible": len(summary.not_eligible),
        },
    )
    return summary
