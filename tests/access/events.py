from tests.access import LOGIN, Rule

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


def event_kwargs(world, personas):
    return {"pk": an_event(world, personas).pk}


def api_event_kwargs(world, personas):
    return {"event_id": an_event(world, personas).pk}


RULES = {
    "events:list": Rule(200),
    "events:mine": Rule(200, anon=LOGIN),
    "events:detail": Rule(200, kwargs=event_kwargs),
    "events:signup": Rule(405, kwargs=event_kwargs),
    "events:ics": Rule(200, kwargs=event_kwargs),
    "events:gallery": Rule(200, kwargs=event_kwargs),
    "events:photo-upload": Rule(405, kwargs=event_kwargs),
    "events:cancel": Rule(405, kwargs=lambda w, p: {"token": "not-a-token"}),
    "events:booth-book": Rule(405, kwargs=event_kwargs),
    "events:booth-cancel": Rule(405, kwargs=lambda w, p: {"token": "not-a-token"}),
    "events:community-ics": Rule(200, kwargs=lambda w, p: {"slug": "jiaolong"}),
    "events:community-gallery": Rule(200, kwargs=lambda w, p: {"slug": "jiaolong"}),
    "events:staff-list": Rule(403, anon=LOGIN, roles=ORGANISERS),
    "events:staff-new": Rule(403, anon=LOGIN, roles=ORGANISERS),
    "events:staff-series-new": Rule(403, anon=LOGIN, roles=ORGANISERS),
    "events:staff-detail": Rule(404, anon=LOGIN, roles=ITS_ORGANISERS, kwargs=event_kwargs),
    "events:staff-edit": Rule(404, anon=LOGIN, roles=ITS_ORGANISERS, kwargs=event_kwargs),
    "events:staff-action": Rule(405, kwargs=event_kwargs),
    "events:staff-registration": Rule(405, kwargs=lambda w, p: {"pk": an_event(w, p).pk, "rid": 1}),
    "events:staff-checkin": Rule(404, anon=LOGIN, roles=ITS_ORGANISERS, kwargs=event_kwargs),
    "events:staff-walk-in": Rule(405, kwargs=event_kwargs),
    "events:staff-export": Rule(404, anon=LOGIN, roles=ITS_ORGANISERS, kwargs=event_kwargs),
    "events:staff-report": Rule(404, anon=LOGIN, roles=ITS_ORGANISERS, kwargs=event_kwargs),
    "events:staff-photos": Rule(404, anon=LOGIN, roles=ITS_ORGANISERS, kwargs=event_kwargs),
    # a single event (no series) has no completion page
    "events:staff-completion": Rule(404, anon=LOGIN, kwargs=event_kwargs),
    # API
    "api:list_events": Rule(200),
    "api:get_event": Rule(200, kwargs=api_event_kwargs),
    # POST /events and PATCH /events/{id} share their paths with the GETs above.
    "api:create_event": Rule(200),
    "api:update_event": Rule(200, kwargs=api_event_kwargs),
    "api:create_registration": Rule(405, kwargs=api_event_kwargs),
    "api:my_registrations": Rule(200, anon=401),
    "api:cancel_registration": Rule(405, kwargs=lambda w, p: {"registration_id": 1}),
    "api:check_in": Rule(405, kwargs=api_event_kwargs),
    "api:event_kinds": Rule(200),
    "api:book_booth": Rule(405, kwargs=api_event_kwargs),
}
