"""The signed-in user of every request: read by primary key in one statement, active only."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.conftest import make_user
from threecenters.core.models import User
from threecenters.people.backends import MobileOrUsernameBackend

pytestmark = pytest.mark.django_db


def test_the_session_user_is_read_by_primary_key_and_must_be_active(db):
    backend = MobileOrUsernameBackend()
    user = make_user("reader")
    with CaptureQueriesContext(connection) as queries:
        assert backend.get_user(str(user.pk)).pk == user.pk
    assert len(queries) == 1
    assert backend.get_user("not-a-number") is None
    User.objects.filter(pk=user.pk).update(is_active=False)
    assert backend.get_user(str(user.pk)) is None


@pytest.mark.parametrize("key", [None, "", "abc", "1 OR 1=1", "99999999"])
def test_a_missing_or_malformed_key_reads_nobody(db, key):
    assert MobileOrUsernameBackend().get_user(key) is None
