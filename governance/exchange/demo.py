"""Demo certificate details, so the gate can verify the certifications the seeds only name.

Seed 001 says the collection service and the data-link provider hold プライバシーマーク及びISMS but gives
no numbers or expiry dates, and a certificate whose expiry is unknown cannot be relied on. The demo
records fictitious numbers (marked デモ) valid to the end of fiscal 2027; real wards enter their own.
"""

from datetime import date

from governance.registry.models import Certification
from governance.registry.services import certification_set

DEMO_VALID_UNTIL = date(2028, 3, 31)


def demo_certificates_load() -> dict[str, int]:
    """Give every certificate the registry holds without an expiry a demo number and expiry; idempotent."""
    added = 0
    for certification in Certification.objects.filter(valid_until__isnull=True).select_related("party"):
        certification_set(party=certification.party, kind=certification.kind,
                          number=f"デモ-{certification.kind.upper()}-{certification.pk:05d}",
                          scope=certification.scope or "(demo)", valid_until=DEMO_VALID_UNTIL)
        added += 1
    return {"demo certificate details": added}
