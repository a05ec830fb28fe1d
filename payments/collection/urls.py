"""Collection: result-file import, reconciliation cases and reports; pages under /payments/, the API under
/api/v1/payments/."""

from django.urls import include, path

from payments.collection import api, views

pages = [
    path("", views.dashboard, name="payments-home"),
    path("cases/", views.case_list, name="payments-cases"),
    path("credits/", views.expected_credits, name="payments-credits"),
    path("monthly/", views.monthly_totals, name="payments-monthly"),
    path("import/", views.result_file_upload, name="payments-import"),
]

api_routes = [
    path("result-files/", api.ResultFileImportApi.as_view(), name="api-payments-result-files"),
    path("cases/", api.CaseListApi.as_view(), name="api-payments-cases"),
    path("cases/<int:case_id>/resolve/", api.CaseResolveApi.as_view(), name="api-payments-case-resolve"),
    path("reports/", api.ReportsApi.as_view(), name="api-payments-reports"),
]

urlpatterns = [
    path("payments/", include(pages)),
    path("api/v1/payments/", include(api_routes)),
]
