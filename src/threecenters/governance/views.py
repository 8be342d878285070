"""Case library pages: the public library and the writers' workspace (thin: load, authorize,
call one service, render)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from threecenters.core.kit import ServiceError, form_refusal
from threecenters.core.models import Area
from threecenters.core.pagecache import public_page
from threecenters.core.selectors import default_subdistrict
from threecenters.governance import selectors, services
from threecenters.governance.filters import CaseFilterSet
from threecenters.governance.forms import AdoptionForm, CaseForm, ReturnForm, SessionForm
from threecenters.governance.models import Case, CaseAdoption, CaseVersion
from threecenters.governance.rules import writer_scope


# ---------------------------------------------------------------- public
@require_safe
@public_page
def case_list(request: HttpRequest) -> HttpResponse:
    # a value that does not validate leaves its filter out
    filterset = CaseFilterSet(request.GET, queryset=selectors.public_cases())
    filters = filterset.chosen
    if "year" in filters:
        filters["year"] = int(filters["year"])
    page = selectors.case_page(qs=filterset.qs, cursor=request.GET.get("after"))
    return render(
        request,
        "governance/case_list.html",
        {
            "page": page,
            "filters": filters,
            "choices": selectors.filter_choices(),
        },
    )


def _public_case(pk: int) -> Case:
    case = get_object_or_404(
        Case.objects.select_related("community", "current_version", "subdistrict"), pk=pk
    )
    if case.current_version_id is None:
        raise Http404
    return case


@require_safe
@public_page
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    case = _public_case(pk)
    if case.status == Case.Status.ARCHIVED and not request.user.has_perm(
        "governance.edit_case", case
    ):
        raise Http404
    return render(
        request,
        "governance/case_detail.html",
        {
            "case": case,
            "snap": case.current_version.snapshot,
            "version": case.current_version,
            "versions": selectors.case_versions(case),
            "related": selectors.related_cases(case),
            "spread": selectors.case_spread(case),
            "photos": list(case.photos.all()),
            "attachments": list(case.attachments.all()),
            "can_edit": request.user.has_perm("governance.edit_case", case),
            "can_spread": request.user.has_perm("governance.record_spread", case),
        },
    )


@require_safe
@public_page
def case_print(request: HttpRequest, pk: int) -> HttpResponse:
    case = _public_case(pk)
    if case.status == Case.Status.ARCHIVED and not request.user.has_perm(
        "governance.edit_case", case
    ):
        raise Http404
    return render(
        request,
        "governance/case_print.html",
        {
            "case": case,
            "snap": case.current_version.snapshot,
            "version": case.current_version,
            "spread": selectors.case_spread(case),
        },
    )


@require_safe
@public_page
def case_version(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    case = _public_case(pk)
    if case.status == Case.Status.ARCHIVED and not request.user.has_perm(
        "governance.edit_case", case
    ):
        raise Http404
    version = get_object_or_404(CaseVersion, case=case, number=number)
    return render(
        request,
        "governance/case_version.html",
        {
            "case": case,
            "snap": version.snapshot,
            "version": version,
            "versions": selectors.case_versions(case),
        },
    )


# ---------------------------------------------------------------- workspace
def _writer_communities(user):
    subdistricts, communities = writer_scope(user)
    return Area.objects.filter(
        level=Area.Level.COMMUNITY, parent_id__in=subdistricts
    ) | Area.objects.filter(id__in=communities)


def _writer_subdistrict(user) -> Area | None:
    subdistricts, communities = writer_scope(user)
    if subdistricts:
        return Area.objects.filter(id__in=subdistricts).order_by("id").first()
    community = Area.objects.filter(id__in=communities).select_related("parent").first()
    return community.parent if community else None


def _editable(request: HttpRequest, pk: int) -> Case:
    case = get_object_or_404(Case.objects.select_related("community", "subdistrict"), pk=pk)
    if not request.user.has_perm("governance.edit_case", case):
        raise Http404  # other people's drafts are not shown to exist
    return case


@require_safe
@login_required
def staff_cases(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("governance.write_cases"):
        raise PermissionDenied
    cases = list(selectors.cases_for_writer(request.user)[:200])
    return render(
        request,
        "governance/staff/case_list.html",
        {
            "cases": cases,
            "can_publish": request.user.has_perm("governance.publish_case"),
        },
    )


@login_required
def staff_case_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    case = _editable(request, pk) if pk is not None else None
    if case is None and not request.user.has_perm("governance.write_cases"):
        raise PermissionDenied
    communities = _writer_communities(request.user).distinct().order_by("sort", "id")
    subdistricts, _communities = writer_scope(request.user)
    form = CaseForm(
        request.POST or None,
        request.FILES or None,
        instance=case,
        communities=communities,
        # a community worker writes their own community's cases, never subdistrict-wide ones
        community_required=not subdistricts,
    )
    if request.method == "POST" and form.is_valid():
        fields = form.case_fields()
        subdistrict = (
            case.subdistrict
            if case is not None
            else _writer_subdistrict(request.user) or default_subdistrict()
        )
        draft = Case(
            subdistrict=subdistrict,
            community=fields["community"],
            author=case.author if case is not None else request.user,
        )
        if not request.user.has_perm("governance.edit_case", draft):
            raise PermissionDenied
        saved = {
            "actor": request.user,
            "tags": form.cleaned_data["tags_text"],
            "cover": form.cleaned_data.get("cover_file"),
            "photo": form.cleaned_data.get("photo_file"),
            "photo_caption": form.cleaned_data.get("photo_caption") or "",
            "attachment": form.cleaned_data.get("attachment_file"),
            "attachment_title": form.cleaned_data.get("attachment_title") or "",
            **fields,
        }
        try:
            if case is None:
                case = services.case_create(subdistrict=subdistrict, **saved)
            else:
                case = services.case_update(case=case, **saved)
        except ServiceError as exc:
            form_refusal(form, exc)
        else:
            messages.success(request, _("案例已保存。"))
            return redirect("governance:staff-case-edit", pk=case.pk)
    return render(
        request,
        "governance/staff/case_form.html",
        {
            "form": form,
            "case": case,
            "photos": list(case.photos.all()) if case else [],
            "attachments": list(case.attachments.all()) if case else [],
            "can_publish": bool(case and request.user.has_perm("governance.publish_case", case)),
            "return_form": ReturnForm(),
        },
    )


def _step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    case = _editable(request, pk)
    if step in {"publish", "return", "archive"} and not request.user.has_perm(
        "governance.publish_case", case
    ):
        raise PermissionDenied
    try:
        if step == "submit":
            services.case_submit(actor=request.user, case=case)
            messages.success(request, _("已提交审核。"))
        elif step == "publish":
            services.case_publish(actor=request.user, case=case)
            messages.success(request, _("案例已发布。"))
        elif step == "return":
            form = ReturnForm(request.POST)
            reason = form.cleaned_data["reason"] if form.is_valid() else ""
            services.case_return(actor=request.user, case=case, reason=reason)
            messages.success(request, _("已退回修改。"))
        else:
            services.case_archive(actor=request.user, case=case)
            messages.success(request, _("案例已归档。"))
    except ServiceError as exc:
        messages.error(request, exc.message)
    return redirect("governance:staff-case-edit", pk=case.pk)


@login_required
@require_POST
def staff_case_submit(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(request, pk, "submit")


@login_required
@require_POST
def staff_case_publish(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(request, pk, "publish")


@login_required
@require_POST
def staff_case_return(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(request, pk, "return")


@login_required
@require_POST
def staff_case_archive(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(request, pk, "archive")


@login_required
def staff_adoption_new(request: HttpRequest, pk: int) -> HttpResponse:
    case = get_object_or_404(Case.objects.select_related("subdistrict"), pk=pk)
    if not request.user.has_perm("governance.record_spread", case):
        raise Http404
    subdistricts, worked = writer_scope(request.user)
    communities = (
        Area.objects.filter(level=Area.Level.COMMUNITY, parent_id=case.subdistrict_id)
        .filter(Q(parent_id__in=subdistricts) | Q(id__in=worked))
        .order_by("sort", "id")
    )
    form = AdoptionForm(request.POST or None, communities=communities)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if not request.user.has_perm(
            "governance.record_adoption", CaseAdoption(case=case, community=data["community"])
        ):
            raise PermissionDenied
        try:
            services.adoption_record(
                actor=request.user,
                case=case,
                community=data["community"],
                kind=data["kind"],
                date=data["date"],
                adopted=data["adopted"],
                people=data["people"],
                outcome=data["outcome"],
            )
        except ServiceError as exc:
            form_refusal(form, exc)
        else:
            messages.success(request, _("推广记录已保存。"))
            return redirect("governance:case-detail", pk=case.pk)
    return render(request, "governance/staff/adoption_form.html", {"form": form, "case": case})


@login_required
def staff_session_new(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("governance.record_spread"):
        raise PermissionDenied
    subdistrict = _writer_subdistrict(request.user)
    if subdistrict is None:
        raise PermissionDenied
    cases = selectors.public_cases().filter(subdistrict=subdistrict).order_by("title")
    communities = Area.objects.filter(level=Area.Level.COMMUNITY, parent=subdistrict).order_by(
        "sort", "id"
    )
    form = SessionForm(
        request.POST or None,
        cases=cases,
        communities=communities,
        events=selectors.session_event_choices(subdistrict),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.session_record(
                actor=request.user,
                subdistrict=subdistrict,
                title=data["title"],
                date=data["date"],
                cases=list(data["cases"]),
                communities=list(data["communities"]),
                place=data["place"],
                summary=data["summary"],
                attendance=data["attendance"],
                event=data["event"],
            )
        except ServiceError as exc:
            form_refusal(form, exc)
        else:
            messages.success(request, _("交流会已记录。"))
            return redirect("governance:staff-cases")
    return render(request, "governance/staff/session_form.html", {"form": form})
