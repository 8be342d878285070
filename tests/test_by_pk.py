"""core.rows.by_pk: the row .get(pk=...) gives, in one statement; None for a bad key."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.conftest import make_user
from tests.events.helpers import published_event
from threecenters.core.models import User
from threecenters.core.rows import by_pk
from threecenters.events.models import Event
from threecenters.people.backends import MobileOrUsernameBackend

pytestmark = pytest.mark.django_db


def _fields(obj):
    """Each field's value and type (True == 1, so the type tells a converted boolean)."""
    return {
        f.attname: (type(getattr(obj, f.attname)), getattr(obj, f.attname))
        for f in type(obj)._meta.concrete_fields
    }


def test_it_reads_the_same_row_as_get(world, personas):
    event = published_event(world, personas, description="<p>茶艺</p>", capacity=30)
    with CaptureQueriesContext(connection) as queries:
        read = by_pk(Event, event.pk)
    assert len(queries) == 1
    assert _fields(read) == _fields(Event.objects.get(pk=event.pk))
    assert read.starts_at.tzinfo is not None  # converters applied, as .get applies them
    assert read._state.adding is False and read._state.db == "default"
    user = personas["resident"]
    assert _fields(by_pk(User, str(user.pk))) == _fields(User.objects.get(pk=user.pk))


@pytest.mark.parametrize("key", [None, "", "abc", "1 OR 1=1", "99999999"])
def test_a_missing_or_malformed_key_reads_nothing(db, key):
    assert by_pk(User, key) is None


def test_the_session_user_is_read_by_primary_key_and_must_be_active(db):
    backend = MobileOrUsernameBackend()
    user = make_user("reader")
    assert backend.get_user(str(user.pk)).pk == user.pk
    assert backend.get_user("not-a-number") is None
    User.objects.filter(pk=user.pk).update(is_active=False)
    assert backend.get_user(str(user.pk)) is None
