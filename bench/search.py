"""Search benchmark: indexing throughput, query latency and reindex memory, on SQLite and PostgreSQL.

    .venv/bin/python bench/search.py                 # 100,000 documents, both databases
    .venv/bin/python bench/search.py --n 5000 --db sqlite

For each database: a fresh database is migrated; N news articles are generated from the demo
vocabulary (sentences of the demo cases recombined) and registered as a search type; then a
separate process runs the full reindex (its peak resident memory is the reindex's) and a fixed
query mix. Prints figures; asserts nothing. Targets: p95 <= 50 ms, reindex of 100,000 documents
<= 2 minutes with peak memory <= 300 MB.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from benchlib import ROOT, bench_env, postgres_url  # noqa: E402

QUERY_MIX = [
    "社区小二",
    "三融三建",
    "水韵江安",
    "社区",
    "志愿服务",
    "党建引领 志愿服务",
    "张",
    "老人 吃饭",
    "垃圾分类",
    "加装电梯",
    '"花漾通讲"',
    "Wi-Fi 驿站",
    "网格员",
    "社区基金 公益",
    "河长制",
    "停车",
    "快递小哥",
    "议事会 老旧小区",
    "AND OR *",
    "不存在的词组合",
]
FILTERED = [
    ("社区", {"year": 2020}),
    ("志愿", {"community": "shijing"}),
    ("党建", {"tag": "志愿服务"}),
]


# ---------------------------------------------------------------- child processes
def _setup() -> None:
    import django

    django.setup()


def _register_bench_type() -> None:
    from threecenters.core.models import Article
    from threecenters.search.registry import Document, SearchType, register

    register(
        SearchType(
            name="bench",
            label="bench",
            model=Article,
            to_document=lambda a: Document(
                title=a.title,
                body=a.body,
                tags=a.summary.split("|") if a.summary else [],
                community_id=a.community_id,
                year=a.published_at.year,
            ),
            url=lambda a: f"/news/{a.pk}/",
            queryset=lambda: Article.objects.filter(summary__contains="|"),
        )
    )


def _vocabulary() -> tuple[list[str], list[str], list[str]]:
    from threecenters.governance.demo_cases import CASES

    sentences: list[str] = []
    titles: list[str] = []
    tags: set[str] = set()
    for case in CASES:
        titles.append(case[1])
        tags.update(case[5])
        for text in case[6:11] + (case[12],):
            sentences += [s.strip() + "。" for s in re.split(r"[。；]", text) if s.strip()]
    return sentences, titles, sorted(tags)


def child_generate(n: int) -> dict:
    _setup()
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from django.core.management import call_command

    from threecenters.core.models import Area, Article

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    district = Area.objects.create(name="双流区", slug="shuangliu", level="district")
    sub = Area.objects.create(
        name="九江街道", slug="jiujiang", level="subdistrict", parent=district
    )
    communities = [
        Area.objects.create(name=name, slug=slug, level="community", parent=sub)
        for slug, name in [
            ("jiaolong", "蛟龙社区"),
            ("dajing", "大井社区"),
            ("shijing", "石井社区"),
            ("zoujiachang", "邹家场社区"),
            ("jiangan", "江安社区"),
            ("tongjiang", "通讲社区"),
        ]
    ]
    sentences, titles, tags = _vocabulary()
    rng = random.Random(20201218)
    started = time.perf_counter()
    batch: list[Article] = []
    for i in range(n):
        community = rng.choice(communities)
        title = f"{community.name}{rng.choice(titles)[:14]}（{i}）"
        body = "".join(rng.choice(sentences) for _ in range(rng.randint(6, 16)))
        batch.append(
            Article(
                subdistrict=sub,
                community=community,
                title=title[:120],
                body=body,
                summary="|".join(rng.sample(tags, 2)),
                status="published",
                published_at=datetime(
                    rng.choice([2019, 2020, 2021]),
                    rng.randint(1, 12),
                    1,
                    tzinfo=ZoneInfo("Asia/Shanghai"),
                ),
            )
        )
        if len(batch) == 5000:
            Article.objects.bulk_create(batch)
            batch = []
    if batch:
        Article.objects.bulk_create(batch)
    return {"generated": n, "generate_seconds": round(time.perf_counter() - started, 1)}


def _percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def child_index_and_query(n: int, rounds: int) -> dict:
    _setup()
    _register_bench_type()
    from django.db import connection

    from threecenters.search import services
    from threecenters.search.selectors import search

    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    counts = services.reindex(type_name="bench")
    seconds = time.perf_counter() - started
    rss_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE search_tsv")
    latencies: dict[str, list[float]] = {}
    everything: list[float] = []
    for query in QUERY_MIX:  # warm-up pass
        search(query=query)
    for _ in range(rounds):
        for query in QUERY_MIX:
            t = time.perf_counter()
            search(query=query)
            ms = (time.perf_counter() - t) * 1000
            latencies.setdefault(query, []).append(ms)
            everything.append(ms)
        for query, filters in FILTERED:
            t = time.perf_counter()
            search(query=query, **filters)
            everything.append((time.perf_counter() - t) * 1000)
    # One write: the cost a service pays inside its transaction.
    from threecenters.core.models import Article

    article = Article.objects.order_by("pk").first()
    t = time.perf_counter()
    services.document_index(obj=article)
    single_ms = (time.perf_counter() - t) * 1000
    return {
        "vendor": connection.vendor,
        "indexed": counts["bench"],
        "reindex_seconds": round(seconds, 1),
        "docs_per_second": round(counts["bench"] / seconds),
        "peak_rss_mb": round(rss_peak / 1024),
        "rss_before_mb": round(rss_before / 1024),
        "p50_ms": round(_percentile(everything, 50), 1),
        "p95_ms": round(_percentile(everything, 95), 1),
        "max_ms": round(max(everything), 1),
        "slowest": sorted(
            ((q, round(_percentile(v, 50), 1)) for q, v in latencies.items()), key=lambda x: -x[1]
        )[:5],
        "single_document_index_ms": round(single_ms, 1),
    }


# ---------------------------------------------------------------- parent
def run(db: str, n: int, rounds: int) -> dict:
    var_dir = Path(tempfile.mkdtemp(prefix=f"tc-bench-search-{db}-"))
    url = postgres_url("tc_bench_search") if db == "postgres" else None
    env = bench_env(var_dir, url)
    results: dict = {"database": db, "n": n}
    for phase in ["generate", "index"]:
        proc = subprocess.run(
            [sys.executable, __file__, "--child", phase, "--n", str(n), "--rounds", str(rounds)],
            env=env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
        )
        if proc.returncode != 0:
            print(proc.stderr[-3000:], file=sys.stderr)
            raise SystemExit(f"bench/search.py: the {phase} phase failed on {db}")
        results.update(json.loads(proc.stdout.strip().splitlines()[-1]))
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=100_000, help="documents (default %(default)s)")
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--rounds", type=int, default=5, help="passes over the query mix")
    parser.add_argument("--child", choices=["generate", "index"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child == "generate":
        print(json.dumps(child_generate(args.n)))
        return 0
    if args.child == "index":
        print(json.dumps(child_index_and_query(args.n, args.rounds), ensure_ascii=False))
        return 0
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "threecenters.settings")
    for db in ["sqlite", "postgres"] if args.db == "both" else [args.db]:
        r = run(db, args.n, args.rounds)
        print(f"== search on {db}: {r['indexed']:,} documents")
        print(f"   generate (bulk insert)   {r['generate_seconds']} s")
        print(
            f"   reindex                  {r['reindex_seconds']} s  ({r['docs_per_second']:,} docs/s)"
        )
        print(
            f"   reindex peak memory      {r['peak_rss_mb']} MB RSS (process before reindex: {r['rss_before_mb']} MB)"
        )
        print(
            f"   query latency            p50 {r['p50_ms']} ms, p95 {r['p95_ms']} ms, max {r['max_ms']} ms"
        )
        print(f"   slowest queries (p50)    {r['slowest']}")
        print(f"   one document_index       {r['single_document_index_ms']} ms")
        sys.stdout.flush()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
