"""core.kit: one refusal type, one transaction wrapper that keeps refusals in the audit trail."""

from __future__ import annotations

import json

import pytest
from django import forms
from django.test import RequestFactory

from threecenters.api import on_refusal
from threecenters.core.kit import ServiceError, form_refusal, refusal_audit, service
from threecenters.core.models import Area, AuditEntry


def test_a_refusal_names_its_field_and_gets_a_code_from_its_status():
    exc = ServiceError("请填写名称。", status=422, field="name")
    assert exc.code == "invalid"
    assert exc.fields == {"name": ["请填写名称。"]}
    assert exc.field == "name"
    assert ServiceError("不行", status=409).code == "conflict"
    assert ServiceError("不行", code="full", status=409).code == "full"
    assert ServiceError("不行").field is None


@service
def _make_then_refuse(*, name: str) -> None:
    Area.objects.create(name=name, slug=name, level=Area.Level.DISTRICT)
    refusal_audit(actor=None, action="test.refused", label=name)
    raise ServiceError("不允许。", status=403)


@service
def _outer(*, name: str) -> None:
    Area.objects.create(name=f"{name}-outer", slug=f"{name}-outer", level=Area.Level.DISTRICT)
    _make_then_refuse(name=name)


@pytest.mark.django_db(transaction=True)
def test_a_refused_service_rolls_back_its_work_but_keeps_the_refusal_in_the_audit_trail():
    with pytest.raises(ServiceError):
        _make_then_refuse(name="kit-a")
    assert not Area.objects.filter(slug="kit-a").exists()
    entry = AuditEntry.objects.get(action="test.refused")
    assert entry.outcome == AuditEntry.Outcome.FAILURE
    assert entry.actor_label == "kit-a"


@pytest.mark.django_db(transaction=True)
def test_nested_services_share_one_transaction_and_audit_the_refusal_once():
    with pytest.raises(ServiceError):
        _outer(name="kit-b")
    assert not Area.objects.filter(slug__startswith="kit-b").exists()
    assert AuditEntry.objects.filter(action="test.refused", actor_label="kit-b").count() == 1


class _Form(forms.Form):
    name = forms.CharField(required=False)


def test_form_refusal_puts_messages_on_the_named_field_or_the_whole_form():
    form = _Form({"name": "x"})
    assert form.is_valid()
    form_refusal(form, ServiceError("名称已被使用。", field="name"))
    form_refusal(form, ServiceError("没有这个字段。", field="nothing"))
    form_refusal(form, ServiceError("整个请求被拒绝。"))
    assert form.errors["name"] == ["名称已被使用。"]
    assert form.non_field_errors() == ["没有这个字段。", "整个请求被拒绝。"]


def test_the_api_answers_a_refusal_with_the_error_shape_and_its_status():
    request = RequestFactory().get("/api/v1/anything")
    response = on_refusal(request, ServiceError("座位已满。", code="full", status=409))
    assert response.status_code == 409
    assert json.loads(response.content) == {"code": "full", "message": "座位已满。", "fields": {}}


def test_a_refusal_without_words_says_what_its_status_means():
    from django.utils import translation

    with translation.override("en"):
        assert ServiceError(status=404).message == "What you asked for cannot be found."
        assert ServiceError(status=403, fields={"x": ["no"]}).fields == {"x": ["no"]}
    assert ServiceError(status=404).code == "not_found"


@pytest.mark.django_db
def test_a_models_own_validation_is_a_refusal_with_its_field_errors():
    from threecenters.core.kit import model_clean

    area = Area(name="", slug="x", level=Area.Level.DISTRICT)
    with pytest.raises(ServiceError) as refused:
        model_clean(area, exclude=["parent"])
    assert refused.value.status == 422
    assert "name" in refused.value.fields


def test_an_update_changes_only_the_keywords_it_is_given():
    from threecenters.core.kit import UNSET, given

    assert given(title="新", summary=UNSET, community=None) == {"title": "新", "community": None}
    assert not UNSET and repr(UNSET) == "UNSET"
