from django.apps import AppConfig


class PaymentsConfig(AppConfig):
    name = "payments"
    verbose_name = "収納 (payments)"

    def ready(self):
        from audit.registry import register_events
        from governance.demo import register_demo_step
        from governance.exchange.builders import register_payload_builder
        from governance.exchange.purposes import register_exchange_purposes
        from payments.catalog.retention import retention_sources_register
        from payments.collection.gate import PAYMENTS_EXCHANGE_PURPOSES
        from payments.collection.jobs import payment_import_kind_register
        from payments.demo import payments_demo_load
        from payments.slips.exchange import PAYLOAD, slip_payers, slip_rows
        from payments.slips.jobs import slip_pdfs_kind_register

        register_events({
            "payments.agreement.created": "A collection agreement (収納代行契約) was recorded",
            "payments.fee_type.created": "A fee type was added",
            "payments.channel.created": "A payment channel was added",
            "payments.payer.created": "A payer (納付義務者) was registered, personal fields encrypted",
            "payments.charge.created": "A charge (調定) was recorded",
            "payments.slip.issued": "A payment slip was issued",
            "payments.slip.reissued": "A payment slip was reissued",
            "payments.slip.printed": "Payment slips were rendered as PDF",
            "payments.result_file.rejected": "A payment result file was rejected whole",
            "payments.result_file.imported": "A payment result file was imported and reconciled",
            "payments.case.resolved": "A reconciliation case was resolved",
            "payments.report.exported": "A payments report was exported as CSV",
        })
        register_demo_step("payments", payments_demo_load)
        register_payload_builder(PAYLOAD, slip_rows, subjects=slip_payers)
        register_exchange_purposes(PAYMENTS_EXCHANGE_PURPOSES)
        retention_sources_register()
        payment_import_kind_register()
        slip_pdfs_kind_register()
