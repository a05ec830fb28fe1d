"""The exchange gate (gate.py: the only way personal data crosses the ward's boundary) and its handover ledger."""
