"""Event engine benchmarks against a real server on loopback; prints figures, asserts nothing
about time.

1. Sign-up rush: 2,000 sign-up attempts (2,000 different signed-in people, who have the event
   page open: their sessions were seen just now) from 40 concurrent keep-alive clients at one
   100-seat event with a waitlist, through POST /api/v1/events/{id}/registrations. A smaller
   rush at another event comes first and is not measured (every server process then has its
   connections open and the code loaded). Prints throughput, p50/p99 latency, counted
   registrations (must be 100), waitlisted and errors (must be 0), beside the /healthz ceiling
   of the same server from as many clients (this machine's speed varies). The server runs as in
   production behind nginx: `threecenters serve --worker-class sync --workers <cores + 1>`.
2. Event list with 100,000 events: GET /api/v1/events and the /events/ page with filters and
   keyset pages; prints p50/p99.

    python bench/events.py                      # SQLite in a fresh temporary directory
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tc_bench python bench/events.py

On PostgreSQL the database must exist; the benchmark adds its own rows (a new event per run and
the 100,000 list events once).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
from benchlib import add_server_options, drive, redis_for  # noqa: E402

LIST_EVENTS = 100_000
WARM_UP_SIGNUPS = 200
SERVER_LOG = Path(tempfile.gettempdir()) / "tc-bench-events-server.log"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def setup_environment(args) -> dict[str, str]:
    env = dict(os.environ)
    if not env.get("DATABASE_URL"):
        var = Path(tempfile.mkdtemp(prefix="tc-bench-events-"))
        env["THREECENTERS_VAR_DIR"] = str(var)
    env.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
    database = "postgres" if env.get("DATABASE_URL", "").startswith("postgres") else "sqlite"
    redis_url = redis_for(database, args.redis)
    if redis_url:
        env["THREECENTERS_REDIS_URL"] = redis_url
    else:
        env.pop("THREECENTERS_REDIS_URL", None)
        os.environ.pop("THREECENTERS_REDIS_URL", None)
    env.update(
        {
            "THREECENTERS_SECURE": "false",
            "THREECENTERS_SMS_BACKEND": "memory",
            "THREECENTERS_LOG_LEVEL": "WARNING",
            "DJANGO_SETTINGS_MODULE": "threecenters.settings",
        }
    )
    os.environ.update(env)
    return env


def prepare(args) -> tuple[int, int, list[str], str]:
    """Migrate, create the events, the people and their sessions; returns (event id, warm-up
    event id, session keys, database label)."""
    import django

    django.setup()
    from importlib import import_module

    from django.conf import settings as django_settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.utils import timezone

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    from threecenters.core.models import Area, Center, RoleAssignment, User
    from threecenters.events import kinds as event_kinds
    from threecenters.events import services
    from threecenters.events.models import Event

    district, _ = Area.objects.get_or_create(
        slug="bench-district", defaults={"name": "基准区", "level": Area.Level.DISTRICT}
    )
    sub, _ = Area.objects.get_or_create(
        slug="bench-sub",
        defaults={"name": "基准街道", "level": Area.Level.SUBDISTRICT, "parent": district},
    )
    communities = [
        Area.objects.get_or_create(
            slug=f"bench-c{i}",
            defaults={"name": f"基准社区{i}", "level": Area.Level.COMMUNITY, "parent": sub},
        )[0]
        for i in range(6)
    ]
    center, _ = Center.objects.get_or_create(
        subdistrict=sub, kind=Center.Kind.CIVILITY, defaults={"name": "基准中心"}
    )
    staff, created = User.objects.get_or_create(username="bench-staff")
    if created:
        RoleAssignment.objects.create(
            user=staff, role=RoleAssignment.Role.CENTER_STAFF, center=center
        )
    now = timezone.now()

    def rush_event(title: str, seats: int) -> Event:
        event = services.event_create(
            actor=staff,
            center=center,
            title=f"{title} {now:%H:%M:%S}",
            venue="基准广场",
            starts_at=now + timedelta(days=2),
            ends_at=now + timedelta(days=2, hours=2),
            capacity=seats,
            community=communities[0],
        )
        services.event_publish(actor=staff, event=event)
        return event

    event = rush_event("抢报名基准", args.seats)
    # a smaller rush first, not measured: every server thread then has its database
    # connection open and the sign-up code loaded, as on a server that has been running
    warm_event = rush_event("热身报名", 10)

    # People and their sessions, created directly (this is set-up, not what is measured).
    run = secrets.token_hex(3)
    people = [
        User(username=f"bench-{run}-{i}", display_name=f"居民{i}")
        for i in range(args.attempts + WARM_UP_SIGNUPS)
    ]
    for person in people:
        person.set_unusable_password()
    people = User.objects.bulk_create(people)
    keys = []
    with transaction.atomic():
        for person in people:
            # the configured engine: with Redis the session is cached, as after the page view
            store = import_module(django_settings.SESSION_ENGINE).SessionStore()
            store[SESSION_KEY] = str(person.pk)
            store[BACKEND_SESSION_KEY] = "threecenters.people.backends.MobileOrUsernameBackend"
            store[HASH_SESSION_KEY] = person.get_session_auth_hash()
            # people in a rush have the event page open: their session was seen just now
            store["tc_auth_at"] = store["tc_seen"] = int(time.time())
            store.create()
            keys.append(store.session_key)

    existing = Event.objects.filter(title__startswith="列表基准").count()
    if existing < LIST_EVENTS:
        start = now - timedelta(days=365)
        batch = []
        kinds = [k for k, _ in event_kinds.choices()]
        for i in range(existing, LIST_EVENTS):
            at = start + timedelta(minutes=7 * i)
            batch.append(
                Event(
                    center=center,
                    community=communities[i % 6],
                    kind=kinds[i % len(kinds)],
                    title=f"列表基准活动 {i}",
                    venue="某地",
                    starts_at=at,
                    ends_at=at + timedelta(hours=2),
                    capacity=(i % 5) * 20,
                    taken=(i % 7) * 3 if (i % 5) else i % 13,
                    status=Event.Status.PUBLISHED if i % 10 else Event.Status.FINISHED,
                )
            )
            if len(batch) == 5000:
                Event.objects.bulk_create(batch)
                batch = []
        if batch:
            Event.objects.bulk_create(batch)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE events_event")
        else:
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
    label = connection.vendor
    connection.close()
    return event.pk, warm_event.pk, keys, label


def start_server(
    env: dict[str, str], port: int, workers: int, threads: int, worker_class: str
) -> subprocess.Popen:
    exe = Path(sys.executable).with_name("threecenters")
    proc = subprocess.Popen(
        [
            str(exe),
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--workers",
            str(workers),
            "--threads",
            str(threads),
            "--worker-class",
            worker_class,
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        # a file, not a pipe: nobody reads a pipe while the load runs, and a server whose log
        # fills the pipe's buffer blocks on its next log line
        stderr=SERVER_LOG.open("wb"),
        start_new_session=True,
    )
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/readyz")
            if conn.getresponse().status == 200:
                return proc
        except OSError:
            time.sleep(0.3)
    proc.kill()
    raise SystemExit("server did not start:\n" + SERVER_LOG.read_text(errors="replace")[-2000:])


def warm_up(port: int, event_id: int) -> None:
    """A few reads from many connections, so every server thread has loaded its code and
    opened its database connection before anything is measured."""

    def reads():
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        for path in (f"/api/v1/events/{event_id}", "/api/v1/events", f"/events/{event_id}/") * 3:
            conn.request("GET", path)
            conn.getresponse().read()
        conn.close()

    threads = [threading.Thread(target=reads) for _ in range(32)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()


def rush(port: int, event_id: int, keys: list[str], clients: int) -> dict:
    """Each signed-in person (one session key each) POSTs one sign-up; `clients` connections
    keep the server busy until every key is used."""
    queue = list(keys)
    csrf = secrets.token_hex(16)
    errors: list[str] = []
    path = f"/api/v1/events/{event_id}/registrations"

    def make_request(_client: int, _n: int):
        key = queue.pop()
        headers = {"Cookie": f"sessionid={key}; csrftoken={csrf}", "X-CSRFToken": csrf}
        return "POST", path, b"", headers

    def on_response(_client: int, status: int, body: bytes) -> None:
        if status != 201:
            errors.append(f"{status} {body[:200]!r}")

    result = drive(
        port,
        make_request,
        clients=clients,
        seconds=600,
        max_requests=len(keys),
        ok=lambda status: status == 201,
        on_response=on_response,
    )
    if result.errors > len(errors):
        errors.append(f"{result.errors - len(errors)} connection error(s)")
    return {
        "latencies": result.latencies,
        "statuses": result.statuses,
        "errors": errors,
        "wall": result.seconds,
    }


def ceiling(port: int, clients: int) -> dict:
    """/healthz from the same number of clients: what this server and machine do at all at this
    moment (the machine's speed varies; the ratios to it travel better than raw figures)."""
    result = drive(
        port,
        lambda _c, _n: ("GET", "/healthz", b"", {}),
        clients=clients,
        seconds=60,
        max_requests=2000,
    )
    return {"latencies": result.latencies, "wall": result.seconds}


def list_bench(port: int, requests: int) -> dict[str, list[float]]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    queries = [
        "/api/v1/events",
        "/api/v1/events?community=bench-c3",
        "/api/v1/events?kind=lecture",
        "/api/v1/events?free=true&open=true",
        "/api/v1/events?from=2026-01-01&to=2026-12-31",
        "/events/",
        "/events/?community=bench-c2&free=1",
        "/events/?past=1",
    ]
    timings: dict[str, list[float]] = {"api": [], "page": []}
    cursors: dict[str, str | None] = {}
    for i in range(requests):
        path = queries[i % len(queries)]
        cursor = cursors.get(path)
        url = path + (("&" if "?" in path else "?") + f"after={cursor}" if cursor else "")
        began = time.perf_counter()
        conn.request("GET", url)
        response = conn.getresponse()
        body = response.read()
        elapsed = time.perf_counter() - began
        if response.status != 200:
            raise SystemExit(f"list request failed: {url} {response.status}")
        timings["api" if path.startswith("/api/") else "page"].append(elapsed)
        if path.startswith("/api/"):
            cursors[path] = json.loads(body).get("next_cursor")
    conn.close()
    return timings


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--attempts", type=int, default=2000)
    parser.add_argument("--clients", type=int, default=40)
    parser.add_argument("--seats", type=int, default=100)
    add_server_options(parser)
    parser.add_argument("--list-requests", type=int, default=400)
    args = parser.parse_args()

    env = setup_environment(args)
    sys.path.insert(0, str(ROOT / "src"))
    event_id, warm_id, keys, label = prepare(args)
    port = free_port()
    server = start_server(env, port, args.workers, args.threads, args.worker_class)
    try:
        warm_up(port, event_id)
        rush(port, warm_id, keys[:WARM_UP_SIGNUPS], args.clients)
        base = ceiling(port, args.clients)
        result = rush(port, event_id, keys[WARM_UP_SIGNUPS:], args.clients)
        timings = list_bench(port, args.list_requests)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)

    import django
    from django.db import connection

    django.setup()
    from threecenters.events.models import Event, Registration

    counts = {
        status: Registration.objects.filter(event_id=event_id, status=status).count()
        for status in (Registration.Status.REGISTERED, Registration.Status.WAITLISTED)
    }
    taken = Event.objects.values_list("taken", flat=True).get(pk=event_id)
    connection.close()
    lat = result["latencies"]
    print(
        f"== events sign-up rush on {label}: {args.attempts} attempts, {args.clients} clients, "
        f"{args.seats} seats, server {args.workers} {args.worker_class} workers"
        + (", cache and sessions in Redis" if os.environ.get("THREECENTERS_REDIS_URL") else "")
        + (f" x {args.threads} threads" if args.worker_class == "gthread" else "")
    )
    top = base["latencies"]
    top_rate = len(top) / base["wall"]
    print(
        f"ceiling /healthz  {top_rate:.0f} req/s, p50/p99 {pct(top, 0.5) * 1000:.0f} ms / "
        f"{pct(top, 0.99) * 1000:.0f} ms ({args.clients} clients, same server)"
    )
    rate = len(lat) / result["wall"]
    print(
        f"throughput        {rate:.0f} sign-ups/s ({result['wall']:.1f} s; "
        f"{rate / top_rate:.2f} of the ceiling's)"
    )
    if lat:
        print(
            f"latency p50/p99   {pct(lat, 0.5) * 1000:.0f} ms / {pct(lat, 0.99) * 1000:.0f} ms "
            f"(max {max(lat) * 1000:.0f} ms; p99 {pct(lat, 0.99) / pct(top, 0.99):.1f}× the "
            "ceiling's)  (target p99 ≤ 250 ms)"
        )
    print(
        f"registered        {counts[Registration.Status.REGISTERED]} (must be {args.seats}); seats taken {taken}"
    )
    print(f"waitlisted        {counts[Registration.Status.WAITLISTED]}")
    print(f"HTTP statuses     {dict(sorted(result['statuses'].items()))}")
    print(f"errors            {len(result['errors'])} (must be 0)")
    for line in result["errors"][:5]:
        print(f"  {line}")
    for kind, values in timings.items():
        print(
            f"list ({LIST_EVENTS:,} events) {kind:<4} p50/p99 {statistics.median(values) * 1000:.1f} ms / "
            f"{pct(values, 0.99) * 1000:.1f} ms over {len(values)} requests"
        )
    ok = counts[Registration.Status.REGISTERED] == args.seats and not result["errors"]
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
