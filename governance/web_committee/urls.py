"""/committee/ — review queue, submission pages, drafting, checklists, decisions, forms (mounted in config/urls.py)."""

from django.urls import path

from governance.web_committee import views

urlpatterns = [
    path("", views.committee_index, name="committee-index"),
    path("submissions/new/", views.submission_new, name="committee-submission-new"),
    path("submissions/<int:pk>/", views.submission_detail, name="committee-submission-page"),
    path("submissions/<int:pk>/edit/", views.submission_edit, name="committee-submission-edit"),
    path("submissions/<int:pk>/parts/", views.submission_part_add, name="committee-submission-part-add"),
    path("submissions/<int:pk>/checklists/<int:checklist>/", views.checklist_edit, name="committee-checklist-edit"),
    path("submissions/<int:pk>/transition/", views.submission_transition, name="committee-submission-transition"),
    path("submissions/<int:pk>/amend/", views.submission_amend, name="committee-submission-amend"),
    path("submissions/<int:pk>/forms/<str:form>.pdf", views.submission_form, name="committee-submission-form"),
    path("conditions/<int:pk>/close/", views.condition_close, name="committee-condition-close-page"),
]
