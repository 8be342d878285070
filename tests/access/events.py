from tests.access import LOGIN, SIGNED_IN, Rule, Write

ORGANISERS = {
    "admin": 200,
    "incubator_staff": 200,
    "civility_staff": 200,
    "governance_staff": 200,
    "worker_jiaolong": 200,
    "worker_dajing": 200,
    "outsider": 200,
}
# The event below belongs to the civility center in 大井社区.
ITS_ORGANISERS = {"admin": 200, "civility_staff": 200, "worker_dajing": 200}


def an_event(world, personas):
    """A published event of the civility center in 大井社区, made once per test world."""
    if "event" not in world:
        from tests.events.helpers import published_event

        world["event"] = published_event(world, personas)
    return world["event"]


def _moved_out_of_dajing(world, personas):
    """The event's form, valid, with the community left empty: the center's staff and the
    subdistrict's administrator may make it a center-wide event, 大井's worker may not take it
    out of their community."""
    from django.utils import timezone

    from threecenters.events.forms import DT_FORMAT

    event = an_event(world, personas)
    return {
        "kind": event.kind,
        "title": event.title,
        "description": "",
        "community": "",
        "venue": event.venue,
        "starts_at": timezone.localtime(event.starts_at).strftime(DT_FORMAT),
        "ends_at": timezone.localtime(event.ends_at).strftime(DT_FORMAT),
        "capacity": event.capacity,
        "waitlist_enabled": "on",
        "eligibility": event.eligibility,
        "companions_allowed": 0,
    }


def event_kwargs(world, personas):
    return {"pk": an_event(world, personas).pk}


def api_event_kwargs(world, personas):
    return {"event_id": an_event(world, personas).pk}


ITS = list(ITS_ORGANISERS)
# PATCH /events/{id}: the event's organisers rename it, everyone else is refused
RENAME = Write(
    403,
    anon=401,
    roles=dict.fromkeys(ITS, 200),
    data=lambda w, p: {"title": "改过的活动名称"},
    changes=ITS,
)

RULES = {
    "events:list": Rule(200),
    "events:mine": Rule(200, anon=LOGIN),
    "events:detail": Rule(200, kwargs=event_kwargs),
    # anyone signed in may sign up for the published event
    "events:signup": Rule(405, kwargs=event_kwargs, post=Write(302, anon=LOGIN, changes=SIGNED_IN)),
    "events:ics": Rule(200, kwargs=event_kwargs),
    "events:gallery": Rule(200, kwargs=event_kwargs),
    "events:photo-upload": Rule(405, kwargs=event_kwargs, post=Write(302, anon=LOGIN)),
    "events:cancel": Rule(
        405, kwargs=lambda w, p: {"token": "not-a-token"}, post=Write(404, anon=LOGIN)
    ),
    # an empty booking is answered with a message on the event's page
    "events:booth-book": Rule(405, kwargs=event_kwargs, post=Write(302, anon=LOGIN)),
    "events:booth-cancel": Rule(
        405, kwargs=lambda w, p: {"token": "not-a-token"}, post=Write(404, anon=LOGIN)
    ),
    "events:community-ics": Rule(200, kwargs=lambda w, p: {"slug": "jiaolong"}),
    "events:community-gallery": Rule(200, kwargs=lambda w, p: {"slug": "jiaolong"}),
    "events:staff-list": Rule(403, anon=LOGIN, roles=ORGANISERS),
    # an empty decision or moderation is answered with a message on the same list
    "events:staff-approvals": Rule(
        403,
        anon=LOGIN,
        roles=ORGANISERS,
        post=Write(403, anon=LOGIN, roles=dict.fromkeys(ORGANISERS, 302)),
    ),
    "events:staff-photo-queue": Rule(
        403,
        anon=LOGIN,
        roles=ORGANISERS,
        post=Write(403, anon=LOGIN, roles=dict.fromkeys(ORGANISERS, 302)),
    ),
    "events:staff-new": Rule(
        403, anon=LOGIN, roles=ORGANISERS, post=Write(403, anon=LOGIN, roles=ORGANISERS)
    ),
    "events:staff-series-new": Rule(
        403, anon=LOGIN, roles=ORGANISERS, post=Write(403, anon=LOGIN, roles=ORGANISERS)
    ),
    "events:staff-detail": Rule(404, anon=LOGIN, roles=ITS_ORGANISERS, kwargs=event_kwargs),
    "events:staff-edit": Rule(
        404,
        anon=LOGIN,
        roles=ITS_ORGANISERS,
        kwargs=event_kwargs,
        post=Write(
            404,
            anon=LOGIN,
            # 大井's worker gets the form back with the refusal
            roles={"admin": 302, "civility_staff": 302, "worker_dajing": 200},
            data=_moved_out_of_dajing,
            changes=["admin", "civility_staff"],
        ),
    ),
    # an empty action is answered with a message on the event's page
    "events:staff-action": Rule(
        405, kwargs=event_kwargs, post=Write(404, anon=LOGIN, roles=dict.fromkeys(ITS, 302))
    ),
    "events:staff-registration": Rule(
        405,
        kwargs=lambda w, p: {"pk": an_event(w, p).pk, "rid": 1},
        post=Write(404, anon=LOGIN),
    ),
    "events:staff-checkin": Rule(
        404,
        anon=LOGIN,
        roles=ITS_ORGANISERS,
        kwargs=event_kwargs,
        post=Write(404, anon=LOGIN, roles=ITS_ORGANISERS),
    ),
    "events:staff-walk-in": Rule(
        405, kwargs=event_kwargs, post=Write(404, anon=LOGIN, roles=dict.fromkeys(ITS, 302))
    ),
    "events:staff-export": Rule(404, anon=LOGIN, roles=ITS_ORGANISERS, kwargs=event_kwargs),
    "events:staff-report": Rule(
        404,
        anon=LOGIN,
        roles=ITS_ORGANISERS,
        kwargs=event_kwargs,
        post=Write(404, anon=LOGIN, roles=ITS_ORGANISERS),
    ),
    # moderating names a photo; without one there is nothing to find
    "events:staff-photos": Rule(
        404, anon=LOGIN, roles=ITS_ORGANISERS, kwargs=event_kwargs, post=Write(404, anon=LOGIN)
    ),
    # a single event (no series) has no completion page
    "events:staff-completion": Rule(
        404, anon=LOGIN, kwargs=event_kwargs, post=Write(404, anon=LOGIN)
    ),
    # API
    "api:list_events": Rule(200, post=Write(422, anon=401)),
    "api:get_event": Rule(200, kwargs=api_event_kwargs, patch=RENAME),
    # POST /events and PATCH /events/{id} share their paths with the GETs above; an empty
    # body is refused by validation (422) before anything else
    "api:create_event": Rule(200, post=Write(422, anon=401)),
    "api:update_event": Rule(200, kwargs=api_event_kwargs, patch=RENAME),
    "api:create_registration": Rule(
        405, kwargs=api_event_kwargs, post=Write(201, anon=401, changes=SIGNED_IN)
    ),
    "api:my_registrations": Rule(200, anon=401),
    "api:cancel_registration": Rule(
        405, kwargs=lambda w, p: {"registration_id": 1}, delete=Write(404, anon=401)
    ),
    "api:check_in": Rule(
        405, kwargs=api_event_kwargs, post=Write(403, anon=401, roles=dict.fromkeys(ITS, 422))
    ),
    "api:event_kinds": Rule(200),
    "api:book_booth": Rule(405, kwargs=api_event_kwargs, post=Write(422, anon=401)),
}
