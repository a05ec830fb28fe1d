"""Governance's models live in its capabilities; importing them here registers every one with Django."""

import governance.committee.models
import governance.crypto.models
import governance.deletion.models
import governance.exchange.models
import governance.jobs.models
import governance.notifications.models
import governance.registry.models
import governance.retention.models
import governance.security.models
import governance.tenancy.models  # noqa: F401
