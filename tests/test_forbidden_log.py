"""A refused request (403) is logged as one line, user id, path and reason, without the
traceback Django's ``django.request`` logger would attach."""

import logging
import sys

import pytest
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory

from threecenters.core.logfilters import ForbiddenOnOneLine

pytestmark = pytest.mark.django_db


def _forbidden(caplog):
    return [r for r in caplog.records if r.name == "django.request" and r.status_code == 403]


def test_a_refused_page_is_one_line_with_user_path_and_reason(client_for, personas, caplog):
    with caplog.at_level(logging.WARNING, logger="django.request"):
        response = client_for("resident").get("/staff/")
    assert response.status_code == 403
    (record,) = _forbidden(caplog)
    assert record.exc_info is None and record.exc_text is None
    message = record.getMessage()
    assert message.startswith(f"Forbidden: user={personas['resident'].pk} path=/staff/ reason=")
    assert "\n" not in caplog.text.strip()
    assert "Traceback" not in caplog.text


def test_the_filter_keeps_the_reason_and_leaves_other_records_alone():
    request = RequestFactory().get("/somewhere/")
    request.user = type("U", (), {"pk": 7})()
    try:
        raise PermissionDenied("not your community")
    except PermissionDenied:
        exc_info = sys.exc_info()
    record = logging.LogRecord("django.request", logging.WARNING, "", 0, "x %s", ("y",), exc_info)
    record.status_code, record.request = 403, request
    assert ForbiddenOnOneLine().filter(record)
    assert record.getMessage() == "Forbidden: user=7 path=/somewhere/ reason=not your community"
    assert record.exc_info is None

    other = logging.LogRecord("django.request", logging.ERROR, "", 0, "boom %s", ("z",), exc_info)
    other.status_code = 500
    assert ForbiddenOnOneLine().filter(other)
    assert other.getMessage() == "boom z" and other.exc_info is exc_info
