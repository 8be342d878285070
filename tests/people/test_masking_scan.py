"""No full mobile or ID number in any page, API response, export or log line: every URL of the
access matrix is fetched by every persona (and signed out), plus the exports, API and SMS flows,
and everything that came back or was logged is scanned for the personas' full numbers."""

import io
import logging

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook

from tests.access import all_rules
from tests.people.conftest import id_number
from threecenters.core.audit import audit_record
from threecenters.people import services


def _roster(rows) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(["姓名", "手机号", "身份证号", "小区/地址", "标签"])
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.mark.django_db
def test_no_full_mobile_or_id_number_is_ever_shown_or_logged(
    world, personas, caplog, settings, django_capture_on_commit_callbacks
):
    caplog.set_level(logging.DEBUG)
    settings.SMS_BACKEND = "console"
    secrets: list[str] = []
    for n, (name, user) in enumerate(sorted(personas.items())):
        user.mobile = f"1390000{n:04d}"
        user.save()
        number = id_number(f"5101221980{n % 12 + 1:02d}15{n:03d}")
        services.profile_update(
            actor=user,
            user=user,
            display_name=f"测试{name}",
            community=world["communities"]["dajing"],
            address="大井",
            id_number=number,
        )
        secrets += [user.mobile, number]
    # Things that leave traces: failed sign-ins typed as mobiles, SMS codes, tokens, audit.
    with django_capture_on_commit_callbacks(execute=True):
        Client().post("/accounts/signin/", {"username": secrets[0], "password": "wrong"})
        Client().post("/accounts/signin/code/", {"mobile": secrets[2], "send": "1"})
        Client().post("/accounts/reset/", {"mobile": secrets[4], "send": "1"})
    bodies: list[str] = []
    callers = [None, *personas]
    for name, rule in sorted(all_rules().items()):
        url = reverse(name, kwargs=rule.kwargs(world, personas) if rule.kwargs else {})
        for persona in callers:
            client = Client()
            if persona:
                client.force_login(personas[persona])
            response = client.get(url)
            if hasattr(response, "streaming_content"):
                bodies.append(b"".join(response.streaming_content).decode("utf-8", "replace"))
            else:
                bodies.append(response.content.decode("utf-8", "replace"))
    worker = Client()
    worker.force_login(personas["worker_dajing"])
    upload = io.BytesIO(
        _roster(
            [
                ["新人", "13700001234", id_number("51012219900909123"), "", ""],
                ["坏", secrets[6], "1" * 18, "", ""],
            ]
        )
    )
    upload.name = "r.xlsx"
    bodies.append(
        worker.post(
            "/staff/residents/import/",
            {"community": world["communities"]["dajing"].pk, "file": upload},
        ).content.decode()
    )
    secrets += ["13700001234", id_number("51012219900909123")]
    auditor = Client()
    auditor.force_login(personas["auditor"])
    audit_record(actor=personas["resident"], action="test.scan")
    bodies.append(
        b"".join(auditor.get("/staff/audit/export.csv").streaming_content).decode("utf-8-sig")
    )
    bodies.append(auditor.get("/staff/audit/").content.decode())
    logs = [record.getMessage() for record in caplog.records]
    leaks = [
        (secret, where[:80]) for secret in secrets for where in bodies + logs if secret in where
    ]
    assert not leaks, leaks
    assert len(bodies) > 100 and any("SMS to" in line for line in logs)
