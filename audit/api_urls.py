from django.urls import path

from audit import api

urlpatterns = [
    path("events/", api.EventListApi.as_view(), name="api-audit-events"),
    path("events/export.csv", api.EventExportApi.as_view(), name="api-audit-export"),
    path("questions/", api.QuestionListApi.as_view(), name="api-audit-questions"),
    path("questions/<str:key>/", api.QuestionApi.as_view(), name="api-audit-question"),
    path("verify/", api.VerifyApi.as_view(), name="api-audit-verify"),
    path("findings/", api.FindingListApi.as_view(), name="api-audit-findings"),
    path("findings/<int:finding_id>/", api.FindingUpdateApi.as_view(), name="api-audit-finding"),
]
