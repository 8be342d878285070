"""Strict readers of environment variables: a junk value raises ``SettingsError`` naming the
variable, and the command line turns that into one line on stderr."""

from __future__ import annotations

import ipaddress
import os
import secrets
from pathlib import Path
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured


class SettingsError(ImproperlyConfigured):
    """A bad environment value; the message names the variable."""


_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default).strip()


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise SettingsError(f"{name}: expected one of true/false/1/0/yes/no/on/off, got {raw!r}")


def env_int(name: str, default: int, *, minimum: int = 0, maximum: int = 10**9) -> int:
    raw = os.environ.get(name)
    if raw is None or not raw.strip():
        return default
    try:
        value = int(raw.strip())
    except ValueError:
        raise SettingsError(f"{name}: expected a whole number, got {raw!r}") from None
    if not minimum <= value <= maximum:
        raise SettingsError(f"{name}: must be between {minimum} and {maximum}, got {value}")
    return value


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_networks(name: str, default: str) -> tuple[bool, tuple]:
    """A comma-separated list of IP addresses and networks (``10.0.0.0/8``), or ``*`` for any
    address: ``(any, networks)``. A malformed entry raises ``SettingsError``."""
    raw = os.environ.get(name, default)
    networks = []
    anything = False
    for item in (part.strip() for part in raw.split(",")):
        if item == "*":
            anything = True
        elif item:
            try:
                networks.append(ipaddress.ip_network(item, strict=False))
            except ValueError:
                raise SettingsError(
                    f"{name}: expected IP addresses or networks (or *), got {item!r}"
                ) from None
    return anything, tuple(networks)


def database_from_url(url: str, var_dir: Path) -> dict:
    """Turn ``DATABASE_URL`` into a Django DATABASES entry, refusing anything malformed."""
    if not url:
        path = var_dir / "threecenters.sqlite3"
        return sqlite_database(path)
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme == "sqlite":
        # sqlite:///relative/path or sqlite:////absolute/path
        raw_path = parts.path[1:] if parts.path.startswith("/") else parts.path
        if not raw_path or parts.netloc:
            raise SettingsError(
                f"DATABASE_URL: a SQLite URL looks like sqlite:///var/db.sqlite3, got {url!r}"
            )
        return sqlite_database(Path(raw_path))
    if scheme in {"postgres", "postgresql", "pgsql"}:
        try:
            port = parts.port
        except ValueError:
            raise SettingsError(f"DATABASE_URL: bad port in {url!r}") from None
        name = parts.path.lstrip("/")
        if not parts.hostname and "host=" not in parts.query:
            raise SettingsError(f"DATABASE_URL: no host in {url!r}")
        if not name or "/" in name:
            raise SettingsError(f"DATABASE_URL: no database name in {url!r}")
        import dj_database_url

        config = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
        config["ENGINE"] = "django.db.backends.postgresql"
        config["PORT"] = port or ""
        config.setdefault("OPTIONS", {})
        config["TEST"] = {"TEMPLATE": "template0", "CHARSET": "UTF8"}
        return config
    raise SettingsError(
        f"DATABASE_URL: expected a sqlite:/// or postgres:// URL, got {url.split('@')[-1]!r}"
    )


def sqlite_database(path: Path) -> dict:
    path.parent.mkdir(parents=True, exist_ok=True)
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(path),
        # Keep each thread's connection: opening one re-runs the PRAGMAs below on every request.
        "CONN_MAX_AGE": 600,
        # Tests use a file too: threads in concurrency tests need real SQLite locking (WAL,
        # busy timeout), which the shared-cache in-memory database does not give.
        "TEST": {"NAME": str(path.with_name(path.stem + "-test.sqlite3"))},
        "OPTIONS": {
            "transaction_mode": "IMMEDIATE",
            "timeout": 30,
            "init_command": (
                "PRAGMA journal_mode=WAL;"
                "PRAGMA synchronous=NORMAL;"
                "PRAGMA foreign_keys=ON;"
                "PRAGMA busy_timeout=30000;"
            ),
        },
    }


def read_or_create_secret(path: Path) -> str:
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists():
        key = path.read_text(encoding="utf-8").strip()
        if key:
            return key
    key = secrets.token_urlsafe(50)
    path.write_text(key, encoding="utf-8")
    path.chmod(0o600)
    return key
