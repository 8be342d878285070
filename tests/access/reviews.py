"""The review kernel's own URLs: the public 公示 pages and the staff page for objections. Most
review URLs belong to the apps that reuse the kernel (see tests/access/proposals.py).

No kind registered in production declares a 公示 stage yet, so nobody manages one: the staff
page is refused to every persona (tests/reviews covers a kind that has one)."""

from tests.access import LOGIN, Rule, Write

NO_SUCH_TOKEN = {"token": "0" * 32}

RULES = {
    "reviews:publicity-list": Rule(200, kwargs=lambda w, p: {"kind": "proposal"}),
    "reviews:publicity-item": Rule(404, kwargs=lambda w, p: NO_SUCH_TOKEN, post=Write(404)),
    "reviews:staff-objections": Rule(403, anon=LOGIN, post=Write(403, anon=LOGIN)),
    # POST-only actions answer a GET with 405 once signed in
    "reviews:objection-handle": Rule(
        405, anon=LOGIN, kwargs=lambda w, p: {"pk": 999999}, post=Write(404, anon=LOGIN)
    ),
    "reviews:publicity-close": Rule(
        405, anon=LOGIN, kwargs=lambda w, p: NO_SUCH_TOKEN, post=Write(404, anon=LOGIN)
    ),
    # API
    "api:publicity_list": Rule(200),
    "api:publicity_detail": Rule(404, kwargs=lambda w, p: NO_SUCH_TOKEN),
    "api:objection_list": Rule(403, anon=401),
    "api:objection_create": Rule(405, kwargs=lambda w, p: NO_SUCH_TOKEN, post=Write(422, anon=401)),
    "api:objection_handle": Rule(
        405, kwargs=lambda w, p: {"objection_id": 1}, post=Write(422, anon=401)
    ),
    "api:publicity_close": Rule(405, kwargs=lambda w, p: NO_SUCH_TOKEN, post=Write(404, anon=401)),
}
