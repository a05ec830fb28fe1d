"""Background jobs' pages under /jobs/."""

from django.urls import path

from governance.jobs import views

urlpatterns = [
    path("jobs/<int:pk>/", views.job_detail, name="job-detail"),
    path("jobs/<int:pk>/progress/", views.job_progress, name="job-progress"),
    path("jobs/<int:pk>/output/", views.job_output, name="job-output"),
]
