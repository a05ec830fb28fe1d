"""Retention rules and sweeps: pages under /retention/, the API under /api/v1/governance/retention/."""

from django.urls import include, path

from governance.retention import api, views

pages = [
    path("", views.retention_index, name="retention-index"),
    path("rules/new/", views.rule_edit, name="retention-rule-new"),
    path("rules/<int:pk>/edit/", views.rule_edit, name="retention-rule-edit"),
    path("sweep/", views.sweep_start, name="retention-sweep-start"),
]

api_routes = [
    path("rules/", api.RulesApi.as_view(), name="api-retention-rules"),
    path("rules/<int:pk>/", api.RuleApi.as_view(), name="api-retention-rule"),
    path("preview/", api.PreviewApi.as_view(), name="api-retention-preview"),
]

urlpatterns = [
    path("retention/", include(pages)),
    path("api/v1/governance/retention/", include(api_routes)),
]
