"""Operations support's hooks into lower apps (called once from ChildcareConfig.ready)."""


OPERATIONS_BUSINESS = "保育業務支援システム"


def operations_register() -> None:
    from django.utils.translation import gettext_lazy as _

    from audit.registry import register_events
    from childcare.children.fields import EXACT_BUSINESSES
    from childcare.operations.demo import operations_demo_load
    from childcare.operations.events import OPERATIONS_EVENTS
    from childcare.operations.retention import retention_sources_register
    from childcare.operations.vendor import vendor_payloads_register
    from governance.demo import register_demo_step
    from governance.tenancy.models import Role
    from governance.tenancy.roles import ROLE_CAPABILITIES, Capability

    register_events(OPERATIONS_EVENTS)
    # Seed 002: the records hold exactly the items the registry lists for the business (see children.fields).
    EXACT_BUSINESSES.add(OPERATIONS_BUSINESS)
    retention_sources_register()
    vendor_payloads_register()
    _photo_cleanup_connect()
    register_demo_step("childcare.operations", operations_demo_load)  # after the children: it places them
    classes = Capability(_("Classes"), "operations-classes",
                         _("Your classes this fiscal year: children, staff, the class board"))
    nursery = Capability(_("Nursery"), "operations-family",
                         _("Check-in code, absence notices, contact book and newsletters of your children's nursery"))
    for role in (Role.DEPARTMENT_STAFF, Role.FACILITY_STAFF):
        if classes not in ROLE_CAPABILITIES[role]:
            ROLE_CAPABILITIES[role] = (*ROLE_CAPABILITIES[role], classes)
    if nursery not in ROLE_CAPABILITIES[Role.GUARDIAN]:
        ROLE_CAPABILITIES[Role.GUARDIAN] = (nursery, *ROLE_CAPABILITIES[Role.GUARDIAN])


def _photo_cleanup_connect() -> None:
    from django.db.models.signals import pre_delete

    from childcare.children.models import Child
    from childcare.operations.photos import photos_of_deleted_child_delete

    pre_delete.connect(photos_of_deleted_child_delete, sender=Child,
                       dispatch_uid="childcare.operations.photos_of_deleted_child")
