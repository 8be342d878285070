"""Every write of the people app: keyword-only, one transaction each, audited."""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass
from datetime import datetime, timedelta

import pyotp
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from threecenters.core.accounts import SCOPE_KINDS, AccountRefused, account_create
from threecenters.core.audit import audit_record
from threecenters.core.masking import mask_id_number, mask_mobile, mask_name
from threecenters.core.models import Area, RoleAssignment, User, mobile_validator
from threecenters.notify.services import sms_queue
from threecenters.people import crypto
from threecenters.people.models import (
    ApiToken,
    Consent,
    DeletionRequest,
    PrivacyNotice,
    RateCounter,
    RecoveryCode,
    ResidentProfile,
    ResidentTag,
    SignInThrottle,
    SmsCode,
    TwoFactor,
)

Role = RoleAssignment.Role


class Refused(Exception):
    """A request the rules refuse; ``message`` is localized, ``status`` the HTTP status."""

    def __init__(self, message: str, *, status: int = 400, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.status = status
        self.field = field


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


def _throttle_key(login: str, ip: str | None) -> str:
    return crypto.digest(f"signin:{login.strip().lower()}|{ip or '-'}")


def signin_locked(*, login: str, ip: str | None) -> bool:
    return SignInThrottle.objects.filter(
        key=_throttle_key(login, ip), locked_until__gt=timezone.now()
    ).exists()


@transaction.atomic
def signin_failed(*, login: str, ip: str | None) -> bool:
    """Record a failure for (login, IP); True when the pair is now locked."""
    key = _throttle_key(login, ip)
    now = timezone.now()
    window = timedelta(minutes=settings.LOCKOUT_MINUTES)
    SignInThrottle.objects.bulk_create(
        [SignInThrottle(key=key, failures=0, last_failure_at=now)], ignore_conflicts=True
    )
    # Failures older than the lockout window no longer count.
    SignInThrottle.objects.filter(key=key, last_failure_at__lt=now - window).update(
        failures=0, locked_until=None
    )
    SignInThrottle.objects.filter(key=key).update(failures=F("failures") + 1, last_failure_at=now)
    locked = SignInThrottle.objects.filter(key=key, failures__gte=settings.LOCKOUT_FAILURES).update(
        locked_until=now + window
    )
    if locked:
        audit_record(
            actor=None,
            action="auth.lockout",
            success=False,
            label=login[:150],
            changes={"failures": settings.LOCKOUT_FAILURES},
        )
    return bool(locked)


def signin_succeeded(*, login: str, ip: str | None) -> None:
    SignInThrottle.objects.filter(key=_throttle_key(login, ip)).delete()


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
    code — the caller's answer is the same either way, so it tells no one who has an account."""
    mobile = check_mobile(mobile)
    if not rate_hit(key=f"sms-ip:{ip or '-'}", limit=settings.SMS_IP_HOURLY, window_seconds=3600):
        audit_record(actor=None, action="sms.limited", success=False, label=f"ip:{ip}")
        raise Refused(_("此网络发送验证码太频繁，请稍后再试。"), status=429)
    if settings.SMS_NUMBER_INTERVAL and not rate_hit(
        key=f"sms-num-min:{mobile}", limit=1, window_seconds=settings.SMS_NUMBER_INTERVAL
    ):
        raise Refused(_("验证码发送太频繁，请稍等一分钟再试。"), status=429, field="mobile")
    if not rate_hit(
        key=f"sms-num-day:{mobile}", limit=settings.SMS_NUMBER_DAILY, window_seconds=86400
    ):
        audit_record(actor=None, action="sms.limited", success=False, label=mask_mobile(mobile))
        raise Refused(_("该手机号今天获取验证码的次数已达上限。"), status=429, field="mobile")
    exists = User.objects.filter(mobile=mobile, is_active=True).exists()
    with transaction.atomic():
        if purpose == SmsCode.Purpose.REGISTER and exists:
            sms_queue(
                mobile=mobile,
                text=_("该手机号已注册三中心账号，请直接用短信验证码登录。"),
            )
        elif purpose == SmsCode.Purpose.REGISTER or exists:
            code = f"{secrets.randbelow(10**6):06d}"
            now = timezone.now()
            SmsCode.objects.create(
                mobile=mobile,
                purpose=purpose,
                code_hash=_code_digest(mobile, purpose, code),
                created_at=now,
                expires_at=now + timedelta(seconds=settings.SMS_CODE_TTL),
            )
            minutes = settings.SMS_CODE_TTL // 60
            sms_queue(
                mobile=mobile,
                text=_("您的验证码是 %(code)s，%(minutes)s 分钟内有效。请勿告诉他人。")
                % {"code": code, "minutes": minutes},
            )
        audit_record(
            actor=None,
            action="sms.code_sent",
            label=mask_mobile(mobile),
            changes={"purpose": purpose},
        )


def sms_code_verify(*, mobile: str, purpose: str, code: str) -> None:
    """Accept the latest code once; raise Refused (wrong, expired, used, too many tries)."""
    code = (code or "").strip()
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
        if problem:
            audit_record(
                actor=None,
                action="sms.code_rejected",
                success=False,
                label=mask_mobile(mobile),
                changes={"purpose": purpose},
            )
    if problem:
        raise Refused(problem, status=400, field="code")


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


@transaction.atomic
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


@transaction.atomic
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


@transaction.atomic
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


@transaction.atomic
def consent_give(*, user: User, kind: str) -> Consent:
    consent = Consent.objects.create(user=user, kind=kind, notice=current_notice())
    audit_record(actor=user, action="consent.give", obj=consent, changes={"kind": kind})
    return consent


@transaction.atomic
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


@transaction.atomic
def password_set(*, actor: User, user: User, password: str) -> None:
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise Refused(" ".join(exc.messages), status=422, field="password1") from None
    user.set_password(password)
    user.save(update_fields=["password"])
    audit_record(actor=actor, action="user.password_change", obj=user)


@transaction.atomic
def sessions_end(*, actor: User | None, user: User) -> None:
    """End every session of ``user`` (their own "sign out everywhere", or an administrator)."""
    User.objects.filter(pk=user.pk).update(session_epoch=F("session_epoch") + 1)
    user.refresh_from_db(fields=["session_epoch"])
    audit_record(actor=actor, action="user.sessions_end", obj=user)


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
    audit_record(actor=user, action="user.data_export", obj=user)
    return data


@transaction.atomic
def deletion_request_create(*, user: User, reason: str = "") -> DeletionRequest:
    existing = DeletionRequest.objects.filter(
        user=user, status=DeletionRequest.Status.PENDING
    ).first()
    if existing is not None:
        return existing
    request = DeletionRequest.objects.create(user=user, reason=reason.strip()[:500])
    audit_record(actor=user, action="user.deletion_request", obj=request)
    return request


@transaction.atomic
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


def personal_reveal(*, actor: User, profile: ResidentProfile, reason: str) -> Revealed:
    reason = (reason or "").strip()
    if len(reason) < 2:
        raise Refused(_("请说明查看完整信息的原因。"), status=422, field="reason")
    if not actor.has_perm("people.reveal_personal", profile):
        audit_record(
            actor=actor,
            action="personal.reveal",
            obj=profile,
            success=False,
            changes={"reason": reason[:200]},
        )
        raise Refused(_("您没有权限执行此操作。"), status=404)
    user = profile.user
    with transaction.atomic():
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


@transaction.atomic
def token_create(
    *,
    actor: User | None,
    user: User,
    name: str,
    expires_at: datetime | None = None,
    label: str = "",
) -> tuple[ApiToken, str]:
    name = (name or "").strip()
    if not name or len(name) > 60:
        raise Refused(_("请填写不超过 60 个字符的名称。"), status=422, field="name")
    if expires_at is not None and expires_at <= timezone.now():
        raise Refused(_("过期时间必须在将来。"), status=422, field="expires_at")
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, name=name, prefix=raw[3:9], digest=crypto.digest(raw), expires_at=expires_at
    )
    audit_record(actor=actor, action="token.create", obj=token, label=label)
    return token, raw


@transaction.atomic
def token_revoke(*, actor: User | None, token: ApiToken, label: str = "") -> None:
    if ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    ):
        audit_record(actor=actor, action="token.revoke", obj=token, label=label)


def token_authenticate(raw: str) -> User | None:
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
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=5):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


# ---------------------------------------------------------------- two-factor
def two_factor_required(user: User) -> bool:
    return RoleAssignment.objects.filter(user=user, role__in=settings.TWO_FACTOR_ROLES).exists()


def two_factor_enabled(user: User) -> bool:
    return TwoFactor.objects.filter(user=user, confirmed_at__isnull=False).exists()


@transaction.atomic
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


@transaction.atomic
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


@transaction.atomic
def recovery_codes_regenerate(*, user: User) -> list[str]:
    if not two_factor_enabled(user):
        raise Refused(_("请先开启两步验证。"), status=400)
    codes = _new_recovery_codes(user)
    audit_record(actor=user, action="2fa.recovery_codes", obj=user)
    return codes


@transaction.atomic
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
    audit_record(actor=user, action="2fa.verify", obj=user, success=False)
    return False


@transaction.atomic
def totp_disable(*, actor: User, user: User) -> None:
    if actor.pk == user.pk and two_factor_required(user):
        raise Refused(_("您的角色必须使用两步验证，不能关闭。"), status=403)
    deleted, _n = TwoFactor.objects.filter(user=user).delete()
    RecoveryCode.objects.filter(user=user).delete()
    if deleted:
        audit_record(actor=actor, action="2fa.disable", obj=user)


# ---------------------------------------------------------------- roles and accounts
def role_assign(  # a refusal is audited outside the transaction, so it is kept
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
        audit_record(
            actor=actor,
            action="role.assign",
            obj=user,
            success=False,
            changes={
                "role": role,
                "area": area.pk if area else None,
                "center": center.pk if center else None,
                "organisation": organisation.pk if organisation else None,
            },
        )
        raise Refused(_("您只能在自己的管理范围内分配角色。"), status=403, field="role")
    with transaction.atomic():
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


def role_remove(*, actor: User, assignment: RoleAssignment) -> None:
    if not actor.has_perm("people.assign_role", assignment):
        audit_record(actor=actor, action="role.remove", obj=assignment, success=False)
        raise Refused(_("您只能在自己的管理范围内调整角色。"), status=403)
    with transaction.atomic():
        audit_record(
            actor=actor,
            action="role.remove",
            obj=assignment,
            changes={"user": assignment.user_id, "role": assignment.role},
        )
        assignment.delete()


@transaction.atomic
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
    try:
        user = account_create(
            login=login,
            role=role,
            mobile=mobile,
            display_name=display_name or login,
            password=password,
            **scope,
        )
    except AccountRefused as exc:
        raise Refused(exc.message, status=exc.status, field=exc.field) from None
    if kind == "community":
        ResidentProfile.objects.get_or_create(user=user, defaults={"community": community})
    return user
