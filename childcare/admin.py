"""The admin site: each capability registers its own models."""

import childcare.care.admin
import childcare.subsidy.admin  # noqa: F401
