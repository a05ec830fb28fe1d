from django.apps import AppConfig


class ChildcareConfig(AppConfig):
    name = "childcare"
    verbose_name = "保育 (childcare)"

    def ready(self):
        from django.core import checks
        from django.utils.translation import gettext_lazy as _

        from audit.registry import register_events
        from childcare.care.demo import care_demo_load
        from childcare.care.events import CARE_EVENTS
        from childcare.care.retention import retention_sources_register as care_retention_sources_register
        from childcare.care.vendor import CARE_EXCHANGE_PURPOSES, registration_rows, registration_subjects
        from childcare.care.vendor import PAYLOAD as VENDOR_PAYLOAD
        from childcare.children.access import guardian_greeting_name
        from childcare.children.checks import declared_fields_check
        from childcare.children.demo import childcare_demo_load
        from childcare.children.events import CHILDCARE_EVENTS
        from childcare.children.retention import retention_sources_register
        from childcare.operations.setup import operations_register
        from childcare.subsidy.demo import subsidy_demo_load
        from childcare.subsidy.events import SUBSIDY_EVENTS
        from childcare.subsidy.jobs import subsidy_import_kind_register
        from childcare.subsidy.retention import retention_sources_register as subsidy_retention_register
        from childcare.subsidy.services import SUBSIDY_EXCHANGE_PURPOSES
        from governance.demo import register_demo_step
        from governance.exchange.builders import register_payload_builder
        from governance.exchange.purposes import register_exchange_purposes
        from governance.tenancy.greeting import register_greeting_name
        from governance.tenancy.models import Role
        from governance.tenancy.roles import ROLE_CAPABILITIES, Capability

        checks.register(declared_fields_check)
        register_events(CHILDCARE_EVENTS)
        register_events(CARE_EVENTS)
        register_payload_builder(VENDOR_PAYLOAD, registration_rows, subjects=registration_subjects)
        register_exchange_purposes(CARE_EXCHANGE_PURPOSES)
        register_events(SUBSIDY_EVENTS)
        register_exchange_purposes(SUBSIDY_EXCHANGE_PURPOSES)
        register_demo_step("childcare", childcare_demo_load)
        register_demo_step("childcare.care", care_demo_load)  # after the children: it registers one of them
        register_demo_step("childcare.subsidy", subsidy_demo_load)
        retention_sources_register()
        care_retention_sources_register()
        subsidy_retention_register()
        subsidy_import_kind_register()
        operations_register()  # its retention sources after the children's, which the rule form offers first
        # The home page greets a guardian by the name childcare holds (a login has none).
        register_greeting_name(guardian_greeting_name)
        # The children's pages on the home page of the roles that see children (governance knows no childcare).
        children = Capability(_("Children"), "childcare-children",
                              _("Children of your facility, department or contracts: the fields your role may read"))
        mine = Capability(_("My children"), "childcare-mine", _("Your children's records as the ward holds them"))
        care = Capability(_("Temporary care"), "care-family",
                          _("Places left, booking and cancelling, waiting-list offers"))
        roster = Capability(_("Temporary-care roster"), "care-roster",
                            _("Who comes today, by slot and age band, with the notes your role may read"))
        registrations = Capability(_("Temporary-care registrations"), "care-registrations",
                                   _("Applications held at your facilities: record the interview, approve or refuse"))
        subsidy = Capability(_("Babysitter subsidy"), "subsidy-applications",
                             _("LoGo applications: the contractor's pre-check, the ward's decision, "
                               "notices, transfers"))
        for role in (Role.DEPARTMENT_STAFF, Role.VENDOR_USER):
            if subsidy not in ROLE_CAPABILITIES[role]:
                ROLE_CAPABILITIES[role] = (*ROLE_CAPABILITIES[role], subsidy)
        for role in (Role.DEPARTMENT_STAFF, Role.FACILITY_STAFF, Role.VENDOR_USER):
            if children not in ROLE_CAPABILITIES[role]:
                ROLE_CAPABILITIES[role] = (children, *ROLE_CAPABILITIES[role])
        for role in (Role.DEPARTMENT_STAFF, Role.FACILITY_STAFF):
            for capability in (roster, registrations):
                if capability not in ROLE_CAPABILITIES[role]:
                    ROLE_CAPABILITIES[role] = (*ROLE_CAPABILITIES[role], capability)
        for capability in (care, mine):
            if capability not in ROLE_CAPABILITIES[Role.GUARDIAN]:
                ROLE_CAPABILITIES[Role.GUARDIAN] = (capability, *ROLE_CAPABILITIES[Role.GUARDIAN])
