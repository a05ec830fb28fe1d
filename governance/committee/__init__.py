"""The committee workflow: submissions, checklists, decisions, amendments, official forms."""
