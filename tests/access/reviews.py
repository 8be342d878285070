"""The review kernel has no pages of its own: every URL belongs to the app that reuses it
(see tests/access/proposals.py)."""

RULES: dict = {}
