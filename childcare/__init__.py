"""The services: temporary-care booking, childcare operations support, the babysitter subsidy."""
