"""The services' models live in their capabilities; importing them here registers them with Django."""

import childcare.children.models  # noqa: F401
