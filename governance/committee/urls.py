"""The committee workflow: its pages under /committee/ and its API under /api/v1/governance/."""

from django.urls import include, path

from governance.committee import api, views

pages = [
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

api_routes = [
    path("meetings/", api.MeetingListApi.as_view(), name="committee-meetings"),
    path("submissions/", api.SubmissionListApi.as_view(), name="committee-submissions"),
    path("submissions/<int:pk>/", api.SubmissionDetailApi.as_view(), name="committee-submission"),
    path("submissions/<int:pk>/parts/", api.SubmissionPartApi.as_view(), name="committee-submission-parts"),
    path("submissions/<int:pk>/attachments/", api.SubmissionAttachmentApi.as_view(),
         name="committee-submission-attachments"),
    path("submissions/<int:pk>/checklists/", api.ChecklistListApi.as_view(), name="committee-submission-checklists"),
    path("submissions/<int:pk>/checklists/<int:checklist>/answers/", api.ChecklistAnswerApi.as_view(),
         name="committee-checklist-answers"),
    path("submissions/<int:pk>/checklists/<int:checklist>/evidence/", api.ChecklistEvidenceApi.as_view(),
         name="committee-checklist-evidence"),
    path("submissions/<int:pk>/transitions/", api.SubmissionTransitionApi.as_view(), name="committee-transitions"),
    path("submissions/<int:pk>/amendments/", api.SubmissionAmendApi.as_view(), name="committee-amendments"),
    path("submissions/<int:pk>/diff/", api.SubmissionDiffApi.as_view(), name="committee-diff"),
    path("submissions/<int:pk>/forms/", api.SubmissionFormListApi.as_view(), name="committee-forms"),
    path("submissions/<int:pk>/forms/<str:form>.pdf", api.SubmissionFormApi.as_view(), name="committee-form"),
    path("review-queue/", api.ReviewQueueApi.as_view(), name="committee-review-queue"),
    path("decisions/", api.DecisionListApi.as_view(), name="committee-decisions"),
    path("conditions/<int:pk>/close/", api.ConditionCloseApi.as_view(), name="committee-condition-close"),
    path("checklist-templates/", api.ChecklistTemplateApi.as_view(), name="committee-checklist-templates"),
    path("out-of-purpose-uses/<int:pk>/request/", api.OutOfPurposeRequestApi.as_view(),
         name="committee-out-of-purpose-request"),
    path("out-of-purpose-uses/<int:pk>/forms/", api.OutOfPurposeFormListApi.as_view(),
         name="committee-out-of-purpose-forms"),
    path("out-of-purpose-uses/<int:pk>/forms/<str:form>.pdf", api.OutOfPurposeFormApi.as_view(),
         name="committee-out-of-purpose-form"),
]

urlpatterns = [
    path("committee/", include(pages)),
    path("api/v1/governance/", include(api_routes)),
]
