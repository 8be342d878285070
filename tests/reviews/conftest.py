import pytest

from tests.proposals.fixtures import draft, expert2, in_progress, scored, submitted, under_review
from tests.reviews import kinds

__all__ = ["draft", "expert2", "in_progress", "scored", "submitted", "under_review"]


@pytest.fixture
def family_kind():
    """The test-only second kind, registered for one test."""
    yield kinds.register()
    kinds.unregister()
