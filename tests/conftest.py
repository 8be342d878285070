"""Shared fixtures: the demo subdistrict and one persona per role (healthchecks' alice/bob idea).

Personas: resident, volunteer, community worker (蛟龙 and 大井), expert, center staff of each
center, subdistrict admin, the three 等保 administrators, employer, founder, team leader (of the
石井 volunteer team the fixture adds), and an outsider who belongs to another subdistrict. Each
is built by ``core.accounts.account_create``, the code createadmin, ``user create`` and the demo
seed use, so no persona is more (or less) privileged than the real accounts.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.test import Client

from tests.api_contract import ApiClient
from tests.factories import (
    PASSWORD,  # noqa: F401  (the tests import it from here)
    AreaFactory,
    CenterFactory,
    OrganisationFactory,
    UserFactory,
)
from threecenters.core.models import Area, Center, Organisation, RoleAssignment, User

Role = RoleAssignment.Role
ARTIFACTS = Path(__file__).resolve().parent / "screenshots"


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    """SQLite tests use a file, not shared-cache memory: concurrency tests need real connections
    that wait on each other's locks (busy timeout) instead of failing with "table is locked"."""
    from django.conf import settings

    db = settings.DATABASES["default"]
    if db["ENGINE"].endswith("sqlite3"):
        name = Path(settings.VAR_DIR) / f"test-{os.getpid()}.sqlite3"
        db.setdefault("TEST", {})["NAME"] = str(name)
        yield
        # the sign-up writer lock file beside the test database (core.db.writer_slot)
        Path(f"{name}.writers").unlink(missing_ok=True)
    else:
        yield


@pytest.fixture(autouse=True)
def _isolated(settings, tmp_path):
    """Uploaded files go to a per-test folder; the SMS outbox starts empty (tests/settings.py
    holds the rest of the test configuration)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    from threecenters.notify.sms import OUTBOX

    OUTBOX.clear()


@pytest.fixture(autouse=True)
def _audit_flush_grant(request):
    """The audit table refuses DELETE (a database trigger). Django empties the tables with
    DELETE on SQLite after a transactional test, so grant that one flush the prune path."""
    marker = request.node.get_closest_marker("django_db")
    if marker is None or not marker.kwargs.get("transaction"):
        yield
        return
    request.getfixturevalue("transactional_db")
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM threecenters_audit_prune")
    yield
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO threecenters_audit_prune (before) VALUES ('9999-12-31')")


@pytest.fixture
def world(db):
    """The 九江街道 tree with its centers, plus a second subdistrict for outsiders."""
    district = AreaFactory(name="双流区", slug="shuangliu", level=Area.Level.DISTRICT)
    jiujiang = AreaFactory(name="九江街道", slug="jiujiang", parent=district)
    other = AreaFactory(name="东升街道", slug="dongsheng", parent=district)
    communities = {
        slug: AreaFactory(name=name, slug=slug, level=Area.Level.COMMUNITY, parent=jiujiang, sort=i)
        for i, (slug, name) in enumerate(
            [("jiaolong", "蛟龙社区"), ("dajing", "大井社区"), ("shijing", "石井社区")]
        )
    }
    communities["other"] = AreaFactory(
        name="白河社区", slug="baihe", level=Area.Level.COMMUNITY, parent=other
    )
    centers = {
        kind: CenterFactory(subdistrict=jiujiang, kind=kind, name=str(label))
        for kind, label in Center.Kind.choices
    }
    other_center = CenterFactory(subdistrict=other, name="东升治理中心")
    flower_shop = OrganisationFactory(
        name="瑾栩花店", subdistrict=jiujiang, community=communities["jiaolong"]
    )
    return {
        "district": district,
        "subdistrict": jiujiang,
        "other_subdistrict": other,
        "communities": communities,
        "centers": centers,
        "other_center": other_center,
        "flower_shop": flower_shop,
    }


def make_user(username: str, role: str | None = None, **scope) -> User:
    """A user with one role in its scope, built by the same ``account_create`` that
    createadmin, ``user create`` and the demo seed use; without a role, a bare account
    (``tests.factories.UserFactory``)."""
    return UserFactory(username=username, role=role, **scope)


@pytest.fixture
def personas(world):
    c = world["communities"]
    centers = world["centers"]
    world["volunteer_team"] = OrganisationFactory(
        name="社区小二志愿者服务队",
        kind=Organisation.Kind.VOLUNTEER_TEAM,
        subdistrict=world["subdistrict"],
        community=c["shijing"],
    )
    return {
        "resident": make_user("resident", Role.RESIDENT, area=c["dajing"]),
        "volunteer": make_user("volunteer", Role.VOLUNTEER, area=c["shijing"]),
        "worker_jiaolong": make_user("worker_jiaolong", Role.COMMUNITY_WORKER, area=c["jiaolong"]),
        "worker_dajing": make_user("worker_dajing", Role.COMMUNITY_WORKER, area=c["dajing"]),
        "expert": make_user("expert", Role.EXPERT, area=world["subdistrict"]),
        "incubator_staff": make_user(
            "incubator_staff", Role.CENTER_STAFF, center=centers[Center.Kind.INCUBATOR]
        ),
        "civility_staff": make_user(
            "civility_staff", Role.CENTER_STAFF, center=centers[Center.Kind.CIVILITY]
        ),
        "governance_staff": make_user(
            "governance_staff", Role.CENTER_STAFF, center=centers[Center.Kind.GOVERNANCE]
        ),
        "admin": make_user("admin", Role.SUBDISTRICT_ADMIN, area=world["subdistrict"]),
        "sysadmin": make_user("sysadmin", Role.SYSTEM_ADMIN, area=world["subdistrict"]),
        "security": make_user("security", Role.SECURITY_ADMIN, area=world["subdistrict"]),
        "auditor": make_user("auditor", Role.AUDIT_ADMIN, area=world["subdistrict"]),
        "employer": make_user("employer", Role.EMPLOYER, organisation=world["flower_shop"]),
        "founder": make_user("founder", Role.ENTREPRENEUR, area=c["jiaolong"]),
        "leader": make_user("leader", Role.TEAM_LEADER, organisation=world["volunteer_team"]),
        "outsider": make_user("outsider", Role.SUBDISTRICT_ADMIN, area=world["other_subdistrict"]),
    }


@pytest.fixture
def client() -> Client:
    """pytest-django's client, checking API answers against the OpenAPI document."""
    return ApiClient()


@pytest.fixture
def client_for(personas):
    """client_for("resident") → a Client signed in as that persona (API answers are checked
    against the OpenAPI document, tests/api_contract.py)."""

    def make(name: str | None) -> Client:
        client = ApiClient()
        if name is not None:
            client.force_login(personas[name])
        return client

    return make


@pytest.fixture
def en_client():
    return ApiClient(HTTP_ACCEPT_LANGUAGE="en")


CHROMIUM = "/usr/bin/chromium"


@pytest.fixture
def browser(monkeypatch):
    """Debian's chromium driven by Playwright; never a downloaded browser.

    Skipped when chromium is absent, unless THREECENTERS_REQUIRE_BROWSER=1 (CI), where a missing
    browser fails the run instead of hiding it.
    """
    if not Path(CHROMIUM).exists():
        if os.environ.get("THREECENTERS_REQUIRE_BROWSER") == "1":
            pytest.fail(f"{CHROMIUM} is missing (apt-get install chromium fonts-wqy-microhei)")
        pytest.skip(f"{CHROMIUM} is not installed")
    from playwright.sync_api import sync_playwright

    # Playwright runs an event loop in this thread; the ORM must still be usable from the test.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as pw:
        instance = pw.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-gpu",
                "--no-first-run",
                "--disable-sync",
            ],
        )
        yield instance
        instance.close()
        # Inside Playwright's event loop the ORM opened its own connection; close it here so
        # PostgreSQL can drop the test database at the end of the run.
        from django.db import connections

        connections.close_all()


@pytest.fixture
def live(live_server):
    """The live server; screenshots go to tests/screenshots/."""
    ARTIFACTS.mkdir(exist_ok=True)
    return live_server


PHONE = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
}
DESKTOP = {"viewport": {"width": 1280, "height": 800}}
