"""The kernel's records: people, the organisation tree, the three centers, organisations, news,
the audit trail."""

from __future__ import annotations

import uuid

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from threecenters.core.masking import mask_mobile, mask_name

mobile_validator = RegexValidator(r"^1[3-9]\d{9}$", _("请输入 11 位中国大陆手机号。"))
slug_validator = RegexValidator(r"^[a-z0-9][a-z0-9-]{0,48}$", _("只能使用小写字母、数字和连字符。"))


def new_public_number() -> str:
    return "TC" + uuid.uuid4().hex[:10].upper()


class User(AbstractUser):
    """An account. Residents sign in by mobile number, staff by user name.

    Never a Django superuser (the database refuses one): every power comes from role
    assignments through the predicates in the apps' rules.py. ``is_staff`` means nothing here.
    """

    display_name = models.CharField(_("姓名"), max_length=40, blank=True)
    mobile = models.CharField(
        _("手机号"),
        max_length=11,
        blank=True,
        null=True,
        unique=True,
        validators=[mobile_validator],
    )
    public_number = models.CharField(
        _("公开编号"), max_length=16, unique=True, editable=False, null=True
    )
    # Bumped to end every session of this person ("sign out everywhere", an administrator
    # ending someone's sessions); it is part of the session hash Django checks on each request.
    session_epoch = models.PositiveIntegerField(_("会话代次"), default=0, editable=False)

    class Meta:
        verbose_name = _("账号")
        verbose_name_plural = _("账号")
        constraints = [
            models.CheckConstraint(condition=Q(is_superuser=False), name="user_never_superuser"),
        ]

    def __str__(self) -> str:
        return self.masked_name or self.username

    @property
    def masked_name(self) -> str:
        return mask_name(self.display_name) if self.display_name else mask_name(self.username)

    @property
    def masked_mobile(self) -> str:
        return mask_mobile(self.mobile or "")

    def _get_session_auth_hash(self, secret=None):
        from django.utils.crypto import salted_hmac

        return salted_hmac(
            "threecenters.core.User.session_auth_hash",
            f"{self.password}:{self.session_epoch}",
            secret=secret,
            algorithm="sha256",
        ).hexdigest()

    def save(self, *args, **kwargs):
        if not self.public_number:
            self.public_number = new_public_number()
        super().save(*args, **kwargs)


class Area(models.Model):
    """A node of the administrative tree: 区 → 街道 → 社区 → 小区/网格."""

    class Level(models.TextChoices):
        DISTRICT = "district", _("区")
        SUBDISTRICT = "subdistrict", _("街道")
        COMMUNITY = "community", _("社区")
        GRID = "grid", _("小区/网格")

    PARENT_LEVEL = {
        Level.SUBDISTRICT: Level.DISTRICT,
        Level.COMMUNITY: Level.SUBDISTRICT,
        Level.GRID: Level.COMMUNITY,
    }

    level = models.CharField(_("层级"), max_length=16, choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("上级"),
    )
    name = models.CharField(_("名称"), max_length=60)
    slug = models.SlugField(_("网址代码"), max_length=50, unique=True, validators=[slug_validator])
    intro = models.TextField(_("简介"), blank=True, max_length=2000)
    address = models.CharField(_("地址"), max_length=200, blank=True)
    phone = models.CharField(_("办公电话"), max_length=30, blank=True)
    latitude = models.DecimalField(_("纬度"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(
        _("经度"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    sort = models.PositiveIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("行政区域")
        verbose_name_plural = _("行政区域")
        ordering = ["sort", "id"]
        constraints = [
            models.UniqueConstraint(fields=["parent", "name"], name="area_unique_name_in_parent"),
            models.CheckConstraint(
                condition=Q(level="district") | Q(parent__isnull=False),
                name="area_parent_required_below_district",
            ),
        ]
        indexes = [models.Index(fields=["level", "parent"])]

    def __str__(self) -> str:
        return self.name

    @property
    def subdistrict(self) -> Area | None:
        node: Area | None = self
        while node is not None and node.level != self.Level.SUBDISTRICT:
            node = node.parent
        return node


class Center(models.Model):
    """One of a subdistrict's three centers."""

    class Kind(models.TextChoices):
        INCUBATOR = "incubator", _("文创+创新创业孵化中心")
        CIVILITY = "civility", _("新时代文明实践和公序良俗会议中心")
        GOVERNANCE = "governance", _("基层党建与社区治理服务中心")

    subdistrict = models.ForeignKey(
        Area,
        on_delete=models.PROTECT,
        related_name="centers",
        verbose_name=_("街道"),
        limit_choices_to={"level": Area.Level.SUBDISTRICT},
    )
    kind = models.CharField(_("类别"), max_length=16, choices=Kind.choices)
    name = models.CharField(_("名称"), max_length=80)
    tagline = models.CharField(_("一句话介绍"), max_length=120, blank=True)
    description = models.TextField(_("介绍"), blank=True, max_length=20000)
    address = models.CharField(_("地址"), max_length=200, blank=True)
    phone = models.CharField(_("联系电话"), max_length=30, blank=True)
    opening_hours = models.CharField(_("开放时间"), max_length=120, blank=True)
    cover = models.ImageField(_("封面图"), upload_to="centers/", blank=True)

    class Meta:
        verbose_name = _("中心")
        verbose_name_plural = _("中心")
        ordering = ["subdistrict_id", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["subdistrict", "kind"], name="center_one_per_kind"),
        ]

    def __str__(self) -> str:
        return self.name


class Organisation(models.Model):
    class Kind(models.TextChoices):
        ENTERPRISE = "enterprise", _("企业")
        SCHOOL = "school", _("学校")
        HOSPITAL = "hospital", _("医院")
        SOCIAL = "social", _("社会组织")
        CHARITY = "charity", _("慈善组织")
        VOLUNTEER_TEAM = "volunteer_team", _("志愿服务队")
        OTHER = "other", _("其他")

    class Verification(models.TextChoices):
        UNVERIFIED = "unverified", _("未认证")
        PENDING = "pending", _("认证中")
        VERIFIED = "verified", _("已认证")
        REJECTED = "rejected", _("认证未通过")

    name = models.CharField(_("名称"), max_length=100)
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices)
    subdistrict = models.ForeignKey(
        Area,
        on_delete=models.PROTECT,
        related_name="organisations",
        verbose_name=_("所属街道"),
        limit_choices_to={"level": Area.Level.SUBDISTRICT},
    )
    community = models.ForeignKey(
        Area,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="community_organisations",
        verbose_name=_("所属社区"),
        limit_choices_to={"level": Area.Level.COMMUNITY},
    )
    credit_code = models.CharField(
        _("统一社会信用代码"),
        max_length=18,
        blank=True,
        validators=[RegexValidator(r"^[0-9A-HJ-NPQRTUWXY]{18}$", _("统一社会信用代码为 18 位。"))],
    )
    intro = models.TextField(_("简介"), blank=True, max_length=2000)
    address = models.CharField(_("地址"), max_length=200, blank=True)
    contact_name = models.CharField(_("联系人"), max_length=40, blank=True)
    contact_mobile = models.CharField(
        _("联系人手机号"), max_length=11, blank=True, validators=[mobile_validator]
    )
    verification = models.CharField(
        _("认证状态"), max_length=12, choices=Verification.choices, default=Verification.UNVERIFIED
    )
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)

    class Meta:
        verbose_name = _("组织")
        verbose_name_plural = _("组织")
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["subdistrict", "name"], name="organisation_unique_name"
            ),
        ]
        indexes = [models.Index(fields=["subdistrict", "kind"])]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if (
            self.community_id
            and self.subdistrict_id
            and self.community.parent_id != self.subdistrict_id
        ):
            raise ValidationError({"community": _("所属社区须在所属街道之内。")})

    @property
    def masked_contact_name(self) -> str:
        return mask_name(self.contact_name)

    @property
    def masked_contact_mobile(self) -> str:
        return mask_mobile(self.contact_mobile)


class Article(models.Model):
    """A news item published by the subdistrict, a center or a community."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        PUBLISHED = "published", _("已发布")

    subdistrict = models.ForeignKey(
        Area,
        on_delete=models.PROTECT,
        related_name="articles",
        verbose_name=_("街道"),
        limit_choices_to={"level": Area.Level.SUBDISTRICT},
    )
    center = models.ForeignKey(
        Center,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="articles",
        verbose_name=_("中心"),
    )
    community = models.ForeignKey(
        Area,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="community_articles",
        verbose_name=_("社区"),
        limit_choices_to={"level": Area.Level.COMMUNITY},
    )
    title = models.CharField(_("标题"), max_length=120)
    summary = models.CharField(_("摘要"), max_length=300, blank=True)
    body = models.TextField(_("正文"), max_length=100000)
    status = models.CharField(
        _("状态"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    author = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("作者"),
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("新闻")
        verbose_name_plural = _("新闻")
        ordering = ["-published_at", "-id"]
        indexes = [
            models.Index(fields=["status", "-published_at", "-id"], name="article_published_idx"),
            models.Index(fields=["community", "status", "-published_at"], name="article_comm_idx"),
        ]

    def __str__(self) -> str:
        return self.title


class RoleAssignment(models.Model):
    """A role held by a person, scoped to a subdistrict, community, center or organisation."""

    class Role(models.TextChoices):
        SUBDISTRICT_ADMIN = "subdistrict_admin", _("街道管理员")
        CENTER_STAFF = "center_staff", _("中心工作人员")
        COMMUNITY_WORKER = "community_worker", _("社区工作者")
        EXPERT = "expert", _("智库专家")
        TEAM_LEADER = "team_leader", _("志愿服务队负责人")
        VOLUNTEER = "volunteer", _("志愿者")
        RESIDENT = "resident", _("居民")
        EMPLOYER = "employer", _("用人单位")
        ENTREPRENEUR = "entrepreneur", _("创业者")
        SYSTEM_ADMIN = "system_admin", _("系统管理员")
        SECURITY_ADMIN = "security_admin", _("安全管理员")
        AUDIT_ADMIN = "audit_admin", _("审计管理员")

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="roles")
    role = models.CharField(_("角色"), max_length=24, choices=Role.choices)
    area = models.ForeignKey(
        Area,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="role_assignments",
        verbose_name=_("范围（区域）"),
    )
    center = models.ForeignKey(
        Center,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="role_assignments",
        verbose_name=_("范围（中心）"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="role_assignments",
        verbose_name=_("范围（组织）"),
    )
    granted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("角色分配")
        verbose_name_plural = _("角色分配")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role", "area", "center", "organisation"],
                name="role_assignment_unique",
                nulls_distinct=False,
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()}"


class AuditQuerySet(models.QuerySet):
    """Bulk update and delete are refused; the database triggers refuse them too (0002)."""

    def update(self, **kwargs):
        raise PermissionError("audit entries are append-only")

    def delete(self):
        raise PermissionError("audit entries are append-only")


class AuditEntry(models.Model):
    """One line of the append-only audit trail. Never updated, never deleted by the app.

    Database triggers refuse UPDATE and DELETE on this table; the only way out is
    ``threecenters audit prune``, which grants deletion of entries older than the retention
    period through the ``threecenters_audit_prune`` table (see core/audit.py).
    """

    class Outcome(models.TextChoices):
        SUCCESS = "success", _("成功")
        FAILURE = "failure", _("失败")

    at = models.DateTimeField(_("时间"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("操作人"),
    )
    actor_label = models.CharField(_("操作人标识"), max_length=150, blank=True)
    action = models.CharField(_("事件"), max_length=60, db_index=True)
    outcome = models.CharField(
        _("结果"), max_length=8, choices=Outcome.choices, default=Outcome.SUCCESS
    )
    object_type = models.CharField(_("对象类型"), max_length=60, blank=True)
    object_id = models.CharField(_("对象编号"), max_length=64, blank=True)
    object_repr = models.CharField(_("对象"), max_length=200, blank=True)
    changes = models.JSONField(_("变更字段"), default=dict, blank=True)
    ip = models.GenericIPAddressField(_("IP 地址"), null=True, blank=True)
    user_agent = models.CharField(_("客户端"), max_length=300, blank=True)

    objects = AuditQuerySet.as_manager()

    class Meta:
        verbose_name = _("审计记录")
        verbose_name_plural = _("审计记录")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise PermissionError("audit entries are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("audit entries are append-only")


class TaskFailure(models.Model):
    """A background task attempt that raised; shown to staff so failures are never silent."""

    at = models.DateTimeField(_("时间"), default=timezone.now)
    task_name = models.CharField(_("任务"), max_length=200)
    attempt = models.PositiveSmallIntegerField(_("第几次尝试"))
    will_retry = models.BooleanField(_("将重试"))
    error = models.CharField(_("错误"), max_length=500)
    traceback = models.TextField(_("调用栈"), blank=True)

    class Meta:
        verbose_name = _("后台任务失败")
        verbose_name_plural = _("后台任务失败")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.task_name} #{self.attempt}"
