"""Sign-in (password, SMS code, two-factor), registration, reset, the person's own pages and
the staff pages for residents, accounts, deletion requests and the audit trail."""

from __future__ import annotations

import csv
import json
import time
from datetime import datetime
from datetime import time as dtime
from urllib.parse import urlencode

import pyotp
import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate, login, update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from threecenters.core import roles, shell
from threecenters.core.audit import audit_record, client_ip
from threecenters.core.exports import safe_row
from threecenters.core.kit import ServiceError, form_refusal
from threecenters.core.models import Area, RoleAssignment, User
from threecenters.core.paging import keyset_page
from threecenters.people import forms, roster, selectors, services
from threecenters.people.middleware import SESSION_2FA_SETUP
from threecenters.people.models import (
    ApiToken,
    Consent,
    DeletionRequest,
    ResidentProfile,
    RosterImport,
    SmsCode,
)
from threecenters.people.services import Refused

PENDING_2FA = "tc_2fa_pending"
PENDING_TTL = 300
BACKEND = "threecenters.people.backends.MobileOrUsernameBackend"


def _next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, {request.get_host()}, request.is_secure()
    ):
        return target
    return reverse("core:home")


def _signed_in(request: HttpRequest, step: services.SignIn, next_url: str) -> HttpResponse:
    """Start what the sign-in decision allows: the two-factor step, or the session (and, for a
    role that must use two-factor but has none yet, its set-up before anything else)."""
    if step.second_factor:
        request.session[PENDING_2FA] = {
            "user": step.user.pk,
            "at": int(time.time()),
            "next": next_url,
            "hash": step.user.get_session_auth_hash(),
        }
        return redirect("people:signin-2fa")
    request.session.pop(PENDING_2FA, None)
    login(request, step.user, backend=BACKEND)
    if step.enrol:
        request.session[SESSION_2FA_SETUP] = True
        return redirect("people:two-factor")
    return redirect(next_url)


def _sign_in_page(request: HttpRequest, template: str, form, refused: ServiceError | None):
    # a lock is "too many requests"; a wrong password re-shows the form
    status = 429 if refused is not None and refused.status == 429 else 200
    return render(request, template, {"form": form, "next": _next(request)}, status=status)


@never_cache
def signin(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect(_next(request))
    form = forms.SignInForm(request.POST or None)
    refused = None
    if request.method == "POST" and form.is_valid():
        login_name = form.cleaned_data["username"].strip()
        password = form.cleaned_data["password"]
        try:
            step = services.signin_attempt(
                login=login_name,
                ip=client_ip(request),
                method="password",
                verify=lambda: authenticate(request, username=login_name, password=password),
            )
        except ServiceError as exc:
            refused = exc
            form_refusal(form, exc)
        else:
            return _signed_in(request, step, _next(request))
    return _sign_in_page(request, "people/signin.html", form, refused)


def _code_user(mobile: str, code: str):
    def account():
        user = User.objects.filter(mobile=mobile, is_active=True).first()
        if user is None:
            raise Refused(_("验证码不正确。"), field="code")
        return user

    def verify():
        # the account is looked up in the transaction that spends the code
        return services.sms_code_verify(
            mobile=mobile, purpose=SmsCode.Purpose.SIGNIN, code=code, then=account
        )

    return verify


@never_cache
def signin_code(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect(_next(request))
    form = forms.CodeSignInForm(request.POST or None)
    refused = None
    if request.method == "POST" and form.is_valid():
        mobile = form.cleaned_data["mobile"].strip()
        ip = client_ip(request)
        try:
            if "send" in request.POST:
                services.sms_code_send(mobile=mobile, purpose=SmsCode.Purpose.SIGNIN, ip=ip)
                messages.info(
                    request,
                    _("如果该手机号已注册，验证码已发送，%(minutes)s 分钟内有效。")
                    % {"minutes": settings.SMS_CODE_TTL // 60},
                )
            else:
                mobile = services.check_mobile(mobile)
                step = services.signin_attempt(
                    login=mobile,
                    ip=ip,
                    method="sms",
                    verify=_code_user(mobile, form.cleaned_data["code"]),
                )
                return _signed_in(request, step, _next(request))
        except ServiceError as exc:
            refused = exc
            form_refusal(form, exc)
    return _sign_in_page(request, "people/signin_code.html", form, refused)


@never_cache
def signin_2fa(request: HttpRequest) -> HttpResponse:
    pending = request.session.get(PENDING_2FA)
    if not pending or time.time() - pending.get("at", 0) > PENDING_TTL:
        request.session.pop(PENDING_2FA, None)
        messages.info(request, _("请重新登录。"))
        return redirect("people:signin")
    user = User.objects.filter(pk=pending["user"], is_active=True).first()
    if user is None or user.get_session_auth_hash() != pending.get("hash"):
        request.session.pop(PENDING_2FA, None)
        return redirect("people:signin")
    form = forms.TwoFactorForm(request.POST or None)
    refused = None
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["code"]
        try:
            step = services.signin_attempt(
                login=user.get_username(),
                ip=client_ip(request),
                method=services.SECOND_FACTOR,
                verify=lambda: user if services.totp_verify(user=user, code=code) else None,
                wrong=_("动态验证码不正确。"),
                field="code",
            )
        except ServiceError as exc:
            refused = exc
            form_refusal(form, exc)
        else:
            return _signed_in(request, step, pending.get("next") or reverse("core:home"))
    return _sign_in_page(request, "people/signin_2fa.html", form, refused)


def admin_login(request: HttpRequest, extra_context=None) -> HttpResponse:
    """The Django admin has no sign-in of its own (``admin.site.login``, ``/admin/login/``):
    it sends people to the platform's, with its lockout, two-factor rule and audit, keeping a
    safe ``next``. Someone signed in whom the admin turned away gets a 403, not a loop."""
    if request.user.is_authenticated:
        raise PermissionDenied
    target = request.GET.get("next") or ""
    if not target or not url_has_allowed_host_and_scheme(
        target, {request.get_host()}, request.is_secure()
    ):
        target = reverse("admin:index")
    return redirect(f"{reverse('people:signin')}?{urlencode({'next': target}, safe='/')}")


def admin_logout(request: HttpRequest, extra_context=None) -> HttpResponse:
    """The admin's sign-out is the platform's (``core:signout``: POST only, audited)."""
    from threecenters.core.views import sign_out

    return sign_out(request)


def admin_password_change(request: HttpRequest, extra_context=None) -> HttpResponse:
    """Passwords change on the platform's page (which also ends the other sessions)."""
    return redirect("people:password")


def _registered(request: HttpRequest, user: User) -> HttpResponse:
    """A new account signs in through the same door (a locked number waits like any other)."""
    try:
        step = services.signin_attempt(
            login=user.mobile, ip=client_ip(request), method="register", verify=lambda: user
        )
    except ServiceError as exc:
        messages.info(request, exc.message)
        return redirect("people:signin")
    return _signed_in(request, step, reverse("people:profile"))


@never_cache
def register(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("people:profile")
    form = forms.RegisterForm(request.POST or None)
    notice = services.current_notice()
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if "send" in request.POST:
                services.sms_code_send(
                    mobile=data["mobile"], purpose=SmsCode.Purpose.REGISTER, ip=client_ip(request)
                )
                messages.info(
                    request,
                    _("验证码已发送，%(minutes)s 分钟内有效。")
                    % {"minutes": settings.SMS_CODE_TTL // 60},
                )
            else:
                if not data.get("consent"):
                    raise Refused(_("注册需要您同意个人信息保护说明。"), field="consent")
                if data.get("community") is None:
                    raise Refused(_("请选择所在社区。"), field="community")
                mobile = services.check_mobile(data["mobile"])
                name = services.check_name(data.get("display_name", ""))
                if not data.get("password1"):
                    raise Refused(_("请设置密码。"), field="password1")
                services.password_check(
                    password=data["password1"], user=User(mobile=mobile, display_name=name)
                )
                # the code is spent only together with the new account (a refusal from
                # resident_register rolls both back)
                user = services.sms_code_verify(
                    mobile=mobile,
                    purpose=SmsCode.Purpose.REGISTER,
                    code=data.get("code", ""),
                    then=lambda: services.resident_register(
                        mobile=mobile,
                        password=data["password1"],
                        display_name=data["display_name"],
                        community=data["community"],
                        location_consent=data.get("location_consent", False),
                    ),
                )
                messages.success(request, _("注册成功，欢迎！"))
                return _registered(request, user)
        except ServiceError as exc:
            form_refusal(form, exc)
    return render(request, "people/register.html", {"form": form, "notice": notice})


@never_cache
def password_reset(request: HttpRequest) -> HttpResponse:
    form = forms.ResetForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        ip = client_ip(request)
        try:
            if "send" in request.POST:
                services.sms_code_send(mobile=data["mobile"], purpose=SmsCode.Purpose.RESET, ip=ip)
                messages.info(
                    request,
                    _("如果该手机号已注册，验证码已发送，%(minutes)s 分钟内有效。")
                    % {"minutes": settings.SMS_CODE_TTL // 60},
                )
            else:
                services.password_reset(
                    mobile=data["mobile"],
                    code=data.get("code", ""),
                    password=data.get("password1", ""),
                )
                messages.success(request, _("密码已重设，请用新密码登录。"))
                return redirect("people:signin")
        except ServiceError as exc:
            form_refusal(form, exc)
    return render(request, "people/reset.html", {"form": form})


@require_safe
def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "people/privacy.html", {"notice": services.current_notice()})


# ---------------------------------------------------------------- the person's own pages
@login_required
def profile(request: HttpRequest) -> HttpResponse:
    user = request.user
    prof = services.profile_of(user)
    form = forms.ProfileForm(
        request.POST or None,
        initial={
            "display_name": user.display_name,
            "community": prof.community,
            "address": prof.address,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.profile_update(
                actor=user,
                user=user,
                display_name=data["display_name"],
                community=data["community"],
                address=data["address"],
                id_number=data["id_number"],
            )
            messages.success(request, _("资料已保存。"))
            return redirect("people:profile")
        except ServiceError as exc:
            form_refusal(form, exc)
    return render(
        request,
        "people/profile.html",
        {
            "form": form,
            "profile": prof,
            "roles": roles.assignments(user),
            "two_factor": services.two_factor_enabled(user),
            "perms_links": _management_links(user),
        },
    )


def _management_links(user: User) -> list[tuple[str, str]]:
    """The staff pages this person may open (the workspace entries apps registered)."""
    return [(link.url, link.label) for link in shell.links(shell.WORKSPACE, user)]


@login_required
def password_change(request: HttpRequest) -> HttpResponse:
    form = forms.PasswordChangeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = request.user
        try:
            services.password_change(
                user=user,
                old_password=form.cleaned_data["old_password"],
                password=form.cleaned_data["password1"],
                ip=client_ip(request),
            )
        except ServiceError as exc:
            form_refusal(form, exc)
        else:
            # Other sessions end (their hash no longer matches); this one continues.
            update_session_auth_hash(request, user)
            messages.success(request, _("密码已修改，其他设备上的登录已退出，接口令牌已全部撤销。"))
            return redirect("people:profile")
    return render(request, "people/password_change.html", {"form": form})


@login_required
@require_POST
def signout_everywhere(request: HttpRequest) -> HttpResponse:
    services.sessions_end(actor=request.user, user=request.user)
    messages.info(request, _("已在所有设备上退出登录，接口令牌已全部撤销。"))
    return redirect("people:signin")


@login_required
def consents(request: HttpRequest) -> HttpResponse:
    items = list(
        Consent.objects.filter(user=request.user).select_related("notice").order_by("-given_at")
    )
    active_kinds = {c.kind for c in items if c.withdrawn_at is None}
    if request.method == "POST":
        kind = request.POST.get("kind", "")
        if kind not in Consent.Kind.values or kind == Consent.Kind.PRIVACY:
            messages.error(request, _("无法处理这个请求。"))
        elif kind not in active_kinds:
            services.consent_give(user=request.user, kind=kind)
            messages.success(request, _("已记录您的同意。"))
        return redirect("people:consents")
    optional = [
        (value, label)
        for value, label in Consent.Kind.choices
        if value != Consent.Kind.PRIVACY and value not in active_kinds
    ]
    return render(
        request,
        "people/consents.html",
        {"consents": items, "optional": optional, "notice": services.current_notice()},
    )


@login_required
@require_POST
def consent_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    consent = get_object_or_404(Consent, pk=pk, user=request.user)
    services.consent_withdraw(user=request.user, consent=consent)
    messages.success(request, _("已撤回同意。"))
    return redirect("people:consents")


@require_safe
@login_required
def data_download(request: HttpRequest) -> HttpResponse:
    data = services.data_export(user=request.user)
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="my-data.json"'
    return response


@login_required
def deletion_request(request: HttpRequest) -> HttpResponse:
    form = forms.DeletionForm(request.POST or None)
    pending = DeletionRequest.objects.filter(
        user=request.user, status=DeletionRequest.Status.PENDING
    ).first()
    if request.method == "POST" and form.is_valid():
        services.deletion_request_create(user=request.user, reason=form.cleaned_data["reason"])
        messages.success(request, _("删除申请已提交，工作人员核实后处理。"))
        return redirect("people:deletion")
    return render(request, "people/deletion.html", {"form": form, "pending": pending})


@login_required
def tokens(request: HttpRequest) -> HttpResponse:
    user = request.user
    form = forms.TokenForm(request.POST or None, two_factor=services.two_factor_enabled(user))
    raw = None
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        expires = data["expires"]
        try:
            _token, raw = services.token_issue(
                user=user,
                password=data["password"],
                code=data.get("code", ""),
                name=data["name"],
                expires_at=(
                    timezone.make_aware(datetime.combine(expires, dtime(23, 59, 59)))
                    if expires
                    else None
                ),
                ip=client_ip(request),
            )
            form = forms.TokenForm(two_factor=form.two_factor)
        except ServiceError as exc:
            form_refusal(form, exc)
            status = exc.status
    elif request.method == "POST":
        status = 422
    items = list(ApiToken.objects.filter(user=user).order_by("-created_at"))
    response = render(
        request, "people/tokens.html", {"form": form, "tokens": items, "raw": raw}, status=status
    )
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    services.token_revoke(actor=request.user, token=token)
    messages.success(request, _("令牌已撤销。"))
    return redirect("people:tokens")


@login_required
@never_cache
def two_factor(request: HttpRequest) -> HttpResponse:
    user = request.user
    enabled = services.two_factor_enabled(user)
    codes = None
    form = forms.TwoFactorForm(request.POST or None)
    form.fields["code"].label = _("动态验证码")
    form.fields["code"].help_text = _("扫描二维码后，输入身份验证器 App 显示的 6 位数字。")
    action = request.POST.get("action", "")
    try:
        if request.method == "POST" and action == "disable":
            services.totp_disable(actor=user, user=user)
            messages.success(request, _("两步验证已关闭。"))
            return redirect("people:two-factor")
        if request.method == "POST" and action == "recovery":
            codes = services.recovery_codes_regenerate(user=user)
        elif request.method == "POST" and not enabled and form.is_valid():
            codes = services.totp_confirm(user=user, code=form.cleaned_data["code"])
            request.session.pop(SESSION_2FA_SETUP, None)
            enabled = True
            messages.success(request, _("两步验证已开启。请把恢复码抄下来妥善保存。"))
    except ServiceError as exc:
        if action in {"disable", "recovery"}:
            messages.error(request, exc.message)
        else:
            form_refusal(form, exc)
    qr = secret = None
    if not enabled:
        secret = (
            services.totp_secret(user)
            if request.method == "POST"
            else services.totp_begin(user=user)
        ) or services.totp_begin(user=user)
        uri = pyotp.TOTP(secret).provisioning_uri(
            name=user.public_number or user.username, issuer_name="三中心"
        )
        qr = segno.make(uri, error="m").svg_data_uri(scale=5, border=2)
    response = render(
        request,
        "people/two_factor.html",
        {
            "form": form,
            "enabled": enabled,
            "codes": codes,
            "qr": qr,
            "secret": secret,
            "required": services.two_factor_required(user),
        },
    )
    response["Cache-Control"] = "no-store"
    return response


# ---------------------------------------------------------------- staff: residents
def _deny(request: HttpRequest, perm: str, obj=None) -> None:
    audit_record(
        actor=request.user,
        action="permission.denied",
        obj=obj,
        changes={"permission": perm, "path": request.path[:200]},
        success=False,
    )


def _require(request: HttpRequest, perm: str, obj=None) -> None:
    if not request.user.has_perm(perm, obj):
        _deny(request, perm, obj)
        raise PermissionDenied


def _resident(request: HttpRequest, token: str, perm: str = "people.view_resident"):
    profile = get_object_or_404(
        ResidentProfile.objects.select_related("user", "community"), token=token
    )
    if not request.user.has_perm(perm, profile):
        _deny(request, perm, profile)
        raise Http404
    return profile


@require_safe
@login_required
def staff_residents(request: HttpRequest) -> HttpResponse:
    _require(request, "people.view_resident")
    communities = roles.workspace_communities(request.user)
    community = None
    slug = request.GET.get("community", "")
    if slug:
        community = next((c for c in communities if c.slug == slug), None)
    qs = selectors.residents_for_staff(request.user, community)
    total = qs.count()
    page = keyset_page(
        qs.prefetch_related("tags"), order=("-id",), cursor=request.GET.get("after"), size=50
    )
    return render(
        request,
        "people/staff/residents.html",
        {
            "residents": page.items,
            "total": total,
            "communities": communities,
            "community": community,
            "next_after": page.next_cursor,
        },
    )


@login_required
def staff_resident(request: HttpRequest, token: str) -> HttpResponse:
    profile = _resident(request, token)
    tags_form = forms.TagsForm(request.POST or None, initial={"tags": list(profile.tags.all())})
    if request.method == "POST" and tags_form.is_valid():
        services.profile_tags_set(
            actor=request.user, profile=profile, tags=list(tags_form.cleaned_data["tags"])
        )
        messages.success(request, _("标签已保存。"))
        return redirect("people:staff-resident", token=token)
    return render(
        request,
        "people/staff/resident.html",
        {"profile": profile, "form": forms.RevealForm(), "tags_form": tags_form, "revealed": None},
    )


@login_required
@require_POST
def staff_resident_reveal(request: HttpRequest, token: str) -> HttpResponse:
    profile = _resident(request, token, "people.reveal_personal")
    form = forms.RevealForm(request.POST)
    revealed = None
    if form.is_valid():
        try:
            revealed = services.personal_reveal(
                actor=request.user, profile=profile, reason=form.cleaned_data["reason"]
            )
        except ServiceError as exc:
            form_refusal(form, exc)
    response = render(
        request,
        "people/staff/resident.html",
        {"profile": profile, "form": form, "revealed": revealed},
        status=200 if revealed or form.is_valid() else 422,
    )
    response["Cache-Control"] = "no-store"
    return response


@login_required
def staff_import(request: HttpRequest) -> HttpResponse:
    _require(request, "people.import_residents")
    communities = [
        c
        for c in roles.workspace_communities(request.user)
        if request.user.has_perm("people.import_residents", c)
    ]
    qs = Area.objects.filter(pk__in=[c.pk for c in communities])
    form = forms.RosterForm(request.POST or None, request.FILES or None, communities=qs)
    preview = None
    upload = None
    if request.method == "POST" and form.is_valid():
        community = form.cleaned_data["community"]
        data = form.cleaned_data["file"].read(settings.ROSTER_MAX_BYTES + 1)
        try:
            preview, upload = roster.upload(actor=request.user, community=community, data=data)
        except ServiceError as exc:
            form_refusal(form, exc)
    return render(
        request, "people/staff/import.html", {"form": form, "preview": preview, "upload": upload}
    )


@login_required
@require_POST
def staff_import_confirm(request: HttpRequest, token: str) -> HttpResponse:
    upload = get_object_or_404(
        RosterImport.objects.select_related("community"), token=token, uploaded_by=request.user
    )
    if not request.user.has_perm("people.import_residents", upload.community):
        raise Http404
    if upload.imported_at is not None:
        messages.info(request, _("这份花名册已经导入过了。"))
        return redirect("people:staff-residents")
    try:
        counts = roster.upload_import(actor=request.user, upload=upload)
    except ServiceError as exc:
        messages.error(request, exc.message)
        return redirect("people:staff-import")
    if counts is not None:
        messages.success(
            request,
            _("导入完成：新增 %(created)s 人，匹配已有 %(matched)s 人，跳过 %(skipped)s 行。")
            % counts,
        )
    return redirect("people:staff-residents")


# ---------------------------------------------------------------- staff: accounts and roles
@require_safe
@login_required
def staff_accounts(request: HttpRequest) -> HttpResponse:
    _require(request, "people.manage_account")
    query = request.GET.get("q", "")[:150]
    accounts = list(selectors.accounts_for_admin(request.user, query)[:100])
    return render(request, "people/staff/accounts.html", {"accounts": accounts, "q": query})


def _account(request: HttpRequest, number: str) -> User:
    target = get_object_or_404(User, public_number=number)
    if not request.user.has_perm("people.manage_account", target):
        _deny(request, "people.manage_account", target)
        raise Http404
    return target


@login_required
def staff_account(request: HttpRequest, number: str) -> HttpResponse:
    target = _account(request, number)
    form = forms.RoleForm(
        request.POST or None, subdistrict_ids=selectors.manageable_subdistrict_ids(request.user)
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.role_assign(
                actor=request.user,
                user=target,
                role=data["role"],
                area=data["area"],
                center=data["center"],
                organisation=data["organisation"],
            )
            messages.success(request, _("角色已分配。"))
            return redirect("people:staff-account", number=number)
        except ServiceError as exc:
            form_refusal(form, exc)
    assignments = list(
        RoleAssignment.objects.filter(user=target).select_related("area", "center", "organisation")
    )
    return render(
        request,
        "people/staff/account.html",
        {
            "target": target,
            "assignments": assignments,
            "form": form,
            "two_factor": services.two_factor_enabled(target),
        },
        status=422 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def staff_role_remove(request: HttpRequest, number: str, pk: int) -> HttpResponse:
    target = _account(request, number)
    assignment = get_object_or_404(RoleAssignment, pk=pk, user=target)
    try:
        services.role_remove(actor=request.user, assignment=assignment)
        messages.success(request, _("角色已移除。"))
    except ServiceError as exc:
        messages.error(request, exc.message)
    return redirect("people:staff-account", number=number)


@login_required
@require_POST
def staff_account_signout(request: HttpRequest, number: str) -> HttpResponse:
    target = _account(request, number)
    services.sessions_end(actor=request.user, user=target)
    messages.success(request, _("已结束该账号的全部登录，并撤销了它的接口令牌。"))
    return redirect("people:staff-account", number=number)


@login_required
@require_POST
def staff_account_reset_2fa(request: HttpRequest, number: str) -> HttpResponse:
    target = _account(request, number)
    services.two_factor_reset(actor=request.user, user=target)
    messages.success(request, _("已重置该账号的两步验证，对方下次登录时需重新设置。"))
    return redirect("people:staff-account", number=number)


@require_safe
@login_required
def staff_deletions(request: HttpRequest) -> HttpResponse:
    _require(request, "people.decide_deletion")
    items = list(selectors.deletion_requests_for(request.user)[:200])
    return render(request, "people/staff/deletions.html", {"items": items})


@login_required
@require_POST
def staff_deletion_decide(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(DeletionRequest.objects.select_related("user"), pk=pk)
    if not request.user.has_perm("people.decide_deletion", item):
        _deny(request, "people.decide_deletion", item)
        raise Http404
    approve = request.POST.get("decision") == "approve"
    services.deletion_decide(actor=request.user, request=item, approve=approve)
    messages.success(request, _("已处理删除申请。"))
    return redirect("people:staff-deletions")


# ---------------------------------------------------------------- audit trail
def _audit_filter(request: HttpRequest):
    # counts of repeated refusals whose window is over go in first, so the reader sees them
    services.refusal_summaries_write()
    form = forms.AuditFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    qs = selectors.audit_entries(
        who=data.get("who") or "",
        action=data.get("action") or "",
        obj=data.get("object") or "",
        since=data.get("since"),
        until=data.get("until"),
    )
    return form, qs


@require_safe
@login_required
def staff_audit(request: HttpRequest) -> HttpResponse:
    _require(request, "people.view_audit")
    form, qs = _audit_filter(request)
    page = keyset_page(qs, order=("-id",), cursor=request.GET.get("before"), size=100)
    query = request.GET.copy()
    query.pop("before", None)
    return render(
        request,
        "people/staff/audit.html",
        {
            "form": form,
            "entries": page.items,
            "next_before": page.next_cursor,
            "query": query.urlencode(),
        },
    )


class _Echo:
    def write(self, value):
        return value


@require_safe
@login_required
def staff_audit_export(request: HttpRequest) -> StreamingHttpResponse:
    _require(request, "people.view_audit")
    _form, qs = _audit_filter(request)
    audit_record(
        actor=request.user,
        action="audit.export",
        changes={
            k: v
            for k, v in request.GET.items()
            if k in {"who", "action", "object", "since", "until"}
        },
    )
    writer = csv.writer(_Echo())
    header = [
        "时间",
        "操作人",
        "事件",
        "结果",
        "对象类型",
        "对象编号",
        "对象",
        "变更",
        "IP",
        "客户端",
    ]

    def rows():
        yield "\ufeff" + writer.writerow(header)
        for e in qs.order_by("-id").iterator(chunk_size=1000):
            # login names, object names and User-Agents are typed by strangers: never formulas
            yield writer.writerow(
                safe_row(
                    [
                        timezone.localtime(e.at).isoformat(timespec="seconds"),
                        e.actor_label,
                        e.action,
                        e.outcome,
                        e.object_type,
                        e.object_id,
                        e.object_repr,
                        json.dumps(e.changes, ensure_ascii=False),
                        e.ip or "",
                        e.user_agent,
                    ]
                )
            )

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="audit.csv"'
    response["Cache-Control"] = "private, no-store"
    return response
