"""The admin site: each capability registers its own models."""

import governance.security.admin
import governance.tenancy.admin  # noqa: F401
