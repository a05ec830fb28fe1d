"""Payments' models live in its capabilities; importing them here registers every one with Django."""

import payments.catalog.models
import payments.collection.models
import payments.slips.models  # noqa: F401
