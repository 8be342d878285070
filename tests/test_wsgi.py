"""Each server worker loads the URLconf and freezes what it loaded (fewer long collections):
gunicorn's post_worker_init hook does it, and `serve` hands gunicorn that hook."""

from __future__ import annotations

import os
import subprocess
import sys

from threecenters import cli


def _run(code: str, tmp_path) -> list[str]:
    env = dict(os.environ, THREECENTERS_VAR_DIR=str(tmp_path), SECRET_KEY="x" * 50)
    env.pop("DATABASE_URL", None)
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120
    )
    assert out.returncode == 0, out.stderr
    return out.stdout.split()


def test_a_worker_freezes_the_long_lived_objects_once_the_application_is_loaded(tmp_path):
    code = (
        "import gc, sys\n"
        "import threecenters.wsgi, threecenters.serving\n"
        "before = gc.get_freeze_count()\n"
        "threecenters.serving.post_worker_init(None)\n"
        "print(before, gc.get_freeze_count(), 'threecenters.urls' in sys.modules)\n"
    )
    before, frozen, urls_loaded = _run(code, tmp_path)
    assert int(before) == 0  # importing the application alone freezes nothing
    assert int(frozen) > 10_000 and urls_loaded == "True"


def test_serve_hands_gunicorn_the_hooks(monkeypatch):
    seen = []
    monkeypatch.setattr(cli.os, "execv", lambda path, argv: seen.append(argv))
    cli._run_server("127.0.0.1", 8000, 1, threads=1, worker_class="sync")
    argv = seen[0]
    assert argv[argv.index("--config") + 1] == "python:threecenters.serving"
