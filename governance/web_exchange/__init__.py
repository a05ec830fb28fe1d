"""Pages for the handover ledger and the exchange dry run."""
