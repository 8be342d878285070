"""A second kind declared as data goes its whole path: community review → 公示 with objections →
subdistrict review → announcement. The 公示 cannot close early or with an unhandled objection;
objections after the end are refused; an upheld objection takes the declared path."""

import pytest
from django.core.management import call_command

from tests.conftest import Role, make_user
from tests.reviews.kinds import KEY, end_period, in_publicity
from threecenters.core.models import AuditEntry
from threecenters.notify.models import Notification
from threecenters.reviews import selectors, services
from threecenters.reviews.models import Objection, Publicity
from threecenters.reviews.services import ReviewError

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("family_kind")]


def test_the_whole_path_with_a_dismissed_objection(personas, world):
    admin = personas["admin"]
    app, publicity = in_publicity(personas)
    assert app.state == "publicity"
    assert publicity.kind == KEY and publicity.stage == "publicity" and publicity.is_open
    assert publicity.title.startswith("r*")  # the applicant's name, masked
    assert list(selectors.open_publicities(KEY)) == [publicity]

    objection = services.objection_submit(
        actor=personas["volunteer"], publicity=publicity, text="该家庭去年曾有邻里纠纷，请核实。"
    )
    publicity.refresh_from_db()
    assert publicity.objections_count == 1

    services.objection_handle(
        actor=admin, objection=objection, outcome="dismissed", response="经核实，纠纷已调解。"
    )
    end_period(publicity)
    result = services.publicity_close(actor=admin, publicity=publicity)
    assert result.publicity.result == Publicity.Result.PASSED
    assert result.application.state == "subdistrict_review"
    app.refresh_from_db()

    # subdistrict review needs the kind's default of two scored sheets
    street2 = make_user("street2", Role.SUBDISTRICT_ADMIN, area=world["subdistrict"])
    reviewers = [personas["governance_staff"], street2]
    for reviewer in reviewers:
        services.assignment_create(actor=admin, application=app, reviewer=reviewer)
    services.scores_submit(actor=reviewers[0], application=app, scores={"deeds": (4, "")})
    with pytest.raises(ReviewError) as err:
        services.application_decide(
            actor=admin, application=app, outcome="approved", reason_codes=[], explanation="同意"
        )
    assert err.value.code == "too_few_reviews"
    services.scores_submit(actor=reviewers[1], application=app, scores={"deeds": (5, "")})
    services.application_decide(
        actor=admin, application=app, outcome="approved", reason_codes=[], explanation="同意"
    )
    app.refresh_from_db()
    assert app.state == "announced" and app.outcome == "approved"
    assert selectors.applicant_sees(app, "decision")
    assert [t.to_state for t in app.transitions.order_by("id")] == [
        "community_review",
        "publicity",
        "subdistrict_review",
        "announced",
    ]
    assert Notification.objects.filter(
        user=personas["volunteer"], kind="review.objection_handled"
    ).exists()


def test_an_upheld_objection_takes_the_declared_path(personas):
    app, publicity = in_publicity(personas)
    objection = services.objection_submit(
        actor=personas["volunteer"], publicity=publicity, text="候选家庭不在本社区居住。"
    )
    services.objection_handle(
        actor=personas["admin"], objection=objection, outcome="upheld", response="情况属实。"
    )
    end_period(publicity)
    result = services.publicity_close(actor=personas["admin"], publicity=publicity)
    assert result.publicity.result == Publicity.Result.UPHELD
    assert result.application.state == "struck_off"


def test_it_cannot_close_before_the_end(personas):
    _app, publicity = in_publicity(personas)
    with pytest.raises(ReviewError) as err:
        services.publicity_close(actor=personas["admin"], publicity=publicity)
    assert err.value.status == 409 and err.value.code == "publicity_not_over"
    assert "期满后才能结束公示" in err.value.message
    publicity.refresh_from_db()
    assert publicity.closed_at is None
    assert AuditEntry.objects.filter(
        action="review.publicity_close", outcome=AuditEntry.Outcome.FAILURE
    ).exists()


def test_it_cannot_close_with_an_unhandled_objection(personas):
    app, publicity = in_publicity(personas)
    services.objection_submit(
        actor=personas["volunteer"], publicity=publicity, text="请公开评选的具体标准。"
    )
    end_period(publicity)
    with pytest.raises(ReviewError) as err:
        services.publicity_close(actor=personas["admin"], publicity=publicity)
    assert err.value.code == "objections_pending" and "1 条异议未处理" in err.value.message
    publicity.refresh_from_db()
    app.refresh_from_db()
    assert publicity.closed_at is None and app.state == "publicity"


def test_it_cannot_leave_the_stage_by_a_plain_transition(personas):
    app, publicity = in_publicity(personas)
    end_period(publicity)
    with pytest.raises(ReviewError) as err:
        services.application_transition(
            actor=personas["admin"], application=app, to="subdistrict_review"
        )
    assert err.value.code == "publicity_open"


def test_an_objection_after_the_end_is_refused(personas):
    _app, publicity = in_publicity(personas)
    end_period(publicity)
    with pytest.raises(ReviewError) as err:
        services.objection_submit(
            actor=personas["volunteer"], publicity=publicity, text="公示期过后才看到，有意见。"
        )
    assert err.value.status == 409 and err.value.code == "publicity_over"
    assert not Objection.objects.exists()
    publicity.refresh_from_db()
    assert publicity.objections_count == 0


@pytest.mark.parametrize("text", ["", "   ", "太短", "长" * 1001])
def test_an_objection_needs_text_within_limits(personas, text):
    _app, publicity = in_publicity(personas)
    with pytest.raises(ReviewError) as err:
        services.objection_submit(actor=personas["volunteer"], publicity=publicity, text=text)
    assert err.value.status == 422 and "text" in err.value.fields
    assert not Objection.objects.exists()


def test_objections_are_limited_per_account(personas, settings):
    settings.REVIEW_OBJECTIONS_PER_DAY = 2
    _app, publicity = in_publicity(personas)
    for n in range(2):
        services.objection_submit(
            actor=personas["volunteer"], publicity=publicity, text=f"第 {n + 1} 条异议内容。"
        )
    with pytest.raises(ReviewError) as err:
        services.objection_submit(
            actor=personas["volunteer"], publicity=publicity, text="第 3 条异议内容。"
        )
    assert err.value.status == 429
    assert Objection.objects.count() == 2
    # another account is not limited by the first one's count
    services.objection_submit(actor=personas["leader"], publicity=publicity, text="另一位居民。")


def test_objections_are_limited_per_network(personas, settings):
    settings.REVIEW_OBJECTIONS_PER_IP_HOUR = 1
    _app, publicity = in_publicity(personas)
    services.objection_submit(
        actor=personas["volunteer"], publicity=publicity, text="同一网络的异议。", ip="10.0.0.9"
    )
    with pytest.raises(ReviewError) as err:
        services.objection_submit(
            actor=personas["leader"], publicity=publicity, text="同一网络的异议。", ip="10.0.0.9"
        )
    assert err.value.status == 429


def test_an_objection_is_handled_once_with_a_written_response(personas):
    _app, publicity = in_publicity(personas)
    objection = services.objection_submit(
        actor=personas["volunteer"], publicity=publicity, text="请核实候选家庭的事迹。"
    )
    with pytest.raises(ReviewError) as err:
        services.objection_handle(
            actor=personas["admin"], objection=objection, outcome="upheld", response=" "
        )
    assert err.value.status == 422 and "response" in err.value.fields
    with pytest.raises(ReviewError) as err:
        services.objection_handle(
            actor=personas["admin"], objection=objection, outcome="pending", response="好"
        )
    assert "outcome" in err.value.fields
    services.objection_handle(
        actor=personas["admin"], objection=objection, outcome="dismissed", response="已核实。"
    )
    with pytest.raises(ReviewError) as err:
        services.objection_handle(
            actor=personas["admin"], objection=objection, outcome="upheld", response="改判。"
        )
    assert err.value.code == "already_handled"
    objection.refresh_from_db()
    assert objection.status == "dismissed" and objection.handled_by == personas["admin"]
    assert AuditEntry.objects.filter(action="review.objection_handled").count() == 2  # ok + no


def test_withdrawing_during_the_publicity_ends_it(personas):
    app, publicity = in_publicity(personas)
    services.application_transition(actor=app.applicant, application=app, to="withdrawn")
    publicity.refresh_from_db()
    assert publicity.closed_at is not None and publicity.result == Publicity.Result.WITHDRAWN


def test_the_close_command_closes_what_is_due_and_leaves_what_waits(personas):
    first, due = in_publicity(personas)
    second, waits = in_publicity(personas, applicant=personas["leader"])
    _third, running = in_publicity(personas, applicant=personas["founder"])
    services.objection_submit(actor=personas["volunteer"], publicity=waits, text="尚待处理的异议。")
    end_period(due)
    end_period(waits)
    call_command("reviews_close_publicity")
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.state == "subdistrict_review"
    assert second.state == "publicity"
    running.refresh_from_db()
    assert running.closed_at is None
    closed = Publicity.objects.get(pk=due.pk)
    assert closed.closed_by is None and closed.result == Publicity.Result.PASSED


def test_reviewers_see_others_as_each_stage_declares(personas):
    """Community review: never; subdistrict review: always (scored sheets only)."""
    admin = personas["admin"]
    app = services.application_open(actor=personas["resident"], kind=KEY)
    a, b = personas["worker_dajing"], personas["worker_jiaolong"]
    for reviewer in (a, b):
        services.assignment_create(actor=admin, application=app, reviewer=reviewer)
    for reviewer in (a, b):
        services.scores_submit(actor=reviewer, application=app, scores={"deeds": (3, "")})
    assert [s.reviewer for s in selectors.visible_sheets(app, a, staff=False)] == [a]
    services.application_transition(actor=admin, application=app, to="publicity")
    publicity = app.publicities.get()
    end_period(publicity)
    services.publicity_close(actor=admin, publicity=publicity)
    app.refresh_from_db()
    c, d = personas["governance_staff"], personas["civility_staff"]
    for reviewer in (c, d):
        services.assignment_create(actor=admin, application=app, reviewer=reviewer)
    services.scores_submit(actor=d, application=app, scores={"deeds": (4, "")})
    # c has not scored yet and still sees d's sheet (but not the community's)
    assert {s.reviewer for s in selectors.visible_sheets(app, c, staff=False)} == {c, d}
    assert selectors.may_score(c, app) and not selectors.may_score(a, app)


def test_leaving_a_review_stage_needs_its_minimum_of_scored_sheets(personas):
    app = services.application_open(actor=personas["resident"], kind=KEY)
    services.assignment_create(
        actor=personas["admin"], application=app, reviewer=personas["worker_dajing"]
    )
    with pytest.raises(ReviewError) as err:
        services.application_transition(actor=personas["admin"], application=app, to="publicity")
    assert err.value.code == "too_few_reviews"
    assert not Publicity.objects.exists()
