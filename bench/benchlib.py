"""Helpers for the benchmarks: start `threecenters serve` on loopback, drive it with N
concurrent keep-alive clients for a bounded time, summarise latencies.

Only loopback addresses are ever targeted; every loop is bounded in time and count.
"""

from __future__ import annotations

import http.client
import os
import selectors
import socket
import statistics
import subprocess
import sys
import tempfile
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


DEFAULT_REDIS = "redis://127.0.0.1:6379/15"


def add_server_options(parser) -> None:
    """The server set-up options every benchmark that starts `threecenters serve` shares."""
    cores = os.cpu_count() or 1
    parser.add_argument(
        "--workers",
        type=int,
        default=cores + 1,
        help=f"server processes (default cores + 1 = {cores + 1}: the database, the load "
        "generator and the server share this machine's cores)",
    )
    parser.add_argument(
        "--worker-class",
        choices=["sync", "gthread"],
        default="sync",
        help="sync (default): the production setting behind nginx; see README, Running in "
        "production",
    )
    parser.add_argument("--threads", type=int, default=4, help="per process, gthread only")
    parser.add_argument(
        "--redis",
        default="auto",
        help="auto (default): Redis for cache and sessions on PostgreSQL when "
        f"{DEFAULT_REDIS} answers; none; or a redis:// URL",
    )


def redis_for(database: str, choice: str) -> str:
    """The Redis URL a benchmark run uses: PostgreSQL runs as the district setup in DESIGN.md
    (Redis for the cache and sessions) when Redis answers; SQLite as one box (database cache).
    ``choice`` is "auto", "none" or a redis:// URL."""
    if choice == "none" or (choice == "auto" and database != "postgres"):
        return ""
    url = DEFAULT_REDIS if choice == "auto" else choice
    try:
        import redis

        client = redis.Redis.from_url(url, socket_connect_timeout=1)
        client.ping()
        client.flushdb()  # a benchmark's own database number: nothing else lives there
    except Exception as exc:  # noqa: BLE001 — any failure means: run without Redis
        if choice != "auto":
            raise SystemExit(f"Redis at {url} does not answer: {exc}") from None
        print(f"(Redis at {url} does not answer; the PostgreSQL run uses the database cache)")
        return ""
    return url


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


def _request_bytes(port: int, method: str, path: str, body: bytes | None, headers: dict) -> bytes:
    head = [f"{method} {path} HTTP/1.1", f"Host: {HOST}:{port}"]
    head += [f"{name}: {value}" for name, value in headers.items()]
    if body is not None:
        head.append(f"Content-Length: {len(body)}")
    return ("\r\n".join(head) + "\r\n\r\n").encode("latin-1") + (body or b"")


class _Conn:
    __slots__ = (
        "index",
        "sock",
        "n",
        "buf",
        "started",
        "head_end",
        "length",
        "chunked",
        "status",
        "close",
    )

    def __init__(self, index: int, port: int) -> None:
        self.index = index
        self.n = 0
        self.sock = socket.create_connection((HOST, port), timeout=30)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.reset()

    def reset(self) -> None:
        self.buf = bytearray()
        self.started = 0.0
        self.head_end = -1
        self.length = 0
        self.chunked = False
        self.status = 0
        self.close = False

    def complete(self) -> bool:
        """Parse what has arrived; True once one whole response is in the buffer."""
        if self.head_end < 0:
            end = self.buf.find(b"\r\n\r\n")
            if end < 0:
                return False
            self.head_end = end + 4
            lines = bytes(self.buf[:end]).decode("latin-1").split("\r\n")
            self.status = int(lines[0].split(" ", 2)[1])
            for line in lines[1:]:
                name, _, value = line.partition(":")
                name = name.strip().lower()
                if name == "content-length":
                    self.length = int(value)
                elif name == "transfer-encoding" and "chunked" in value.lower():
                    self.chunked = True
                elif name == "connection" and value.strip().lower() == "close":
                    self.close = True
        if self.chunked:
            return self.buf.endswith(b"0\r\n\r\n")
        return len(self.buf) - self.head_end >= self.length


def drive(
    port: int,
    make_request: Callable[[int, int], tuple[str, str, bytes | None, dict]],
    *,
    clients: int,
    seconds: float,
    max_requests: int = 1_000_000,
    ok: Callable[[int], bool] = lambda status: status < 400,
    on_response: Callable[[int, int, bytes], None] | None = None,
) -> Result:
    """Keep `clients` keep-alive connections busy (each sends its next request as soon as the
    previous answer is complete) until `seconds` pass or `max_requests` are sent.

    One thread multiplexes every connection with `selectors` and sends pre-built bytes, so the
    load generator spends far less of the shared CPU than a thread per client with
    http.client would; the latency of a request is from its send to its last byte.
    make_request(client, n) returns (method, path, body, headers); on_response(client, status,
    body) sees each answer."""
    result = Result()
    stop = time.monotonic() + seconds
    sent = 0
    selector = selectors.DefaultSelector()

    def send_next(conn: _Conn) -> bool:
        nonlocal sent
        if time.monotonic() >= stop or sent >= max_requests:
            return False
        sent += 1
        method, path, body, headers = make_request(conn.index, conn.n)
        conn.n += 1
        conn.reset()
        conn.started = time.perf_counter()
        conn.sock.sendall(_request_bytes(port, method, path, body, headers))
        return True

    def close(conn: _Conn) -> None:
        selector.unregister(conn.sock)
        conn.sock.close()

    began = time.perf_counter()
    for index in range(clients):
        conn = _Conn(index, port)
        selector.register(conn.sock, selectors.EVENT_READ, conn)
        if not send_next(conn):
            close(conn)
    while selector.get_map():
        for key, _mask in selector.select(timeout=1.0):
            conn = key.data
            try:
                chunk = conn.sock.recv(262144)
            except OSError:
                chunk = b""
            if not chunk:  # the server closed the connection: count it, reconnect
                result.errors += 1
                close(conn)
                replacement = _Conn(conn.index, port)
                replacement.n = conn.n
                selector.register(replacement.sock, selectors.EVENT_READ, replacement)
                if not send_next(replacement):
                    close(replacement)
                continue
            conn.buf += chunk
            if not conn.complete():
                continue
            result.latencies.append(time.perf_counter() - conn.started)
            result.statuses[conn.status] = result.statuses.get(conn.status, 0) + 1
            if not ok(conn.status):
                result.errors += 1
            if on_response is not None:
                on_response(conn.index, conn.status, bytes(conn.buf[conn.head_end :]))
            if conn.close:  # a server without keep-alive: the next request opens a connection
                close(conn)
                fresh = _Conn(conn.index, port)
                fresh.n = conn.n
                selector.register(fresh.sock, selectors.EVENT_READ, fresh)
                conn = fresh
            if not send_next(conn):
                close(conn)
        now = time.perf_counter()
        for key in list(selector.get_map().values()):
            if now - key.data.started > 30:  # no answer in 30 s: an error, not a hang
                result.errors += 1
                close(key.data)
    result.seconds = time.perf_counter() - began
    return result


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")
