"""DATABASE_URL for PostgreSQL gives Django's own backend with persistent connections and
Django's health check (no custom backend)."""

from __future__ import annotations

from threecenters.env import database_from_url


def test_a_postgres_url_gives_djangos_backend_with_kept_checked_connections(tmp_path):
    config = database_from_url("postgres://tc:secret@db.example:5433/threecenters", tmp_path)
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert config["CONN_MAX_AGE"] == 60 and config["CONN_HEALTH_CHECKS"] is True
    assert (config["HOST"], config["PORT"], config["NAME"]) == ("db.example", 5433, "threecenters")
    assert "pool" not in config["OPTIONS"]
