"""Result-file import: a streaming scan that validates the whole file, then set-based reconciliation."""
