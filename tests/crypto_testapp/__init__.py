"""A test-only app with encrypted models, installed by tests/settings.py and never in production."""
