"""The committee workflow (issue 4): submissions, checklists, decisions, amendments, official forms."""
