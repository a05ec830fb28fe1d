"""The babysitter subsidy: pages under /subsidy/, the API under /api/v1/subsidy/."""

from django.urls import include, path

from childcare.subsidy import api, jobs, views

pages = [
    path("", views.applications, name="subsidy-applications"),
    path("<int:application_id>/", views.application, name="subsidy-application"),
    path("<int:application_id>/pre-check/", views.pre_check, name="subsidy-pre-check"),
    path("<int:application_id>/decision/", views.decide, name="subsidy-decide"),
    path("<int:application_id>/inquiries/", views.inquiry, name="subsidy-inquiry"),
    path("<int:application_id>/documents/", views.document, name="subsidy-document"),
    path("<int:application_id>/documents/<int:document_id>/", views.document_file, name="subsidy-document-file"),
    path("bulk-approve/", views.bulk_approve, name="subsidy-bulk-approve"),
    path("notices/", views.notices, name="subsidy-notices"),
    path("import/", views.logo_import, name="subsidy-import"),
    path("import/background/", jobs.logo_import_start, name="subsidy-import-start"),
    path("mappings/", views.mapping, name="subsidy-mappings"),
    path("transfers/", views.transfers, name="subsidy-transfers"),
    path("transfers/<int:run_id>/file/", views.transfer_file, name="subsidy-transfer-file"),
    path("companies/", views.companies, name="subsidy-companies"),
    path("companies/<int:company_id>/", views.company, name="subsidy-company"),
    path("companies/<int:company_id>/sitters/<int:sitter_id>/", views.sitter, name="subsidy-sitter"),
]

api_routes = [
    path("applications/", api.ApplicationListApi.as_view(), name="api-subsidy-applications"),
    path("applications/<int:application_id>/", api.ApplicationDetailApi.as_view(), name="api-subsidy-application"),
    path("applications/<int:application_id>/pre-check/", api.PreCheckApi.as_view(), name="api-subsidy-pre-check"),
    path("applications/<int:application_id>/decision/", api.DecisionApi.as_view(), name="api-subsidy-decision"),
    path("applications/<int:application_id>/inquiries/", api.InquiryApi.as_view(), name="api-subsidy-inquiries"),
    path("applications/bulk-approve/", api.BulkApproveApi.as_view(), name="api-subsidy-bulk-approve"),
    path("applications/<int:application_id>/documents/", api.DocumentListApi.as_view(),
         name="api-subsidy-documents"),
    path("applications/<int:application_id>/documents/<int:document_id>/file/", api.DocumentFileApi.as_view(),
         name="api-subsidy-document-file"),
    path("imports/", api.ImportApi.as_view(), name="api-subsidy-import"),
    path("notices/", api.NoticesApi.as_view(), name="api-subsidy-notices"),
    path("transfers/", api.TransferListApi.as_view(), name="api-subsidy-transfers"),
    path("transfers/<int:run_id>/file/", api.TransferFileApi.as_view(), name="api-subsidy-transfer-file"),
]

urlpatterns = [
    path("subsidy/", include(pages)),
    path("api/v1/subsidy/", include(api_routes)),
]
