"""The append-only, hash-chained audit log: every read and change of personal data, and who did it."""
