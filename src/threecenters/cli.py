"""The `threecenters` command (also `python -m threecenters`)."""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from collections.abc import Sequence

DEMO_ADDRESS = ("127.0.0.1", 8000)


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "threecenters.settings")
    import django
    from django.core.exceptions import ImproperlyConfigured

    try:
        django.setup()
    except ImproperlyConfigured as exc:
        from threecenters.env import SettingsError

        if isinstance(exc, SettingsError):
            print(f"threecenters: configuration error: {exc}", file=sys.stderr)
            raise SystemExit(2) from None
        raise


def _call(*args, **kwargs) -> None:
    from django.core.management import call_command

    call_command(*args, **kwargs)


def cmd_migrate(args: argparse.Namespace) -> int:
    _setup()
    _call("migrate", interactive=False, verbosity=args.verbosity)
    _call("createcachetable", verbosity=args.verbosity)
    return 0


def cmd_seed(args: argparse.Namespace) -> int:
    _setup()
    from threecenters.core.seed import seed_everything

    for app, result in seed_everything().items():
        print(f"demo data ready: {app}: {result}")
    return 0


def _print_logins() -> None:
    from django.conf import settings

    from threecenters.core.seed import demo_logins

    print(f"Demo logins (password: {settings.DEMO_PASSWORD}):")
    for login, role in demo_logins():
        print(f"  {login:<18} {role}")


def cmd_demo(args: argparse.Namespace) -> int:
    os.environ.setdefault("THREECENTERS_DEMO", "1")
    # The demo runs on plain HTTP on the loopback address.
    os.environ.setdefault("THREECENTERS_SECURE", "false")
    _setup()
    _call("migrate", interactive=False, verbosity=0)
    _call("createcachetable", verbosity=0)
    _call("collectstatic", interactive=False, verbosity=0)
    from threecenters.core.seed import seed_everything

    seed_everything()
    print(f"Three Centers demo: http://{args.host}:{args.port}/  (Ctrl-C stops it)")
    _print_logins()
    print(
        "SMS codes are printed below as they are sent (logger threecenters.sms) and listed "
        "at /staff/sms/ (demo-sysadmin)."
    )
    sys.stdout.flush()
    worker = [sys.executable, "-m", "threecenters", "worker"]
    server = _server_argv(args.host, args.port, args.workers, threads=4)
    return _supervise([worker, server])


def _die_with_parent() -> None:  # pragma: no cover — runs in the child before exec
    """Linux: the child gets SIGTERM when the demo process dies, even by SIGKILL."""
    import contextlib
    import ctypes
    import signal

    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def _supervise(commands: list[list[str]], *, grace: float = 10.0) -> int:
    """Run ``commands`` side by side until one ends or this process is told to stop (Ctrl-C,
    SIGTERM, SIGHUP); then stop the others (SIGTERM, SIGKILL after ``grace`` seconds) and wait
    for them, so none is left behind. Returns the exit status of the one that ended first (0
    when stopped)."""
    import signal
    import subprocess
    import time

    def stop(signum, frame):
        raise KeyboardInterrupt

    previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGTERM, signal.SIGHUP)}
    children: list[subprocess.Popen] = []
    status = 0
    try:
        for argv in commands:
            preexec = _die_with_parent if sys.platform.startswith("linux") else None
            children.append(subprocess.Popen(argv, preexec_fn=preexec))  # noqa: S603, PLW1509
        while True:
            ended = [c for c in children if c.poll() is not None]
            if ended:
                status = ended[0].returncode
                print(f"threecenters: {ended[0].args[0]} stopped ({status}); stopping the demo")
                break
            time.sleep(0.2)
    except KeyboardInterrupt:
        status = 0
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        for child in children:
            if child.poll() is None:
                child.terminate()
        deadline = time.monotonic() + grace
        for child in children:
            try:
                child.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                child.kill()
                child.wait()
    return status


# gunicorn creates its heartbeat files there with mkstemp and unlinks them at once
HEARTBEAT_DIR = "/dev/shm"  # noqa: S108


def _run_server(
    host: str,
    port: int,
    workers: int,
    threads: int,
    worker_class: str = "gthread",
    *,
    access_log: bool = True,
) -> int:
    argv = _server_argv(host, port, workers, threads, worker_class, access_log=access_log)
    os.execv(argv[0], argv)  # noqa: S606 — replaces this process with the server
    return 0


def _server_argv(
    host: str,
    port: int,
    workers: int,
    threads: int,
    worker_class: str = "gthread",
    *,
    access_log: bool = True,
) -> list[str]:
    gunicorn = shutil.which("gunicorn", path=os.path.dirname(sys.executable)) or shutil.which(
        "gunicorn"
    )
    argv = [
        gunicorn or "gunicorn",
        "threecenters.wsgi:application",
        # server hooks: each worker freezes what it loaded (threecenters.serving)
        "--config",
        "python:threecenters.serving",
        "--bind",
        f"{host}:{port}",
        "--workers",
        str(workers),
        *(["--threads", str(threads)] if worker_class == "gthread" else []),
        "--worker-class",
        worker_class,
        *(["--access-logfile", "-"] if access_log else []),
        "--graceful-timeout",
        "5",
        "--forwarded-allow-ips",
        os.environ.get("THREECENTERS_FORWARDED_ALLOW_IPS", "127.0.0.1"),
    ]
    if os.path.isdir(HEARTBEAT_DIR) and os.access(HEARTBEAT_DIR, os.W_OK):
        # each worker touches a heartbeat file on every request; on a disk file system that
        # metadata write can wait for the journal (a latency spike), in memory it cannot
        argv += ["--worker-tmp-dir", HEARTBEAT_DIR]
    return argv


def _positive(value: str) -> int:
    number = int(value) if value.isdigit() else 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, got {value!r}")
    return number


def cmd_serve(args: argparse.Namespace) -> int:
    if not os.environ.get("SECRET_KEY") and os.environ.get("THREECENTERS_DEMO") != "1":
        print(
            "threecenters: configuration error: SECRET_KEY: required for `serve` "
            "(set THREECENTERS_DEMO=1 to use the generated demo key)",
            file=sys.stderr,
        )
        return 2
    _setup()
    if not args.no_collectstatic:
        _call("collectstatic", interactive=False, verbosity=0)
    workers = args.workers
    if workers is None:
        cores = os.cpu_count() or 1
        workers = 2 * cores + 1 if args.worker_class == "sync" else cores + 1
    return _run_server(
        args.host, args.port, workers, args.threads, args.worker_class, access_log=args.access_log
    )


def cmd_worker(args: argparse.Namespace) -> int:
    _setup()
    options = {"queue_name": args.queue, "interval": args.interval}
    if args.batch:
        options["batch"] = True
    _call("db_worker", **options)
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    _setup()
    from django.core.management.base import SystemCheckError

    try:
        _call("check", deploy=args.deploy, fail_level="WARNING")
    except SystemCheckError as exc:
        print(exc, file=sys.stderr)
        return 1
    return 0


def cmd_createadmin(args: argparse.Namespace) -> int:
    _setup()
    from threecenters.core.accounts import Role, account_create
    from threecenters.core.kit import ServiceError
    from threecenters.core.models import Area

    area = None
    if args.subdistrict:
        area = Area.objects.filter(slug=args.subdistrict, level=Area.Level.SUBDISTRICT).first()
        if area is None:
            print(f"threecenters: no subdistrict with code {args.subdistrict}", file=sys.stderr)
            return 1
    password = os.environ.get("THREECENTERS_ADMIN_PASSWORD")
    if not password:
        import getpass

        password = getpass.getpass("Password: ")
    if not password:
        print("threecenters: a password is required", file=sys.stderr)
        return 1
    try:
        user = account_create(
            login=args.username, role=Role.SYSTEM_ADMIN, area=area, password=password
        )
    except ServiceError as exc:
        print(f"threecenters: {exc.message}", file=sys.stderr)
        return 1
    print(f"created {user.username}: system administrator of {area or 'the installation'}")
    return 0


def cmd_search(args: argparse.Namespace) -> int:
    _setup()
    from django.core.management.base import CommandError

    options = {"chunk": args.chunk}
    if args.type:
        options["type_name"] = args.type
    try:
        _call("search_reindex", **options)
    except CommandError as exc:
        print(f"threecenters: {exc}", file=sys.stderr)
        return 1
    return 0


def cmd_manage(args: argparse.Namespace) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "threecenters.settings")
    _setup()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["threecenters manage", *args.rest])
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="threecenters",
        description="Three Centers (三中心): a subdistrict's community-governance platform.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser(
        "demo",
        help="migrate, load demo data and serve at http://127.0.0.1:8000",
        description="Migrate the SQLite database under ./var/, load the demo data "
        "(idempotent), print the demo logins and serve until Ctrl-C, with a background worker "
        "beside the server (it sends the SMS codes, printed here with the console backend); "
        "Ctrl-C stops both.",
    )
    p.add_argument(
        "--host", default=DEMO_ADDRESS[0], help="address to listen on (default %(default)s)"
    )
    p.add_argument("--port", type=int, default=DEMO_ADDRESS[1], help="port (default %(default)s)")
    p.add_argument(
        "--workers", type=_positive, default=2, help="server processes (default %(default)s)"
    )
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser(
        "serve",
        help="production server (gunicorn, static files by WhiteNoise)",
        description="Serve the platform with gunicorn. Needs SECRET_KEY in production.",
    )
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default %(default)s)")
    p.add_argument("--port", type=int, default=8000, help="port (default %(default)s)")
    p.add_argument(
        "--workers",
        type=_positive,
        help="worker processes (default: cores + 1 for gthread, 2 × cores + 1 for sync)",
    )
    p.add_argument(
        "--threads", type=_positive, default=4, help="threads per worker (default %(default)s)"
    )
    p.add_argument(
        "--worker-class",
        choices=["gthread", "sync"],
        default="gthread",
        help="gthread (default): threads and keep-alive, safe facing browsers directly; sync: "
        "one request at a time per process, the lowest latency under load behind a reverse "
        "proxy that buffers requests (nginx); --threads is then ignored",
    )
    p.add_argument(
        "--access-log",
        action="store_true",
        help="log every request here too (off by default: nginx in front logs them, and the "
        "log line costs the server a few percent of its time per request)",
    )
    p.add_argument("--no-collectstatic", action="store_true", help="skip collecting static files")
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser(
        "worker",
        help="run background tasks from the database queue",
        description="Run background tasks (django-tasks database queue). Several "
        "workers may run at once; each task is claimed by one.",
    )
    p.add_argument("--queue", default="default", help="queue name (default %(default)s)")
    p.add_argument(
        "--interval", type=float, default=1.0, help="seconds between polls (default %(default)s)"
    )
    p.add_argument("--batch", action="store_true", help="run what is queued, then exit")
    p.set_defaults(func=cmd_worker)

    p = sub.add_parser(
        "migrate",
        help="apply database migrations and create the cache table",
        description="Apply all database migrations.",
    )
    p.add_argument("--verbosity", type=int, default=1, help="0–3 (default %(default)s)")
    p.set_defaults(func=cmd_migrate)

    p = sub.add_parser(
        "seed",
        help="load data sets",
        description="Load a data set. `seed demo` loads the "
        "九江街道 demo; running it twice changes nothing.",
    )
    p.add_argument("dataset", choices=["demo"], help="which data set")
    p.set_defaults(func=cmd_seed)

    p = sub.add_parser(
        "check",
        help="run Django's system checks",
        description="Run the system checks; warnings fail the command.",
    )
    p.add_argument("--deploy", action="store_true", help="include the production (deploy) checks")
    p.set_defaults(func=cmd_check)

    p = sub.add_parser(
        "createadmin",
        help="create a system administrator account",
        description="Create a system administrator: the role keeps the reference data in "
        "/admin/; it is not a Django superuser. Reads THREECENTERS_ADMIN_PASSWORD or asks for "
        "the password.",
    )
    p.add_argument("username", help="login name")
    p.add_argument(
        "--subdistrict",
        default=None,
        help="subdistrict code (slug) the admin belongs to (default: the whole installation)",
    )
    p.set_defaults(func=cmd_createadmin)

    from threecenters.people.cli import add_parsers

    add_parsers(sub, _setup)

    p = sub.add_parser(
        "search",
        help="maintain the full-text search index",
        description="Maintain the Chinese full-text search index.",
    )
    search_sub = p.add_subparsers(dest="search_command", required=True, metavar="ACTION")
    r = search_sub.add_parser(
        "reindex",
        help="rebuild the index (all types, or one with --type)",
        description="Rebuild the search index from the records, in chunks "
        "(bounded memory). Without --type every registered type is rebuilt.",
    )
    r.add_argument("--type", default=None, help="only this type, e.g. case")
    r.add_argument("--chunk", type=int, default=500, help="records per chunk (default %(default)s)")
    r.set_defaults(func=cmd_search)

    p = sub.add_parser(
        "manage",
        help="run any Django management command",
        add_help=False,
        description="Pass the rest of the line to Django's manage.py.",
    )
    p.add_argument(
        "rest", nargs=argparse.REMAINDER, help="the management command and its arguments"
    )
    p.set_defaults(func=cmd_manage)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    return int(args.func(args) or 0)
