"""Portal, sign-in, preferences, health and the staff workspace of the kernel."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import connections
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template import loader
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST, require_safe

from threecenters.core import files, roles, selectors, services
from threecenters.core.audit import audit_record
from threecenters.core.forms import ArticleForm, CenterForm, OrganisationForm
from threecenters.core.models import Area, Article, Center, Organisation, TaskFailure
from threecenters.core.pagecache import public_page
from threecenters.core.rules import organisation_subdistrict_ids

ELDER_COOKIE = "tc_elder"


# ---------------------------------------------------------------- portal
@require_safe
@public_page
def home(request: HttpRequest) -> HttpResponse:
    subdistrict = selectors.default_subdistrict()
    centers = list(selectors.center_list(subdistrict=subdistrict)) if subdistrict else []
    communities = list(selectors.community_list(subdistrict=subdistrict)) if subdistrict else []
    news = list(selectors.published_articles().order_by("-published_at", "-id")[:6])
    return render(
        request,
        "core/home.html",
        {"subdistrict": subdistrict, "centers": centers, "communities": communities, "news": news},
    )


@require_safe
@public_page
def center_detail(request: HttpRequest, pk: int) -> HttpResponse:
    center = get_object_or_404(Center.objects.select_related("subdistrict"), pk=pk)
    news = list(selectors.published_articles().filter(center=center)[:6])
    return render(request, "core/center_detail.html", {"center": center, "news": news})


@require_safe
@public_page
def community_detail(request: HttpRequest, slug: str) -> HttpResponse:
    community = get_object_or_404(
        Area.objects.select_related("parent"), slug=slug, level=Area.Level.COMMUNITY
    )
    news = list(selectors.published_articles().filter(community=community)[:6])
    organisations = list(
        Organisation.objects.filter(community=community, verification="verified").order_by("name")[
            :20
        ]
    )
    return render(
        request,
        "core/community_detail.html",
        {"community": community, "news": news, "organisations": organisations},
    )


@require_safe
@public_page
def news_list(request: HttpRequest) -> HttpResponse:
    page = selectors.article_page(
        qs=selectors.published_articles(), cursor=request.GET.get("after")
    )
    return render(request, "core/news_list.html", {"page": page})


@require_safe
@public_page
def news_detail(request: HttpRequest, pk: int) -> HttpResponse:
    article = get_object_or_404(selectors.published_articles(), pk=pk)
    return render(request, "core/news_detail.html", {"article": article})


# ---------------------------------------------------------------- preferences
def _back(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.META.get("HTTP_REFERER") or "/"
    if not target.startswith("/") or not url_has_allowed_host_and_scheme(
        target, {request.get_host()}, request.is_secure()
    ):
        target = "/"
    return target


@csrf_exempt  # sets only a display preference; exempt so public pages can be cached
@require_POST
def elder_toggle(request: HttpRequest) -> HttpResponse:
    response = HttpResponseRedirect(_back(request))
    if request.COOKIES.get(ELDER_COOKIE) == "1":
        response.delete_cookie(ELDER_COOKIE)
    else:
        response.set_cookie(ELDER_COOKIE, "1", max_age=365 * 24 * 3600, samesite="Lax")
    return response


# ---------------------------------------------------------------- sign-in
# Signing in (password, SMS code, two-factor) lives in the people app (people/views.py).
@login_required
def mine(request: HttpRequest) -> HttpResponse:
    """ "我的": the person's own pages that the apps registered (core.shell) and signing out."""
    return render(request, "core/mine.html")


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    from django.contrib.auth import logout

    logout(request)
    messages.info(request, _("您已退出登录。"))
    return redirect("core:home")


# ---------------------------------------------------------------- files
@require_safe
def uploaded_file(request: HttpRequest, key: str, pk: int, signature: str) -> HttpResponse:
    """An uploaded file, for those who may see the record it belongs to (core.files)."""
    return files.serve(request, key, pk, signature)


# ---------------------------------------------------------------- health
@require_GET
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})


@require_GET
@never_cache
def readyz(request: HttpRequest) -> JsonResponse:
    try:
        with connections["default"].cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # the database is what we report on; any failure means not ready
        return JsonResponse({"status": "unavailable", "database": type(exc).__name__}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


# ---------------------------------------------------------------- error pages
def _error(template: str, status: int):
    def view(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
        if request.path.startswith("/api/"):
            from threecenters.core.http_errors import error_body

            return JsonResponse(
                error_body(status), status=status, json_dumps_params={"ensure_ascii": False}
            )
        return HttpResponse(loader.render_to_string(template, {}, request), status=status)

    return view


bad_request = _error("400.html", 400)
permission_denied = _error("403.html", 403)
page_not_found = _error("404.html", 404)


def server_error(request: HttpRequest) -> HttpResponse:
    if request.path.startswith("/api/"):
        from threecenters.core.http_errors import error_body

        return JsonResponse(error_body(500), status=500, json_dumps_params={"ensure_ascii": False})
    return HttpResponse(loader.render_to_string("500.html", {}), status=500)


# ---------------------------------------------------------------- staff workspace
def _require(request: HttpRequest, perm: str, obj=None) -> None:
    if not request.user.has_perm(perm, obj):
        audit_record(
            actor=request.user,
            action="permission.denied",
            obj=obj,
            changes={"permission": perm, "path": request.path[:200]},
            success=False,
        )
        raise PermissionDenied


def _acting_subdistrict(request: HttpRequest) -> Area:
    ids = sorted(roles.staff_subdistrict_ids(request.user))
    if not ids:
        raise PermissionDenied
    return Area.objects.get(pk=ids[0])


@require_safe
@login_required
def workspace(request: HttpRequest) -> HttpResponse:
    _require(request, "core.use_workspace")
    return render(
        request,
        "core/staff/workspace.html",
        {
            "centers": roles.workspace_centers(request.user),
            "communities": roles.workspace_communities(request.user),
            "recent": list(selectors.articles_for_staff(request.user)[:5]),
        },
    )


@require_safe
@login_required
def staff_news(request: HttpRequest) -> HttpResponse:
    _require(request, "core.use_workspace")
    articles = list(selectors.articles_for_staff(request.user)[:200])
    return render(request, "core/staff/news_list.html", {"articles": articles})


@login_required
def staff_news_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    article = None
    if pk is not None:
        article = get_object_or_404(Article, pk=pk)
        if not request.user.has_perm("core.manage_article", article):
            raise Http404
        subdistrict = article.subdistrict
    else:
        _require(request, "core.manage_article")
        subdistrict = _acting_subdistrict(request)
    form = ArticleForm(request.POST or None, instance=article, subdistrict=subdistrict)
    if request.method == "POST" and form.is_valid():
        data = {
            k: form.cleaned_data[k] for k in ["title", "summary", "body", "center", "community"]
        }
        draft = Article(subdistrict=subdistrict, **data)
        if not request.user.has_perm("core.manage_article", draft):
            form.add_error(None, _("您不能为所选的中心或社区发布新闻。"))
        elif article is None:
            article = services.article_create(
                actor=request.user,
                subdistrict=subdistrict,
                publish=form.cleaned_data["publish"],
                **data,
            )
            messages.success(request, _("新闻已保存。"))
            return redirect("core:staff-news")
        else:
            services.article_update(
                actor=request.user,
                article=article,
                publish=form.cleaned_data["publish"] or None,
                **data,
            )
            messages.success(request, _("新闻已保存。"))
            return redirect("core:staff-news")
    return render(request, "core/staff/news_form.html", {"form": form, "article": article})


@login_required
def staff_center_edit(request: HttpRequest, pk: int) -> HttpResponse:
    center = get_object_or_404(Center, pk=pk)
    if not request.user.has_perm("core.edit_center", center):
        raise Http404
    form = CenterForm(request.POST or None, request.FILES or None, instance=center)
    if request.method == "POST" and form.is_valid():
        services.center_update(
            actor=request.user,
            center=center,
            cover=form.cleaned_data["cover_file"],
            **{k: form.cleaned_data[k] for k in CenterForm.Meta.fields},
        )
        messages.success(request, _("中心信息已保存。"))
        return redirect(reverse("core:center", args=[center.pk]))
    return render(request, "core/staff/center_form.html", {"form": form, "center": center})


@require_safe
@login_required
def staff_organisations(request: HttpRequest) -> HttpResponse:
    _require(request, "core.use_workspace")
    organisations = list(selectors.organisations_for_staff(request.user)[:500])
    return render(request, "core/staff/organisation_list.html", {"organisations": organisations})


@login_required
def staff_organisation_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    organisation = None
    if pk is not None:
        organisation = get_object_or_404(Organisation, pk=pk)
        if not request.user.has_perm("core.manage_organisation", organisation):
            raise Http404
        subdistrict = organisation.subdistrict
    else:
        _require(request, "core.manage_organisation")
        subdistrict = _acting_subdistrict(request)
    user = request.user
    wide = subdistrict.pk in organisation_subdistrict_ids(user)
    form = OrganisationForm(
        request.POST or None,
        instance=organisation,
        subdistrict=subdistrict,
        communities=None if wide else roles.workspace_communities(user),
        may_verify=user.has_perm(
            "core.verify_organisation", organisation or Organisation(subdistrict=subdistrict)
        ),
    )
    if request.method == "POST" and form.is_valid():
        data = {k: form.cleaned_data[k] for k in OrganisationForm.Meta.fields if k in form.fields}
        # the record as it would be after the change must be inside the person's scope too
        draft = Organisation(subdistrict=subdistrict, community=data["community"])
        _require(request, "core.manage_organisation", draft)
        if organisation is None:
            services.organisation_create(actor=user, subdistrict=subdistrict, **data)
        else:
            services.organisation_update(actor=user, organisation=organisation, **data)
        messages.success(request, _("组织信息已保存。"))
        return redirect("core:staff-organisations")
    return render(
        request, "core/staff/organisation_form.html", {"form": form, "organisation": organisation}
    )


@require_safe
@login_required
def staff_task_failures(request: HttpRequest) -> HttpResponse:
    _require(request, "core.view_task_failures")
    failures = list(TaskFailure.objects.order_by("-at", "-id")[:200])
    return render(request, "core/staff/task_failures.html", {"failures": failures})
