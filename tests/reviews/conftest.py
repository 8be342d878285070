from tests.proposals.fixtures import draft, expert2, in_progress, scored, submitted, under_review

__all__ = ["draft", "expert2", "in_progress", "scored", "submitted", "under_review"]
