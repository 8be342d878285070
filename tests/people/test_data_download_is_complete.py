"""The personal data download holds everything the platform keeps about the person — each app's
part (core.personal_data) — and nothing about anyone else."""

import json

import pytest
from django.test import Client

from tests.certificates.conftest import test_kind as certificate_kind_fixture
from tests.certificates.helpers import issue
from tests.conftest import PASSWORD
from tests.events.helpers import published_event, starting_soon
from tests.proposals.fixtures import FULL
from threecenters.core.personal_data import Part, register_part, registered_parts
from threecenters.events import services as events
from threecenters.notify.services import notification_send, sms_queue
from threecenters.people import services as people
from threecenters.proposals import services as proposals


def _download(user) -> dict:
    client = Client()
    client.force_login(user)
    response = client.get("/me/data.json")
    assert response.status_code == 200
    return json.loads(response.content)


certificate_kind = pytest.fixture(certificate_kind_fixture.__wrapped__, name="certificate_kind")


@pytest.fixture
def resident_records(
    world, personas, resident_with_mobile, certificate_kind, django_capture_on_commit_callbacks
):
    """The resident signed up for two events (checked in at one), waits for a seat at a third,
    has a message, an SMS, a certificate, a sign-in and a reveal of their data by a worker."""
    resident = resident_with_mobile
    staff = personas["civility_staff"]
    soon = published_event(world, personas, title="社区茶话会", **starting_soon())
    signed, _created = events.registration_create(event=soon, person=resident)
    events.registration_check_in(event=soon, actor=staff, registration=signed)
    events.registration_create(
        event=published_event(world, personas, title="书法课"), person=resident
    )
    full = published_event(world, personas, title="满员讲座", capacity=1)
    events.registration_create(event=full, person=personas["volunteer"])
    events.registration_create(event=full, person=resident)
    notification_send(user=resident, kind="test", title="居民的通知", body="正文")
    with django_capture_on_commit_callbacks(execute=True):
        sms_queue(mobile=resident.mobile, text="居民的短信 123456", secret="123456")
        sms_queue(mobile="13700000000", text="别人的短信")
    issue(world, personas, holder=resident, subject="居民的证书")
    Client().post("/accounts/signin/", {"username": resident.mobile, "password": PASSWORD})
    profile = people.profile_of(resident)
    profile.community = world["communities"]["dajing"]
    profile.save()
    people.personal_reveal(actor=personas["worker_dajing"], profile=profile, reason="电话回访")
    return resident


@pytest.mark.django_db
def test_every_part_is_present_for_a_person_who_has_such_records(resident_records, personas):
    data = _download(resident_records)
    by_title = {r["event"]["title"]: r for r in data["event_registrations"]}
    assert set(by_title) == {"社区茶话会", "书法课", "满员讲座"}
    assert by_title["社区茶话会"]["status"] == "checked_in"
    assert by_title["社区茶话会"]["check_ins"][0]["checked_in_at"]
    assert by_title["书法课"]["status"] == "registered" and by_title["书法课"]["check_ins"] == []
    assert by_title["满员讲座"]["status"] == "waitlisted"
    assert data["waitlist"] == [
        {"event": by_title["满员讲座"]["event"], "place": 1, "since": data["waitlist"][0]["since"]}
    ]
    assert "居民的通知" in [n["title"] for n in data["notifications"]]
    assert "居民的短信 ******" in [m["text"] for m in data["sms"]]
    assert "123456" not in json.dumps(data["sms"]) and "别人的短信" not in json.dumps(data)
    assert {m["mobile"] for m in data["sms"]} == {"139****5678"}
    assert [c["subject"] for c in data["certificates"]] == ["居民的证书"]
    actions = [(e["action"], e["outcome"], e["by"]) for e in data["audit"]]
    assert ("auth.signin", "success", "本人") in actions
    reveal = next(e for e in data["audit"] if e["action"] == "personal.reveal")
    worker = personas["worker_dajing"]
    assert reveal["by"] != worker.username and reveal["by"] != worker.display_name
    assert reveal["reason"] == "电话回访" and "ip" not in reveal
    # the people app's own parts are still there
    assert data["account"]["mobile"] == "139****5678"
    assert "consents" in data and "profile" in data


@pytest.mark.django_db
def test_the_proposals_a_person_filed_are_in_their_download(world, personas):
    author = personas["worker_jiaolong"]
    proposals.proposal_save(actor=author, community=world["communities"]["jiaolong"], **FULL)
    data = _download(author)
    assert [p["title"] for p in data["proposals"]] == [FULL["title"]]
    assert data["proposals"][0]["stage"] == "draft"
    assert _download(personas["worker_dajing"])["proposals"] == []


@pytest.mark.django_db
def test_another_persons_records_never_appear(resident_records, personas):
    other = personas["volunteer"]
    data = _download(other)
    text = json.dumps(data, ensure_ascii=False)
    for mark in ["社区茶话会", "书法课", "居民的通知", "居民的短信", "居民的证书", "电话回访"]:
        assert mark not in text, mark
    assert [r["event"]["title"] for r in data["event_registrations"]] == ["满员讲座"]
    assert data["waitlist"] == [] and data["sms"] == [] and data["certificates"] == []
    assert not any(e["action"] == "personal.reveal" for e in data["audit"])
    # nor the resident's own sign-ins in the worker's download, who revealed their data
    worker = _download(personas["worker_dajing"])
    assert not any(e["action"] == "auth.signin" for e in worker["audit"])
    assert "139****5678" not in json.dumps(worker, ensure_ascii=False)


@pytest.mark.django_db
def test_an_app_adds_its_part_without_touching_people(personas):
    part = Part("test_records", lambda user: [{"mine": user.username}], order=999)
    register_part(part)
    try:
        data = _download(personas["resident"])
        assert data["test_records"] == [{"mine": personas["resident"].username}]
    finally:
        from threecenters.core import personal_data

        personal_data._parts.pop("test_records")
    assert "test_records" not in {p.key for p in registered_parts()}
    with pytest.raises(ValueError):
        register_part(Part("audit", lambda user: []))
