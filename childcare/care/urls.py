"""Temporary care: pages under /care/, the API under /api/v1/care/."""

from django.urls import include, path

from childcare.care import api, views

pages = [
    path("", views.family, name="care-family"),
    path("calendar/<int:facility_id>/", views.calendar, name="care-calendar"),
    path("book/", views.book, name="care-book"),
    path("bookings/<int:booking_id>/cancel/", views.cancel, name="care-cancel"),
    path("offers/<int:entry_id>/accept/", views.accept, name="care-accept"),
    path("roster/", views.roster, name="care-roster"),
    path("roster/<int:booking_id>/<str:action>/", views.roster_attendance, name="care-roster-attendance"),
    path("fees/", views.fee_month, name="care-fees"),
    path("report/", views.usage_report, name="care-report"),
    path("registrations/apply/", views.registration_apply, name="care-registration-apply"),
    path("registrations/", views.registrations, name="care-registrations"),
    path("registrations/<int:registration_id>/interview/", views.registration_interview,
         name="care-registration-interview"),
    path("registrations/<int:registration_id>/decision/", views.registration_decision,
         name="care-registration-decision"),
    path("registrations/<int:registration_id>/waiver/", views.registration_waiver, name="care-registration-waiver"),
    path("registrations/<int:registration_id>/renew/", views.registration_renewal, name="care-registration-renew"),
]

api_routes = [
    path("registrations/", api.RegistrationListCreateApi.as_view(), name="api-care-registrations"),
    path("registrations/<int:registration_id>/interview/", api.RegistrationInterviewApi.as_view(),
         name="api-care-registration-interview"),
    path("registrations/<int:registration_id>/decision/", api.RegistrationDecisionApi.as_view(),
         name="api-care-registration-decision"),
    path("registrations/<int:registration_id>/waiver/", api.RegistrationWaiverApi.as_view(),
         name="api-care-registration-waiver"),
    path("registrations/<int:registration_id>/renew/", api.RegistrationRenewApi.as_view(),
         name="api-care-registration-renew"),
    path("availability/", api.AvailabilityApi.as_view(), name="api-care-availability"),
    path("bookings/", api.BookingCreateApi.as_view(), name="api-care-bookings"),
    path("bookings/<int:booking_id>/cancel/", api.BookingCancelApi.as_view(), name="api-care-booking-cancel"),
    path("bookings/<int:booking_id>/check-in/", api.CheckInApi.as_view(), name="api-care-booking-check-in"),
    path("bookings/<int:booking_id>/check-out/", api.CheckOutApi.as_view(), name="api-care-booking-check-out"),
    path("bookings/<int:booking_id>/no-show/", api.NoShowApi.as_view(), name="api-care-booking-no-show"),
    path("lottery/", api.LotteryApplyApi.as_view(), name="api-care-lottery-apply"),
    path("lotteries/<int:lottery_id>/verify/", api.LotteryVerifyApi.as_view(), name="api-care-lottery-verify"),
    path("waitlist/", api.WaitlistJoinApi.as_view(), name="api-care-waitlist"),
    path("offers/<int:entry_id>/accept/", api.OfferAcceptApi.as_view(), name="api-care-offer-accept"),
]

urlpatterns = [
    path("care/", include(pages)),
    path("api/v1/care/", include(api_routes)),
]
