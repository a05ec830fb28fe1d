from django.urls import path

from payments.api import views

urlpatterns = [
    path("slips/", views.SlipListApi.as_view(), name="api-payments-slips"),
    path("slips/<int:slip_id>/pdf/", views.SlipPdfApi.as_view(), name="api-payments-slip-pdf"),
    path("result-files/", views.ResultFileImportApi.as_view(), name="api-payments-result-files"),
    path("cases/", views.CaseListApi.as_view(), name="api-payments-cases"),
    path("cases/<int:case_id>/resolve/", views.CaseResolveApi.as_view(), name="api-payments-case-resolve"),
    path("reports/", views.ReportsApi.as_view(), name="api-payments-reports"),
]
