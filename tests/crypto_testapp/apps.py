from django.apps import AppConfig


class CryptoTestappConfig(AppConfig):
    name = "tests.crypto_testapp"
    label = "crypto_testapp"
    verbose_name = "Field-encryption test models"

    def ready(self):
        # A retention source registered the way childcare and payments register theirs; in ready() so
        # a sweep run as a subprocess (manage.py retention_sweep with tests.settings) knows it too.
        from governance.retention.sources import register_source
        from tests.crypto_testapp.models import RetainedFile, retained_file_anonymise

        register_source(name="crypto_testapp.retainedfile", model=RetainedFile, subject_type="resident",
                        triggers={"last_use": "last_used_on", "decision": "decided_on", "contract_end": "closed_at"},
                        subject_field="person", business_field="business", anonymise=retained_file_anonymise)
