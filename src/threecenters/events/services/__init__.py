"""Every write of the event engine: one transaction each, audited, notifications inside.

Seats are never checked and then taken: ``_take_seats`` is a single conditional UPDATE whose
WHERE clause holds the capacity rule, run in the same transaction as the registration row. On
PostgreSQL the UPDATE locks the event row, so concurrent sign-ups queue on it and re-check the
condition; on SQLite every transaction begins IMMEDIATE and writers are serialised. The CHECK
constraint ``event_taken_within_capacity`` stands behind both.

The services live by concern in this package; their public names are re-exported here.
"""

from threecenters.events.errors import EventError
from threecenters.events.services.checkin import (
    CHECKIN_SALT,
    CheckInResult,
    checkin_token,
    registration_check_in,
    registration_check_out,
    registration_walk_in,
)
from threecenters.events.services.common import Status, notify
from threecenters.events.services.organising import (
    EDITABLE_FIELDS,
    event_cancel,
    event_create,
    event_finish,
    event_mark_no_shows,
    event_publish,
    event_report_save,
    event_update,
)
from threecenters.events.services.photos import photo_add, photo_moderate
from threecenters.events.services.registration import (
    check_signup_window,
    eligibility_error,
    person_community_ids,
    registration_cancel,
    registration_create,
    registration_decide,
)
from threecenters.events.services.reminders import REMINDER_TITLE, reminders_send
from threecenters.events.services.series import series_create
from threecenters.events.services.waitlist import registration_move, registration_promote

__all__ = [
    "CHECKIN_SALT",
    "CheckInResult",
    "EDITABLE_FIELDS",
    "REMINDER_TITLE",
    "Status",
    "check_signup_window",
    "checkin_token",
    "eligibility_error",
    "event_cancel",
    "event_create",
    "event_finish",
    "event_mark_no_shows",
    "event_publish",
    "event_report_save",
    "event_update",
    "notify",
    "person_community_ids",
    "photo_add",
    "photo_moderate",
    "registration_cancel",
    "registration_check_in",
    "registration_check_out",
    "registration_create",
    "registration_decide",
    "registration_move",
    "registration_promote",
    "registration_walk_in",
    "reminders_send",
    "series_create",
    "EventError",
]
