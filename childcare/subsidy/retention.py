"""The subsidy's retention sources, registered with governance (called from ChildcareConfig.ready).

An application is kept for the period its business's rule says after its decision (``decided_on``); an
undecided one never expires. Crypto-shredding an application also makes its documents and inquiries, sealed
with its data key, unreadable; the documents are a source of their own so that a rule can remove them sooner.
"""


def retention_sources_register() -> None:
    from childcare.subsidy.models import Application, Document
    from governance.retention.sources import register_source

    register_source(name="childcare.subsidy_application", model=Application, triggers={"decision": "decided_on"},
                    subject_type="applicant", business_field="business")
    register_source(name="childcare.subsidy_document", model=Document,
                    triggers={"decision": "application__decided_on"}, subject_type="applicant",
                    subject_field="application", business_field="application__business")
