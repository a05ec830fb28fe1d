"""Fee collection: slips with the GS1-128 barcode, result-file import, reconciliation."""
