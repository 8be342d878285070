"""The threecenters command: every subcommand has --help; bad settings stop with one line."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

SUBCOMMANDS = ["demo", "serve", "worker", "migrate", "seed", "check", "createadmin"]


TEST_DEFAULTS = {
    "DJANGO_SETTINGS_MODULE",
    "THREECENTERS_SECURE",
    "THREECENTERS_SMS_BACKEND",
    "THREECENTERS_MANIFEST_STATIC",
}


def clean_environment() -> dict:
    """The caller's environment without the test-suite defaults of tests/settings.py."""
    return {k: v for k, v in os.environ.items() if k not in TEST_DEFAULTS}


def run(*args: str, env: dict | None = None, timeout: int = 120) -> subprocess.CompletedProcess:
    full_env = {**clean_environment(), **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "threecenters", *args],
        capture_output=True,
        text=True,
        env=full_env,
        timeout=timeout,
    )


def test_it_lists_the_subcommands():
    result = run("--help")
    assert result.returncode == 0
    for name in [*SUBCOMMANDS, "manage"]:
        assert name in result.stdout


@pytest.mark.parametrize("name", SUBCOMMANDS)
def test_every_subcommand_has_help(name):
    result = run(name, "--help")
    assert result.returncode == 0, result.stderr
    assert "usage: threecenters " + name in result.stdout


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("DEBUG", "maybe"),
        ("DATABASE_URL", "mysql://root@localhost/x"),
        ("DATABASE_URL", "postgres://user@host:notaport/db"),
        ("DATABASE_URL", "postgres://user@host/"),
        ("TIME_ZONE", "Mars/Olympus"),
        ("SECRET_KEY", "short"),
        ("THREECENTERS_TASK_MAX_ATTEMPTS", "lots"),
        ("THREECENTERS_SMS_BACKEND", "pigeon"),
    ],
)
def test_a_bad_setting_stops_start_up_with_one_line_naming_it(variable, value, tmp_path):
    result = run("check", env={variable: value, "THREECENTERS_VAR_DIR": str(tmp_path)})
    assert result.returncode == 2
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert variable in lines[0]
    assert "Traceback" not in result.stderr


def test_serve_refuses_to_start_without_a_secret_key(tmp_path):
    env = {
        k: v for k, v in clean_environment().items() if k not in {"SECRET_KEY", "THREECENTERS_DEMO"}
    }
    env["THREECENTERS_VAR_DIR"] = str(tmp_path)
    result = subprocess.run(
        [sys.executable, "-m", "threecenters", "serve", "--port", "1"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert result.returncode == 2
    assert "SECRET_KEY" in result.stderr


def production_env(tmp_path) -> dict:
    return {
        "SECRET_KEY": "x7#Lq9!vR2@mW4$zK8^pT6&nB3*hJ5(cF1)yD0-gS_aE+uQwerty",
        "DEBUG": "false",
        "ALLOWED_HOSTS": "jiujiang.example.cn",
        "THREECENTERS_VAR_DIR": str(tmp_path),
        "THREECENTERS_ID_KEYS": "q6Jm0ZbbXh3Cq2n1F0Ppl7m0eXHq9m3wVt2kzyT9wUw=",
        "THREECENTERS_ID_HASH_KEY": "9f2c4e6a8b0d1f3e5a7c9b1d3f5e7a9c",
    }


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    result = run("check", "--deploy", env=production_env(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNING" not in result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_fails_on_the_generated_demo_key(tmp_path):
    env = production_env(tmp_path)
    env.pop("SECRET_KEY")
    clean = {k: v for k, v in clean_environment().items() if k != "SECRET_KEY"}
    result = subprocess.run(
        [sys.executable, "-m", "threecenters", "check", "--deploy"],
        capture_output=True,
        text=True,
        env={**clean, **env},
        timeout=60,
    )
    assert result.returncode == 1
    assert "threecenters.E001" in result.stdout + result.stderr


@pytest.mark.parametrize(
    "unset",
    [
        ("THREECENTERS_ID_KEYS",),
        ("THREECENTERS_ID_HASH_KEY",),
        ("THREECENTERS_ID_KEYS", "THREECENTERS_ID_HASH_KEY"),
    ],
)
def test_check_deploy_fails_on_id_number_keys_derived_from_the_file(tmp_path, unset):
    env = {
        k: v
        for k, v in {**clean_environment(), **production_env(tmp_path)}.items()
        if k not in unset
    }

    def check(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "threecenters", "check", *args],
            capture_output=True,
            text=True,
            env=env,
            timeout=60,
        )

    result = check("--deploy")
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "threecenters.E003" in output
    for name in unset:
        assert name in output
    # the ordinary check (development, the demo) does not ask for them
    assert check().returncode == 0


def test_manage_reaches_djangos_commands(tmp_path):
    result = run(
        "manage", "showmigrations", "--list", "core", env={"THREECENTERS_VAR_DIR": str(tmp_path)}
    )
    assert result.returncode == 0, result.stderr
    assert "0001_initial" in result.stdout


def test_migrate_seed_and_createadmin_work_on_a_fresh_database(tmp_path):
    env = {
        "THREECENTERS_VAR_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path}/fresh.sqlite3",
        "THREECENTERS_ADMIN_PASSWORD": "Admin-pass-2026",
    }
    assert run("migrate", "--verbosity", "0", env=env).returncode == 0
    first = run("seed", "demo", env=env)
    assert first.returncode == 0, first.stderr
    second = run("seed", "demo", env=env)
    assert second.returncode == 0, second.stderr
    assert "'users_created': 0" in second.stdout
    created = run("createadmin", "ops", "--subdistrict", "jiujiang", env=env)
    assert created.returncode == 0, created.stderr
    again = run("createadmin", "ops", env=env)
    assert again.returncode == 1 and "该登录名已被使用" in again.stderr
    weak = run("createadmin", "ops2", env={**env, "THREECENTERS_ADMIN_PASSWORD": "123"})
    assert weak.returncode == 1


def test_a_redis_url_moves_the_cache_and_the_sessions_to_redis(tmp_path):
    script = (
        "from django.conf import settings; "
        "print(settings.CACHES['default']['BACKEND'], settings.SESSION_ENGINE)"
    )
    env = {"THREECENTERS_VAR_DIR": str(tmp_path)}
    plain = run("manage", "shell", "-c", script, env=env)
    assert plain.returncode == 0, plain.stderr
    assert plain.stdout.splitlines()[-1].split() == [
        "django.core.cache.backends.db.DatabaseCache",
        "django.contrib.sessions.backends.db",
    ]
    redis = run(
        "manage", "shell", "-c", script, env={**env, "THREECENTERS_REDIS_URL": "redis://h:6379/3"}
    )
    assert redis.returncode == 0, redis.stderr
    assert redis.stdout.splitlines()[-1].split() == [
        "threecenters.core.cache.RedisCache",
        "django.contrib.sessions.backends.cached_db",
    ]


def test_the_server_keeps_its_heartbeat_files_in_memory(monkeypatch, tmp_path):
    from threecenters import cli

    seen = []
    monkeypatch.setattr(cli.os, "execv", lambda path, argv: seen.append(argv))
    monkeypatch.setattr(cli, "HEARTBEAT_DIR", str(tmp_path))  # stands for /dev/shm
    cli._run_server("127.0.0.1", 8000, 3, 4, "sync")
    argv = seen[0]
    assert argv[argv.index("--workers") + 1] == "3" and "--threads" not in argv
    assert argv[argv.index("--worker-tmp-dir") + 1] == str(tmp_path)
    monkeypatch.setattr(cli, "HEARTBEAT_DIR", str(tmp_path / "missing"))
    cli._run_server("127.0.0.1", 8000, 3, 4, "gthread")
    assert "--worker-tmp-dir" not in seen[1] and "--threads" in seen[1]


def test_requests_are_logged_by_the_demo_and_by_serve_only_when_asked(monkeypatch):
    from threecenters import cli

    seen = []
    monkeypatch.setattr(cli.os, "execv", lambda path, argv: seen.append(argv))
    cli._run_server("127.0.0.1", 8000, 2, 4)  # the demo: no nginx in front
    assert seen[0][seen[0].index("--access-logfile") + 1] == "-"
    cli._run_server("127.0.0.1", 8000, 3, 4, "sync", access_log=False)
    assert "--access-logfile" not in seen[1]
    parser = cli.build_parser()
    assert parser.parse_args(["serve"]).access_log is False
    assert parser.parse_args(["serve", "--access-log"]).access_log is True


@pytest.mark.parametrize("value", ["0", "-1", "two", ""])
def test_serve_refuses_a_worker_count_that_is_not_a_positive_number(value):
    result = subprocess.run(
        [sys.executable, "-m", "threecenters", "serve", "--workers", value],
        capture_output=True,
        text=True,
        env={**os.environ, "SECRET_KEY": "x" * 40},
    )
    assert result.returncode == 2
    assert "expected a whole number of at least 1" in result.stderr


SLEEPER = "import os, sys, time; open(sys.argv[1], 'w').write(str(os.getpid())); time.sleep(120)"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # a child that ended but was not reaped yet is a zombie: gone for our purpose
    with open(f"/proc/{pid}/stat") as stat:
        return stat.read().split(") ", 1)[1][0] != "Z"


def _wait_for(predicate, seconds: float = 20.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


def _supervisor(tmp_path, first: str = SLEEPER):
    """A process running cli._supervise over two children that write their pids."""
    files = [tmp_path / "a.pid", tmp_path / "b.pid"]
    code = (
        "import sys; from threecenters.cli import _supervise; "
        f"sys.exit(_supervise([[sys.executable, '-c', {first!r}, {str(files[0])!r}], "
        f"[sys.executable, '-c', {SLEEPER!r}, {str(files[1])!r}]], grace=5))"
    )
    process = subprocess.Popen([sys.executable, "-c", code], env=clean_environment())
    assert _wait_for(lambda: all(f.exists() and f.read_text() for f in files))
    return process, [int(f.read_text()) for f in files]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
@pytest.mark.parametrize("how", [signal.SIGINT, signal.SIGTERM, signal.SIGKILL])
def test_stopping_the_demo_stops_the_worker_and_the_server(tmp_path, how):
    process, pids = _supervisor(tmp_path)
    assert all(_alive(pid) for pid in pids)
    process.send_signal(how)
    process.wait(timeout=20)
    # SIGKILL leaves no time to clean up: the children die with their parent (PDEATHSIG)
    assert _wait_for(lambda: not any(_alive(pid) for pid in pids)), "a child outlived the demo"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_when_one_child_ends_the_demo_stops_the_other(tmp_path):
    quitter = "import os, sys; open(sys.argv[1], 'w').write(str(os.getpid())); sys.exit(3)"
    files = [tmp_path / "a.pid", tmp_path / "b.pid"]
    code = (
        "import sys; from threecenters.cli import _supervise; "
        f"sys.exit(_supervise([[sys.executable, '-c', {SLEEPER!r}, {str(files[1])!r}], "
        f"[sys.executable, '-c', {quitter!r}, {str(files[0])!r}]], grace=5))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], env=clean_environment(), timeout=60, capture_output=True
    )
    assert result.returncode == 3
    assert not _alive(int(files[1].read_text()))


def test_the_demo_runs_the_worker_beside_the_server(monkeypatch):
    from threecenters import cli
    from threecenters.core import seed

    monkeypatch.setenv("THREECENTERS_DEMO", "1")
    monkeypatch.setenv("THREECENTERS_SECURE", "false")
    monkeypatch.setattr(cli, "_setup", lambda: None)
    monkeypatch.setattr(cli, "_call", lambda *a, **k: None)
    monkeypatch.setattr(cli, "_print_logins", lambda: None)
    monkeypatch.setattr(seed, "seed_everything", lambda: {})
    seen = []
    monkeypatch.setattr(cli, "_supervise", lambda commands: seen.append(commands) or 0)
    assert cli.main(["demo", "--port", "8123"]) == 0
    worker, server = seen[0]
    assert worker == [sys.executable, "-m", "threecenters", "worker"]
    assert "threecenters.wsgi:application" in server and "127.0.0.1:8123" in server
