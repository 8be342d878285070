"""The one event engine: events of the kinds apps register (events.kinds); sign-ups of people
and booth bookings of organisations with a status table, seats and booths guarded by the
database, attendance as check-in/check-out pairs, photos.

Seats: ``Event.taken`` counts the seats held by registrations whose status counts against
capacity. It only changes through a conditional UPDATE (``services.seats._take_seats``) in the same
transaction as the registration row, and a CHECK constraint keeps ``taken <= capacity`` whenever
``capacity > 0``: overbooking is impossible even if a code path forgets the rule. Booths (``booths_taken`` within
``booths``) work the same way for organisations.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from threecenters.core.masking import mask_mobile, mask_name
from threecenters.core.models import Area, Center, Organisation, mobile_validator
from threecenters.events import kinds

# A number residents can call: a mainland mobile (13812345678) or a landline with its area code
# (028-12345678, 02812345678, with an optional extension: 028-12345678-801).
public_phone_validator = RegexValidator(
    r"^(?:1[3-9]\d{9}|0\d{2,3}-?[1-9]\d{6,7}(?:-\d{1,6})?)$",
    _("请输入手机号或带区号的固定电话，如 028-12345678。"),
)


def new_token() -> str:
    return secrets.token_urlsafe(24)


def new_code() -> str:
    return f"{secrets.randbelow(1_000_000):06d}"


class Series(models.Model):
    """A course or recurring activity with N sessions (each session is an ``Event``)."""

    class SignupMode(models.TextChoices):
        SERIES = "series", _("整期报名（一次报名全部场次）")
        SESSION = "session", _("按场次报名")

    center = models.ForeignKey(
        Center, on_delete=models.PROTECT, related_name="event_series", verbose_name=_("中心")
    )
    title = models.CharField(_("名称"), max_length=120)
    signup_mode = models.CharField(
        _("报名方式"), max_length=8, choices=SignupMode.choices, default=SignupMode.SESSION
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("系列活动")
        verbose_name_plural = _("系列活动")
        ordering = ["-id"]

    def __str__(self) -> str:
        return self.title


class Event(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        PUBLISHED = "published", _("已发布")
        FINISHED = "finished", _("已结束")
        CANCELLED = "cancelled", _("已取消")

    class Eligibility(models.TextChoices):
        EVERYONE = "everyone", _("所有人")
        COMMUNITIES = "communities", _("指定社区的居民")
        TAGS = "tags", _("有指定标签的居民")
        INVITED = "invited", _("受邀人员")

    center = models.ForeignKey(
        Center, on_delete=models.PROTECT, related_name="events", verbose_name=_("中心")
    )
    # a code of a registered kind (events.kinds); the choices are read from the registry
    kind = models.CharField(
        _("类型"), max_length=kinds.CODE_LENGTH, choices=kinds.choices, default="activity"
    )
    title = models.CharField(_("标题"), max_length=120)
    description = models.TextField(_("介绍"), blank=True, max_length=50000)
    community = models.ForeignKey(
        Area,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("社区"),
        limit_choices_to={"level": Area.Level.COMMUNITY},
    )
    venue = models.CharField(_("地点"), max_length=200)
    starts_at = models.DateTimeField(_("开始时间"))
    ends_at = models.DateTimeField(_("结束时间"))
    capacity = models.PositiveIntegerField(_("名额"), default=0, help_text=_("0 表示不限名额。"))
    taken = models.PositiveIntegerField(_("已占名额"), default=0, editable=False)
    waitlist_enabled = models.BooleanField(_("名额满后可候补"), default=True)
    booths = models.PositiveIntegerField(
        _("展位数"), default=0, help_text=_("供单位预订的展位，0 表示不接受单位预订。")
    )
    booths_taken = models.PositiveIntegerField(_("已订展位"), default=0, editable=False)
    signup_opens_at = models.DateTimeField(_("报名开始"), null=True, blank=True)
    signup_closes_at = models.DateTimeField(_("报名截止"), null=True, blank=True)
    eligibility = models.CharField(
        _("谁可以报名"), max_length=12, choices=Eligibility.choices, default=Eligibility.EVERYONE
    )
    eligible_communities = models.ManyToManyField(
        Area,
        blank=True,
        related_name="+",
        verbose_name=_("可报名的社区"),
        limit_choices_to={"level": Area.Level.COMMUNITY},
    )
    eligible_tags = models.ManyToManyField(
        "people.ResidentTag", blank=True, related_name="+", verbose_name=_("可报名的居民标签")
    )
    invited = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="+", verbose_name=_("受邀人员")
    )
    companions_allowed = models.PositiveSmallIntegerField(_("每人可带同行人数"), default=0)
    approval_required = models.BooleanField(_("报名需审核"), default=False)
    risky = models.BooleanField(_("有人身风险"), default=False)
    insured = models.BooleanField(_("已购买意外保险"), default=False)
    contact_name = models.CharField(_("联系人"), max_length=40, blank=True)
    contact_mobile = models.CharField(
        _("联系电话"), max_length=11, blank=True, validators=[mobile_validator]
    )
    # A contact the organiser chooses to publish on the event page (e.g. an office line); the
    # staff contact above is never shown to residents unmasked.
    public_contact_name = models.CharField(
        _("公开联系人"), max_length=40, blank=True, help_text=_("居民可以致电咨询的联系人或部门。")
    )
    public_contact_phone = models.CharField(
        _("公开咨询电话"),
        max_length=20,
        blank=True,
        validators=[public_phone_validator],
        help_text=_("会显示在活动页上。留空则显示社区或中心的办公电话。"),
    )
    cover = models.ImageField(_("封面图"), upload_to="events/covers/", blank=True)
    status = models.CharField(
        _("状态"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    cancel_reason = models.CharField(_("取消原因"), max_length=300, blank=True)
    series = models.ForeignKey(
        Series,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="sessions",
        verbose_name=_("所属系列"),
    )
    session_no = models.PositiveSmallIntegerField(_("第几场"), null=True, blank=True)
    # closing report
    report_summary = models.TextField(_("活动总结"), blank=True, max_length=20000)
    report_outcomes = models.TextField(_("成果与链接"), blank=True, max_length=5000)
    attendance_count = models.PositiveIntegerField(_("到场人数"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("活动")
        verbose_name_plural = _("活动")
        ordering = ["starts_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(capacity=0) | Q(taken__lte=F("capacity")),
                name="event_taken_within_capacity",
                violation_error_message=_("名额不能少于已被占用的名额。"),
            ),
            models.CheckConstraint(
                condition=Q(booths_taken__lte=F("booths")),
                name="event_booths_within_capacity",
                violation_error_message=_("展位数不能少于已被预订的展位。"),
            ),
            models.CheckConstraint(
                condition=Q(ends_at__gte=F("starts_at")),
                name="event_ends_after_start",
                violation_error_message=_("结束时间不能早于开始时间。"),
            ),
            models.CheckConstraint(
                condition=Q(risky=False) | Q(insured=True) | Q(status="draft"),
                name="event_risky_needs_insurance",
                violation_error_message=_("有人身风险的活动须先购买意外保险。"),
            ),
        ]
        # Lists are ordered by (starts_at, id); each filter has an index in that order, and the
        # status (almost always public) is checked on the rows the index yields.
        indexes = [
            models.Index(fields=["starts_at", "id"], name="event_list_idx"),
            models.Index(fields=["center", "starts_at", "id"], name="event_center_idx"),
            models.Index(fields=["community", "starts_at", "id"], name="event_comm_idx"),
            models.Index(fields=["kind", "starts_at", "id"], name="event_kind_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def seats_left(self) -> int | None:
        if self.capacity == 0:
            return None
        return max(0, self.capacity - self.taken)

    @property
    def booths_left(self) -> int:
        return max(0, self.booths - self.booths_taken)

    @property
    def kind_label(self) -> str:
        return kinds.label(self.kind)

    @property
    def masked_contact_name(self) -> str:
        return mask_name(self.contact_name)

    @property
    def masked_contact_mobile(self) -> str:
        return mask_mobile(self.contact_mobile)

    @property
    def public_contact(self) -> tuple[str, str] | None:
        """Who residents can call about this event, as (name, phone): the contact the organiser
        published, else the community's office phone, else the center's phone."""
        if self.public_contact_phone:
            return (self.public_contact_name or self.center.name, self.public_contact_phone)
        if self.community_id and self.community.phone:
            return (self.community.name, self.community.phone)
        if self.center.phone:
            return (self.center.name, self.center.phone)
        return None

    def resident_state(self, now=None) -> str:
        """The state a resident cares about (a key of ``RESIDENT_STATES``), instead of the
        organiser-side status."""
        now = now or timezone.now()
        if self.status == self.Status.CANCELLED:
            return "cancelled"
        if self.status == self.Status.DRAFT:
            return "draft"
        if self.status == self.Status.FINISHED or now >= self.ends_at:
            return "ended"
        if self.signup_opens_at and now < self.signup_opens_at:
            return "soon"
        if self.signup_closes_at and now > self.signup_closes_at:
            return "closed"
        if self.capacity and self.taken >= self.capacity:
            return "waitlist" if self.waitlist_enabled else "full"
        return "open"

    @property
    def resident_state_label(self) -> str:
        return str(RESIDENT_STATES[self.resident_state()])

    def signup_open(self, now=None) -> bool:
        now = now or timezone.now()
        if self.status != self.Status.PUBLISHED or now >= self.ends_at:
            return False
        if self.signup_opens_at and now < self.signup_opens_at:
            return False
        return not (self.signup_closes_at and now > self.signup_closes_at)

    @property
    def duration_minutes(self) -> int:
        return int((self.ends_at - self.starts_at).total_seconds() // 60)


RESIDENT_STATES = {
    "open": _("报名中"),
    "waitlist": _("可候补"),
    "full": _("已满"),
    "soon": _("即将开放报名"),
    "closed": _("报名已截止"),
    "ended": _("已结束"),
    "cancelled": _("已取消"),
    "draft": _("未公开"),
}


class Registration(models.Model):
    """One participant's sign-up for one event (CiviCRM's participant record): a person, or an
    organisation booking a booth (then ``booked_by`` is the person who acts for it). Seats count
    people (``Event.taken``), booths count organisations (``Event.booths_taken``)."""

    class Status(models.TextChoices):
        AWAITING_APPROVAL = "awaiting_approval", _("待审核")
        REGISTERED = "registered", _("已报名")
        WAITLISTED = "waitlisted", _("候补中")
        CANCELLED_BY_PERSON = "cancelled_by_person", _("本人已取消")
        CANCELLED_BY_ORGANISER = "cancelled_by_organiser", _("主办方已取消")
        REJECTED = "rejected", _("未通过审核")
        CHECKED_IN = "checked_in", _("已签到")
        NO_SHOW = "no_show", _("缺席")

    # Whether a status holds seats (counts against capacity).
    COUNTED = {
        Status.AWAITING_APPROVAL: False,
        Status.REGISTERED: True,
        Status.WAITLISTED: False,
        Status.CANCELLED_BY_PERSON: False,
        Status.CANCELLED_BY_ORGANISER: False,
        Status.REJECTED: False,
        Status.CHECKED_IN: True,
        Status.NO_SHOW: True,
    }
    # The only transitions allowed (from → to).
    TRANSITIONS = {
        Status.AWAITING_APPROVAL: {
            Status.REGISTERED,
            Status.WAITLISTED,
            Status.REJECTED,
            Status.CANCELLED_BY_PERSON,
            Status.CANCELLED_BY_ORGANISER,
        },
        Status.REGISTERED: {
            Status.CHECKED_IN,
            Status.NO_SHOW,
            Status.CANCELLED_BY_PERSON,
            Status.CANCELLED_BY_ORGANISER,
        },
        Status.WAITLISTED: {
            Status.REGISTERED,
            Status.CHECKED_IN,
            Status.CANCELLED_BY_PERSON,
            Status.CANCELLED_BY_ORGANISER,
        },
        Status.CANCELLED_BY_PERSON: {
            Status.REGISTERED,
            Status.WAITLISTED,
            Status.AWAITING_APPROVAL,
        },
        Status.CANCELLED_BY_ORGANISER: set(),
        Status.REJECTED: set(),
        Status.CHECKED_IN: set(),
        Status.NO_SHOW: {Status.CHECKED_IN},
    }
    ACTIVE = (Status.AWAITING_APPROVAL, Status.REGISTERED, Status.WAITLISTED, Status.CHECKED_IN)

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="registrations", verbose_name=_("活动")
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="event_registrations",
        verbose_name=_("报名人"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="event_registrations",
        verbose_name=_("报名单位"),
    )
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("预订人"),
    )
    status = models.CharField(_("状态"), max_length=24, choices=Status.choices)
    companions = models.PositiveSmallIntegerField(_("同行人数"), default=0)
    waitlist_position = models.BigIntegerField(_("候补顺序"), default=0)
    token = models.CharField(max_length=40, unique=True, default=new_token, editable=False)
    code = models.CharField(_("签到码"), max_length=6, default=new_code, editable=False)
    walk_in = models.BooleanField(_("现场报名"), default=False)
    note = models.CharField(_("备注"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("报名时间"), default=timezone.now)
    status_changed_at = models.DateTimeField(default=timezone.now)
    checked_in_at = models.DateTimeField(_("签到时间"), null=True, blank=True)
    checked_out_at = models.DateTimeField(_("签退时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("报名")
        verbose_name_plural = _("报名")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["event", "person"], name="registration_once"),
            models.UniqueConstraint(
                fields=["event", "organisation"], name="registration_organisation_once"
            ),
            models.CheckConstraint(
                condition=Q(person__isnull=False, organisation__isnull=True)
                | Q(person__isnull=True, organisation__isnull=False),
                name="registration_person_or_organisation",
                violation_error_message=_("报名须是一个人或一个单位。"),
            ),
            models.UniqueConstraint(fields=["event", "code"], name="registration_code_unique"),
        ]
        indexes = [
            models.Index(
                fields=["event", "status", "waitlist_position", "id"], name="reg_queue_idx"
            ),
            models.Index(fields=["person", "-created_at"], name="reg_person_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.event} · {self.organisation or self.person}"

    @property
    def participant_name(self) -> str:
        """Who takes part, as staff pages show it: the organisation's name or the masked name."""
        if self.organisation_id:
            return self.organisation.name
        return self.person.masked_name

    @property
    def contact(self):
        """The person messages about this registration go to (None if they are gone)."""
        return self.booked_by if self.organisation_id else self.person

    @property
    def seats(self) -> int:
        return 1 + self.companions

    @property
    def counted(self) -> bool:
        return self.COUNTED[self.Status(self.status)]

    @property
    def active(self) -> bool:
        return self.status in self.ACTIVE


class Attendance(models.Model):
    """One check-in/check-out pair of a registration: each check-in opens a pair, each check-out
    closes the open one (volunteer hours count these pairs). At most one pair is open at a time
    and a pair never ends before it starts: both enforced by the database."""

    class Method(models.TextChoices):
        QR = "qr", _("扫码")
        CODE = "code", _("签到码")
        STAFF = "staff", _("工作人员")
        WALK_IN = "walk_in", _("现场报名")

    registration = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="attendance", verbose_name=_("报名")
    )
    checked_in_at = models.DateTimeField(_("签到时间"))
    checked_out_at = models.DateTimeField(_("签退时间"), null=True, blank=True)
    method = models.CharField(_("签到方式"), max_length=8, choices=Method.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("签到记录人"),
    )
    checked_out_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("签退记录人"),
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("签到记录")
        verbose_name_plural = _("签到记录")
        ordering = ["checked_in_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["registration"],
                condition=Q(checked_out_at__isnull=True),
                name="attendance_one_open_pair",
                violation_error_message=_("已签到，请先签退。"),
            ),
            models.CheckConstraint(
                condition=Q(checked_out_at__isnull=True)
                | Q(checked_out_at__gte=F("checked_in_at")),
                name="attendance_out_after_in",
                violation_error_message=_("签退时间不能早于签到时间。"),
            ),
        ]
        indexes = [
            models.Index(fields=["registration", "checked_in_at"], name="attendance_reg_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.registration} · {self.checked_in_at:%Y-%m-%d %H:%M}"


class Photo(models.Model):
    """A photo on an event's photo wall (照片墙)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("待审核")
        APPROVED = "approved", _("已通过")
        HIDDEN = "hidden", _("已隐藏")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="photos")
    uploader = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    image = models.ImageField(upload_to="events/photos/")
    thumbnail = models.ImageField(upload_to="events/thumbs/", blank=True)
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    caption = models.CharField(_("说明"), max_length=200, blank=True)
    status = models.CharField(
        _("状态"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("活动照片")
        verbose_name_plural = _("活动照片")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["event", "status", "-id"], name="photo_event_idx")]

    def __str__(self) -> str:
        return self.caption or f"#{self.pk}"
