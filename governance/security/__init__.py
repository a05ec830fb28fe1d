"""Login protection: lockout after repeated failures, a TOTP second factor with recovery codes for staff (set up
with an administrator's enrolment code), and hashed, expiring API tokens."""
