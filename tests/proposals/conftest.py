from tests.proposals.fixtures import (
    closed,
    draft,
    expert2,
    in_progress,
    scored,
    submitted,
    under_review,
)

__all__ = ["closed", "draft", "expert2", "in_progress", "scored", "submitted", "under_review"]
