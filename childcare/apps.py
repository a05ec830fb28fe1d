from django.apps import AppConfig


class ChildcareConfig(AppConfig):
    name = "childcare"
    verbose_name = "保育 (childcare)"
