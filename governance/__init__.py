"""Tenants and people, the registry, the committee workflow, the exchange gate, protected data."""
