from tests.access import LOGIN, Rule, Write

OTHERS_404 = 404


def _under_review(w, p) -> dict:
    """A 蛟龙 proposal under review, with the expert persona assigned."""
    from tests.proposals.fixtures import FULL
    from threecenters.proposals import services

    proposal = services.proposal_save(
        actor=p["worker_jiaolong"], community=w["communities"]["jiaolong"], **FULL
    )
    proposal = services.proposal_submit(actor=p["worker_jiaolong"], proposal=proposal)
    services.expert_assign(actor=p["governance_staff"], proposal=proposal, expert_user=p["expert"])
    return {"pk": proposal.pk}


def _in_progress(w, p) -> dict:
    from tests.conftest import Role, make_user
    from tests.proposals.fixtures import scores
    from threecenters.core.models import User
    from threecenters.proposals import services
    from threecenters.proposals.models import Proposal
    from threecenters.reviews import services as review

    pk = _under_review(w, p)["pk"]
    proposal = Proposal.objects.select_related("application").get(pk=pk)
    # the proposal kind needs two scored sheets before a decision
    expert2 = User.objects.filter(username="expert2").first() or make_user(
        "expert2", Role.EXPERT, area=w["subdistrict"]
    )
    services.expert_assign(actor=p["governance_staff"], proposal=proposal, expert_user=expert2)
    for expert in (p["expert"], expert2):
        services.proposal_score(actor=expert, proposal=proposal, scores=scores())
    app = proposal.application
    review.application_decide(
        actor=p["governance_staff"],
        application=app,
        outcome="approved",
        reason_codes=[],
        explanation="同意",
    )
    services.proposal_start(actor=p["governance_staff"], proposal=proposal)
    return {"pk": pk}


def _api(kwargs):
    return lambda w, p: {"proposal_id": kwargs(w, p)["pk"]}


WORKERS = {"worker_jiaolong": 200, "worker_dajing": 200}
BOARD = {"governance_staff": 200, "admin": 200, "outsider": 200}
# who can open a 蛟龙 proposal under review: its community, the governance center, the
# subdistrict admin and the assigned expert; everyone else gets a 404
VIEWERS = ["worker_jiaolong", "governance_staff", "admin", "expert"]


def viewers(status: int, **overrides) -> dict:
    return dict.fromkeys(VIEWERS, status) | overrides


def same(roles: dict, default=OTHERS_404) -> Write:
    """A page whose empty form is answered like its GET (the form comes back with errors)."""
    return Write(default, anon=LOGIN, roles=roles)


# POST-only actions on a proposal that does not exist
MISSING = Write(404, anon=LOGIN)
# the API: signed in, an empty body is refused by validation (422) before anything else
API_EMPTY = Write(422, anon=401)
EXPERT = viewers(403, expert=200)
DECIDER = viewers(403, governance_staff=200)
TRACKERS = viewers(403, worker_jiaolong=200, governance_staff=200)

RULES = {
    "proposals:mine": Rule(403, anon=LOGIN, roles=WORKERS),
    "proposals:new": Rule(403, anon=LOGIN, roles=WORKERS, post=same(WORKERS, 403)),
    "proposals:queue": Rule(403, anon=LOGIN, roles={"expert": 200}),
    "proposals:saved-cost": Rule(200),
    "proposals:board": Rule(403, anon=LOGIN, roles=BOARD),
    "proposals:experts": Rule(403, anon=LOGIN, roles=BOARD, post=same(BOARD, 403)),
    "proposals:detail": Rule(OTHERS_404, anon=LOGIN, roles=viewers(200), kwargs=_under_review),
    "proposals:edit": Rule(
        OTHERS_404,
        anon=LOGIN,
        roles=viewers(403),
        kwargs=_under_review,
        post=same(viewers(403)),
    ),
    "proposals:visit": Rule(
        OTHERS_404, anon=LOGIN, roles=EXPERT, kwargs=_under_review, post=same(EXPERT)
    ),
    "proposals:score": Rule(
        OTHERS_404, anon=LOGIN, roles=EXPERT, kwargs=_under_review, post=same(EXPERT)
    ),
    "proposals:decide": Rule(
        OTHERS_404, anon=LOGIN, roles=DECIDER, kwargs=_under_review, post=same(DECIDER)
    ),
    "proposals:milestone-new": Rule(
        OTHERS_404, anon=LOGIN, roles=TRACKERS, kwargs=_in_progress, post=same(TRACKERS)
    ),
    "proposals:update-new": Rule(
        OTHERS_404, anon=LOGIN, roles=TRACKERS, kwargs=_in_progress, post=same(TRACKERS)
    ),
    "proposals:close": Rule(
        OTHERS_404, anon=LOGIN, roles=TRACKERS, kwargs=_in_progress, post=same(TRACKERS)
    ),
    # POST-only actions answer a GET with 405 once signed in
    "proposals:submit": Rule(405, anon=LOGIN, kwargs=lambda w, p: {"pk": 999999}, post=MISSING),
    "proposals:withdraw": Rule(405, anon=LOGIN, kwargs=lambda w, p: {"pk": 999999}, post=MISSING),
    "proposals:upload": Rule(405, anon=LOGIN, kwargs=lambda w, p: {"pk": 999999}, post=MISSING),
    "proposals:assign": Rule(405, anon=LOGIN, kwargs=lambda w, p: {"pk": 999999}, post=MISSING),
    "proposals:start": Rule(405, anon=LOGIN, kwargs=lambda w, p: {"pk": 999999}, post=MISSING),
    "proposals:make-case": Rule(405, anon=LOGIN, kwargs=lambda w, p: {"pk": 999999}, post=MISSING),
    "proposals:milestone-done": Rule(
        405, anon=LOGIN, kwargs=lambda w, p: {"pk": 999999, "milestone": 1}, post=MISSING
    ),
    # API
    "api:proposal_list": Rule(200, anon=401, post=API_EMPTY),
    "api:proposal_create": Rule(200, anon=401, post=API_EMPTY),  # the same path as the list
    "api:proposal_detail": Rule(404, anon=401, roles=viewers(200), kwargs=_api(_under_review)),
    "api:assignment_create": Rule(405, kwargs=lambda w, p: {"proposal_id": 1}, post=API_EMPTY),
    "api:site_visit_create": Rule(405, kwargs=lambda w, p: {"proposal_id": 1}, post=API_EMPTY),
    "api:scores_create": Rule(405, kwargs=lambda w, p: {"proposal_id": 1}, post=API_EMPTY),
    "api:decision_create": Rule(405, kwargs=lambda w, p: {"proposal_id": 1}, post=API_EMPTY),
    "api:milestone_create": Rule(405, kwargs=lambda w, p: {"proposal_id": 1}, post=API_EMPTY),
    # no body to validate: proposal 1 does not exist
    "api:proposal_case": Rule(
        405, kwargs=lambda w, p: {"proposal_id": 1}, post=Write(404, anon=401)
    ),
}
