"""Operations support's hooks into lower apps (called once from ChildcareConfig.ready)."""


def operations_register() -> None:
    from django.utils.translation import gettext_lazy as _

    from audit.registry import register_events
    from childcare.operations.demo import operations_demo_load
    from childcare.operations.events import OPERATIONS_EVENTS
    from childcare.operations.retention import retention_sources_register
    from governance.demo import register_demo_step
    from governance.tenancy.models import Role
    from governance.tenancy.roles import ROLE_CAPABILITIES, Capability

    register_events(OPERATIONS_EVENTS)
    retention_sources_register()
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
