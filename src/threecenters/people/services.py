"""Every write of the people app: keyword-only, one transaction each, audited."""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TypeVar

import pyotp
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from threecenters.core import personal_data, roles
from threecenters.core.accounts import SCOPE_KINDS, account_create
from threecenters.core.audit import audit_record, request_ip
from threecenters.core.kit import ServiceError, refusal_audit, service
from threecenters.core.masking import mask_id_number, mask_login, mask_mobile, mask_name
from threecenters.core.models import Area, RoleAssignment, User, mobile_validator
from threecenters.notify.models import SmsMessage
from threecenters.notify.services import sms_queue
from threecenters.people import crypto
from threecenters.people.models import (
    ApiToken,
    Consent,
    DeletionRequest,
    PrivacyNotice,
    RateCounter,
    RecoveryCode,
    RefusalTally,
    ResidentProfile,
    ResidentTag,
    SignInThrottle,
    SmsCode,
    TwoFactor,
)

Role = RoleAssignment.Role
T = TypeVar("T")


class Refused(ServiceError):
    """A request the people app's rules refuse (core's ServiceError under the app's name)."""


# ---------------------------------------------------------------- counters
def rate_hit(*, key: str, limit: int, window_seconds: int) -> bool:
    """Count one event in the current fixed window; False when the limit is already reached.
    The database decides (conditional UPDATE), so several servers share the limit."""
    window = int(time.time() // window_seconds)
    with transaction.atomic():
        RateCounter.objects.bulk_create(
            [RateCounter(key=key, window=window, count=0)], ignore_conflicts=True
        )
        return bool(
            RateCounter.objects.filter(key=key, window=window, count__lt=limit).update(
                count=F("count") + 1
            )
        )


# ---------------------------------------------------------------- refusals an anonymous source repeats
@dataclass(frozen=True)
class Tally:
    """Where a refusal stands in its window: how many identical ones so far (this one
    included) and how long until the window ends."""

    count: int
    retry_after: int

    @property
    def over_limit(self) -> bool:
        return self.count > settings.REFUSAL_LIMIT


def _refusal_window() -> tuple[int, int]:
    now = time.time()
    window = int(now // settings.REFUSAL_WINDOW)
    return window, max(1, int((window + 1) * settings.REFUSAL_WINDOW - now))


def _refusal_key(action: str, ip: str | None, label: str) -> str:
    return crypto.digest(f"refusal:{action}|{ip or '-'}|{label}")


def refusal_record(
    *,
    action: str,
    label: str = "",
    actor: User | None = None,
    obj=None,
    changes: dict | None = None,
) -> Tally:
    """Audit a refusal that an anonymous source can repeat (a forged token, a failed sign-in, a
    rejected code) without letting it flood the append-only trail. Per (action, client address,
    label) and window of ``THREECENTERS_REFUSAL_WINDOW`` seconds the first refusal writes its
    entry; the later ones only count (``RefusalTally``), and ``refusal_summaries_write`` adds
    one entry with the window's count once the window is over. ``label`` must already be masked."""
    ip = request_ip()
    window, retry_after = _refusal_window()
    key = _refusal_key(action, ip, label)
    with transaction.atomic():
        RefusalTally.objects.bulk_create(
            [RefusalTally(key=key, window=window, action=action, label=label, ip=ip)],
            ignore_conflicts=True,
        )
        # the row lock of this UPDATE orders concurrent refusals, so exactly one sees count 1
        RefusalTally.objects.filter(key=key, window=window).update(count=F("count") + 1)
        count = RefusalTally.objects.values_list("count", flat=True).get(key=key, window=window)
        if count == 1:
            audit_record(
                actor=actor, action=action, obj=obj, success=False, label=label, changes=changes
            )
    if count == 1:
        refusal_summaries_write()
    return Tally(count=count, retry_after=retry_after)


def refusal_over_limit(*, action: str, label: str = "") -> int | None:
    """Seconds to wait when the current source is already past the limit for this refusal in
    this window (a door checks before it does the work), else None."""
    window, retry_after = _refusal_window()
    over = RefusalTally.objects.filter(
        key=_refusal_key(action, request_ip(), label),
        window=window,
        count__gte=settings.REFUSAL_LIMIT,
    ).exists()
    return retry_after if over else None


def refusal_summaries_write(*, batch: int = 500) -> int:
    """One summary entry (same action, address and label; ``changes.repeated`` = the window's
    count) for each finished window that held more than one refusal; finished rows go. Run at a
    window's first refusal and before the audit trail is read, so a reader sees every count."""
    window, _wait = _refusal_window()
    width = settings.REFUSAL_WINDOW
    written = 0
    due = RefusalTally.objects.filter(summarised=False, window__lt=window, count__gt=1)
    for tally in due.order_by("window", "id")[:batch]:
        with transaction.atomic():
            if RefusalTally.objects.filter(pk=tally.pk, summarised=False).update(summarised=True):
                start = datetime.fromtimestamp(tally.window * width, tz=UTC)
                audit_record(
                    actor=None,
                    action=tally.action,
                    success=False,
                    label=tally.label,
                    ip=tally.ip,
                    changes={
                        "repeated": tally.count,
                        "from": start.isoformat(),
                        "until": (start + timedelta(seconds=width)).isoformat(),
                    },
                )
                written += 1
    RefusalTally.objects.filter(window__lt=window).filter(
        Q(summarised=True) | Q(count__lte=1)
    ).delete()
    return written


# ---------------------------------------------------------------- sign-in: the one door
def _throttle_key(login: str, ip: str | None) -> str:
    return crypto.digest(f"signin:{login.strip().lower()}|{ip or '-'}")


def _address_key(ip: str | None) -> str:
    return crypto.digest(f"signin-ip:{ip or '-'}")


def lockout_message() -> str:
    return _("尝试次数太多，请 %(minutes)s 分钟后再试，或用短信验证码登录。") % {
        "minutes": settings.LOCKOUT_MINUTES
    }


def signin_locked(*, login: str, ip: str | None) -> str | None:
    """``"address"`` when the address is locked (password spraying), ``"account"`` when the
    (login name, address) pair is, else None."""
    address = _address_key(ip)
    keys = set(
        SignInThrottle.objects.filter(
            key__in=[_throttle_key(login, ip), address], locked_until__gt=timezone.now()
        ).values_list("key", flat=True)
    )
    if address in keys:
        return "address"
    return "account" if keys else None


def _throttle_fail(key: str, limit: int, now: datetime) -> bool:
    window = timedelta(minutes=settings.LOCKOUT_MINUTES)
    SignInThrottle.objects.bulk_create(
        [SignInThrottle(key=key, failures=0, last_failure_at=now)], ignore_conflicts=True
    )
    # Failures older than the lockout window no longer count.
    SignInThrottle.objects.filter(key=key, last_failure_at__lt=now - window).update(
        failures=0, locked_until=None
    )
    SignInThrottle.objects.filter(key=key).update(failures=F("failures") + 1, last_failure_at=now)
    return bool(
        SignInThrottle.objects.filter(key=key, failures__gte=limit).update(
            locked_until=now + window
        )
    )


@service
def signin_failed(*, login: str, ip: str | None) -> bool:
    """Count a failure for the (login, address) pair and for the address; True when either is
    now locked. The address counter is not cleared by a success elsewhere, so signing in to an
    own account between guesses does not reset it."""
    now = timezone.now()
    scopes = [
        ("account", _throttle_key(login, ip), settings.LOCKOUT_FAILURES, mask_login(login)),
        ("address", _address_key(ip), settings.LOCKOUT_IP_FAILURES, ""),
    ]
    locked = False
    for scope, key, limit, label in scopes:
        if _throttle_fail(key, limit, now):
            locked = True
            audit_record(
                actor=None,
                action="auth.lockout",
                success=False,
                label=label,
                changes={"scope": scope, "failures": limit},
            )
    return locked


def signin_succeeded(*, login: str, ip: str | None) -> None:
    SignInThrottle.objects.filter(key=_throttle_key(login, ip)).delete()


@dataclass(frozen=True)
class SignIn:
    """An accepted sign-in step. ``second_factor``: the TOTP step must follow before a session
    starts; ``enrol``: the session starts, but two-factor must be set up before anything else."""

    user: User
    second_factor: bool = False
    enrol: bool = False


SECOND_FACTOR = "totp"


def signin_attempt(
    *,
    login: str,
    ip: str | None,
    method: str,
    verify: Callable[[], User | None],
    wrong: str = "",
    field: str | None = None,
    action: str = "auth.signin",
) -> SignIn:
    """The one sign-in decision; every way in uses it (the password page, SMS code sign-in, the
    two-factor step, a new account's first session, and, with ``action="auth.confirm"``, the
    password checks before a new API token or a password change): lockout check → ``verify()``
    (the user, None, or Refused) → failure counting → the two-factor rule → the audit entry. A
    locked pair or address gets the same refusal whether or not the account exists. ``method``
    is ``password``, ``sms``, ``register`` or ``totp`` (the second factor). The caller starts
    the session (``people.views``), or the second step when ``second_factor`` is set."""
    label = mask_login(login)
    locked = signin_locked(login=login, ip=ip)
    if locked is not None:
        # a locked address is one source whatever names it tries: one tally, no label
        refusal_record(
            action=f"{action}_locked",
            label=label if locked == "account" else "",
            changes={"method": method, "scope": locked},
        )
        raise Refused(lockout_message(), status=429)
    try:
        user = verify()
    except Refused as exc:
        user, refused = None, exc
    else:
        refused = Refused(wrong or _("账号或密码不正确。"), field=field)
    if user is None:
        now_locked = signin_failed(login=login, ip=ip)
        refusal_record(action=action, label=label, changes={"method": method})
        if now_locked:
            raise Refused(lockout_message(), status=429)
        raise refused
    if method != SECOND_FACTOR and two_factor_enabled(user):
        # the failures counted so far stay until the second factor is passed too
        return SignIn(user=user, second_factor=True)
    signin_succeeded(login=login, ip=ip)
    enrol = method != SECOND_FACTOR and two_factor_required(user)
    audit_record(actor=user, action=action, changes={"method": method})
    return SignIn(user=user, enrol=enrol)


# ---------------------------------------------------------------- SMS codes
def _code_digest(mobile: str, purpose: str, code: str) -> str:
    return crypto.digest(f"sms:{mobile}:{purpose}:{code}")


def check_mobile(mobile: str) -> str:
    mobile = (mobile or "").strip()
    try:
        mobile_validator(mobile)
    except ValidationError:
        raise Refused(_("请输入 11 位中国大陆手机号。"), status=422, field="mobile") from None
    return mobile


def sms_code_send(*, mobile: str, purpose: str, ip: str | None) -> None:
    """Send a 6-digit code, within the per-number and per-IP limits. For sign-in and reset an
    unknown number gets nothing, and for registration a known number gets a hint instead of a
    code; either way a code is stored that nobody knows (its digest is of a random secret), so
    checking it counts attempts and answers exactly as for a real one. The caller's answer is
    the same either way, so it tells no one who has an account."""
    mobile = check_mobile(mobile)
    if not rate_hit(key=f"sms-ip:{ip or '-'}", limit=settings.SMS_IP_HOURLY, window_seconds=3600):
        refusal_record(action="sms.limited", label="ip")
        raise Refused(_("此网络发送验证码太频繁，请稍后再试。"), status=429)
    if settings.SMS_NUMBER_INTERVAL and not rate_hit(
        key=f"sms-num-min:{mobile}", limit=1, window_seconds=settings.SMS_NUMBER_INTERVAL
    ):
        raise Refused(_("验证码发送太频繁，请稍等一分钟再试。"), status=429, field="mobile")
    if not rate_hit(
        key=f"sms-num-day:{mobile}", limit=settings.SMS_NUMBER_DAILY, window_seconds=86400
    ):
        refusal_record(action="sms.limited", label=mask_mobile(mobile))
        raise Refused(_("该手机号今天获取验证码的次数已达上限。"), status=429, field="mobile")
    exists = User.objects.filter(mobile=mobile, is_active=True).exists()
    deliver = exists != (purpose == SmsCode.Purpose.REGISTER)
    code = f"{secrets.randbelow(10**6):06d}"
    now = timezone.now()
    with transaction.atomic():
        SmsCode.objects.create(
            mobile=mobile,
            purpose=purpose,
            code_hash=(
                _code_digest(mobile, purpose, code)
                if deliver
                else crypto.digest(f"sms-unsent:{secrets.token_hex(32)}")
            ),
            created_at=now,
            expires_at=now + timedelta(seconds=settings.SMS_CODE_TTL),
        )
        if deliver:
            sms_queue(
                mobile=mobile,
                text=_("您的验证码是 %(code)s，%(minutes)s 分钟内有效。请勿告诉他人。")
                % {"code": code, "minutes": settings.SMS_CODE_TTL // 60},
                purpose=purpose,
                secret=code,
            )
        elif purpose == SmsCode.Purpose.REGISTER:
            sms_queue(
                mobile=mobile,
                text=_("该手机号已注册三中心账号，请直接用短信验证码登录。"),
                purpose=SmsMessage.Purpose.HINT,
            )
        audit_record(
            actor=None,
            action="sms.code_sent",
            label=mask_mobile(mobile),
            changes={"purpose": purpose},
        )


def sms_code_verify(
    *, mobile: str, purpose: str, code: str, then: Callable[[], T] | None = None
) -> T | None:
    """Accept the latest code once; raise Refused (wrong, expired, used, too many tries).

    ``then`` is the write the code allows (an account, a new password, a sign-in): it runs in
    the transaction that spends the code, so a refusal from it (a password the rules refuse, a
    number taken meanwhile) rolls the spending back and the code stays usable. A wrong code
    counts towards its tries whatever the rest of the form says; callers check the other
    fields first, so a form that fails on them never reaches the code."""
    code = (code or "").strip()
    result = None
    with transaction.atomic():
        latest = (
            SmsCode.objects.select_for_update()
            .filter(mobile=mobile, purpose=purpose)
            .order_by("-created_at", "-id")
            .first()
        )
        problem = None
        if latest is None:
            problem = _("验证码不正确。")
        elif latest.used_at is not None:
            problem = _("该验证码已使用过，请重新获取。")
        elif latest.expires_at <= timezone.now():
            problem = _("验证码已过期，请重新获取。")
        elif latest.attempts >= settings.SMS_CODE_ATTEMPTS:
            problem = _("验证码错误次数太多，请重新获取。")
        elif not secrets.compare_digest(latest.code_hash, _code_digest(mobile, purpose, code)):
            SmsCode.objects.filter(pk=latest.pk).update(attempts=F("attempts") + 1)
            problem = _("验证码不正确。")
        elif not SmsCode.objects.filter(pk=latest.pk, used_at__isnull=True).update(
            used_at=timezone.now()
        ):
            problem = _("该验证码已使用过，请重新获取。")
        elif then is not None:
            result = then()
    if problem:
        refusal_record(
            action="sms.code_rejected", label=mask_mobile(mobile), changes={"purpose": purpose}
        )
        raise Refused(problem, status=400, field="code")
    return result


# ---------------------------------------------------------------- profiles
def generated_login() -> str:
    """Residents sign in by mobile; their login name is never the number (it would show)."""
    return "r-" + secrets.token_hex(5)


def profile_of(user: User) -> ResidentProfile:
    profile, _created = ResidentProfile.objects.get_or_create(user=user)
    return profile


def check_id_number(raw: str) -> str:
    number = crypto.normalise_id_number(raw)
    if not crypto.id_number_valid(number):
        raise Refused(
            _("身份证号不正确：应为 18 位，最后一位校验码需与前 17 位相符。"),
            status=422,
            field="id_number",
        )
    return number


def check_name(name: str) -> str:
    name = (name or "").strip()
    if not name:
        raise Refused(_("请填写姓名。"), status=422, field="display_name")
    if len(name) > 40:
        raise Refused(_("姓名不能超过 40 个字符。"), status=422, field="display_name")
    return name


def _id_taken(number_hash: str, profile: ResidentProfile | None) -> bool:
    qs = ResidentProfile.objects.filter(id_hash=number_hash)
    if profile is not None and profile.pk:
        qs = qs.exclude(pk=profile.pk)
    return qs.exists()


ID_TAKEN = _(
    "该身份证号已登记。如果是您本人，请用登记时的手机号通过短信验证码登录认领账号；"
    "手机号已变更的，请带身份证到社区办理。"
)


def _set_id_number(profile: ResidentProfile, number: str) -> None:
    number_hash = crypto.keyed_hash(number)
    if _id_taken(number_hash, profile):
        raise Refused(str(ID_TAKEN), status=409, field="id_number")
    profile.id_cipher = crypto.encrypt(number)
    profile.id_hash = number_hash
    profile.id_masked = mask_id_number(number)


@service
def profile_update(
    *,
    actor: User,
    user: User,
    display_name: str,
    community: Area | None,
    address: str,
    id_number: str = "",
    tags: list[ResidentTag] | None = None,
) -> ResidentProfile:
    profile = profile_of(user)
    changes: dict[str, list] = {}
    name = check_name(display_name)
    if name != user.display_name:
        changes["display_name"] = [mask_name(user.display_name), mask_name(name)]
        user.display_name = name
        user.save(update_fields=["display_name"])
    if community != profile.community:
        changes["community"] = [profile.community_id, community.pk if community else None]
        profile.community = community
    address = (address or "").strip()[:200]
    if address != profile.address:
        changes["address"] = ["***", "***"]
        profile.address = address
    if id_number:
        number = check_id_number(id_number)
        if crypto.keyed_hash(number) != profile.id_hash:
            old = profile.id_masked
            _set_id_number(profile, number)
            changes["id_number"] = [old, profile.id_masked]
    profile.save()
    if tags is not None:
        before = sorted(t.name for t in profile.tags.all())
        profile.tags.set(tags)
        after = sorted(t.name for t in tags)
        if before != after:
            changes["tags"] = [before, after]
    audit_record(actor=actor, action="profile.update", obj=profile, changes=changes)
    return profile


@service
def profile_tags_set(*, actor: User, profile: ResidentProfile, tags: list[ResidentTag]) -> None:
    """Staff set a resident's tags from the managed list."""
    before = sorted(t.name for t in profile.tags.all())
    after = sorted(t.name for t in tags)
    if before != after:
        profile.tags.set(tags)
        audit_record(
            actor=actor, action="profile.tags", obj=profile, changes={"tags": [before, after]}
        )


def current_notice() -> PrivacyNotice:
    notice = PrivacyNotice.objects.order_by("-published_at", "-id").first()
    if notice is None:
        notice = PrivacyNotice.objects.create(version="1.0", body=str(DEFAULT_NOTICE))
    return notice


DEFAULT_NOTICE = _(
    "我们收集您的姓名、手机号、所在社区和地址，用于提供社区服务、活动报名和联系您；"
    "身份证号仅在实名登记时收集，加密保存，只显示部分号码。位置信息和不满十四周岁未成年人的信息"
    "需要您单独同意。您可以随时在“我的资料”中查看、下载自己的数据，撤回同意或申请删除；"
    "法律要求保存的记录会以打码形式保留。"
)


def password_check(*, password: str, user: User) -> None:
    """The password rules (``AUTH_PASSWORD_VALIDATORS``) for ``user`` (saved or not); forms
    check them before an SMS code is looked at, so a refused password spends nothing."""
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise Refused(" ".join(exc.messages), status=422, field="password1") from None


@service
def resident_register(
    *,
    mobile: str,
    password: str,
    display_name: str,
    community: Area,
    location_consent: bool = False,
) -> User:
    mobile = check_mobile(mobile)
    name = check_name(display_name)
    if User.objects.filter(mobile=mobile).exists():
        raise Refused(_("该手机号已注册，请直接用短信验证码登录。"), status=409, field="mobile")
    user = User(username=generated_login(), mobile=mobile, display_name=name)
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise Refused(" ".join(exc.messages), status=422, field="password1") from None
    user.set_password(password)
    user.save()
    RoleAssignment.objects.create(user=user, role=Role.RESIDENT, area=community)
    profile = ResidentProfile.objects.create(user=user, community=community)
    notice = current_notice()
    Consent.objects.create(user=user, kind=Consent.Kind.PRIVACY, notice=notice)
    if location_consent:
        Consent.objects.create(user=user, kind=Consent.Kind.LOCATION, notice=notice)
    audit_record(
        actor=user,
        action="user.register",
        obj=profile,
        changes={"community": community.pk, "notice": notice.version},
    )
    return user


@service
def consent_give(*, user: User, kind: str) -> Consent:
    consent = Consent.objects.create(user=user, kind=kind, notice=current_notice())
    audit_record(actor=user, action="consent.give", obj=consent, changes={"kind": kind})
    return consent


@service
def consent_withdraw(*, user: User, consent: Consent) -> None:
    if consent.user_id != user.pk:
        raise Refused(_("找不到您要的内容。"), status=404)
    updated = Consent.objects.filter(pk=consent.pk, withdrawn_at__isnull=True).update(
        withdrawn_at=timezone.now()
    )
    if updated:
        audit_record(
            actor=user, action="consent.withdraw", obj=consent, changes={"kind": consent.kind}
        )


def consent_active(user: User, kind: str) -> bool:
    return Consent.objects.filter(user=user, kind=kind, withdrawn_at__isnull=True).exists()


def _tokens_revoke_all(*, actor: User | None, user: User, reason: str) -> int:
    count = ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    if count:
        audit_record(
            actor=actor,
            action="token.revoke_all",
            obj=user,
            changes={"count": count, "reason": reason},
        )
    return count


@service
def password_set(*, actor: User, user: User, password: str) -> None:
    """A new password (changed, or reset by SMS code); the account's API tokens are revoked."""
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise Refused(" ".join(exc.messages), status=422, field="password1") from None
    user.set_password(password)
    user.save(update_fields=["password"])
    audit_record(actor=actor, action="user.password_change", obj=user)
    _tokens_revoke_all(actor=actor, user=user, reason="password")


def password_change(*, user: User, old_password: str, password: str, ip: str | None) -> None:
    """The person's own change: the current password is checked by the one sign-in decision
    (a guess counts towards the lockout like any other), then ``password_set``."""
    signin_attempt(
        login=user.get_username(),
        ip=ip,
        method="password",
        action="auth.confirm",
        verify=lambda: user if user.check_password(old_password or "") else None,
        wrong=_("当前密码不正确。"),
        field="old_password",
    )
    password_set(actor=user, user=user, password=password)


@service
def sessions_end(*, actor: User | None, user: User) -> None:
    """End every session of ``user`` and revoke their API tokens (their own "sign out
    everywhere", or an administrator)."""
    User.objects.filter(pk=user.pk).update(session_epoch=F("session_epoch") + 1)
    user.refresh_from_db(fields=["session_epoch"])
    audit_record(actor=actor, action="user.sessions_end", obj=user)
    _tokens_revoke_all(actor=actor, user=user, reason="sessions_end")


def password_reset(*, mobile: str, code: str, password: str) -> User:
    """A forgotten password set again with an SMS code (the reset page). The password rules are
    checked first; the code is then spent in the one transaction that sets the new password and
    ends every session and API token, so a refusal leaves the code usable. A wrong code counts
    towards its tries whatever follows."""
    mobile = check_mobile(mobile)
    if not password:
        raise Refused(_("请设置新密码。"), field="password1")
    # the rules that need no account first (the account is not looked up before the code is
    # right: the answer tells nobody whether the number has one)
    password_check(password=password, user=User(mobile=mobile))

    def reset() -> User:
        user = User.objects.filter(mobile=mobile, is_active=True).first()
        if user is None:
            raise Refused(_("验证码不正确。"), field="code")
        _password_replace(user=user, password=password)
        return user

    # the code is spent only together with the new password
    return sms_code_verify(mobile=mobile, purpose=SmsCode.Purpose.RESET, code=code, then=reset)


@service
def _password_replace(*, user: User, password: str) -> None:
    password_set(actor=user, user=user, password=password)
    sessions_end(actor=user, user=user)


@service
def two_factor_reset(*, actor: User, user: User) -> None:
    """An administrator resets someone's two-factor sign-in: the device goes and every session
    and token of theirs ends, together."""
    totp_disable(actor=actor, user=user)
    sessions_end(actor=actor, user=user)


def data_export(*, user: User) -> dict:
    """A person's own data as JSON (personal numbers masked, as in every export)."""
    profile = ResidentProfile.objects.filter(user=user).first()
    data = {
        "account": {
            "login": user.username if user.username != user.mobile else mask_mobile(user.username),
            "name": user.display_name,
            "mobile": mask_mobile(user.mobile or ""),
            "public_number": user.public_number,
            "joined": user.date_joined.isoformat(),
            "last_login": user.last_login.isoformat() if user.last_login else None,
        },
        "roles": [
            {
                "role": a.role,
                "label": str(a.get_role_display()),
                "scope": str(a.area or a.center or a.organisation or ""),
            }
            for a in RoleAssignment.objects.filter(user=user).select_related(
                "area", "center", "organisation"
            )
        ],
        "profile": None,
        "consents": [
            {
                "kind": c.kind,
                "notice_version": c.notice.version,
                "given_at": c.given_at.isoformat(),
                "withdrawn_at": c.withdrawn_at.isoformat() if c.withdrawn_at else None,
            }
            for c in Consent.objects.filter(user=user).select_related("notice")
        ],
        "api_tokens": [
            {"name": t.name, "created_at": t.created_at.isoformat(), "active": t.active}
            for t in ApiToken.objects.filter(user=user)
        ],
        "two_factor": TwoFactor.objects.filter(user=user, confirmed_at__isnull=False).exists(),
    }
    if profile is not None:
        data["profile"] = {
            "community": profile.community.name if profile.community else None,
            "address": profile.address,
            "tags": [t.name for t in profile.tags.all()],
            "id_number": profile.id_masked or None,
        }
    # what every other app holds about the person (core.personal_data: each registers its part)
    for key, part in personal_data.collect(user).items():
        if key in data:
            raise ValueError(f"personal data part {key!r} clashes with the account's own")
        data[key] = part
    audit_record(actor=user, action="user.data_export", obj=user)
    return data


@service
def deletion_request_create(*, user: User, reason: str = "") -> DeletionRequest:
    existing = DeletionRequest.objects.filter(
        user=user, status=DeletionRequest.Status.PENDING
    ).first()
    if existing is not None:
        return existing
    request = DeletionRequest.objects.create(user=user, reason=reason.strip()[:500])
    audit_record(actor=user, action="user.deletion_request", obj=request)
    return request


@service
def deletion_decide(*, actor: User, request: DeletionRequest, approve: bool) -> None:
    """Approve: the account becomes a masked tombstone (records the law keeps stay, pointing at
    it); reject: the request is closed. Deciding twice changes nothing."""
    updated = DeletionRequest.objects.filter(
        pk=request.pk, status=DeletionRequest.Status.PENDING
    ).update(
        status=DeletionRequest.Status.DONE if approve else DeletionRequest.Status.REJECTED,
        decided_by=actor,
        decided_at=timezone.now(),
    )
    if not updated:
        return
    user = request.user
    if approve:
        tombstone = f"deleted-{user.public_number}"
        user.display_name = ""
        user.username = tombstone
        user.mobile = None
        user.email = ""
        user.first_name = user.last_name = ""
        user.is_active = False
        user.set_unusable_password()
        user.session_epoch = F("session_epoch") + 1
        user.save()
        profile = ResidentProfile.objects.filter(user=user).first()
        if profile is not None:
            profile.address = ""
            profile.id_cipher = ""
            profile.id_hash = None
            profile.save()
            profile.tags.clear()
        Consent.objects.filter(user=user, withdrawn_at__isnull=True).update(
            withdrawn_at=timezone.now()
        )
        ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
        TwoFactor.objects.filter(user=user).delete()
        RecoveryCode.objects.filter(user=user).delete()
    audit_record(
        actor=actor,
        action="user.deletion_decide",
        obj=request,
        changes={"approved": approve},
    )


# ---------------------------------------------------------------- reveal
@dataclass(frozen=True)
class Revealed:
    name: str
    mobile: str
    id_number: str


@service
def personal_reveal(*, actor: User, profile: ResidentProfile, reason: str) -> Revealed:
    reason = (reason or "").strip()
    if len(reason) < 2:
        raise Refused(_("请说明查看完整信息的原因。"), status=422, field="reason")
    if not actor.has_perm("people.reveal_personal", profile):
        refusal_audit(
            actor=actor, action="personal.reveal", obj=profile, changes={"reason": reason[:200]}
        )
        raise Refused(_("您没有权限执行此操作。"), status=404)
    user = profile.user
    audit_record(
        actor=actor,
        action="personal.reveal",
        obj=profile,
        changes={"reason": reason[:200], "fields": ["name", "mobile", "id_number"]},
    )
    return Revealed(
        name=user.display_name,
        mobile=user.mobile or "",
        id_number=crypto.decrypt(profile.id_cipher) if profile.id_cipher else "",
    )


def id_keys_rotate() -> int:
    """Re-encrypt every stored ID number with the current key; returns how many."""
    count = 0
    for profile in ResidentProfile.objects.exclude(id_cipher="").only("pk", "id_cipher").iterator():
        with transaction.atomic():
            ResidentProfile.objects.filter(pk=profile.pk).update(
                id_cipher=crypto.rotate(profile.id_cipher)
            )
        count += 1
    audit_record(actor=None, action="people.id_keys_rotate", label="cli", changes={"count": count})
    return count


# ---------------------------------------------------------------- API tokens
TOKEN_PREFIX = "tc_"  # noqa: S105 — a prefix, not a secret


def _token_expiry(expires_at: datetime | None, *, latest: bool) -> datetime:
    now = timezone.now()
    if expires_at is None:
        return now + timedelta(days=settings.TOKEN_DAYS)
    if expires_at <= now:
        raise Refused(_("过期时间必须在将来。"), status=422, field="expires")
    if latest and expires_at > now + timedelta(days=settings.TOKEN_DAYS + 1):
        raise Refused(
            _("令牌最长有效 %(days)s 天。") % {"days": settings.TOKEN_DAYS},
            status=422,
            field="expires",
        )
    return expires_at


@service
def token_create(
    *,
    actor: User | None,
    user: User,
    name: str,
    expires_at: datetime | None = None,
    label: str = "",
    two_factor: bool = False,
    capped: bool = False,
) -> tuple[ApiToken, str]:
    """A new token, shown once and stored hashed; it expires after ``THREECENTERS_TOKEN_DAYS``
    unless another date is given (``capped``: no later than that). ``two_factor``: made after a
    second factor; an account that must use two-factor sign-in gets no other token."""
    name = (name or "").strip()
    if not name or len(name) > 60:
        raise Refused(_("请填写不超过 60 个字符的名称。"), status=422, field="name")
    expires_at = _token_expiry(expires_at, latest=capped)
    if not two_factor and two_factor_required(user):
        raise Refused(
            _("该账号必须使用两步验证：请登录后在“接口令牌”页面输入密码和动态验证码新建令牌。"),
            status=403,
        )
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=name,
        prefix=raw[3:9],
        digest=crypto.digest(raw),
        expires_at=expires_at,
        two_factor=two_factor,
    )
    audit_record(
        actor=actor,
        action="token.create",
        obj=token,
        label=label,
        changes={"expires_at": expires_at.isoformat(), "two_factor": two_factor},
    )
    return token, raw


def token_issue(
    *,
    user: User,
    password: str,
    code: str,
    name: str,
    expires_at: datetime | None,
    ip: str | None,
) -> tuple[ApiToken, str]:
    """A token made on the person's own page: the password again, and the TOTP code when the
    account has two-factor on, checked by the one sign-in decision (lockout, counting, audit)."""
    name = (name or "").strip()
    if not name or len(name) > 60:
        raise Refused(_("请填写不超过 60 个字符的名称。"), status=422, field="name")
    _token_expiry(expires_at, latest=True)
    step = signin_attempt(
        login=user.get_username(),
        ip=ip,
        method="password",
        action="auth.confirm",
        verify=lambda: user if user.check_password(password or "") else None,
        wrong=_("密码不正确。"),
        field="password",
    )
    if step.second_factor:
        if not (code or "").strip():
            raise Refused(_("请输入动态验证码。"), status=422, field="code")
        signin_attempt(
            login=user.get_username(),
            ip=ip,
            method=SECOND_FACTOR,
            action="auth.confirm",
            verify=lambda: user if totp_verify(user=user, code=code) else None,
            wrong=_("动态验证码不正确。"),
            field="code",
        )
    return token_create(
        actor=user,
        user=user,
        name=name,
        expires_at=expires_at,
        two_factor=step.second_factor,
        capped=True,
    )


@service
def token_revoke(*, actor: User | None, token: ApiToken, label: str = "") -> None:
    if ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    ):
        audit_record(actor=actor, action="token.revoke", obj=token, label=label)


def token_authenticate(raw: str) -> User | None:
    """The token's owner, or None: unknown, revoked or expired, an inactive account, or an
    account that must use two-factor sign-in and a token not made after a second factor."""
    raw = (raw or "").strip()
    if not raw.startswith(TOKEN_PREFIX) or len(raw) > 100:
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(digest=crypto.digest(raw), revoked_at__isnull=True)
        .first()
    )
    if token is None or not token.active or not token.user.is_active:
        return None
    if not token.two_factor and two_factor_required(token.user):
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=5):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


# ---------------------------------------------------------------- two-factor
def two_factor_required(user: User) -> bool:
    """The person holds a role that must use two-factor sign-in (``THREECENTERS_2FA_ROLES``)."""
    return roles.has_role(user, *settings.TWO_FACTOR_ROLES)


def two_factor_enabled(user: User) -> bool:
    return TwoFactor.objects.filter(user=user, confirmed_at__isnull=False).exists()


@service
def totp_begin(*, user: User) -> str:
    """A new (unconfirmed) secret; confirming it switches two-factor on."""
    secret = pyotp.random_base32()
    TwoFactor.objects.filter(user=user, confirmed_at__isnull=True).delete()
    if TwoFactor.objects.filter(user=user).exists():
        raise Refused(_("两步验证已开启。"), status=409)
    TwoFactor.objects.create(user=user, secret_cipher=crypto.encrypt(secret))
    return secret


def totp_secret(user: User) -> str | None:
    device = TwoFactor.objects.filter(user=user).first()
    return crypto.decrypt(device.secret_cipher) if device else None


def _totp_step_ok(device: TwoFactor, code: str) -> int | None:
    totp = pyotp.TOTP(crypto.decrypt(device.secret_cipher))
    now = time.time()
    for offset in (-1, 0, 1):
        at = now + offset * totp.interval
        step = int(at // totp.interval)
        if step > device.last_step and secrets.compare_digest(totp.at(at), code):
            return step
    return None


def _new_recovery_codes(user: User) -> list[str]:
    RecoveryCode.objects.filter(user=user).delete()
    codes = [f"{secrets.token_hex(4)}-{secrets.token_hex(4)}" for _i in range(10)]
    RecoveryCode.objects.bulk_create(
        [RecoveryCode(user=user, digest=crypto.digest(f"rc:{c}")) for c in codes]
    )
    return codes


@service
def totp_confirm(*, user: User, code: str) -> list[str]:
    device = TwoFactor.objects.select_for_update().filter(user=user).first()
    if device is None:
        raise Refused(_("请先扫描二维码。"), status=400)
    step = _totp_step_ok(device, (code or "").strip())
    if step is None:
        raise Refused(_("动态验证码不正确。"), status=400, field="code")
    device.last_step = step
    device.confirmed_at = timezone.now()
    device.save()
    codes = _new_recovery_codes(user)
    audit_record(actor=user, action="2fa.enable", obj=user)
    return codes


@service
def recovery_codes_regenerate(*, user: User) -> list[str]:
    if not two_factor_enabled(user):
        raise Refused(_("请先开启两步验证。"), status=400)
    codes = _new_recovery_codes(user)
    audit_record(actor=user, action="2fa.recovery_codes", obj=user)
    return codes


@service
def totp_verify(*, user: User, code: str) -> bool:
    """A current TOTP code (each time step once) or an unused recovery code."""
    code = (code or "").strip().lower()
    device = (
        TwoFactor.objects.select_for_update().filter(user=user, confirmed_at__isnull=False).first()
    )
    if device is None:
        return False
    step = _totp_step_ok(device, code) if code.isdigit() else None
    if step is not None:
        TwoFactor.objects.filter(pk=device.pk).update(last_step=step)
        return True
    used = RecoveryCode.objects.filter(
        user=user, digest=crypto.digest(f"rc:{code}"), used_at__isnull=True
    ).update(used_at=timezone.now())
    if used:
        audit_record(actor=user, action="2fa.recovery_code_used", obj=user)
        return True
    return False  # the caller's sign-in decision counts and audits the failure


@service
def totp_disable(*, actor: User, user: User) -> None:
    if actor.pk == user.pk and two_factor_required(user):
        raise Refused(_("您的角色必须使用两步验证，不能关闭。"), status=403)
    deleted, _n = TwoFactor.objects.filter(user=user).delete()
    RecoveryCode.objects.filter(user=user).delete()
    if deleted:
        audit_record(actor=actor, action="2fa.disable", obj=user)


# ---------------------------------------------------------------- roles and accounts
@service
def role_assign(
    *,
    actor: User | None,
    user: User,
    role: str,
    area: Area | None = None,
    center=None,
    organisation=None,
    label: str = "",
) -> RoleAssignment:
    if role not in Role.values:
        raise Refused(_("没有这个角色。"), status=422, field="role")
    draft = RoleAssignment(
        user=user, role=role, area=area, center=center, organisation=organisation
    )
    if actor is not None and not actor.has_perm("people.assign_role", draft):
        refusal_audit(
            actor=actor,
            action="role.assign",
            obj=user,
            changes={
                "role": role,
                "area": area.pk if area else None,
                "center": center.pk if center else None,
                "organisation": organisation.pk if organisation else None,
            },
        )
        raise Refused(_("您只能在自己的管理范围内分配角色。"), status=403, field="role")
    assignment, created = RoleAssignment.objects.get_or_create(
        user=user, role=role, area=area, center=center, organisation=organisation
    )
    if created:
        audit_record(
            actor=actor,
            action="role.assign",
            obj=assignment,
            label=label,
            changes={"user": user.pk, "role": role},
        )
    return assignment


@service
def role_remove(*, actor: User, assignment: RoleAssignment) -> None:
    if not actor.has_perm("people.assign_role", assignment):
        refusal_audit(actor=actor, action="role.remove", obj=assignment)
        raise Refused(_("您只能在自己的管理范围内调整角色。"), status=403)
    audit_record(
        actor=actor,
        action="role.remove",
        obj=assignment,
        changes={"user": assignment.user_id, "role": assignment.role},
    )
    assignment.delete()


@service
def user_create(
    *,
    login: str,
    role: str,
    community: Area | None = None,
    subdistrict: Area | None = None,
    center=None,
    organisation=None,
    mobile: str | None = None,
    display_name: str = "",
    password: str | None = None,
) -> User:
    """An account with a role (``threecenters user create``), built by core's one
    ``account_create``; a community role also makes the person a resident of that community."""
    kind = SCOPE_KINDS.get(role)
    scope: dict = {}
    if kind == "community":
        scope["area"] = community
    elif kind == "subdistrict":
        scope["area"] = subdistrict or (community.parent if community else None)
    elif kind == "center":
        scope["center"] = center
    elif kind == "organisation":
        scope["organisation"] = organisation
    user = account_create(
        login=login,
        role=role,
        mobile=mobile,
        display_name=display_name or login,
        password=password,
        **scope,
    )
    if kind == "community":
        ResidentProfile.objects.get_or_create(user=user, defaults={"community": community})
    return user
