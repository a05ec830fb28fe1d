"""Deletion requests, certificates and the subject trail: pages under /deletion/ (the vendors' portal and the
ward's), the API under /api/v1/governance/."""

from django.urls import include, path

from governance.deletion import api, views

pages = [
    path("", views.request_list, name="deletion-requests"),
    path("<int:pk>/", views.request_detail, name="deletion-request"),
    path("<int:pk>/certificate/", views.certificate_upload, name="deletion-certificate-upload"),
    path("certificates/<int:pk>/decide/", views.certificate_decide, name="deletion-certificate-decide"),
    path("certificates/<int:pk>/pdf/", views.certificate_pdf, name="deletion-certificate-pdf"),
    path("trail/", views.subject_trail_page, name="deletion-subject-trail"),
]

api_routes = [
    path("deletion-requests/", api.RequestListApi.as_view(), name="api-deletion-requests"),
    path("deletion-requests/<int:pk>/", api.RequestDetailApi.as_view(), name="api-deletion-request"),
    path("deletion-requests/<int:pk>/certificates/", api.CertificateUploadApi.as_view(),
         name="api-deletion-certificate-upload"),
    path("deletion-certificates/<int:pk>/decision/", api.CertificateDecisionApi.as_view(),
         name="api-deletion-certificate-decision"),
    path("deletion-certificates/<int:pk>/pdf/", api.CertificatePdfApi.as_view(),
         name="api-deletion-certificate-pdf"),
    path("subject-trail/", api.SubjectTrailApi.as_view(), name="api-subject-trail"),
]

urlpatterns = [
    path("deletion/", include(pages)),
    path("api/v1/governance/", include(api_routes)),
]
