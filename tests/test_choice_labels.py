"""The ``display`` template builtin gives a choice field's label in the request's language."""

import pytest
from django.template import Context, Template
from django.utils import translation

from threecenters.core.templatetags.choices import display
from threecenters.events import kinds
from threecenters.events.models import Event


def test_display_gives_the_label_in_the_active_language():
    event = Event(kind="job_fair", status=Event.Status.PUBLISHED)
    with translation.override("zh-hans"):
        assert display(event, "kind") == "招聘会"
    with translation.override("en"):
        assert display(event, "kind") == "Job fair"
        assert Template('{{ e|display:"kind" }}').render(Context({"e": event})) == "Job fair"


def test_display_falls_back_to_the_stored_value_and_copes_with_nothing():
    event = Event(kind="retired-kind")
    assert display(event, "kind") == "retired-kind"
    assert display(None, "kind") == ""
    assert Template('{{ missing|display:"kind" }}').render(Context({})) == ""


@pytest.mark.parametrize("kind", [k for k, _label in kinds.choices()])
def test_display_matches_djangos_own_label(kind):
    event = Event(kind=kind)
    for language in ("zh-hans", "en"):
        with translation.override(language):
            assert display(event, "kind") == event.get_kind_display()
