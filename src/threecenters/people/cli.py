"""The people subcommands of `threecenters`: token, user, residents, audit."""

from __future__ import annotations

import argparse
import secrets
import string
import sys
from datetime import datetime, time


def _err(message: str) -> int:
    print(f"threecenters: {message}", file=sys.stderr)
    return 1


def cmd_token(args: argparse.Namespace) -> int:
    from django.utils import timezone

    from threecenters.core.kit import ServiceError
    from threecenters.core.models import User
    from threecenters.people.models import ApiToken
    from threecenters.people.services import token_create, token_revoke

    if args.action == "create":
        if not args.login:
            return _err("token create needs a LOGIN")
        user = User.objects.filter(username=args.login).first()
        if user is None or not user.is_active:
            return _err(f"no active account with login {args.login}")
        expires_at = None
        if args.expires:
            try:
                day = datetime.strptime(args.expires, "%Y-%m-%d").date()
            except ValueError:
                return _err("--expires: expected YYYY-MM-DD")
            expires_at = timezone.make_aware(datetime.combine(day, time(23, 59, 59)))
        try:
            token, raw = token_create(
                actor=None, user=user, name=args.name or "cli", expires_at=expires_at, label="cli"
            )
        except ServiceError as exc:
            return _err(exc.message)
        print(raw)
        print(
            f"token {token.pk} ({token.name}) for {user.username}, expires "
            f"{timezone.localtime(token.expires_at):%Y-%m-%d}; shown once, stored hashed",
            file=sys.stderr,
        )
        return 0
    qs = ApiToken.objects.filter(revoked_at__isnull=True)
    if args.id is not None:
        qs = qs.filter(pk=args.id)
    elif args.login:
        qs = qs.filter(user__username=args.login)
        if args.name:
            qs = qs.filter(name=args.name)
    else:
        return _err("give a token id or a login (and optionally --name)")
    tokens = list(qs)
    if not tokens:
        return _err("no matching active token")
    for token in tokens:
        token_revoke(actor=None, token=token, label="cli")
        print(f"revoked token {token.pk} ({token.name})")
    return 0


def _random_password() -> str:
    alphabet = string.ascii_letters + string.digits
    body = "".join(secrets.choice(alphabet) for _i in range(14))
    return f"{body}-{secrets.randbelow(90) + 10}Aa"


def cmd_user(args: argparse.Namespace) -> int:
    import os

    from threecenters.core.kit import ServiceError
    from threecenters.core.models import Area, Center, Organisation
    from threecenters.people.services import user_create

    community = subdistrict = center = organisation = None
    if args.community:
        community = (
            Area.objects.filter(level=Area.Level.COMMUNITY).filter(slug=args.community).first()
            or Area.objects.filter(level=Area.Level.COMMUNITY, name=args.community).first()
        )
        if community is None:
            return _err(f"no community named {args.community}")
    if args.subdistrict:
        subdistrict = (
            Area.objects.filter(level=Area.Level.SUBDISTRICT, slug=args.subdistrict).first()
            or Area.objects.filter(level=Area.Level.SUBDISTRICT, name=args.subdistrict).first()
        )
        if subdistrict is None:
            return _err(f"no subdistrict named {args.subdistrict}")
    if args.center:
        center = Center.objects.filter(kind=args.center).order_by("id").first()
        if center is None:
            return _err(f"no center of kind {args.center}")
    if args.organisation:
        organisation = Organisation.objects.filter(name=args.organisation).first()
        if organisation is None:
            return _err(f"no organisation named {args.organisation}")
    if subdistrict is None and community is None:
        subdistrict = Area.objects.filter(level=Area.Level.SUBDISTRICT).order_by("id").first()
    password = os.environ.get("THREECENTERS_USER_PASSWORD") or _random_password()
    try:
        user = user_create(
            login=args.login,
            role=args.role,
            community=community,
            subdistrict=subdistrict,
            center=center,
            organisation=organisation,
            mobile=args.mobile,
            display_name=args.name or args.login,
            password=password,
        )
    except ServiceError as exc:
        return _err(exc.message)
    print(f"created {user.username} ({args.role}), public number {user.public_number}")
    if not os.environ.get("THREECENTERS_USER_PASSWORD"):
        print(f"initial password (shown once): {password}")
    return 0


def cmd_residents(args: argparse.Namespace) -> int:
    from pathlib import Path

    from threecenters.core.kit import ServiceError
    from threecenters.core.models import Area
    from threecenters.people import roster
    from threecenters.people.services import id_keys_rotate

    if args.action == "rotate-keys":
        print(f"re-encrypted {id_keys_rotate()} ID numbers with the current key")
        return 0
    if not args.file or not args.community:
        return _err("import needs FILE and --community")
    community = (
        Area.objects.filter(level=Area.Level.COMMUNITY, slug=args.community).first()
        or Area.objects.filter(level=Area.Level.COMMUNITY, name=args.community).first()
    )
    if community is None:
        return _err(f"no community named {args.community}")
    path = Path(args.file)
    if not path.is_file():
        return _err(f"no such file: {path}")
    with path.open("rb") as handle:
        data = handle.read(10**8)
    try:
        preview = roster.preview(data, community)
    except ServiceError as exc:
        return _err(exc.message)
    for row in preview.bad:
        masked = row.masked
        print(f"row {row.number} ({masked['name']} {masked['mobile']}): " + " ".join(row.errors))
    print(
        f"{len(preview.rows)} rows: {preview.new} new, {preview.matched} matched, "
        f"{len(preview.bad)} with problems (skipped)"
    )
    if args.dry_run:
        return 0
    counts = roster.apply(actor=None, community=community, data=data, label="cli")
    print(
        f"imported: {counts['created']} created, {counts['matched']} matched, "
        f"{counts['skipped']} skipped"
    )
    return 0


def cmd_audit(args: argparse.Namespace) -> int:
    from django.utils import timezone

    from threecenters.core.audit import PruneRefused, audit_prune

    try:
        day = datetime.strptime(args.before, "%Y-%m-%d").date()
    except ValueError:
        return _err("--before: expected YYYY-MM-DD")
    before = timezone.make_aware(datetime.combine(day, time.min))
    try:
        deleted = audit_prune(before=before)
    except PruneRefused as exc:
        return _err(str(exc))
    print(f"deleted {deleted} audit entries older than {day:%Y-%m-%d}")
    return 0


def add_parsers(sub, setup) -> None:
    """Register the subcommands; ``setup`` configures Django before a command runs."""

    def wrap(func):
        def run(args):
            setup()
            return func(args)

        return run

    p = sub.add_parser(
        "token",
        help="create or revoke API bearer tokens",
        description="`token create LOGIN --name NAME [--expires YYYY-MM-DD]` prints a new token "
        "once (stored hashed); it expires after THREECENTERS_TOKEN_DAYS (90) days unless "
        "--expires says otherwise. An account that must use two-factor sign-in gets its tokens "
        "only on its own token page (password and TOTP code). "
        "`token revoke (--id N | LOGIN [--name NAME])` revokes.",
    )
    p.add_argument("action", choices=["create", "revoke"])
    p.add_argument("login", nargs="?", help="the account's login name")
    p.add_argument("--name", help="what the token is for (create: default 'cli')")
    p.add_argument(
        "--expires", help="last valid day, YYYY-MM-DD (default: THREECENTERS_TOKEN_DAYS from now)"
    )
    p.add_argument("--id", type=int, help="revoke: the token's number")
    p.set_defaults(func=wrap(cmd_token))

    p = sub.add_parser(
        "user",
        help="create an account with a role",
        description="`user create LOGIN --role ROLE [--community NAME] [--mobile M]`. The "
        "password comes from THREECENTERS_USER_PASSWORD or is generated and printed once.",
    )
    p.add_argument("action", choices=["create"])
    p.add_argument("login", help="login name")
    p.add_argument("--role", required=True, help="role code, e.g. resident, community_worker")
    p.add_argument("--community", help="community code or name (community-scoped roles)")
    p.add_argument("--subdistrict", help="subdistrict code or name (default: the first)")
    p.add_argument("--center", choices=["incubator", "civility", "governance"], help="center_staff")
    p.add_argument("--organisation", help="organisation name (employer, team_leader)")
    p.add_argument("--mobile", help="11-digit mobile number")
    p.add_argument("--name", help="display name (default: the login)")
    p.set_defaults(func=wrap(cmd_user))

    p = sub.add_parser(
        "residents",
        help="import a resident roster (.xlsx) or rotate the ID-number key",
        description="`residents import FILE --community NAME [--dry-run]` lists every bad row, "
        "then imports the good ones (existing residents are matched, not duplicated). "
        "`residents rotate-keys` re-encrypts ID numbers with the first THREECENTERS_ID_KEYS key.",
    )
    p.add_argument("action", choices=["import", "rotate-keys"])
    p.add_argument("file", nargs="?", help="the .xlsx roster")
    p.add_argument("--community", help="community code or name")
    p.add_argument("--dry-run", action="store_true", help="only show the preview")
    p.set_defaults(func=wrap(cmd_residents))

    p = sub.add_parser(
        "audit",
        help="prune the audit trail",
        description="`audit prune --before YYYY-MM-DD` deletes entries older than the date; "
        "it refuses any date inside the retention period (THREECENTERS_AUDIT_RETENTION_DAYS).",
    )
    p.add_argument("action", choices=["prune"])
    p.add_argument("--before", required=True, help="YYYY-MM-DD")
    p.set_defaults(func=wrap(cmd_audit))
