from tests.access import LOGIN, Rule
from tests.governance.factories import make_case

WRITERS = {
    "admin": 200,
    "governance_staff": 200,
    "worker_jiaolong": 200,
    "worker_dajing": 200,
    "outsider": 200,
}
JIAOLONG_EDITORS = {"admin": 200, "governance_staff": 200, "worker_jiaolong": 200}
SPREADERS = {"admin": 200, "governance_staff": 200, "worker_jiaolong": 200, "worker_dajing": 200}


def case_pk(world, personas):
    return {"pk": make_case(world, personas, title="访问矩阵案例").pk}


RULES = {
    "governance:case-list": Rule(200),
    "governance:case-detail": Rule(200, kwargs=case_pk),
    "governance:case-print": Rule(200, kwargs=case_pk),
    "governance:case-version": Rule(200, kwargs=lambda w, p: {**case_pk(w, p), "number": 1}),
    "governance:staff-cases": Rule(403, anon=LOGIN, roles=WRITERS),
    "governance:staff-case-new": Rule(403, anon=LOGIN, roles=WRITERS),
    "governance:staff-case-edit": Rule(404, anon=LOGIN, roles=JIAOLONG_EDITORS, kwargs=case_pk),
    "governance:staff-case-submit": Rule(405, anon=LOGIN, kwargs=case_pk),
    "governance:staff-case-publish": Rule(405, anon=LOGIN, kwargs=case_pk),
    "governance:staff-case-return": Rule(405, anon=LOGIN, kwargs=case_pk),
    "governance:staff-case-archive": Rule(405, anon=LOGIN, kwargs=case_pk),
    "governance:staff-adoption-new": Rule(404, anon=LOGIN, roles=SPREADERS, kwargs=case_pk),
    "governance:staff-session-new": Rule(403, anon=LOGIN, roles=WRITERS),
    "api:list_cases": Rule(200),
    "api:get_case": Rule(200, kwargs=lambda w, p: {"case_id": case_pk(w, p)["pk"]}),
}
