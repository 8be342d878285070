"""The kernel's pages: the public 公示 of a kind and of one item (with the objection form), and
the staff page where objections are handled and due 公示 closed. Each view loads, authorizes
with ``has_perm``, calls one service and renders."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from threecenters.core.audit import client_ip
from threecenters.core.kit import form_refusal
from threecenters.reviews import registry, selectors, services
from threecenters.reviews.forms import HandleForm, ObjectionForm
from threecenters.reviews.models import Objection
from threecenters.reviews.services import ReviewError
from threecenters.reviews.workdays import local_last_day


def _kind(key: str) -> registry.SubjectKind:
    try:
        return registry.get(key)
    except LookupError:
        raise Http404 from None


@require_GET
def publicity_list(request: HttpRequest, kind: str) -> HttpResponse:
    """Public: what of this kind is under publicity now (masked, as the kind words it)."""
    spec = _kind(kind)
    items = list(selectors.open_publicities(spec.key)[:200])
    for item in items:
        item.last_day = local_last_day(item.ends_at)
    return render(request, "reviews/publicity_list.html", {"kind": spec, "items": items})


def publicity_item(request: HttpRequest, token: str) -> HttpResponse:
    """Public: one item under publicity; signed-in visitors may object while it runs."""
    publicity = selectors.publicity_by_token(token)
    if publicity is None:
        raise Http404
    form = ObjectionForm(request.POST or None)
    if request.method == "POST":
        if not request.user.has_perm("reviews.object", publicity):
            return redirect_to_login(request.get_full_path())
        if form.is_valid():
            try:
                services.objection_submit(
                    actor=request.user,
                    publicity=publicity,
                    text=form.cleaned_data["text"],
                    ip=client_ip(request),
                )
                messages.success(request, _("您的异议已提交，工作人员处理后会答复您。"))
                return redirect("reviews:publicity-item", token=token)
            except ReviewError as exc:
                form_refusal(form, exc)
    return render(
        request,
        "reviews/publicity_item.html",
        {
            "item": publicity,
            "kind": _kind(publicity.kind),
            "last_day": local_last_day(publicity.ends_at),
            "form": form,
            "mine": list(publicity.objections.filter(author=request.user).order_by("submitted_at"))
            if request.user.is_authenticated
            else [],
        },
        status=422 if request.method == "POST" else 200,
    )


@login_required
def staff_objections(request: HttpRequest) -> HttpResponse:
    """Staff: pending objections to the 公示 they manage, and the open 公示 to close."""
    if not request.user.has_perm("reviews.view_objections"):
        raise PermissionDenied
    objections = list(selectors.objections_for(request.user)[:200])
    for objection in objections:  # one form each, with ids of its own
        objection.form = HandleForm(auto_id=f"o{objection.pk}_%s")
    publicities = list(selectors.managed_publicities(request.user)[:200])
    for item in publicities:
        item.last_day = local_last_day(item.ends_at)
    return render(
        request,
        "reviews/staff_objections.html",
        {"objections": objections, "publicities": publicities},
    )


@login_required
@require_POST
def objection_handle(request: HttpRequest, pk: int) -> HttpResponse:
    objection = get_object_or_404(Objection.objects.select_related("publicity"), pk=pk)
    if not request.user.has_perm("reviews.handle_objection", objection):
        raise Http404
    form = HandleForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("reviews:staff-objections")
    try:
        services.objection_handle(
            actor=request.user,
            objection=objection,
            outcome=form.cleaned_data["outcome"],
            response=form.cleaned_data["response"],
        )
        messages.success(request, _("异议已处理，答复已发送给提出人。"))
    except ReviewError as exc:
        messages.error(request, exc.message)
    return redirect("reviews:staff-objections")


@login_required
@require_POST
def publicity_close(request: HttpRequest, token: str) -> HttpResponse:
    publicity = selectors.publicity_by_token(token)
    if publicity is None or not request.user.has_perm("reviews.close_publicity", publicity):
        raise Http404
    try:
        result = services.publicity_close(actor=request.user, publicity=publicity)
        messages.success(
            request,
            _("公示已结束，申请进入“%(stage)s”。")
            % {"stage": result.application.get_state_display()},
        )
    except ReviewError as exc:
        messages.error(request, exc.message)
    return redirect("reviews:staff-objections")
