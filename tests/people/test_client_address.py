"""Per-address limits survive a proxy: the client address comes from X-Forwarded-For only when
the direct peer is a trusted proxy (THREECENTERS_FORWARDED_ALLOW_IPS, the list gunicorn gets),
and then it is the right-most address that is not itself a proxy."""

import ipaddress

import pytest
from django.test import Client, RequestFactory

from tests.conftest import PASSWORD
from threecenters.core.audit import client_ip
from threecenters.core.models import AuditEntry
from threecenters.env import SettingsError, env_networks


def _ip(peer: str, forwarded: str | None = None) -> str | None:
    extra = {"REMOTE_ADDR": peer}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return client_ip(RequestFactory().get("/", **extra))


@pytest.fixture
def proxies(settings):
    settings.TRUST_ANY_PROXY = False
    settings.TRUSTED_PROXIES = (
        ipaddress.ip_network("127.0.0.1/32"),
        ipaddress.ip_network("10.0.0.0/8"),
    )


def test_an_untrusted_peer_cannot_choose_its_address_with_a_forged_header(proxies):
    assert _ip("203.0.113.9", "198.51.100.1") == "203.0.113.9"
    assert _ip("203.0.113.9", "127.0.0.1") == "203.0.113.9"


def test_behind_a_trusted_proxy_the_client_is_the_right_most_untrusted_address(proxies):
    assert _ip("127.0.0.1", "198.51.100.1") == "198.51.100.1"
    # what the client wrote itself sits left of what the proxies appended
    assert _ip("127.0.0.1", "6.6.6.6, 198.51.100.1") == "198.51.100.1"
    # two proxies in a row (10.x is trusted too)
    assert _ip("127.0.0.1", "6.6.6.6, 198.51.100.1, 10.1.2.3") == "198.51.100.1"
    assert _ip("127.0.0.1", "2001:db8::7") == "2001:db8::7"
    assert _ip("127.0.0.1") == "127.0.0.1"


def test_malformed_addresses_are_never_used(proxies):
    assert _ip("127.0.0.1", "not-an-ip") == "127.0.0.1"
    assert _ip("127.0.0.1", "198.51.100.1, junk") == "127.0.0.1"
    assert _ip("127.0.0.1", "junk, 198.51.100.1") == "198.51.100.1"
    assert _ip("127.0.0.1", "198.51.100.1:8080") == "127.0.0.1"
    assert _ip("not-an-ip", "198.51.100.1") is None
    assert _ip("::ffff:127.0.0.1", "198.51.100.1") == "198.51.100.1"


def test_a_star_trusts_any_peer_but_not_what_the_client_wrote(settings):
    settings.TRUST_ANY_PROXY = True
    settings.TRUSTED_PROXIES = ()
    assert _ip("192.0.2.50", "6.6.6.6, 198.51.100.1") == "198.51.100.1"


def test_the_setting_is_validated(monkeypatch):
    monkeypatch.setenv("THREECENTERS_FORWARDED_ALLOW_IPS", " 127.0.0.1, 10.0.0.0/8 ,*")
    anything, networks = env_networks("THREECENTERS_FORWARDED_ALLOW_IPS", "127.0.0.1")
    assert anything and [str(n) for n in networks] == ["127.0.0.1/32", "10.0.0.0/8"]
    monkeypatch.setenv("THREECENTERS_FORWARDED_ALLOW_IPS", "127.0.0.1,nginx")
    with pytest.raises(SettingsError, match="THREECENTERS_FORWARDED_ALLOW_IPS"):
        env_networks("THREECENTERS_FORWARDED_ALLOW_IPS", "127.0.0.1")


def _fail(client, login, times, **headers):
    for _ in range(times):
        client.post("/accounts/signin/", {"username": login, "password": "wrong"}, **headers)


@pytest.mark.django_db
def test_a_forged_header_from_an_untrusted_peer_does_not_escape_the_lockout(
    personas, settings, proxies
):
    client = Client(REMOTE_ADDR="203.0.113.9")
    for n in range(settings.LOCKOUT_FAILURES):
        _fail(client, "worker_dajing", 1, HTTP_X_FORWARDED_FOR=f"198.51.100.{n}")
    response = client.post(
        "/accounts/signin/",
        {"username": "worker_dajing", "password": PASSWORD},
        HTTP_X_FORWARDED_FOR="198.51.100.200",
    )
    assert "尝试次数太多" in response.content.decode()
    entries = AuditEntry.objects.filter(action__startswith="auth.")
    assert set(entries.values_list("ip", flat=True)) == {"203.0.113.9"}


@pytest.mark.django_db
def test_behind_the_proxy_each_client_has_its_own_limits(personas, settings, proxies):
    nginx = Client(REMOTE_ADDR="127.0.0.1")
    _fail(nginx, "worker_dajing", settings.LOCKOUT_FAILURES, HTTP_X_FORWARDED_FOR="198.51.100.1")
    locked = nginx.post(
        "/accounts/signin/",
        {"username": "worker_dajing", "password": PASSWORD},
        HTTP_X_FORWARDED_FOR="198.51.100.1",
    )
    assert "尝试次数太多" in locked.content.decode()
    other = nginx.post(
        "/accounts/signin/",
        {"username": "worker_dajing", "password": PASSWORD},
        HTTP_X_FORWARDED_FOR="198.51.100.2",
    )
    assert other.status_code == 302
    assert AuditEntry.objects.filter(action="auth.lockout").get().ip == "198.51.100.1"
