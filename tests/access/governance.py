from tests.access import LOGIN, Rule, Write
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


def _jiaolong_adoption(w, p):
    """蛟龙社区 studied the case: its worker, the governance center and the administrator may
    record that; 大井's worker may record only 大井's spread (the form refuses 蛟龙)."""
    return {
        "community": w["communities"]["jiaolong"].pk,
        "kind": "studied",
        "date": "2026-05-01",
        "adopted": "议事规则",
    }


STEP = dict.fromkeys(JIAOLONG_EDITORS, 403) | {"governance_staff": 302}


RULES = {
    "governance:case-list": Rule(200),
    "governance:case-detail": Rule(200, kwargs=case_pk),
    "governance:case-print": Rule(200, kwargs=case_pk),
    "governance:case-version": Rule(200, kwargs=lambda w, p: {**case_pk(w, p), "number": 1}),
    "governance:staff-cases": Rule(403, anon=LOGIN, roles=WRITERS),
    "governance:staff-case-new": Rule(
        403, anon=LOGIN, roles=WRITERS, post=Write(403, anon=LOGIN, roles=WRITERS)
    ),
    "governance:staff-case-edit": Rule(
        404,
        anon=LOGIN,
        roles=JIAOLONG_EDITORS,
        kwargs=case_pk,
        post=Write(404, anon=LOGIN, roles=JIAOLONG_EDITORS),
    ),
    # the case is published: submitting again is answered with a message; publishing,
    # returning and archiving are the governance center's
    "governance:staff-case-submit": Rule(
        405,
        anon=LOGIN,
        kwargs=case_pk,
        post=Write(404, anon=LOGIN, roles=dict.fromkeys(JIAOLONG_EDITORS, 302)),
    ),
    "governance:staff-case-publish": Rule(
        405, anon=LOGIN, kwargs=case_pk, post=Write(404, anon=LOGIN, roles=STEP)
    ),
    "governance:staff-case-return": Rule(
        405, anon=LOGIN, kwargs=case_pk, post=Write(404, anon=LOGIN, roles=STEP)
    ),
    "governance:staff-case-archive": Rule(
        405,
        anon=LOGIN,
        kwargs=case_pk,
        post=Write(404, anon=LOGIN, roles=STEP, changes=["governance_staff"]),
    ),
    "governance:staff-adoption-new": Rule(
        404,
        anon=LOGIN,
        roles=SPREADERS,
        kwargs=case_pk,
        post=Write(
            404,
            anon=LOGIN,
            roles={**dict.fromkeys(SPREADERS, 302), "worker_dajing": 200},
            data=_jiaolong_adoption,
            changes=["admin", "governance_staff", "worker_jiaolong"],
        ),
    ),
    "governance:staff-session-new": Rule(
        403, anon=LOGIN, roles=WRITERS, post=Write(403, anon=LOGIN, roles=WRITERS)
    ),
    "api:list_cases": Rule(200),
    "api:get_case": Rule(200, kwargs=lambda w, p: {"case_id": case_pk(w, p)["pk"]}),
}
