"""Audit event names the registry records (registered in GovernanceConfig.ready)."""

_PART_LABELS = {
    "processing": "processing activity",
    "connection": "external connection",
    "contract": "outsourcing contract",
    "out_of_purpose_use": "out-of-purpose use",
}

REGISTRY_EVENTS: dict[str, str] = {
    "governance.business.created": "A registered business was created",
    "governance.business.updated": "A registered business was changed",
    "governance.data_item.created": "A data item was added to a business",
    "governance.data_item.updated": "A data item was changed",
    "governance.party.created": "An outside party was registered",
    "governance.party.updated": "An outside party was changed",
    "governance.certification.recorded": "A party's certification was recorded",
    "governance.facility_use.recorded": "A facility using a system was recorded",
    "governance.criterion.created": "A pre-approval criterion was created",
    "governance.criterion.example_added": "An example was added to a pre-approval criterion",
    "governance.registry.seeded": "The seed registry was loaded",
}
for _name, _label in _PART_LABELS.items():
    REGISTRY_EVENTS.update({
        f"governance.{_name}.created": f"An {_label} was registered with its first draft version",
        f"governance.{_name}.version_updated": f"A draft version of an {_label} was edited",
        f"governance.{_name}.version_drafted": f"A new draft version of an {_label} was copied from a frozen one",
        f"governance.{_name}.version_frozen": f"A version of an {_label} was frozen",
    })
