"""No full mobile number in the audit trail: every label and change written from a login name
that is a mobile number is masked (core.masking.mask_login), after the lockout, SMS, sign-in and
spraying flows alike."""

import json
import re

import pytest
from django.test import Client

from tests.conftest import PASSWORD
from tests.people.conftest import last_code
from threecenters.core.masking import mask_login
from threecenters.core.models import AuditEntry

MOBILE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")


def test_mask_login_masks_any_long_run_of_digits():
    assert mask_login("13912345678") == "139****5678"
    assert mask_login(" zhang13912345678 ") == "zhang139****5678"
    assert mask_login("1391234") == "139****"
    assert mask_login("worker_dajing") == "worker_dajing"
    assert len(mask_login("x" * 400)) == 150


@pytest.mark.django_db
def test_no_audit_row_holds_a_full_mobile_after_the_sign_in_flows(
    resident_with_mobile, personas, settings
):
    settings.LOCKOUT_IP_FAILURES = 8
    mobile = "13912345678"
    stranger = "13600001111"
    lockout = Client(REMOTE_ADDR="10.60.0.1")
    for login in [mobile, stranger]:
        for _ in range(settings.LOCKOUT_FAILURES + 1):  # failures, the lock, a locked try
            lockout.post("/accounts/signin/", {"username": login, "password": "wrong"})
    spray = Client(REMOTE_ADDR="10.60.0.2")
    for n in range(10):
        spray.post("/accounts/signin/", {"username": f"1380000{n:04d}", "password": "wrong"})
    sms = Client(REMOTE_ADDR="10.60.0.3")
    for url in ["/accounts/signin/code/", "/accounts/reset/", "/accounts/register/"]:
        for number in [mobile, stranger]:
            sms.post(url, {"mobile": number, "send": "1"})
            sms.post(url, {"mobile": number, "code": "000000", "password1": PASSWORD})
    good = Client(REMOTE_ADDR="10.60.0.4")
    good.post("/accounts/signin/code/", {"mobile": mobile, "send": "1"})
    good.post("/accounts/signin/code/", {"mobile": mobile, "code": last_code()})
    Client(REMOTE_ADDR="10.60.0.5").post(
        "/accounts/signin/", {"username": mobile, "password": PASSWORD}
    )
    auditor = Client()
    auditor.force_login(personas["auditor"])
    auditor.get("/staff/audit/")  # writes the summaries that are due
    rows = list(AuditEntry.objects.values_list("actor_label", "object_repr", "changes", "action"))
    actions = {row[3] for row in rows}
    assert {"auth.lockout", "auth.signin", "auth.signin_locked", "sms.code_rejected"} <= actions
    leaks = [
        row
        for row in rows
        if MOBILE.search(" ".join([row[0], row[1], json.dumps(row[2], ensure_ascii=False)]))
    ]
    assert not leaks, leaks
