"""The slips: pages under /payments/slips/, the API under /api/v1/payments/slips/."""

from django.urls import include, path

from payments.slips import api, jobs, views

pages = [
    path("", views.slip_list, name="payments-slips"),
    path("pdf/", views.slips_pdf, name="payments-slips-pdf"),
    path("pdf/background/", jobs.slips_pdf_start, name="payments-slips-pdf-start"),
    path("<int:slip_id>/pdf/", views.slips_pdf, name="payments-slip-pdf"),
]

api_routes = [
    path("", api.SlipListApi.as_view(), name="api-payments-slips"),
    path("<int:slip_id>/pdf/", api.SlipPdfApi.as_view(), name="api-payments-slip-pdf"),
]

urlpatterns = [
    path("payments/slips/", include(pages)),
    path("api/v1/payments/slips/", include(api_routes)),
]
