"""The services' models live in their capabilities; importing them here registers them with Django."""

import childcare.care.models
import childcare.children.models
import childcare.operations.models
import childcare.subsidy.models  # noqa: F401
