"""The demo's past flower course: its graduates hold certificates, the one below the threshold
does not, and seeding again changes nothing."""

from __future__ import annotations

import pytest
from django.test import Client

from threecenters.certificates.models import Certificate, NumberCounter
from threecenters.core.models import AuditEntry
from threecenters.core.seed import seed_everything
from threecenters.events.models import Series

pytestmark = pytest.mark.django_db


def test_the_demo_certifies_the_past_course_once():
    seed_everything()
    counts = (
        Certificate.objects.count(),
        NumberCounter.objects.get().last,
        AuditEntry.objects.count(),
    )
    seed_everything()
    assert (Certificate.objects.count(), NumberCounter.objects.get().last) == counts[:2]
    assert not AuditEntry.objects.filter(action="certificates.issue").count() > counts[0]

    series = Series.objects.get(title="瑾栩花店免费插花课（第一期）")
    holders = set(Certificate.objects.values_list("holder__username", flat=True))
    assert "demo-resident" in holders and "demo-volunteer" not in holders
    assert len(holders) == 3
    cert = Certificate.objects.get(holder__username="demo-resident")
    assert cert.source_id == series.pk and cert.details["attendance"] == "5/5"
    page = Client().get(f"/certificates/{cert.token}/").content.decode()
    assert cert.number in page and "瑾栩花店免费插花课" in page
