"""Helpers for the benchmarks: start `threecenters serve` on loopback, drive it with N
concurrent keep-alive clients for a bounded time, summarise latencies.

Only loopback addresses are ever targeted; every loop is bounded in time and count.
"""

from __future__ import annotations

import http.client
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
SECRET = "bench-secret-key-0123456789abcdefghijklmnopqrstuvwxyz"


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def postgres_url(name: str) -> str:
    """Create (or recreate) a PostgreSQL database for a benchmark and return its URL."""
    base = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")
    subprocess.run(
        ["psql", f"{base}/postgres", "-qc", f"DROP DATABASE IF EXISTS {name}"], check=True
    )
    subprocess.run(
        [
            "psql",
            f"{base}/postgres",
            "-qc",
            f"CREATE DATABASE {name} ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8' TEMPLATE template0",
        ],
        check=True,
    )
    return f"{base}/{name}"


def bench_env(var_dir: Path, database_url: str | None) -> dict:
    env = {
        **os.environ,
        "THREECENTERS_VAR_DIR": str(var_dir),
        "SECRET_KEY": SECRET,
        "THREECENTERS_SECURE": "false",
        "DJANGO_SETTINGS_MODULE": "threecenters.settings",
        "THREECENTERS_LOG_LEVEL": "WARNING",
    }
    env.pop("DATABASE_URL", None)
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


def threecenters(env: dict, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "threecenters", *args],
        env=env,
        check=check,
        capture_output=True,
        text=True,
    )


@contextmanager
def prepared(database: str, label: str):
    """A fresh database (SQLite file or PostgreSQL) migrated, in its own var dir."""
    with tempfile.TemporaryDirectory(prefix=f"bench-{label}-") as tmp:
        url = postgres_url(f"bench_{label}") if database == "postgres" else None
        env = bench_env(Path(tmp), url)
        threecenters(env, "migrate", "--verbosity", "0")
        yield env


@contextmanager
def server(env: dict, *, workers: int = 2, threads: int = 4):
    port = free_port()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "threecenters",
            "serve",
            "--host",
            HOST,
            "--port",
            str(port),
            "--workers",
            str(workers),
            "--threads",
            str(threads),
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                conn = http.client.HTTPConnection(HOST, port, timeout=2)
                conn.request("GET", "/healthz")
                if conn.getresponse().status == 200:
                    break
            except OSError:
                time.sleep(0.2)
        else:
            raise RuntimeError("server did not start: " + proc.stderr.read().decode()[-2000:])
        yield port
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()


@dataclass
class Result:
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    statuses: dict[int, int] = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def rps(self) -> float:
        return len(self.latencies) / self.seconds if self.seconds else 0.0

    def pct(self, p: float) -> float:
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))] * 1000

    def line(self, name: str) -> str:
        return (
            f"{name:<28} {self.rps:8.1f} req/s  p50 {self.pct(50):7.1f} ms  "
            f"p99 {self.pct(99):7.1f} ms  n={len(self.latencies)} errors={self.errors}"
        )


def drive(
    port: int,
    make_request: Callable[[int, int], tuple[str, str, bytes | None, dict]],
    *,
    clients: int,
    seconds: float,
    max_requests: int = 1_000_000,
    ok: Callable[[int], bool] = lambda status: status < 400,
) -> Result:
    """Run `clients` threads, each with a keep-alive connection, until `seconds` pass or
    `max_requests` are sent. make_request(client, n) returns (method, path, body, headers)."""
    result = Result()
    lock = threading.Lock()
    stop = time.monotonic() + seconds
    sent = [0]

    def worker(index: int) -> None:
        conn = http.client.HTTPConnection(HOST, port, timeout=30)
        n = 0
        while time.monotonic() < stop:
            with lock:
                if sent[0] >= max_requests:
                    return
                sent[0] += 1
            method, path, body, headers = make_request(index, n)
            n += 1
            start = time.perf_counter()
            try:
                conn.request(method, path, body=body, headers=headers)
                response = conn.getresponse()
                response.read()
                status = response.status
            except (OSError, http.client.HTTPException):
                conn.close()
                conn = http.client.HTTPConnection(HOST, port, timeout=30)
                with lock:
                    result.errors += 1
                continue
            elapsed = time.perf_counter() - start
            with lock:
                result.latencies.append(elapsed)
                result.statuses[status] = result.statuses.get(status, 0) + 1
                if not ok(status):
                    result.errors += 1

    began = time.perf_counter()
    threads = [threading.Thread(target=worker, args=(i,)) for i in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    result.seconds = time.perf_counter() - began
    return result


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")
