import pytest

from tests.governance.factories import make_case
from threecenters.core.models import AuditEntry
from threecenters.governance import services
from threecenters.governance.models import Case


@pytest.mark.django_db
def test_a_case_goes_from_draft_through_review_to_published_and_archived(world, personas):
    worker, staff = personas["worker_jiaolong"], personas["governance_staff"]
    case = services.case_create(
        actor=worker,
        subdistrict=world["subdistrict"],
        title="楼道微更新",
        community=world["communities"]["jiaolong"],
        tags=["微更新"],
    )
    assert case.status == Case.Status.DRAFT and not case.is_public
    case = services.case_submit(actor=worker, case=case)
    assert case.status == Case.Status.IN_REVIEW
    case = services.case_return(actor=staff, case=case, reason="请补充成效数据")
    assert case.status == Case.Status.DRAFT
    case = services.case_submit(actor=worker, case=case)
    case = services.case_publish(actor=staff, case=case)
    assert case.status == Case.Status.PUBLISHED and case.is_public
    assert case.current_version.number == 1 and case.current_version.snapshot["tags"] == ["微更新"]
    case = services.case_archive(actor=staff, case=case)
    assert case.status == Case.Status.ARCHIVED and not case.is_public
    actions = list(
        AuditEntry.objects.filter(object_id=str(case.pk)).values_list("action", flat=True)
    )
    assert {"case.create", "case.submit", "case.return", "case.publish", "case.archive"} <= set(
        actions
    )


@pytest.mark.django_db
def test_earlier_published_versions_are_kept_and_viewable(world, personas, client, settings):
    settings.PORTAL_CACHE_SECONDS = 0  # the page cache has its own test
    staff = personas["governance_staff"]
    case = make_case(world, personas, title="第一版标题")
    case = services.case_update(actor=staff, case=case, title="第二版标题")
    assert case.status == Case.Status.DRAFT
    assert "第一版标题" in client.get(f"/cases/{case.pk}/").content.decode()  # still public
    case = services.case_publish(actor=staff, case=case)
    assert list(case.versions.values_list("number", flat=True).order_by("number")) == [1, 2]
    assert "第二版标题" in client.get(f"/cases/{case.pk}/").content.decode()
    old = client.get(f"/cases/{case.pk}/versions/1/").content.decode()
    assert "第一版标题" in old and "这是一个较早的版本" in old
    assert client.get(f"/cases/{case.pk}/versions/9/").status_code == 404


@pytest.mark.django_db
def test_steps_out_of_order_are_refused_and_repeats_change_nothing(world, personas):
    staff = personas["governance_staff"]
    case = make_case(world, personas, title="重复发布")
    again = services.case_publish(actor=staff, case=case)
    assert again.versions.count() == 1
    with pytest.raises(services.CaseStateError):
        services.case_return(actor=staff, case=case)
    services.case_archive(actor=staff, case=case)
    with pytest.raises(services.CaseStateError):
        services.case_update(actor=staff, case=case, title="改不了")
