"""No role is a Django superuser (issue 12): createadmin, `user create`, the demo seed and the
test personas build accounts through one function that never sets the flags, existing databases
are migrated (flags cleared, roles kept), and the database refuses a superuser."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.db.models import Q

from threecenters.cli import main
from threecenters.core.models import RoleAssignment, User
from threecenters.core.seed import DEMO_ACCOUNTS, seed_everything

FLAGGED = Q(is_superuser=True) | Q(is_staff=True)


@pytest.mark.django_db
def test_the_demo_seed_makes_no_superuser_or_staff_account():
    seed_everything()
    assert User.objects.filter(username__in=[a[0] for a in DEMO_ACCOUNTS]).count() == len(
        DEMO_ACCOUNTS
    )
    assert not User.objects.filter(FLAGGED).exists()
    sysadmin = User.objects.get(username="demo-sysadmin")
    assert RoleAssignment.objects.filter(user=sysadmin, role="system_admin").exists()


@pytest.mark.django_db
def test_createadmin_makes_a_system_administrator_who_is_no_superuser(world, monkeypatch, capsys):
    monkeypatch.setenv("THREECENTERS_ADMIN_PASSWORD", "Ops-admin-2026")
    assert main(["createadmin", "ops", "--subdistrict", "jiujiang"]) == 0
    assert main(["createadmin", "ops-all"]) == 0
    ops = User.objects.get(username="ops")
    assert not ops.is_superuser and not ops.is_staff
    assert ops.roles.get().role == "system_admin" and ops.roles.get().area == world["subdistrict"]
    assert User.objects.get(username="ops-all").roles.get().area is None
    assert not User.objects.filter(FLAGGED).exists()
    # the role, not a flag, opens the admin: and nothing else of the other administrators'
    from django.test import Client

    client = Client()
    client.force_login(ops)
    assert client.get("/admin/").status_code == 200
    assert client.get("/staff/audit/").status_code == 403
    assert client.get("/staff/audit/export.csv").status_code == 403


@pytest.mark.django_db
def test_user_create_and_the_personas_make_no_superuser_either(world, personas, capsys):
    assert main(["user", "create", "li-sa", "--role", "system_admin"]) == 0
    assert not User.objects.filter(FLAGGED).exists()


@pytest.mark.django_db
def test_the_database_refuses_a_superuser(personas):
    user = personas["sysadmin"]
    user.is_superuser = True
    with pytest.raises(IntegrityError), transaction.atomic():
        user.save()


@pytest.mark.django_db(transaction=True)
def test_the_migration_clears_the_flags_and_keeps_the_roles():
    executor = MigrationExecutor(connection)
    executor.migrate([("core", "0002_session_epoch_audit_triggers")])
    old = executor.loader.project_state([("core", "0002_session_epoch_audit_triggers")]).apps
    OldUser = old.get_model("core", "User")
    OldRole = old.get_model("core", "RoleAssignment")
    admin = OldUser.objects.create(username="old-admin", is_superuser=True, is_staff=True)
    OldRole.objects.create(user=admin, role="system_admin")
    plain = OldUser.objects.create(username="old-resident")

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    admin = User.objects.get(username="old-admin")
    assert not admin.is_superuser and not admin.is_staff
    assert list(admin.roles.values_list("role", flat=True)) == ["system_admin"]
    assert not User.objects.get(pk=plain.pk).is_superuser
