"""Childcare's retention sources, registered with governance (called from ChildcareConfig.ready).

A child's record is kept for the period its business's rule says after the child leaves
(``left_on``); a child who has not left never expires. Crypto-shredding the child also makes the
guardian links sealed with the child's data key unreadable (``ChildGuardian.encryption_key_from``).
"""


def retention_sources_register() -> None:
    from childcare.models import Child
    from governance.retention import register_source

    register_source(name="childcare.child", model=Child, triggers={"child_left": "left_on"}, subject_type="child",
                    business_field="business", label="児童 (childcare.Child)")
