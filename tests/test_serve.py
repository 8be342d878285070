"""`threecenters serve` really serves: gunicorn runs the WSGI application, keeps connections
alive (the default gthread workers), serves the hashed static files, answers forms and stops
when asked."""

from __future__ import annotations

import http.client
import re
import socket
import subprocess
import sys
import time

import pytest

from tests.test_cli import clean_environment, run


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    var = tmp_path_factory.mktemp("serve")
    env = {
        # the server runs on its own SQLite file: what is tested here is the server
        "DATABASE_URL": "",
        "THREECENTERS_REDIS_URL": "",
        "THREECENTERS_VAR_DIR": str(var),
        "SECRET_KEY": "serve-test-" + "k" * 40,
        "THREECENTERS_SECURE": "false",
        "ALLOWED_HOSTS": "127.0.0.1",
        "THREECENTERS_LOG_LEVEL": "WARNING",
    }
    migrate = run("migrate", "--verbosity", "0", env=env, timeout=300)
    assert migrate.returncode == 0, migrate.stderr
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "threecenters", "serve", "--port", str(port), "--workers", "1"],
        env={**clean_environment(), **env},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 90
    while True:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/readyz")
            if conn.getresponse().status == 200:
                break
        except OSError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            pytest.fail("serve did not start: " + proc.stderr.read().decode()[-3000:])
        time.sleep(0.3)
    yield port, proc
    if proc.poll() is None:
        proc.terminate()
        proc.wait(timeout=30)


def test_pages_and_static_files_on_one_kept_alive_connection(server):
    port, _proc = server
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request("GET", "/", headers={"Accept-Language": "zh-CN"})
    page = conn.getresponse()
    html = page.read().decode()
    assert page.status == 200 and "三中心" in html
    css = re.search(r'href="(/static/threecenters/css/site\.[0-9a-f]+\.css)"', html).group(1)
    conn.request("GET", css)  # the same connection: the server kept it open
    style = conn.getresponse()
    assert style.status == 200 and style.getheader("Content-Type").startswith("text/css")
    assert len(style.read()) > 100
    conn.request("GET", "/staff/proposals/")
    refused = conn.getresponse()
    refused.read()
    assert refused.status == 302 and "/accounts/signin/" in refused.getheader("Location")


def test_a_form_post_and_a_bad_request(server):
    port, _proc = server
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request(
        "POST",
        "/i18n/setlang/",
        body="language=en&next=/",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    answer = conn.getresponse()
    answer.read()
    assert answer.status == 302 and "tc_lang=en" in answer.getheader("Set-Cookie")
    conn.request("GET", "/", headers={"Host": "evil.example"})
    bad_host = conn.getresponse()
    bad_host.read()
    assert bad_host.status == 400


def test_the_server_stops_when_asked(server):
    _port, proc = server
    proc.terminate()
    assert proc.wait(timeout=30) == 0
    log = proc.stderr.read().decode()
    # the one traceback is Django's security log of the forged Host header above
    assert log.count("Traceback") == log.count("DisallowedHost: Invalid HTTP_HOST"), log
