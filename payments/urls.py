from django.urls import path

from payments import views

urlpatterns = [
    path("", views.dashboard, name="payments-home"),
    path("slips/", views.slip_list, name="payments-slips"),
    path("slips/pdf/", views.slips_pdf, name="payments-slips-pdf"),
    path("slips/<int:slip_id>/pdf/", views.slips_pdf, name="payments-slip-pdf"),
    path("cases/", views.case_list, name="payments-cases"),
    path("credits/", views.expected_credits, name="payments-credits"),
    path("monthly/", views.monthly_totals, name="payments-monthly"),
    path("import/", views.result_file_upload, name="payments-import"),
]
