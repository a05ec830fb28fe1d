from django.urls import path

from governance.api import deletion

urlpatterns = [
    path("deletion-requests/", deletion.RequestListApi.as_view(), name="api-deletion-requests"),
    path("deletion-requests/<int:pk>/", deletion.RequestDetailApi.as_view(), name="api-deletion-request"),
    path("deletion-requests/<int:pk>/certificates/", deletion.CertificateUploadApi.as_view(),
         name="api-deletion-certificate-upload"),
    path("deletion-certificates/<int:pk>/decision/", deletion.CertificateDecisionApi.as_view(),
         name="api-deletion-certificate-decision"),
    path("deletion-certificates/<int:pk>/pdf/", deletion.CertificatePdfApi.as_view(),
         name="api-deletion-certificate-pdf"),
    path("subject-trail/", deletion.SubjectTrailApi.as_view(), name="api-subject-trail"),
]
