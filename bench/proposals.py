"""Benchmark: the proposal board, the expert queue and the feasibility pre-check at scale.

    python bench/proposals.py [--databases sqlite,postgres] [--proposals 20000] [--reviews 60000]
                              [--clients 20] [--requests 2000] [--workers cores+1]
                              [--worker-class sync|gthread] [--threads 4]

For each database it generates the data (proposals, each with its review application, and
reviews = expert assignments with their score sheets), times the pre-check of single proposals
in-process, then starts ``threecenters serve`` on loopback and has N concurrent clients (one
keep-alive connection each) load the governance staff board and an expert's queue. It prints
p50/p95/p99 latencies and throughput. Targets (issue 6): board and queue p99 ≤ 100 ms at 20
clients, pre-check ≤ 200 ms. Nothing is asserted: this prints figures.

PostgreSQL: the database ``tc_bench_proposals`` on 127.0.0.1:5432 (or ``BENCH_PG_URL``) is
dropped and recreated.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
from benchlib import add_server_options, drive, redis_for  # noqa: E402

SESSIONS = 64  # signed-in sessions per role; client i uses session i mod 64
PG_URL = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/tc_bench_proposals")


# ---------------------------------------------------------------- inside the Django process
def generate(n_proposals: int, n_reviews: int, out: Path) -> None:
    import django

    django.setup()
    from datetime import timedelta
    from decimal import Decimal
    from importlib import import_module

    from django.conf import settings as django_settings
    from django.core.management import call_command
    from django.db import transaction
    from django.utils import timezone

    from threecenters.core.models import Area, RoleAssignment, User
    from threecenters.core.seed import seed_demo
    from threecenters.proposals import selectors
    from threecenters.proposals.models import Proposal, ProposalType
    from threecenters.reviews.models import Application, Assignment, Outcome, Score, State
    from threecenters.reviews.services import rubric_for

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    seed_demo()
    rng = random.Random(6)
    subdistrict = Area.objects.get(slug="jiujiang")
    communities = list(Area.objects.filter(parent=subdistrict, level=Area.Level.COMMUNITY))
    worker = User.objects.get(username="demo-jiaolong")
    experts = [User.objects.get(username="demo-expert"), User.objects.get(username="demo-expert2")]
    for i in range(28):
        user, _ = User.objects.get_or_create(username=f"bench-expert-{i}")
        RoleAssignment.objects.get_or_create(user=user, role="expert", area=subdistrict)
        experts.append(user)
    rubric = rubric_for(kind="proposal")
    criteria = list(rubric.criteria.all())
    words = [
        "架空层",
        "活动中心",
        "口袋公园",
        "微更新",
        "助餐",
        "四点半课堂",
        "议事厅",
        "健身",
        "图书角",
        "停车",
        "加装电梯",
        "绿化",
        "文化墙",
        "睦邻",
        "共享菜园",
        "托育",
    ]
    states = (
        [State.SUBMITTED] * 2
        + [State.UNDER_REVIEW] * 4
        + [State.DECIDED] * 5
        + [State.IN_PROGRESS] * 3
        + [State.CLOSED] * 2
        + [State.WITHDRAWN]
    )
    now = timezone.now()
    started = time.perf_counter()
    batch = 2000
    per = max(1, n_reviews // n_proposals)
    made_reviews = 0
    for start in range(0, n_proposals, batch):
        size = min(batch, n_proposals - start)
        with transaction.atomic():
            apps = []
            for _ in range(size):
                state = rng.choice(states)
                outcome = ""
                if state == State.DECIDED:
                    outcome = rng.choice(list(Outcome.values))
                elif state in {State.IN_PROGRESS, State.CLOSED}:
                    outcome = Outcome.APPROVED
                at = now - timedelta(minutes=rng.randint(0, 2 * 365 * 24 * 60))
                apps.append(
                    Application(
                        kind="proposal",
                        state=state,
                        outcome=outcome,
                        applicant=worker,
                        rubric=rubric,
                        submitted_at=at,
                        decided_at=at + timedelta(days=20) if outcome else None,
                    )
                )
            apps = Application.objects.bulk_create(apps)
            proposals = []
            for app in apps:
                a, b = rng.sample(words, 2)
                proposals.append(
                    Proposal(
                        community=(community := rng.choice(communities)),
                        subdistrict_id=community.parent_id,
                        author=worker,
                        application=app,
                        title=f"{a}{b}项目",
                        type=rng.choice(ProposalType.values),
                        address="九江街道",
                        area_m2=Decimal(rng.randint(20, 800)),
                        expected_daily_participants=rng.randint(10, 300),
                        budget_fen=rng.randint(1_000_000, 50_000_000),
                        funding_source="venture",
                        duration_months=rng.randint(3, 24),
                        version=1,
                        description=f"关于{a}和{b}的社区项目，服务周边居民。",
                        submitted_at=app.submitted_at,
                    )
                )
            Proposal.objects.bulk_create(proposals)
            assignments = []
            for app in apps:
                if made_reviews >= n_reviews:
                    break
                for reviewer in rng.sample(experts, per):
                    scored = app.state != State.SUBMITTED
                    assignments.append(
                        Assignment(
                            application=app,
                            reviewer=reviewer,
                            assigned_at=app.submitted_at,
                            scored_at=app.submitted_at + timedelta(days=3) if scored else None,
                            weighted_score=Decimal(rng.randint(100, 500)) / 100 if scored else None,
                        )
                    )
                    made_reviews += 1
            assignments = Assignment.objects.bulk_create(assignments)
            Score.objects.bulk_create(
                [
                    Score(assignment=a, criterion=c, value=rng.randint(1, 5))
                    for a in assignments
                    if a.scored_at
                    for c in criteria
                ],
                batch_size=5000,
            )
    generated = time.perf_counter() - started
    # the generated rows skipped the services, so put them into the search index as a rebuild
    # would: the pre-check finds similar proposals there
    from threecenters.search.services import reindex

    reindex(type_name="proposal")
    # fresh statistics and visibility maps, as autovacuum (PostgreSQL) or a periodic ANALYZE
    # (SQLite) keep them on a running system; done now, autovacuum does not compete with the
    # load below for the same two cores. Then the bulk load's dirty pages go to disk (a
    # checkpoint, and the kernel's write-back), as on a system whose data was not written
    # seconds before: otherwise that write-back runs during the load and is measured with it.
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("VACUUM ANALYZE")
            cursor.execute("CHECKPOINT")
        else:
            cursor.execute("ANALYZE")
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    os.sync()

    # the pre-check of single proposals, in-process (the figures reviewers see)
    sample = list(
        Proposal.objects.filter(application__isnull=False)
        .select_related("community")
        .order_by("?")[:60]
    )
    viewer = User.objects.get(username="demo-governance")
    for p in sample[:5]:
        selectors.precheck(p, viewer)
    timings = []
    for p in sample:
        t0 = time.perf_counter()
        items = selectors.precheck(p, viewer)
        for item in items:
            list(item.rows)
        timings.append((time.perf_counter() - t0) * 1000)

    from django.conf import settings
    from django.utils.module_loading import import_string

    backend = next(
        path
        for path in settings.AUTHENTICATION_BACKENDS
        if hasattr(import_string(path), "get_user")
    )

    def sessions(username: str) -> list[str]:
        """One signed-in session per client (each client is a person at their own screen), last
        seen at some moment of the past minute, as people's page views are spread: a shared
        session, or sessions all seen at the same second, would have every client rewrite its
        session in the same instant when the last-seen time comes due (once a minute)."""
        user = User.objects.get(username=username)
        keys = []
        now = int(time.time())
        for i in range(SESSIONS):
            # the configured engine: with Redis the session is cached, as after any page view
            store = import_module(django_settings.SESSION_ENGINE).SessionStore()
            store["_auth_user_id"] = str(user.pk)
            store["_auth_user_backend"] = backend
            store["_auth_user_hash"] = user.get_session_auth_hash()
            store["tc_auth_at"] = now - 3600
            store["tc_seen"] = now - i * 60 // SESSIONS
            store.create()
            keys.append(store.session_key)
        return keys

    out.write_text(
        json.dumps(
            {
                "proposals": Proposal.objects.count(),
                "reviews": Assignment.objects.count(),
                "scores": Score.objects.count(),
                "queue_size": Assignment.objects.filter(reviewer=experts[0]).count(),
                "generated_s": round(generated, 1),
                "precheck_ms": timings,
                "staff": sessions("demo-governance"),
                "expert": sessions("demo-expert"),
                "communities": [c.pk for c in communities],
            }
        )
    )


# ---------------------------------------------------------------- the load
def percentile(values: list[float], q: float) -> float:
    values = sorted(values)
    k = max(0, min(len(values) - 1, round(q / 100 * (len(values) - 1))))
    return values[k]


def load(port: int, cookies: list[str], paths: list[str], clients: int, total: int) -> dict:
    """`total` GETs of random `paths` from `clients` concurrent keep-alive connections, each
    client with its own session."""
    rngs = [random.Random(seed) for seed in range(clients)]
    errors: list[str] = []

    def make_request(client: int, _n: int):
        cookie = cookies[client % len(cookies)]
        return "GET", rngs[client].choice(paths), None, {"Cookie": f"sessionid={cookie}"}

    def on_response(_client: int, status: int, _body: bytes) -> None:
        if status != 200:
            errors.append(str(status))

    r = drive(
        port,
        make_request,
        clients=clients,
        seconds=600,
        max_requests=total,
        on_response=on_response,
    )
    latencies = [x * 1000 for x in r.latencies]
    return {
        "n": len(latencies),
        "p50": percentile(latencies, 50),
        "p95": percentile(latencies, 95),
        "p99": percentile(latencies, 99),
        "max": max(latencies),
        "rps": r.rps,
        "errors": errors[:5],
        "error_count": r.errors,
    }


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_ready(port: int, proc: subprocess.Popen, timeout: float = 120) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        if proc.poll() is not None:
            raise SystemExit("the server stopped before it was ready")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/readyz")
            if conn.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.5)
    raise SystemExit("the server did not become ready")


def prepare_postgres() -> None:
    import psycopg

    admin = PG_URL.rsplit("/", 1)[0] + "/postgres"
    name = PG_URL.rsplit("/", 1)[1]
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')


def bench_database(kind: str, args, workdir: Path) -> None:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "threecenters.settings",
        "SECRET_KEY": "bench-" + "x" * 40,
        "THREECENTERS_SECURE": "false",
        "THREECENTERS_VAR_DIR": str(workdir / kind),
        "THREECENTERS_LOG_LEVEL": "WARNING",
        "ALLOWED_HOSTS": "127.0.0.1",
    }
    redis_url = redis_for(kind, args.redis)
    if redis_url:
        env["THREECENTERS_REDIS_URL"] = redis_url
    else:
        env.pop("THREECENTERS_REDIS_URL", None)
    if kind == "postgres":
        prepare_postgres()
        env["DATABASE_URL"] = PG_URL
    else:
        env["DATABASE_URL"] = f"sqlite:///{workdir / kind / 'bench.sqlite3'}"
    result = workdir / f"{kind}.json"
    subprocess.run(
        [
            sys.executable,
            __file__,
            "--_generate",
            str(result),
            "--proposals",
            str(args.proposals),
            "--reviews",
            str(args.reviews),
        ],
        env=env,
        check=True,
    )
    data = json.loads(result.read_text())
    pre = data["precheck_ms"]
    print(
        f"\n== {kind}: {data['proposals']} proposals, {data['reviews']} reviews "
        f"({data['scores']} scores), generated in {data['generated_s']} s; "
        f"the benchmarked expert has {data['queue_size']} assignments; cache and sessions: "
        + ("Redis" if redis_url else "the database")
    )
    print(
        f"pre-check, one proposal, in-process ({len(pre)} proposals): "
        f"p50 {percentile(pre, 50):.1f} ms, p99 {percentile(pre, 99):.1f} ms, "
        f"max {max(pre):.1f} ms  (target ≤ 200 ms)"
    )

    port = free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "threecenters",
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--workers",
            str(args.workers),
            "--threads",
            str(args.threads),
            "--worker-class",
            args.worker_class,
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_ready(port, server)
        c = data["communities"]
        board = [
            "/staff/proposals/",
            "/staff/proposals/?state=under_review",
            f"/staff/proposals/?community={c[0]}",
            f"/staff/proposals/?community={c[-1]}&type=activity_space",
            "/staff/proposals/?period=2026",
            "/staff/proposals/?state=decided&period=2025-11",
        ]
        queue = ["/proposals/queue/", "/proposals/queue/?all=1"]
        load(port, data["staff"], board, args.clients, args.clients * 3)  # warm-up
        runs = [
            ("ceiling /healthz", data["staff"], ["/healthz"]),
            ("staff board", data["staff"], board),
            ("expert queue", data["expert"], queue),
        ]
        ceiling = None
        for label, cookies, paths in runs:
            one = load(port, cookies, paths, 1, 40)
            r = load(port, cookies, paths, args.clients, args.requests)
            ceiling = ceiling or r
            # the ratios to /healthz on the same server and moment cancel much of the
            # machine's own variation
            ratio = (
                ""
                if r is ceiling
                else f" ({r['rps'] / ceiling['rps']:.2f} of the ceiling's req/s, "
                f"p99 {r['p99'] / ceiling['p99']:.1f}× the ceiling's)"
            )
            print(
                f"{label}: 1 client p50 {one['p50']:.1f} ms; {args.clients} clients "
                f"({r['n']} requests): p50 {r['p50']:.1f} ms, p95 {r['p95']:.1f} ms, "
                f"p99 {r['p99']:.1f} ms, max {r['max']:.1f} ms, {r['rps']:.0f} req/s"
                + ratio
                + ("" if r is ceiling else "  (target p99 ≤ 100 ms)")
                + (f"  ERRORS {r['error_count']}: {r['errors']}" if r["error_count"] else "")
            )
    finally:
        server.terminate()
        server.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--databases", default="sqlite,postgres")
    parser.add_argument("--proposals", type=int, default=20000)
    parser.add_argument("--reviews", type=int, default=60000)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--requests", type=int, default=2000)
    add_server_options(parser)
    parser.add_argument("--_generate", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args._generate:
        generate(args.proposals, args.reviews, Path(args._generate))
        return
    load_avg = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(
        f"proposals benchmark on {os.cpu_count()} CPU(s), load average {load_avg}; "
        f"server: {args.workers} {args.worker_class} workers"
        + (f" × {args.threads} threads" if args.worker_class == "gthread" else "")
    )
    with tempfile.TemporaryDirectory(prefix="tc-bench-proposals-") as tmp:
        for kind in [k.strip() for k in args.databases.split(",") if k.strip()]:
            (Path(tmp) / kind).mkdir()
            bench_database(kind, args, Path(tmp))


if __name__ == "__main__":
    main()
