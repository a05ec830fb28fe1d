"""/deletion/ — deletion requests (vendor portal and the ward's pages) and the auditors' subject trail."""

from django.urls import path

from governance.web_deletion import views

urlpatterns = [
    path("", views.request_list, name="deletion-requests"),
    path("<int:pk>/", views.request_detail, name="deletion-request"),
    path("<int:pk>/certificate/", views.certificate_upload, name="deletion-certificate-upload"),
    path("certificates/<int:pk>/decide/", views.certificate_decide, name="deletion-certificate-decide"),
    path("certificates/<int:pk>/pdf/", views.certificate_pdf, name="deletion-certificate-pdf"),
    path("trail/", views.subject_trail_page, name="deletion-subject-trail"),
]
