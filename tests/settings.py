"""Settings for the test suite: the production settings module, read with test-friendly
environment defaults (plain HTTP for the live server, tasks run at once, fast hashing)."""

import os

os.environ.setdefault("THREECENTERS_SECURE", "false")
os.environ.setdefault("THREECENTERS_SMS_BACKEND", "memory")
os.environ.setdefault("THREECENTERS_MANIFEST_STATIC", "false")

from threecenters.settings import *  # noqa: E402, F403

TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Real threads need a file database on SQLite: the in-memory test database Django uses by
# default is shared-cache, where concurrent writers get "table is locked" instead of waiting.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test-threecenters.sqlite3")}  # noqa: F405
