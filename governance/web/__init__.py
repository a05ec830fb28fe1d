"""Web pages of the registry (issue 3, parts 6 and 7): index, business, versions, diff, edits, diagram, exports."""
