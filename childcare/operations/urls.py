"""Operations support: pages under /operations/."""

from django.urls import include, path

from childcare.operations import (
    api,
    views,
    views_attendance,
    views_contact,
    views_family,
    views_health,
    views_newsletters,
    views_plans,
)

pages = [
    path("classes/", views.classes, name="operations-classes"),
    path("classes/new/", views.class_create, name="operations-class-create"),
    path("classes/<int:class_id>/", views.class_detail, name="operations-class"),
    path("classes/<int:class_id>/place/", views.class_place, name="operations-class-place"),
    path("classes/<int:class_id>/staff/", views.class_staff, name="operations-class-staff"),
    path("classes/<int:class_id>/plans/", views_plans.class_plans, name="operations-plans"),
    path("classes/<int:class_id>/log/", views_plans.class_log, name="operations-log"),
    path("classes/<int:class_id>/board/", views_attendance.class_board, name="operations-board"),
    path("kiosk/<int:facility_id>/", views_attendance.kiosk_page, name="operations-kiosk"),
    path("kiosk/<int:facility_id>/scan/", views_attendance.kiosk_scan, name="operations-kiosk-scan"),
    path("kiosk/<int:facility_id>/unlock/", views_attendance.kiosk_unlock, name="operations-kiosk-unlock"),
    path("kiosk/<int:facility_id>/lock/", views_attendance.kiosk_lock, name="operations-kiosk-lock"),
    path("kiosk/<int:facility_id>/board/", views_attendance.kiosk_board, name="operations-kiosk-board"),
    path("kiosk/<int:facility_id>/touch/", views_attendance.kiosk_touch, name="operations-kiosk-touch"),
    path("pin/", views_attendance.pin, name="operations-pin"),
    path("family/", views_family.family, name="operations-family"),
    path("family/pass/", views_family.family_pass, name="operations-family-pass"),
    path("family/absences/", views_family.absence_send, name="operations-absence-send"),
    path("family/absences/<int:notice_id>/withdraw/", views_family.absence_withdraw,
         name="operations-absence-withdraw"),
    path("contact/<str:record_uid>/", views_contact.contact_book, name="operations-contact"),
    path("contact/<str:record_uid>/photo-sharing/", views_contact.photo_sharing, name="operations-photo-sharing"),
    path("photos/<int:photo_id>/", views_contact.photo, name="operations-photo"),
    path("health/<str:record_uid>/", views_health.health_page, name="operations-health"),
    path("newsletters/", views_newsletters.staff_list, name="operations-newsletters"),
    path("newsletters/<int:newsletter_id>/", views_newsletters.staff_detail, name="operations-newsletter"),
    path("family/newsletters/", views_newsletters.family_list, name="operations-family-newsletters"),
    path("family/newsletters/<int:newsletter_id>/", views_newsletters.family_detail,
         name="operations-family-newsletter"),
    path("family/newsletters/<int:newsletter_id>/attachment/", views_newsletters.family_attachment,
         name="operations-family-newsletter-attachment"),
]

api_routes = [
    path("classes/", api.ClassListApi.as_view(), name="api-operations-classes"),
    path("classes/<int:class_id>/board/", api.BoardApi.as_view(), name="api-operations-board"),
    path("absences/", api.AbsenceListApi.as_view(), name="api-operations-absences"),
    path("contact/<str:record_uid>/", api.ContactApi.as_view(), name="api-operations-contact"),
    path("newsletters/", api.NewsletterListApi.as_view(), name="api-operations-newsletters"),
    path("family/newsletters/", api.FamilyNewsletterListApi.as_view(), name="api-operations-family-newsletters"),
]

urlpatterns = [
    path("operations/", include(pages)),
    path("api/v1/operations/", include(api_routes)),
]
