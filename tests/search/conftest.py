import pytest

from threecenters.core.seed import seed_everything


@pytest.fixture
def demo(db):
    """The full demo data set (core + every app), with the demo cases indexed."""
    return seed_everything()
