from django.urls import path

from audit import views

urlpatterns = [
    path("", views.audit_workspace, name="audit-log"),
    path("export.csv", views.audit_export, name="audit-export"),
    path("verify/", views.audit_verify, name="audit-verify"),
    path("findings/", views.audit_findings, name="audit-findings"),
]
