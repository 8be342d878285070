"""Resident roster import from Excel (.xlsx): 姓名, 手机号, 身份证号, 小区/地址, 标签.

The file is checked before openpyxl opens it: size, that it is a zip at all (an encrypted
workbook is an OLE container, a CSV or picture is neither), and the total uncompressed size and
compression ratio of its members (zip bombs). openpyxl parses with defusedxml. Every row is
validated and the preview lists each bad row and why; nothing is saved until confirmed.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from threecenters.core.audit import audit_record
from threecenters.core.kit import ServiceError, refusal_audit, service
from threecenters.core.masking import mask_id_number, mask_mobile, mask_name
from threecenters.core.models import Area, RoleAssignment, User, new_public_number
from threecenters.people import crypto
from threecenters.people.models import ResidentProfile, ResidentTag, RosterImport
from threecenters.people.services import Refused, generated_login

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
COLUMNS = {
    "name": ("姓名",),
    "mobile": ("手机号", "手机", "手机号码", "联系电话"),
    "id_number": ("身份证号", "身份证", "身份证号码"),
    "address": ("小区/地址", "地址", "小区", "住址"),
    "tags": ("标签",),
}
MOBILE = re.compile(r"^1[3-9]\d{9}$")
TAG_SPLIT = re.compile(r"[,，、;；\s]+")


@dataclass
class Row:
    number: int
    name: str
    mobile: str
    id_number: str
    address: str
    tags: list[str]
    errors: list[str] = field(default_factory=list)
    match: User | None = None
    profile: ResidentProfile | None = None

    @property
    def masked(self) -> dict:
        return {
            "name": mask_name(self.name),
            "mobile": mask_mobile(self.mobile),
            "id_number": mask_id_number(self.id_number),
        }


@dataclass
class Preview:
    rows: list[Row]

    @property
    def bad(self) -> list[Row]:
        return [r for r in self.rows if r.errors]

    @property
    def good(self) -> list[Row]:
        return [r for r in self.rows if not r.errors]

    @property
    def matched(self) -> int:
        return sum(1 for r in self.good if r.match is not None)

    @property
    def new(self) -> int:
        return sum(1 for r in self.good if r.match is None)


def check_file(data: bytes) -> None:
    """Refuse anything that is not a sane .xlsx before a parser sees it."""
    if len(data) > settings.ROSTER_MAX_BYTES:
        raise Refused(
            _("文件太大（上限 %(mb)s MB）。") % {"mb": settings.ROSTER_MAX_BYTES // (1024 * 1024)},
            status=422,
            field="file",
        )
    if data.startswith(OLE_MAGIC):
        raise Refused(
            _("这个表格设置了打开密码（或是旧版 .xls）。请取消密码并另存为 .xlsx 后再上传。"),
            status=422,
            field="file",
        )
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise Refused(_("这不是 Excel 表格（.xlsx）文件。"), status=422, field="file")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
            total = sum(m.file_size for m in members)
            packed = sum(m.compress_size for m in members) or 1
            names = {m.filename for m in members}
    except (zipfile.BadZipFile, OSError, ValueError):
        raise Refused(_("这不是 Excel 表格（.xlsx）文件。"), status=422, field="file") from None
    if total > settings.ROSTER_MAX_UNCOMPRESSED or (total > 1024 * 1024 and total / packed > 100):
        raise Refused(_("文件解压后异常巨大，已拒绝（疑似压缩炸弹）。"), status=422, field="file")
    if "xl/workbook.xml" not in names:
        raise Refused(_("这不是 Excel 表格（.xlsx）文件。"), status=422, field="file")


def _header_map(header: tuple) -> dict[str, int]:
    found: dict[str, int] = {}
    for index, cell in enumerate(header):
        text = str(cell or "").strip()
        for key, names in COLUMNS.items():
            if text in names and key not in found:
                found[key] = index
    return found


def _cell(values: tuple, index: int | None) -> str:
    if index is None or index >= len(values) or values[index] is None:
        return ""
    value = values[index]
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def parse(data: bytes) -> list[Row]:
    check_file(data)
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a damaged file; all mean the same here
        raise Refused(_("无法读取这个表格，文件可能已损坏。"), status=422, field="file") from None
    try:
        sheet = workbook.worksheets[0]
        rows_iter = sheet.iter_rows(values_only=True)
        header = next(rows_iter, None)
        if header is None:
            raise Refused(_("表格是空的。"), status=422, field="file")
        columns = _header_map(header)
        missing = [COLUMNS[k][0] for k in ("name", "mobile") if k not in columns]
        if missing:
            raise Refused(
                _("表头缺少必需的列：%(cols)s。需要的列：姓名、手机号、身份证号、小区/地址、标签。")
                % {"cols": "、".join(missing)},
                status=422,
                field="file",
            )
        rows: list[Row] = []
        for number, values in enumerate(rows_iter, start=2):
            if not any(v not in (None, "") for v in values):
                continue
            if len(rows) >= settings.ROSTER_MAX_ROWS:
                raise Refused(
                    _("行数太多：一次最多导入 %(n)s 行，请拆分后再上传。")
                    % {"n": settings.ROSTER_MAX_ROWS},
                    status=422,
                    field="file",
                )
            rows.append(
                Row(
                    number=number,
                    name=_cell(values, columns.get("name")),
                    mobile=_cell(values, columns.get("mobile")),
                    id_number=crypto.normalise_id_number(_cell(values, columns.get("id_number"))),
                    address=_cell(values, columns.get("address"))[:200],
                    tags=[t for t in TAG_SPLIT.split(_cell(values, columns.get("tags"))) if t],
                )
            )
    finally:
        workbook.close()
    if not rows:
        raise Refused(_("表格里没有居民数据。"), status=422, field="file")
    return rows


def _chunks(items: list, size: int = 500):
    for i in range(0, len(items), size):
        yield items[i : i + size]


def validate(rows: list[Row], community: Area) -> Preview:
    """Check every row; match the good ones to existing people (ID number first, then mobile)
    with a few batched queries, however long the roster."""
    known_tags = set(ResidentTag.objects.values_list("name", flat=True))
    seen_mobiles: dict[str, int] = {}
    seen_ids: dict[str, int] = {}
    for row in rows:
        if not row.name:
            row.errors.append(_("姓名为空。"))
        elif len(row.name) > 40:
            row.errors.append(_("姓名超过 40 个字符。"))
        if not MOBILE.match(row.mobile):
            row.errors.append(_("手机号格式不正确（应为 11 位）。"))
        elif row.mobile in seen_mobiles:
            row.errors.append(_("手机号与第 %(n)s 行重复。") % {"n": seen_mobiles[row.mobile]})
        else:
            seen_mobiles[row.mobile] = row.number
        if row.id_number:
            if not crypto.id_number_valid(row.id_number):
                row.errors.append(_("身份证号不正确（位数或校验码不对）。"))
            elif row.id_number in seen_ids:
                row.errors.append(_("身份证号与第 %(n)s 行重复。") % {"n": seen_ids[row.id_number]})
            else:
                seen_ids[row.id_number] = row.number
        unknown = [t for t in row.tags if t not in known_tags]
        if unknown:
            row.errors.append(_("未知标签：%(tags)s。") % {"tags": "、".join(unknown)})
    candidates = [r for r in rows if not r.errors]
    hashes = {r.number: crypto.keyed_hash(r.id_number) for r in candidates if r.id_number}
    by_hash: dict[str, ResidentProfile] = {}
    for chunk in _chunks(list(hashes.values())):
        for profile in ResidentProfile.objects.filter(id_hash__in=chunk).select_related("user"):
            by_hash[profile.id_hash] = profile
    by_mobile: dict[str, User] = {}
    for chunk in _chunks([r.mobile for r in candidates]):
        for user in User.objects.filter(mobile__in=chunk):
            by_mobile[user.mobile] = user
    profile_of: dict[int, ResidentProfile] = {p.user_id: p for p in by_hash.values()}
    missing = [u.pk for u in by_mobile.values() if u.pk not in profile_of]
    for chunk in _chunks(missing):
        for profile in ResidentProfile.objects.filter(user_id__in=chunk):
            profile_of[profile.user_id] = profile
    for row in candidates:
        by_id = by_hash.get(hashes.get(row.number, ""))
        user = by_mobile.get(row.mobile)
        if by_id and user and by_id.user_id != user.pk:
            row.errors.append(_("身份证号和手机号分别属于两个已登记的人，请核对。"))
            continue
        row.match = by_id.user if by_id else user
        if row.match is not None:
            profile = profile_of.get(row.match.pk)
            if (
                profile is not None
                and profile.community_id
                and profile.community_id != community.pk
            ):
                row.errors.append(_("此人已在其他社区登记，请联系该社区核对。"))
                row.match = None
            else:
                row.profile = profile
    return Preview(rows=rows)


def preview(data: bytes, community: Area) -> Preview:
    return validate(parse(data), community)


@service
def apply(*, actor: User | None, community: Area, data: bytes, label: str = "") -> dict[str, int]:
    """Import the good rows: match existing people (ID number, then mobile), never duplicate.
    New people are written in batches; matched ones only where something is missing."""
    result = preview(data, community)
    tags = {t.name: t for t in ResidentTag.objects.all()}
    good = result.good
    new_users = []
    for row in good:
        if row.match is None:
            user = User(
                username=generated_login(),
                mobile=row.mobile,
                display_name=row.name,
                public_number=new_public_number(),
            )
            user.set_unusable_password()
            row.match = user
            new_users.append(user)
    User.objects.bulk_create(new_users, batch_size=500)
    new_profiles = []
    for row in good:
        profile = row.profile
        if profile is None:
            profile = ResidentProfile(user=row.match, community=community)
            row.profile = profile
            new_profiles.append(profile)
        changed = False
        if profile.community_id is None:
            profile.community = community
            changed = True
        if row.address and not profile.address:
            profile.address = row.address
            changed = True
        if row.id_number and not profile.id_hash:
            profile.id_cipher = crypto.encrypt(row.id_number)
            profile.id_hash = crypto.keyed_hash(row.id_number)
            profile.id_masked = mask_id_number(row.id_number)
            changed = True
        if profile.pk and changed:
            profile.save()
        if not row.match.display_name:
            row.match.display_name = row.name
            row.match.save(update_fields=["display_name"])
    ResidentProfile.objects.bulk_create(new_profiles, batch_size=500)
    links = [
        ResidentProfile.tags.through(residentprofile_id=row.profile.pk, residenttag_id=tags[t].pk)
        for row in good
        for t in row.tags
    ]
    ResidentProfile.tags.through.objects.bulk_create(links, batch_size=500, ignore_conflicts=True)
    user_ids = [row.match.pk for row in good]
    has_role: set[int] = set()
    for chunk in _chunks(user_ids):
        has_role.update(
            RoleAssignment.objects.filter(
                user_id__in=chunk, role=RoleAssignment.Role.RESIDENT, area=community
            ).values_list("user_id", flat=True)
        )
    RoleAssignment.objects.bulk_create(
        [
            RoleAssignment(user_id=uid, role=RoleAssignment.Role.RESIDENT, area=community)
            for uid in dict.fromkeys(user_ids)
            if uid not in has_role
        ],
        batch_size=500,
    )
    counts = {
        "created": len(new_users),
        "matched": len(good) - len(new_users),
        "skipped": len(result.bad),
    }
    audit_record(actor=actor, action="residents.import", obj=community, label=label, changes=counts)
    return counts


# ---------------------------------------------------------------- the staff pages' two steps
@service
def upload(*, actor: User, community: Area, data: bytes) -> tuple[Preview, RosterImport]:
    """Check an uploaded roster and keep it (encrypted) for confirmation; a file refused is
    audited and nothing is kept."""
    try:
        checked = preview(data, community)
    except ServiceError as exc:
        refusal_audit(
            actor=actor,
            action="residents.import_refused",
            obj=community,
            changes={"reason": exc.message[:200]},
        )
        raise
    kept = RosterImport.objects.create(
        uploaded_by=actor, community=community, content_cipher=crypto.encrypt_bytes(data)
    )
    return checked, kept


@service
def upload_import(*, actor: User, upload: RosterImport) -> dict[str, int] | None:
    """Import a confirmed roster once: the claim on the upload, the import and the removal of
    the kept file are one transaction, so a refused import leaves the upload to confirm again.
    None when it was imported already."""
    claimed = RosterImport.objects.filter(pk=upload.pk, imported_at__isnull=True).update(
        imported_at=timezone.now(), content_cipher=b""
    )
    if not claimed:
        return None
    return apply(
        actor=actor, community=upload.community, data=crypto.decrypt_bytes(upload.content_cipher)
    )
