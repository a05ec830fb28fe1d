"""Login protection: lockout after repeated failures, and a TOTP second factor with recovery codes for staff."""
