"""The reporting roles, in the order they are offered (see auth.py for what each may do)."""

VIEWER, TOWN_EDITOR, DISTRICT_REVIEWER, ADMIN = "viewer", "town_editor", "district_reviewer", "admin"
ROLES = (VIEWER, TOWN_EDITOR, DISTRICT_REVIEWER, ADMIN)
