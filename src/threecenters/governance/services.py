"""Every write to the case library: keyword-only, one transaction each, audited, and the search
index updated inside the same transaction."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Max
from django.forms.models import model_to_dict
from django.utils import timezone
from django.utils.translation import gettext as _

from threecenters.core.audit import audit_record, changed_fields
from threecenters.core.kit import UNSET, ServiceError, given, model_clean, service
from threecenters.core.masking import masked_changes
from threecenters.core.models import Area, User
from threecenters.core.pagecache import portal_changed
from threecenters.core.uploads import validate_document, validate_image
from threecenters.events.models import Event
from threecenters.governance.models import (
    LINKABLE_EVENT_STATUSES,
    SNAPSHOT_FIELDS,
    Case,
    CaseAdoption,
    CaseAttachment,
    CasePhoto,
    CaseTag,
    CaseVersion,
    ExchangeSession,
)
from threecenters.search.services import document_index

Status = Case.Status
EDITABLE_FIELDS = [
    "community",
    "title",
    "summary",
    "method_name",
    "period_start",
    "period_end",
    "background",
    "method",
    "measures",
    "results",
    "figures",
    "lessons",
    "contact_name",
    "contact_mobile",
]
PERSONAL_FIELDS = {"contact_name", "contact_mobile"}
IMAGE_MAX_BYTES = 8 * 1024 * 1024
ATTACHMENT_MAX_BYTES = 20 * 1024 * 1024
MAX_TAGS = 10


class CaseStateError(ServiceError):
    """The case is not in a state that allows this step (core's ServiceError under a name)."""


def _checked(validate, file, *, field: str, max_bytes: int):
    """An uploaded file through core.uploads' check, its refusal a ServiceError on ``field``."""
    try:
        return validate(file, max_bytes=max_bytes)
    except ValidationError as exc:
        raise ServiceError(" ".join(exc.messages), status=422, field=field) from None


def clean_tags(tags: list[str]) -> list[str]:
    out: dict[str, None] = {}
    for tag in tags:
        name = " ".join(str(tag).split())[:20]
        if name:
            out[name] = None
    return list(out)[:MAX_TAGS]


def clean_figures(figures: list) -> list[dict[str, str]]:
    out = []
    for item in figures or []:
        if isinstance(item, dict):
            label, value, unit = item.get("label", ""), item.get("value", ""), item.get("unit", "")
        else:
            label, value, unit = (list(item) + ["", "", ""])[:3]
        label, value, unit = (
            str(label).strip()[:40],
            str(value).strip()[:20],
            str(unit).strip()[:10],
        )
        if label and value:
            out.append({"label": label, "value": value, "unit": unit})
    return out[:20]


def _set_tags(case: Case, tags: list[str]) -> None:
    names = clean_tags(tags)
    CaseTag.objects.filter(case=case).exclude(name__in=names).delete()
    existing = set(CaseTag.objects.filter(case=case).values_list("name", flat=True))
    CaseTag.objects.bulk_create([CaseTag(case=case, name=n) for n in names if n not in existing])


def _masked(changes: dict) -> dict:
    return masked_changes(changes, PERSONAL_FIELDS)


def _set_cover(case: Case, cover) -> None:
    image = _checked(validate_image, cover, field="cover_file", max_bytes=IMAGE_MAX_BYTES)
    case.cover.save(image.content.name, image.content, save=False)


def _uploads_add(
    *, actor: User, case: Case, photo, photo_caption: str, attachment, attachment_title: str
) -> None:
    if photo:
        case_photo_add(actor=actor, case=case, file=photo, caption=photo_caption)
    if attachment:
        case_attachment_add(actor=actor, case=case, file=attachment, title=attachment_title)


@service
def case_create(
    *,
    actor: User,
    subdistrict: Area,
    title: str,
    community: Area | None = None,
    summary: str = "",
    method_name: str = "",
    period_start: datetime.date | None = None,
    period_end: datetime.date | None = None,
    background: str = "",
    method: str = "",
    measures: str = "",
    results: str = "",
    figures: list | None = None,
    lessons: str = "",
    contact_name: str = "",
    contact_mobile: str = "",
    tags: list[str] | None = None,
    cover=None,
    photo=None,
    photo_caption: str = "",
    attachment=None,
    attachment_title: str = "",
    is_demo: bool = False,
) -> Case:
    """A new draft case; a cover, a photo and an attachment sent with it are saved with it."""
    case = Case(
        subdistrict=subdistrict,
        community=community,
        title=title.strip(),
        summary=summary,
        method_name=method_name,
        period_start=period_start,
        period_end=period_end,
        background=background,
        method=method,
        measures=measures,
        results=results,
        figures=clean_figures(figures or []),
        lessons=lessons,
        contact_name=contact_name,
        contact_mobile=contact_mobile,
        author=actor,
        is_demo=is_demo,
    )
    model_clean(case, exclude=["cover", "author", "current_version"])
    if cover:
        _set_cover(case, cover)
    case.save()
    _set_tags(case, tags or [])
    audit_record(actor=actor, action="case.create", obj=case, changes={"status": case.status})
    _uploads_add(
        actor=actor,
        case=case,
        photo=photo,
        photo_caption=photo_caption,
        attachment=attachment,
        attachment_title=attachment_title,
    )
    return case


@service
def case_update(
    *,
    actor: User,
    case: Case,
    community: Area | None = UNSET,
    title: str = UNSET,
    summary: str = UNSET,
    method_name: str = UNSET,
    period_start: datetime.date | None = UNSET,
    period_end: datetime.date | None = UNSET,
    background: str = UNSET,
    method: str = UNSET,
    measures: str = UNSET,
    results: str = UNSET,
    figures: list = UNSET,
    lessons: str = UNSET,
    contact_name: str = UNSET,
    contact_mobile: str = UNSET,
    tags: list[str] | None = None,
    cover=None,
    photo=None,
    photo_caption: str = "",
    attachment=None,
    attachment_title: str = "",
) -> Case:
    """Edit the working copy (the fields given; the rest stay). Editing a published case makes
    the working copy a draft again; the public keeps seeing the published version until the
    next publication. A photo and an attachment sent with the edit are saved with it."""
    fields = given(
        community=community,
        title=title,
        summary=summary,
        method_name=method_name,
        period_start=period_start,
        period_end=period_end,
        background=background,
        method=method,
        measures=measures,
        results=results,
        figures=figures,
        lessons=lessons,
        contact_name=contact_name,
        contact_mobile=contact_mobile,
    )
    case = Case.objects.select_for_update().get(pk=case.pk)
    if case.status == Status.ARCHIVED:
        raise CaseStateError(_("已归档的案例不能修改。"), code="archived", status=409)
    before = model_to_dict(case, fields=EDITABLE_FIELDS)
    before_tags = case.tag_names
    for name, value in fields.items():
        setattr(case, name, clean_figures(value) if name == "figures" else value)
    model_clean(case, exclude=["cover", "author", "current_version"])
    if cover:
        _set_cover(case, cover)
    after = model_to_dict(case, fields=EDITABLE_FIELDS)
    changes = changed_fields(before, after)
    if tags is not None and clean_tags(tags) != before_tags:
        changes["tags"] = [before_tags, clean_tags(tags)]
    if cover:
        changes["cover"] = ["", case.cover.name]
    if changes and case.status == Status.PUBLISHED:
        case.status = Status.DRAFT
        changes["status"] = [Status.PUBLISHED, Status.DRAFT]
    case.save()
    if tags is not None:
        _set_tags(case, tags)
    audit_record(actor=actor, action="case.update", obj=case, changes=_masked(changes))
    _uploads_add(
        actor=actor,
        case=case,
        photo=photo,
        photo_caption=photo_caption,
        attachment=attachment,
        attachment_title=attachment_title,
    )
    return case


def _transition(case: Case, *, allowed: list[str], to: str, message: str) -> Case:
    updated = Case.objects.filter(pk=case.pk, status__in=allowed).update(
        status=to, updated_at=timezone.now()
    )
    if not updated:
        raise CaseStateError(message, code="state", status=409)
    return Case.objects.get(pk=case.pk)


@service
def case_submit(*, actor: User, case: Case) -> Case:
    """Draft → in review. Submitting twice changes nothing."""
    if Case.objects.filter(pk=case.pk, status=Status.IN_REVIEW).exists():
        return Case.objects.get(pk=case.pk)
    case = _transition(
        case,
        allowed=Case.STEPS_FROM["submit"],
        to=Status.IN_REVIEW,
        message=_("只有草稿可以提交审核。"),
    )
    audit_record(actor=actor, action="case.submit", obj=case, changes={"status": case.status})
    return case


@service
def case_return(*, actor: User, case: Case, reason: str = "") -> Case:
    """In review → draft, with the reviewer's reason in the audit trail."""
    case = _transition(
        case,
        allowed=Case.STEPS_FROM["return"],
        to=Status.DRAFT,
        message=_("只有审核中的案例可以退回。"),
    )
    audit_record(actor=actor, action="case.return", obj=case, changes={"reason": reason[:500]})
    return case


def _snapshot(case: Case) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for name in SNAPSHOT_FIELDS:
        value = getattr(case, name)
        data[name] = value.isoformat() if isinstance(value, datetime.date) else value
    data["figures"] = clean_figures(case.figures)
    data["tags"] = case.tag_names
    data["community_id"] = case.community_id
    data["community_name"] = case.community.name if case.community else ""
    return data


@service
def case_publish(*, actor: User, case: Case) -> Case:
    """Draft or in review → published, keeping the new content as the next version. Publishing
    an already published case changes nothing."""
    if Case.objects.filter(pk=case.pk, status=Status.PUBLISHED).exists():
        return Case.objects.get(pk=case.pk)
    case = _transition(
        case,
        allowed=Case.STEPS_FROM["publish"],
        to=Status.PUBLISHED,
        message=_("只有草稿或审核中的案例可以发布。"),
    )
    case = Case.objects.select_related("community").get(pk=case.pk)
    number = (case.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    now = timezone.now()
    version = CaseVersion.objects.create(
        case=case, number=number, snapshot=_snapshot(case), published_at=now, published_by=actor
    )
    case.current_version = version
    if case.published_at is None:
        case.published_at = now
    case.save(update_fields=["current_version", "published_at", "updated_at"])
    document_index(obj=case)
    portal_changed()  # public case pages show this
    audit_record(actor=actor, action="case.publish", obj=case, changes={"version": number})
    return case


@service
def case_archive(*, actor: User, case: Case) -> Case:
    """Take a case out of the public library; its versions are kept."""
    if Case.objects.filter(pk=case.pk, status=Status.ARCHIVED).exists():
        return Case.objects.get(pk=case.pk)
    case = _transition(
        case,
        allowed=Case.STEPS_FROM["archive"],
        to=Status.ARCHIVED,
        message=_("这个案例不能归档。"),
    )
    document_index(obj=case)  # no longer public: leaves the index
    portal_changed()  # public case pages show this
    audit_record(actor=actor, action="case.archive", obj=case, changes={"status": case.status})
    return case


@service
def case_photo_add(*, actor: User, case: Case, file, caption: str = "") -> CasePhoto:
    image = _checked(validate_image, file, field="photo_file", max_bytes=IMAGE_MAX_BYTES)
    photo = CasePhoto(case=case, caption=caption.strip()[:120])
    photo.image.save(image.content.name, image.content, save=False)
    photo.save()
    portal_changed()  # public case pages show this
    audit_record(actor=actor, action="case.photo_add", obj=case, changes={"photo": photo.pk})
    return photo


@service
def case_attachment_add(*, actor: User, case: Case, file, title: str = "") -> CaseAttachment:
    checked = _checked(
        validate_document, file, field="attachment_file", max_bytes=ATTACHMENT_MAX_BYTES
    )
    name = (title or getattr(file, "name", "") or _("附件")).strip()[:120]
    attachment = CaseAttachment(case=case, title=name, kind=checked.kind, size=checked.content.size)
    attachment.file.save(checked.content.name, checked.content, save=False)
    attachment.save()
    portal_changed()  # public case pages show this
    audit_record(
        actor=actor,
        action="case.attachment_add",
        obj=case,
        changes={"attachment": attachment.pk, "kind": checked.kind},
    )
    return attachment


@service
def adoption_record(
    *,
    actor: User,
    case: Case,
    community: Area,
    kind: str,
    date: datetime.date,
    adopted: str,
    people: str = "",
    outcome: str = "",
) -> CaseAdoption:
    if community.level != Area.Level.COMMUNITY:
        raise ServiceError(_("请选择一个社区。"), status=422, field="community")
    adoption = CaseAdoption(
        case=case,
        community=community,
        kind=kind,
        date=date,
        adopted=adopted.strip(),
        people=people.strip(),
        outcome=outcome.strip(),
        recorded_by=actor,
    )
    model_clean(adoption, exclude=["recorded_by"])
    adoption.save()
    portal_changed()  # public case pages show this
    audit_record(
        actor=actor,
        action="case.adoption_record",
        obj=case,
        changes={"community": community.pk, "kind": kind},
    )
    return adoption


@service
def session_record(
    *,
    actor: User,
    subdistrict: Area,
    title: str,
    date: datetime.date,
    cases: list[Case],
    communities: list[Area] | None = None,
    place: str = "",
    summary: str = "",
    attendance: int | None = None,
    event: Event | None = None,
) -> ExchangeSession:
    if not cases:
        raise ServiceError(_("请至少选择一个案例。"), status=422, field="cases")
    if event is not None:
        if event.center.subdistrict_id != subdistrict.pk:
            raise ServiceError(_("只能关联本街道的活动。"), status=422, field="event")
        if event.status not in LINKABLE_EVENT_STATUSES:
            raise ServiceError(_("只能关联已发布或已结束的活动。"), status=422, field="event")
    session = ExchangeSession(
        subdistrict=subdistrict,
        event=event,
        title=title.strip(),
        date=date,
        place=place.strip(),
        summary=summary.strip(),
        attendance=attendance,
        recorded_by=actor,
    )
    model_clean(session, exclude=["recorded_by"])
    session.save()
    session.cases.set(cases)
    session.communities.set(communities or [])
    portal_changed()  # public case pages show this
    audit_record(
        actor=actor,
        action="case.session_record",
        obj=session,
        changes={"cases": [c.pk for c in cases], "event": event.pk if event else None},
    )
    return session
