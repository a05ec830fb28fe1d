"""Audit event names of the babysitter subsidy (references and field names, never values)."""

SUBSIDY_EVENTS = {
    "childcare.subsidy_mapping.saved": "Department staff saved a new version of a LoGo form's column mapping",
    "childcare.subsidy_import.refused": "A LoGo CSV export was refused whole (its problems by row and column)",
    "childcare.subsidy_import.completed": "A LoGo CSV export was imported through the exchange gate",
    "childcare.subsidy_application.received": "A subsidy application was received from a LoGo answer",
    "childcare.subsidy_application.pre_checked": "The contractor pre-checked a subsidy application",
    "childcare.subsidy_application.decided": "Ward staff decided a subsidy application (approved, partly, refused)",
    "childcare.subsidy_application.notified": "The decision notice of a subsidy application was issued",
    "childcare.subsidy_application.paid": "A subsidy application was paid by a Zengin transfer file",
    "childcare.subsidy_document.added": "A document (receipt, itemised statement) was added to an application",
    "childcare.subsidy_inquiry.recorded": "The contractor recorded a call-centre inquiry (相談内容)",
    "childcare.subsidy_transfer.created": "A Zengin transfer file (総合振込) was made",
    "childcare.subsidy_company.saved": "Ward staff added or changed a certified sitter company (fields changed)",
    "childcare.subsidy_sitter.saved": "Ward staff added or changed an eligible sitter of a company (fields changed)",
}
