"""The admin site: each capability registers its own models."""

import childcare.care.admin  # noqa: F401
