import pytest

from threecenters.core.models import AuditEntry, RoleAssignment


def _assign(client, user, **data):
    return client.post(f"/staff/accounts/{user.public_number}/", data)


@pytest.mark.django_db
def test_a_subdistrict_admin_assigns_business_roles_in_their_subdistrict(
    personas, world, client_for
):
    response = _assign(
        client_for("admin"),
        personas["resident"],
        role="volunteer",
        area=world["communities"]["dajing"].pk,
    )
    assert response.status_code == 302
    assert RoleAssignment.objects.filter(user=personas["resident"], role="volunteer").exists()
    assert AuditEntry.objects.filter(action="role.assign", outcome="success").exists()


@pytest.mark.django_db
def test_a_subdistrict_admin_cannot_make_a_security_administrator(personas, world, client_for):
    response = _assign(
        client_for("admin"),
        personas["resident"],
        role="security_admin",
        area=world["subdistrict"].pk,
    )
    assert response.status_code == 422
    assert "管理范围" in response.content.decode()
    assert not RoleAssignment.objects.filter(
        user=personas["resident"], role="security_admin"
    ).exists()
    assert AuditEntry.objects.filter(action="role.assign", outcome="failure").exists()


@pytest.mark.django_db
def test_the_security_administrator_assigns_administrator_roles(personas, world, client_for):
    response = _assign(
        client_for("security"),
        personas["resident"],
        role="audit_admin",
        area=world["subdistrict"].pk,
    )
    assert response.status_code == 302


@pytest.mark.django_db
def test_a_scope_outside_ones_subdistrict_is_refused(personas, world, client_for):
    from threecenters.people.services import Refused, role_assign

    with pytest.raises(Refused):
        role_assign(
            actor=personas["admin"],
            user=personas["resident"],
            role="volunteer",
            area=world["communities"]["other"],
        )
    assert AuditEntry.objects.filter(action="role.assign", outcome="failure").exists()


@pytest.mark.django_db
def test_a_community_worker_grants_volunteer_only_in_their_community(personas, world):
    from threecenters.people.services import Refused, role_assign

    role_assign(
        actor=personas["worker_dajing"],
        user=personas["resident"],
        role="volunteer",
        area=world["communities"]["dajing"],
    )
    with pytest.raises(Refused):
        role_assign(
            actor=personas["worker_dajing"],
            user=personas["resident"],
            role="volunteer",
            area=world["communities"]["jiaolong"],
        )
    with pytest.raises(Refused):
        role_assign(
            actor=personas["worker_dajing"],
            user=personas["resident"],
            role="community_worker",
            area=world["communities"]["dajing"],
        )


@pytest.mark.django_db
def test_nobody_grants_themselves_a_role(personas, world):
    from threecenters.people.services import Refused, role_assign

    with pytest.raises(Refused):
        role_assign(
            actor=personas["security"],
            user=personas["security"],
            role="audit_admin",
            area=world["subdistrict"],
        )


@pytest.mark.django_db
def test_the_three_administrators_cannot_do_each_others_work(personas, client_for):
    number = personas["resident"].public_number
    assert client_for("auditor").get(f"/staff/accounts/{number}/").status_code == 404
    assert client_for("sysadmin").get(f"/staff/accounts/{number}/").status_code == 404
    assert client_for("security").get("/staff/audit/").status_code == 403
    assert client_for("sysadmin").get("/staff/audit/").status_code == 403
    assert client_for("auditor").get("/staff/audit/").status_code == 200
    assert client_for("sysadmin").get("/admin/core/auditentry/").status_code == 404
    assert client_for("sysadmin").post("/admin/core/roleassignment/add/").status_code == 403


@pytest.mark.django_db
def test_a_subdistrict_admin_does_not_manage_the_security_administrator(personas, client_for):
    number = personas["security"].public_number
    assert client_for("admin").post(f"/staff/accounts/{number}/signout/").status_code == 404
