"""One sign-up makes a pinned number of SQL statements, through the service and through the
API with a bearer token (the bench's sign-up rush). A statement added to the hot path fails
here; the counts are per database where they differ."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.conftest import make_user
from tests.events.helpers import published_event
from threecenters.events import services
from threecenters.events.models import Registration
from threecenters.people.services import token_create

pytestmark = pytest.mark.django_db

# The service: the registration, the notification and the audit entry (INSERTs), then the
# seat (the conditional UPDATE), inside the sign-up's transaction and the savepoint that lets a
# full event roll the rows back: 4 writes + 2 savepoints + 2 releases, the two savepoints
# standing for BEGIN and COMMIT outside the test's own transaction. The same on both databases.
SERVICE = {"sqlite": 8, "postgresql": 8}
# The API adds the bearer token's refusal-flood check, the token read, the caller's roles (the
# permission check), the token's last-used stamp and the event read.
API = {"sqlite": 13, "postgresql": 13}


def _statements(captured) -> list[str]:
    # savepoints and transaction control are statements too: count everything sent
    return [q["sql"] for q in captured]


def test_one_sign_up_through_the_service(world, personas):
    event = published_event(world, personas, capacity=50)
    person = make_user("signer")
    with CaptureQueriesContext(connection) as queries:
        reg, created = services.registration_create(event=event, person=person)
    assert created and reg.status == Registration.Status.REGISTERED
    assert len(_statements(queries.captured_queries)) == SERVICE[connection.vendor], "\n".join(
        _statements(queries.captured_queries)
    )


def test_one_sign_up_through_the_api_with_a_token(world, personas):
    event = published_event(world, personas, capacity=50)
    person = make_user("caller")
    _token, raw = token_create(actor=person, user=person, name="phone")
    client = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
    url = f"/api/v1/events/{event.pk}/registrations"
    with CaptureQueriesContext(connection) as queries:
        response = client.post(url, {}, content_type="application/json")
    assert response.status_code == 201, response.content
    assert len(_statements(queries.captured_queries)) == API[connection.vendor], "\n".join(
        _statements(queries.captured_queries)
    )
