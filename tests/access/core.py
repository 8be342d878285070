from tests.access import LOGIN, Rule

STAFF_OK = {
    "admin": 200,
    "incubator_staff": 200,
    "civility_staff": 200,
    "governance_staff": 200,
    "worker_jiaolong": 200,
    "worker_dajing": 200,
    "outsider": 200,
}

RULES = {
    "core:home": Rule(200),
    "core:center": Rule(200, kwargs=lambda w, p: {"pk": w["centers"]["governance"].pk}),
    "core:community": Rule(200, kwargs=lambda w, p: {"slug": "jiaolong"}),
    "core:news": Rule(200),
    "core:news-detail": Rule(404, kwargs=lambda w, p: {"pk": 999999}),
    "core:elder-toggle": Rule(405),
    "core:signin": Rule(302, anon=200),
    "core:signout": Rule(405),
    "core:mine": Rule(200, anon=LOGIN),
    "core:healthz": Rule(200),
    "core:readyz": Rule(200),
    "core:workspace": Rule(403, anon=LOGIN, roles=STAFF_OK),
    "core:staff-news": Rule(403, anon=LOGIN, roles=STAFF_OK),
    "core:staff-news-new": Rule(403, anon=LOGIN, roles=STAFF_OK),
    "core:staff-news-edit": Rule(404, anon=LOGIN, kwargs=lambda w, p: {"pk": 999999}),
    "core:staff-center-edit": Rule(
        404,
        anon=LOGIN,
        roles={"admin": 200, "governance_staff": 200},
        kwargs=lambda w, p: {"pk": w["centers"]["governance"].pk},
    ),
    "core:staff-organisations": Rule(403, anon=LOGIN, roles=STAFF_OK),
    "core:staff-organisation-new": Rule(403, anon=LOGIN, roles=STAFF_OK),
    "core:staff-organisation-edit": Rule(
        404,
        anon=LOGIN,
        roles={k: 200 for k in STAFF_OK if k != "outsider"},
        kwargs=lambda w, p: {"pk": w["flower_shop"].pk},
    ),
    "core:staff-task-failures": Rule(
        403, anon=LOGIN, roles={"admin": 200, "sysadmin": 200, "outsider": 200}
    ),
    "set_language": Rule(302),
    # uploaded files: an unknown one is a 404 for everyone (tests/test_private_files.py checks
    # each kind of file for each kind of reader)
    "core:file": Rule(
        404, kwargs=lambda w, p: {"key": "core.center.cover", "pk": 999999, "signature": "x"}
    ),
    # API (ninja names its views by function name inside the "api" namespace)
    "api:api-root": Rule(404),
    "api:openapi-json": Rule(200),
    "api:openapi-view": Rule(200),
    "api:list_communities": Rule(200),
    "api:list_centers": Rule(200),
}
