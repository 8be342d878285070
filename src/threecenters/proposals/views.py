"""Pages for proposals. Each view loads, authorizes with ``has_perm``, calls one service, renders."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from threecenters.core import roles
from threecenters.core.kit import ServiceError
from threecenters.core.models import Area, User
from threecenters.core.selectors import default_subdistrict
from threecenters.projects import selectors as project_selectors
from threecenters.projects.models import ClosingReport, Milestone
from threecenters.proposals import selectors, services
from threecenters.proposals.forms import (
    AssignForm,
    CloseForm,
    DecisionForm,
    ExpertForm,
    FileForm,
    MilestoneForm,
    ProposalForm,
    ScoreForm,
    SiteVisitForm,
    UpdateForm,
)
from threecenters.proposals.models import Expert, Proposal, ProposalType
from threecenters.proposals.rules import board_subdistrict_ids, is_assigned_expert
from threecenters.reviews import selectors as review_selectors
from threecenters.reviews.models import State
from threecenters.reviews.registry import Shown
from threecenters.reviews.services import reason_choices


def _proposal(request: HttpRequest, pk: int, perm: str = "proposals.view") -> Proposal:
    """Load a proposal the caller may see; anything else is a 404, never a hint it exists."""
    proposal = get_object_or_404(
        Proposal.objects.select_related(
            "community", "community__parent", "application", "author", "project"
        ),
        pk=pk,
    )
    if not request.user.has_perm("proposals.view", proposal):
        raise Http404
    if perm != "proposals.view" and not request.user.has_perm(perm, proposal):
        raise PermissionDenied
    return proposal


def _refused(request: HttpRequest, form, exc: ServiceError) -> None:
    messages.error(request, exc.message)
    for name, errors in (exc.fields or {}).items():
        for error in errors:
            if form is not None and name in form.fields:
                form.add_error(name, error)


# ---------------------------------------------------------------- applicant
@require_safe
@login_required
def mine(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("proposals.view_mine"):
        raise PermissionDenied
    page = selectors.proposal_page(
        qs=selectors.mine_queryset(request.user), cursor=request.GET.get("after")
    )
    return render(request, "proposals/mine.html", {"page": page})


@login_required
def edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    communities = roles.workspace_communities(request.user)
    communities = [c for c in communities if c.pk in roles.worked_community_ids(request.user)]
    proposal = None
    if pk is not None:
        proposal = _proposal(request, pk, "proposals.edit")
        initial = ProposalForm.initial_from(proposal)
    else:
        if not request.user.has_perm("proposals.create"):
            raise PermissionDenied
        initial = {"community": communities[0].pk if communities else None}
    form = ProposalForm(request.POST or None, initial=initial, communities=communities)
    if request.method == "POST" and form.is_valid():
        fields = form.proposal_fields()
        submit = "submit" in request.POST
        try:
            # saving and submitting is one call: a refused submission saves nothing, and the
            # form shows why with what was typed
            saved = services.proposal_save(
                actor=request.user,
                community=form.cleaned_data["community"] if proposal is None else None,
                proposal=proposal,
                submit=submit,
                **fields,
            )
        except ServiceError as exc:
            _refused(request, form, exc)
        else:
            if submit:
                messages.success(request, _("提案已提交，等待街道治理中心审查。"))
            else:
                messages.success(request, _("草稿已保存。"))
            return redirect("proposals:detail", pk=saved.pk)
    return render(request, "proposals/form.html", {"form": form, "proposal": proposal})


@login_required
@require_POST
def submit(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = _proposal(request, pk, "proposals.edit")
    try:
        services.proposal_submit(actor=request.user, proposal=proposal)
        messages.success(request, _("提案已提交，等待街道治理中心审查。"))
    except ServiceError as exc:
        messages.error(request, exc.message)
    return redirect("proposals:detail", pk=pk)


@login_required
@require_POST
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = _proposal(request, pk, "proposals.withdraw")
    try:
        services.proposal_withdraw(actor=request.user, proposal=proposal)
        messages.success(request, _("提案已撤回。"))
    except ServiceError as exc:
        messages.error(request, exc.message)
    return redirect("proposals:detail", pk=pk)


@login_required
@require_POST
def upload(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = _proposal(request, pk, "proposals.edit")
    form = FileForm(request.POST, request.FILES)
    if form.is_valid():
        content, extension = form.cleaned_data["checked"]
        content.original_name = form.cleaned_data["file"].name
        services.proposal_file_add(
            actor=request.user,
            proposal=proposal,
            kind=form.cleaned_data["kind"],
            upload=content,
            extension=extension,
        )
        messages.success(request, _("文件已上传。"))
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect("proposals:detail", pk=pk)


# ---------------------------------------------------------------- the proposal page
@require_safe
@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = _proposal(request, pk)
    user = request.user
    app = proposal.application
    staff = user.has_perm("proposals.see_reviews", proposal)
    reviewer = is_assigned_expert(user, proposal)
    context: dict = {
        "proposal": proposal,
        "app": app,
        "staff": staff,
        "reviewer": reviewer,
        "can_edit": user.has_perm("proposals.edit", proposal),
        "can_withdraw": user.has_perm("proposals.withdraw", proposal),
        "can_assign": user.has_perm("proposals.assign", proposal),
        "can_decide": user.has_perm("proposals.decide", proposal),
        "can_review": user.has_perm("proposals.review", proposal),
        "can_track": user.has_perm("proposals.track", proposal),
        "can_make_case": user.has_perm("proposals.make_case", proposal),
        "files": list(proposal.files.all()),
        "versions": list(proposal.versions.all()),
        "diff": selectors.version_diff(proposal),
        "missing": services.missing_fields(proposal) if proposal.is_draft else [],
        "file_form": FileForm(),
    }
    if app is not None:
        context["decisions"] = list(review_selectors.decisions_for(app))
        context["transitions"] = list(review_selectors.transitions_for(app))
        reasons = dict(reason_choices(app.kind))
        context["reason_labels"] = reasons
        if staff or reviewer:
            context["precheck"] = selectors.precheck(proposal, request.user)
            context["visits"] = list(
                proposal.visits.select_related("expert").prefetch_related("measurements", "photos")
            )
            context["sheets"] = review_selectors.visible_sheets(app, user, staff=staff)
        if staff:
            context["summary"] = review_selectors.score_summary(app)
            context["assign_form"] = AssignForm(experts=_expert_users(proposal))
            context["experts"] = _expert_rows(proposal)
        # what the stage shows of the review (the kind declares it): the decision and the visit
        # findings once decided, never individual scores
        context["shows_decision"] = review_selectors.applicant_sees(app, Shown.DECISION)
        context["shows_findings"] = review_selectors.applicant_sees(app, Shown.FINDINGS)
        context["findings_summary"] = [
            v.findings for v in proposal.visits.all().order_by("visited_on", "id")
        ]
        # what is carried out once approved: the proposal's project (threecenters.projects)
        project = proposal.project
        milestones = list(project.milestones.all()) if project else []
        context["milestones"] = milestones
        context["progress"] = project_selectors.progress_percent(milestones)
        if project is not None:
            context["updates"] = list(project.updates.select_related("author"))
            context["closing"] = ClosingReport.objects.filter(project=project).first()
    return render(request, "proposals/detail.html", context)


def _expert_users(proposal: Proposal):
    return (
        User.objects.filter(roles__role=roles.Role.EXPERT, is_active=True)
        .filter(roles__area_id=proposal.community.parent_id)
        .distinct()
        .order_by("username")
    )


def _expert_rows(proposal: Proposal) -> list[dict]:
    rows = []
    for user in _expert_users(proposal).select_related("expert_profile"):
        profile = getattr(user, "expert_profile", None)
        rows.append(
            {
                "user": user,
                "profile": profile,
                "conflict": services.expert_conflict(user, proposal),
            }
        )
    return rows


# ---------------------------------------------------------------- staff and experts
@login_required
@require_POST
def assign(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = _proposal(request, pk, "proposals.assign")
    form = AssignForm(request.POST, experts=_expert_users(proposal))
    if form.is_valid():
        try:
            services.expert_assign(
                actor=request.user,
                proposal=proposal,
                expert_user=form.cleaned_data["expert"],
                override_reason=form.cleaned_data["override_reason"],
            )
            messages.success(request, _("已指派专家。"))
        except ServiceError as exc:
            messages.error(request, exc.message)
    else:
        messages.error(request, _("请选择要指派的专家。"))
    return redirect("proposals:detail", pk=pk)


@login_required
def visit(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = _proposal(request, pk, "proposals.review")
    form = SiteVisitForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.site_visit_record(
                actor=request.user,
                proposal=proposal,
                visited_on=data["visited_on"],
                places=data["places"],
                interviewed_count=data["interviewed_count"],
                interviewed_roles=data["interviewed_roles"],
                findings=data["findings"],
                measured_area_m2=data["measured_area_m2"],
                foot_traffic_count=data["foot_traffic_count"],
                traffic_from=data["traffic_from"],
                traffic_to=data["traffic_to"],
                measurements=[
                    services.MeasurementInput(n, v, u) for n, v, u in data["measurements"]
                ],
                photos=[data["photo"]] if data["photo"] else [],
            )
            messages.success(request, _("走访记录已保存。"))
            return redirect("proposals:detail", pk=pk)
        except ServiceError as exc:
            _refused(request, form, exc)
    return render(request, "proposals/visit_form.html", {"form": form, "proposal": proposal})


@login_required
def score(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = _proposal(request, pk, "proposals.review")
    criteria = list(proposal.application.rubric.criteria.all())
    form = ScoreForm(request.POST or None, criteria=criteria)
    if request.method == "POST" and form.is_valid():
        try:
            services.proposal_score(
                actor=request.user,
                proposal=proposal,
                scores=form.scores(),
                findings=form.cleaned_data["findings"],
            )
            messages.success(request, _("评分已提交。"))
            return redirect("proposals:detail", pk=pk)
        except ServiceError as exc:
            _refused(request, form, exc)
    return render(request, "proposals/score_form.html", {"form": form, "proposal": proposal})


@login_required
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = _proposal(request, pk, "proposals.decide")
    form = DecisionForm(request.POST or None, reasons=reason_choices(proposal.application.kind))
    if request.method == "POST" and form.is_valid():
        try:
            services.proposal_decide(
                actor=request.user,
                proposal=proposal,
                outcome=form.cleaned_data["outcome"],
                reason_codes=form.cleaned_data["reason_codes"],
                explanation=form.cleaned_data["explanation"],
            )
            messages.success(request, _("决定已保存，已通知申请社区。"))
            return redirect("proposals:detail", pk=pk)
        except ServiceError as exc:
            _refused(request, form, exc)
    summary = review_selectors.score_summary(proposal.application)
    return render(
        request,
        "proposals/decide_form.html",
        {"form": form, "proposal": proposal, "summary": summary},
    )


@login_required
@require_POST
def start(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = _proposal(request, pk, "proposals.decide")
    try:
        services.proposal_start(actor=request.user, proposal=proposal)
        messages.success(request, _("项目已开始实施。"))
    except ServiceError as exc:
        messages.error(request, exc.message)
    return redirect("proposals:detail", pk=pk)


@login_required
def milestone_new(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = _proposal(request, pk, "proposals.track")
    form = MilestoneForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.milestone_add(actor=request.user, proposal=proposal, **form.cleaned_data)
            messages.success(request, _("里程碑已添加。"))
            return redirect("proposals:detail", pk=pk)
        except ServiceError as exc:
            _refused(request, form, exc)
    return render(
        request,
        "proposals/simple_form.html",
        {"form": form, "proposal": proposal, "heading": _("添加里程碑")},
    )


@login_required
@require_POST
def milestone_done(request: HttpRequest, pk: int, milestone: int) -> HttpResponse:
    proposal = _proposal(request, pk, "proposals.track")
    if proposal.project_id is None:
        raise Http404
    item = get_object_or_404(Milestone, pk=milestone, project_id=proposal.project_id)
    try:
        services.milestone_complete(actor=request.user, milestone=item)
        messages.success(request, _("里程碑已完成。"))
    except ServiceError as exc:
        messages.error(request, exc.message)
    return redirect("proposals:detail", pk=pk)


@login_required
def update_new(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = _proposal(request, pk, "proposals.track")
    form = UpdateForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.progress_update_add(
                actor=request.user,
                proposal=proposal,
                text=form.cleaned_data["text"],
                photo=form.cleaned_data["photo"],
            )
            messages.success(request, _("进展已发布。"))
            return redirect("proposals:detail", pk=pk)
        except ServiceError as exc:
            _refused(request, form, exc)
    return render(
        request,
        "proposals/simple_form.html",
        {"form": form, "proposal": proposal, "heading": _("发布进展"), "multipart": True},
    )


@login_required
def close(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = _proposal(request, pk, "proposals.track")
    form = CloseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.proposal_close(
                actor=request.user,
                proposal=proposal,
                summary=data["summary"],
                participants_total=data["participants_total"],
                activities_count=data["activities_count"],
                spent_fen=data["spent_yuan"],
            )
            messages.success(request, _("项目已结项。"))
            return redirect("proposals:detail", pk=pk)
        except ServiceError as exc:
            _refused(request, form, exc)
    return render(
        request,
        "proposals/simple_form.html",
        {"form": form, "proposal": proposal, "heading": _("结项报告")},
    )


@login_required
@require_POST
def make_case(request: HttpRequest, pk: int) -> HttpResponse:
    """A closed project becomes a draft case in one step; a second click opens the same draft."""
    proposal = _proposal(request, pk, "proposals.make_case")
    try:
        case, created = services.proposal_case_create(actor=request.user, proposal=proposal)
    except ServiceError as exc:
        return render(
            request,
            "proposals/refused.html",
            {"proposal": proposal, "heading": _("转为治理案例"), "message": exc.message},
            status=exc.status,
        )
    if created:
        messages.success(request, _("已生成治理案例草稿，请补充完善后提交。"))
    else:
        messages.info(request, _("该项目已生成过治理案例草稿，已为您打开。"))
    return redirect("governance:staff-case-edit", pk=case.pk)


@require_safe
@login_required
def queue(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("proposals.view_queue"):
        raise PermissionDenied
    open_only = request.GET.get("all") != "1"
    page = selectors.queue_page(
        user=request.user, open_only=open_only, cursor=request.GET.get("after")
    )
    return render(request, "proposals/queue.html", {"page": page, "open_only": open_only})


@require_safe
@login_required
def board(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("proposals.view_board"):
        raise PermissionDenied
    filters = selectors.BoardFilter.parse(request.GET)
    query = request.GET.copy()
    query.pop("after", None)
    qs = filters.apply(selectors.board_queryset(request.user))
    context = {
        "page": selectors.proposal_page(qs=qs, cursor=request.GET.get("after")),
        "filters": filters,
        "query": query.urlencode(),
        "communities": Area.objects.filter(
            level=Area.Level.COMMUNITY, parent_id__in=board_subdistrict_ids(request.user)
        ).order_by("sort", "id"),
        "types": ProposalType.choices,
        "states": State.choices,
    }
    return render(request, "proposals/board.html", context)


@login_required
def experts(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("proposals.manage_experts"):
        raise PermissionDenied
    subdistricts = board_subdistrict_ids(request.user)
    rows = (
        Expert.objects.filter(user__roles__area_id__in=subdistricts)
        .select_related("user")
        .prefetch_related("communities")
        .distinct()
        .order_by("user__username")
    )
    users = User.objects.filter(
        roles__role=roles.Role.EXPERT, roles__area_id__in=subdistricts
    ).distinct()
    form = ExpertForm(
        request.POST or None,
        users=users,
        communities=Area.objects.filter(level=Area.Level.COMMUNITY, parent_id__in=subdistricts),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.expert_save(
            actor=request.user,
            user=data["user"],
            field=data["field"],
            organisation=data["organisation"],
            bio=data["bio"],
            contact_mobile=data["contact_mobile"],
            availability=data["availability"],
            communities=list(data["communities"]),
        )
        messages.success(request, _("专家信息已保存。"))
        return redirect("proposals:experts")
    return render(request, "proposals/experts.html", {"rows": rows, "form": form})


@require_safe
def saved_cost(request: HttpRequest) -> HttpResponse:
    """Public: what the think tank's reviews saved, per month and community."""
    subdistrict = default_subdistrict()
    rows = selectors.saved_cost(subdistrict=subdistrict) if subdistrict else []
    total = sum(r.total_fen for r in rows)
    return render(
        request,
        "proposals/saved_cost.html",
        {"rows": rows, "total_fen": total, "subdistrict": subdistrict},
    )
