"""Childcare's retention sources, registered with governance (called from ChildcareConfig.ready).

A child's record is kept for the period its business's rule says after the child leaves
(``left_on``); a child who has not left never expires. Crypto-shredding the child also makes the
guardian links sealed with the child's data key unreadable (``ChildGuardian.encryption_key_from``); the
guardian's own record follows the period after the last of their children left (``children_left_on``).
"""


def retention_sources_register() -> None:
    from childcare.children.models import Child, Guardian
    from governance.retention.sources import register_source

    register_source(name="childcare.child", model=Child, triggers={"child_left": "left_on"}, subject_type="child",
                    business_field="business")
    # A guardian's own record (name, phone, account) goes once the last of their children has left.
    register_source(name="childcare.guardian", model=Guardian, triggers={"child_left": "children_left_on"},
                    subject_type="guardian")
