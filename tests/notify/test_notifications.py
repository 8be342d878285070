import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from threecenters.notify import services
from threecenters.notify.models import Notification, SmsMessage
from threecenters.notify.sms import OUTBOX


@pytest.mark.django_db(transaction=True)
def test_it_delivers_to_the_inbox_and_by_sms_after_commit(personas):
    resident = personas["resident"]
    resident.mobile = "13812341234"
    resident.save()
    services.notification_send(
        user=resident, kind="test", title="报名成功", body="请准时参加。", sms=True
    )
    assert Notification.objects.filter(user=resident, title="报名成功").exists()
    assert [m.text for m in OUTBOX] == ["报名成功 请准时参加。"]
    assert SmsMessage.objects.get().status == SmsMessage.Status.SENT


@pytest.mark.django_db
def test_a_dedupe_key_delivers_once(personas):
    resident = personas["resident"]
    first = services.notification_send(
        user=resident, kind="reminder", title="明天活动", dedupe_key="r:1"
    )
    second = services.notification_send(
        user=resident, kind="reminder", title="明天活动", dedupe_key="r:1"
    )
    assert first is not None and second is None
    assert Notification.objects.filter(user=resident).count() == 1


@pytest.mark.django_db
def test_the_inbox_shows_only_ones_own_messages(personas, client_for):
    services.notification_send(user=personas["resident"], kind="k", title="给居民的消息")
    services.notification_send(user=personas["volunteer"], kind="k", title="给志愿者的消息")
    page = client_for("resident").get("/me/inbox/").content.decode()
    assert "给居民的消息" in page and "给志愿者的消息" not in page
    api = client_for("resident").get("/api/v1/me/notifications").json()
    assert [n["title"] for n in api] == ["给居民的消息"]


@pytest.mark.django_db
def test_marking_read_touches_only_ones_own(personas, client_for):
    services.notification_send(user=personas["resident"], kind="k", title="a")
    services.notification_send(user=personas["volunteer"], kind="k", title="b")
    client_for("resident").post("/me/inbox/read/")
    assert Notification.objects.get(title="a").read_at is not None
    assert Notification.objects.get(title="b").read_at is None


@pytest.mark.django_db
def test_the_inbox_page_uses_a_fixed_number_of_queries(personas, client_for):
    for i in range(40):
        services.notification_send(user=personas["resident"], kind="k", title=f"消息{i}")
    client = client_for("resident")
    client.get("/me/inbox/")
    with CaptureQueriesContext(connection) as ctx:
        response = client.get("/me/inbox/")
    assert response.status_code == 200
    assert len(ctx.captured_queries) <= 6
