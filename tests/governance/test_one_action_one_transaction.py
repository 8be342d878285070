"""Each user action is one service call in one transaction: when a later step of the action
fails, the earlier steps are undone too."""

from __future__ import annotations

import pytest

from threecenters.core.kit import ServiceError
from threecenters.governance import services as governance
from threecenters.governance.models import Case, CasePhoto


class Broken(Exception):
    """A failure injected into the second step of an action."""


def _break(monkeypatch, module, name: str) -> None:
    def broken(**kwargs):
        raise Broken(name)

    monkeypatch.setattr(module, name, broken)


@pytest.mark.django_db
def test_a_case_saved_with_a_photo_that_fails_is_not_saved_either(personas, world, monkeypatch):
    _break(monkeypatch, governance, "case_photo_add")
    with pytest.raises(Broken):
        governance.case_create(
            actor=personas["worker_jiaolong"],
            subdistrict=world["subdistrict"],
            community=world["communities"]["jiaolong"],
            title="楼道微更新",
            photo=object(),
        )
    assert not Case.objects.exists() and not CasePhoto.objects.exists()


@pytest.mark.django_db
def test_a_refused_photo_is_a_field_error_and_the_case_edit_is_undone(personas, world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    worker = personas["worker_jiaolong"]
    case = governance.case_create(
        actor=worker,
        subdistrict=world["subdistrict"],
        community=world["communities"]["jiaolong"],
        title="楼道微更新",
    )
    with pytest.raises(ServiceError) as refused:
        governance.case_update(
            actor=worker,
            case=case,
            title="新名字",
            photo=SimpleUploadedFile("a.jpg", b"not a picture", content_type="image/jpeg"),
        )
    assert refused.value.status == 422 and set(refused.value.fields) == {"photo_file"}
    case.refresh_from_db()
    assert case.title == "楼道微更新"
