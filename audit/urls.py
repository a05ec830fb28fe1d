"""The auditors' workspace: pages under /audit/, the API under /api/v1/audit/."""

from django.urls import include, path

from audit import api, views

pages = [
    path("", views.audit_workspace, name="audit-log"),
    path("export.csv", views.audit_export, name="audit-export"),
    path("verify/", views.audit_verify, name="audit-verify"),
    path("findings/", views.audit_findings, name="audit-findings"),
]

api_routes = [
    path("events/", api.EventListApi.as_view(), name="api-audit-events"),
    path("events/export.csv", api.EventExportApi.as_view(), name="api-audit-export"),
    path("questions/", api.QuestionListApi.as_view(), name="api-audit-questions"),
    path("questions/<str:key>/", api.QuestionApi.as_view(), name="api-audit-question"),
    path("verify/", api.VerifyApi.as_view(), name="api-audit-verify"),
    path("findings/", api.FindingListApi.as_view(), name="api-audit-findings"),
    path("findings/<int:finding_id>/", api.FindingUpdateApi.as_view(), name="api-audit-finding"),
]

urlpatterns = [
    path("audit/", include(pages)),
    path("api/v1/audit/", include(api_routes)),
]
