"""The WSGI entry point loads the URLconf and freezes what it loaded (fewer long collections)."""

from __future__ import annotations

import os
import subprocess
import sys


def test_loading_the_application_freezes_the_long_lived_objects(tmp_path):
    code = (
        "import gc, sys\n"
        "import threecenters.wsgi\n"
        "print(gc.get_freeze_count(), 'threecenters.urls' in sys.modules)\n"
    )
    env = dict(os.environ, THREECENTERS_VAR_DIR=str(tmp_path), SECRET_KEY="x" * 50)
    env.pop("DATABASE_URL", None)
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120
    )
    assert out.returncode == 0, out.stderr
    frozen, urls_loaded = out.stdout.split()
    assert int(frozen) > 10_000 and urls_loaded == "True"
