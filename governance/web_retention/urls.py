"""/retention/ — retention rules per business and source, sweep runs, and the dry run (mounted in config/urls.py)."""

from django.urls import path

from governance.web_retention import views

urlpatterns = [
    path("", views.retention_index, name="retention-index"),
    path("rules/new/", views.rule_edit, name="retention-rule-new"),
    path("rules/<int:pk>/edit/", views.rule_edit, name="retention-rule-edit"),
]
