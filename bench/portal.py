"""Portal and API throughput against the framework ceiling.

Starts `threecenters serve` on loopback with the demo data, drives the home page, a community
page and /api/v1/communities with N concurrent keep-alive clients for a bounded time, and prints
requests/s, p50 and p99 for each beside /healthz — a view that returns a constant through the
same middleware stack (the ceiling). The ratio to the ceiling is the figure.

    python bench/portal.py [--database sqlite|postgres|both] [--clients 20] [--seconds 10]

Targets (issue 2): portal pages ≥ 0.5 of the ceiling, p99 ≤ 100 ms with 20 clients.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from benchlib import drive, prepared, server, threecenters  # noqa: E402

PAGES = [
    ("ceiling /healthz", "/healthz"),
    ("home /", "/"),
    ("community /communities/dajing/", "/communities/dajing/"),
    ("api /api/v1/communities", "/api/v1/communities"),
]


def run(database: str, clients: int, seconds: float, workers: int) -> None:
    with prepared(database, "http") as env:
        threecenters(env, "seed", "demo")
        with server(env, workers=workers) as port:
            print(
                f"\n== {database}: {clients} clients, {seconds:.0f} s per page, {workers} workers =="
            )
            # Warm up every page once per worker thread.
            for _, path in PAGES:
                drive(
                    port,
                    lambda c, n, p=path: ("GET", p, None, {}),
                    clients=4,
                    seconds=1,
                    max_requests=40,
                )
            ceiling = None
            for name, path in PAGES:
                result = drive(
                    port,
                    lambda c, n, p=path: ("GET", p, None, {}),
                    clients=clients,
                    seconds=seconds,
                )
                ratio = ""
                if ceiling is None:
                    ceiling = result.rps
                else:
                    ratio = f"  ratio {result.rps / ceiling:4.2f}"
                print(result.line(name) + ratio)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    for database in ["sqlite", "postgres"] if args.database == "both" else [args.database]:
        run(database, args.clients, args.seconds, args.workers)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
