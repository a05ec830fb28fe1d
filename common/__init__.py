"""A tiny kernel shared by every app: domain errors and API helpers. No domain words here."""
