"""Writes for payments. Import the functions from their modules (catalog, slips, imports, cases)."""
