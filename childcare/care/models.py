"""Temporary care (一時保育・一時預かり): facilities' rules as data, registrations, places, bookings, waiting lists.

Rules differ by ward and facility, so they are rows an administrator edits (Django admin), never code:
slots, capacity and fee per slot and age band, minimum age, booking window and deadline, cancellation
deadline and fee, caps per child, closed days.

``CarePlace`` is the counter the booking service locks: one row per facility × date × slot × band holding
how many places are taken (bookings plus open waiting-list offers). A CHECK keeps ``taken`` within
``capacity`` whatever the code does (docs/decisions/0018-care-booking.md).
"""

import datetime

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from childcare.children.models import Child, Guardian
from governance.crypto import EncryptedModel, EncryptedTextField
from governance.tenancy.models import Facility, Municipality, User


class AgeBand(models.TextChoices):
    """年齢区分 — the child's age on 1 April of the fiscal year."""

    INFANT = "0", _("age 0")
    TODDLER = "1-2", _("age 1-2")
    PRESCHOOL = "3+", _("age 3 and over")


class CancellationFee(models.TextChoices):
    FREE = "free", _("free")
    FULL = "full", _("the full fee")
    FLAT = "flat", _("a flat fee")
    HOURLY = "hourly", _("booked hours × rate")


class RegistrationTerm(models.TextChoices):
    FISCAL_YEAR = "year", _("the fiscal year")
    HALF_YEAR = "half", _("the half year (April–September, October–March)")


class CareFacility(models.Model):
    """一時保育実施施設 — a facility's temporary-care rules."""

    facility = models.OneToOneField(Facility, on_delete=models.PROTECT, related_name="care")
    minimum_age_days = models.PositiveIntegerField(_("minimum age (days)"), default=57)
    window_opens_day = models.PositiveSmallIntegerField(
        _("booking window opens on day"), default=15, help_text="Next month's dates open on this day of the month")
    window_opens_time = models.TimeField(_("booking window opens at"), default=datetime.time(10, 0))
    deadline_days_before = models.PositiveSmallIntegerField(
        _("booking deadline: days before"), default=1, help_text="1 with 15:00 = 15:00 on the day before")
    deadline_time = models.TimeField(_("booking deadline: time"), default=datetime.time(15, 0))
    cancel_days_before = models.PositiveSmallIntegerField(_("free cancellation: days before"), default=1)
    cancel_time = models.TimeField(_("free cancellation: until"), default=datetime.time(17, 0))
    cancellation_fee = models.CharField(_("fee after the cancellation deadline"), max_length=10,
                                        choices=CancellationFee.choices, default=CancellationFee.FULL)
    cancellation_flat_yen = models.PositiveIntegerField(_("flat cancellation fee (yen)"), default=500)
    cancellation_hourly_yen = models.PositiveIntegerField(_("cancellation fee per hour (yen)"), default=300)
    max_days_per_week = models.PositiveSmallIntegerField(_("days per week per child"), null=True, blank=True)
    max_days_per_month = models.PositiveSmallIntegerField(_("days per month per child"), null=True, blank=True)
    closed_weekdays = models.JSONField(_("closed weekdays"), default=list, blank=True,
                                       help_text="0 = Monday … 6 = Sunday")
    offer_hours = models.PositiveSmallIntegerField(_("hours to confirm a waiting-list offer"), default=24)
    late_pickup_yen = models.PositiveIntegerField(
        _("late pick-up fee per 30 minutes (yen)"), default=300,
        help_text="延長: each started 30 minutes after the slot's end")
    no_show_fee = models.CharField(_("fee for a no-show"), max_length=10, choices=CancellationFee.choices,
                                   default=CancellationFee.FULL)
    no_show_counts_for_caps = models.BooleanField(
        _("no-shows count towards the caps per child"), default=True,
        help_text="A day booked and not attended still counts as a used day of the week and month")
    waiver_tax_exempt_percent = models.PositiveSmallIntegerField(
        _("reduction for households exempt from resident tax (%)"), default=50,
        help_text="住民税非課税世帯: the share of the month's fees waived")
    waiver_welfare_percent = models.PositiveSmallIntegerField(
        _("reduction for households on public assistance (%)"), default=100,
        help_text="生活保護世帯: the share of the month's fees waived")
    lottery_at_opening = models.BooleanField(
        _("lottery at the window's opening"), default=False,
        help_text="抽選: for the first hours of a month's window families apply; places are then drawn by lot")
    lottery_hours = models.PositiveSmallIntegerField(_("hours of applications before the draw"), default=48)
    registration_term = models.CharField(
        _("registrations held here are valid for"), max_length=4, choices=RegistrationTerm.choices,
        default=RegistrationTerm.FISCAL_YEAR, help_text="登録有効期限: to the end of the fiscal year or of its half")
    interview_required = models.BooleanField(
        _("approval needs the interview"), default=True,
        help_text="事前面接: registrations held here are approved only once the interview is recorded")

    class Meta:
        verbose_name = _("temporary-care facility")
        verbose_name_plural = _("temporary-care facilities")

    def __str__(self):
        return str(self.facility)


class CareSlot(models.Model):
    """時間区分 — half day (AM/PM) or full day, with its hours (the hourly cancellation fee counts them)."""

    care_facility = models.ForeignKey(CareFacility, on_delete=models.CASCADE, related_name="slots")
    code = models.SlugField(_("code"), max_length=10)
    label = models.CharField(_("label"), max_length=30)
    starts_at = models.TimeField(_("starts at"))
    ends_at = models.TimeField(_("ends at"))
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("slot")
        ordering = ["care_facility", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["care_facility", "code"], name="care_slot_code_unique"),
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="care_slot_ends_after_start"),
        ]

    def __str__(self):
        return f"{self.care_facility} {self.label}"

    @property
    def hours(self) -> float:
        start = datetime.datetime.combine(datetime.date.min, self.starts_at)
        return (datetime.datetime.combine(datetime.date.min, self.ends_at) - start).total_seconds() / 3600


class CareSlotBand(models.Model):
    """定員と利用料 — capacity and fee of one slot for one age band."""

    slot = models.ForeignKey(CareSlot, on_delete=models.CASCADE, related_name="bands")
    band = models.CharField(_("age band"), max_length=3, choices=AgeBand.choices)
    capacity = models.PositiveSmallIntegerField(_("capacity"))
    fee_yen = models.PositiveIntegerField(_("fee (yen)"))

    class Meta:
        verbose_name = _("capacity and fee")
        constraints = [models.UniqueConstraint(fields=["slot", "band"], name="care_slot_band_unique")]

    def __str__(self):
        return f"{self.slot} {self.get_band_display()}"


class CareClosedDay(models.Model):
    """休室日 — a date the facility takes no temporary care (holidays, events)."""

    care_facility = models.ForeignKey(CareFacility, on_delete=models.CASCADE, related_name="closed_days")
    date = models.DateField(_("date"))
    reason = models.CharField(_("reason"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("closed day")
        constraints = [models.UniqueConstraint(fields=["care_facility", "date"], name="care_closed_day_unique")]

    def __str__(self):
        return f"{self.care_facility} {self.date:%Y-%m-%d}"


class RegistrationStatus(models.TextChoices):
    APPLIED = "applied", _("applied")
    APPROVED = "approved", _("approved")
    REFUSED = "refused", _("refused")


class FeeWaiver(models.TextChoices):
    NONE = "", _("none")
    TAX_EXEMPT = "tax_exempt", _("household exempt from resident tax")
    WELFARE = "welfare", _("household on public assistance")


class CareRegistration(EncryptedModel):
    """利用登録 — a child's temporary-care registration, for a fiscal year or a half, at every facility of the ward.

    It is held at the facility where the interview (事前面接) takes place (登録施設): that facility's staff and
    its department decide it, by that facility's rules. What the guardian tells the facilities — allergies,
    illness, disabilities (要配慮個人情報) and other notes (申送事項) — and a refusal's reason are encrypted with the
    registration's own data key.
    """

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="care_registrations")
    facility = models.ForeignKey(Facility, on_delete=models.PROTECT, related_name="care_registrations",
                                 verbose_name=_("registering facility"))
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"), help_text="年度: 2026 = 2026-04-01 … 2027-03-31")
    status = models.CharField(max_length=10, choices=RegistrationStatus.choices, default=RegistrationStatus.APPLIED)
    applied_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    applied_at = models.DateTimeField(auto_now_add=True)
    interviewed_on = models.DateField(_("interview date"), null=True, blank=True)
    decided_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    valid_until = models.DateField(_("valid until"), help_text="登録有効期限: the end of the fiscal year")
    notes = EncryptedTextField(_("notes for the staff"), blank=True, default="")
    allergy_notes = EncryptedTextField(_("allergies"), blank=True, null=True, default="", sensitive=True)
    health_notes = EncryptedTextField(_("illness and injuries"), blank=True, null=True, default="",
                                      sensitive=True)
    disability_notes = EncryptedTextField(_("disabilities"), blank=True, null=True, default="",
                                          sensitive=True)
    # The three notes above came after the first registrations: null on those (no value was asked for then).
    refusal_reason = EncryptedTextField(_("reason for refusal"), blank=True, default="")
    # 減免: whether the household is exempt from resident tax or on public assistance tells of its income and
    # welfare (要配慮), so the reason is sealed like the notes; a FeeWaiver value, empty or null for none.
    fee_waiver = EncryptedTextField(_("fee waiver"), blank=True, null=True, default="", sensitive=True)

    # Its own data key (not the child's): a registration past its expiry is crypto-shredded by the retention
    # sweep while the child's record stays.

    class Meta:
        verbose_name = _("temporary-care registration")
        constraints = [models.UniqueConstraint(fields=["child", "fiscal_year"], name="care_registration_per_year")]

    def __str__(self):
        return f"registration {self.pk} ({self.fiscal_year})"


class CareFeeStatement(models.Model):
    """一時保育料 — one household's fees of one month, billed as one charge with its payment slip.

    The household is the first guardian of the children (their ``Guardian`` record). One statement per
    household and month (a unique constraint): issuing a month again bills nobody twice. The bookings it
    bills point at it; the amounts are kept as a breakdown, no personal value.
    """

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    guardian = models.ForeignKey(Guardian, on_delete=models.PROTECT, related_name="+")
    month = models.DateField(help_text="The first day of the month billed")
    usage_yen = models.PositiveIntegerField(default=0)
    late_yen = models.PositiveIntegerField(default=0)
    no_show_yen = models.PositiveIntegerField(default=0)
    cancellation_yen = models.PositiveIntegerField(default=0)
    waived_yen = models.PositiveIntegerField(default=0)
    amount = models.PositiveIntegerField(help_text="Billed: the sum less the waivers")
    charge = models.OneToOneField("payments.Charge", null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="+", help_text="None when nothing is owed (fully waived)")
    issued_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    issued_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("temporary-care fee statement")
        constraints = [models.UniqueConstraint(fields=["guardian", "month"], name="care_fee_once_per_month")]
        indexes = [models.Index(fields=["municipality", "month"])]

    def __str__(self):
        return f"fee statement {self.pk} ({self.month:%Y-%m})"


class CarePlace(models.Model):
    """The places of one facility × date × slot × band: the row the booking service locks (created on demand)."""

    care_facility = models.ForeignKey(CareFacility, on_delete=models.PROTECT, related_name="+")
    slot = models.ForeignKey(CareSlot, on_delete=models.PROTECT, related_name="+")
    date = models.DateField()
    band = models.CharField(max_length=3, choices=AgeBand.choices)
    capacity = models.PositiveSmallIntegerField()
    taken = models.PositiveSmallIntegerField(default=0, help_text="Bookings plus open waiting-list offers")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["slot", "date", "band"], name="care_place_unique"),
            models.CheckConstraint(condition=Q(taken__lte=F("capacity")), name="care_place_never_oversold"),
        ]
        indexes = [models.Index(fields=["care_facility", "date"])]

    def __str__(self):
        return f"{self.slot} {self.date:%Y-%m-%d} {self.band}: {self.taken}/{self.capacity}"


class BookingStatus(models.TextChoices):
    BOOKED = "booked", _("booked")
    CANCELLED = "cancelled", _("cancelled")


class CareBooking(models.Model):
    """予約 — a child's place on one date and slot. No personal value: the child is a reference."""

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    registration = models.ForeignKey(CareRegistration, on_delete=models.PROTECT, related_name="bookings")
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="care_bookings")
    place = models.ForeignKey(CarePlace, on_delete=models.PROTECT, related_name="bookings")
    date = models.DateField()
    fiscal_year_ends_on = models.DateField(help_text="The end of the booked day's fiscal year: retention counts "
                                                     "from it")
    status = models.CharField(max_length=10, choices=BookingStatus.choices, default=BookingStatus.BOOKED)
    fee_yen = models.PositiveIntegerField()
    cancellation_fee_yen = models.PositiveIntegerField(null=True, blank=True)
    booked_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    booked_at = models.DateTimeField(auto_now_add=True)
    cancelled_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    cancelled_at = models.DateTimeField(null=True, blank=True)
    # 利用実績: what the facility's staff recorded on the day (the basis of the month's fee).
    checked_in_at = models.DateTimeField(null=True, blank=True)
    checked_out_at = models.DateTimeField(null=True, blank=True)
    late_units = models.PositiveSmallIntegerField(default=0, help_text="Started 30 minutes after the slot's end")
    no_show = models.BooleanField(default=False)
    attendance_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    statement = models.ForeignKey(CareFeeStatement, null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="bookings", help_text="The month's fee statement that billed it")

    class Meta:
        verbose_name = _("temporary-care booking")
        constraints = [
            # One booking per child and day, whatever slot or facility: the last guard against a double booking.
            models.UniqueConstraint(fields=["child", "date"], condition=Q(status="booked"),
                                    name="care_booking_one_per_child_and_day"),
            models.CheckConstraint(condition=Q(checked_out_at__isnull=True) | Q(checked_in_at__isnull=False,
                                                                               checked_out_at__gte=F("checked_in_at")),
                                   name="care_booking_out_after_in"),
            models.CheckConstraint(condition=~Q(no_show=True, checked_in_at__isnull=False),
                                   name="care_booking_no_show_not_attended"),
        ]
        indexes = [models.Index(fields=["child", "date"]), models.Index(fields=["place", "status"])]

    def __str__(self):
        return f"booking {self.pk}"

    def save(self, *args, **kwargs):
        if self.fiscal_year_ends_on is None:  # 年度末: 31 March after the booked day
            self.fiscal_year_ends_on = datetime.date(self.date.year + (self.date.month >= 4), 3, 31)
        super().save(*args, **kwargs)


class WaitStatus(models.TextChoices):
    WAITING = "waiting", _("waiting")
    OFFERED = "offered", _("offered")
    ACCEPTED = "accepted", _("accepted")
    LAPSED = "lapsed", _("offer lapsed")
    WITHDRAWN = "withdrawn", _("withdrawn")


OPEN_WAIT_STATUSES = (WaitStatus.WAITING, WaitStatus.OFFERED)


class CareWaitlistEntry(models.Model):
    """キャンセル待ち — a child waiting for a full place; offered in order of joining when one frees up."""

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    place = models.ForeignKey(CarePlace, on_delete=models.PROTECT, related_name="waitlist")
    registration = models.ForeignKey(CareRegistration, on_delete=models.PROTECT, related_name="+")
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=10, choices=WaitStatus.choices, default=WaitStatus.WAITING)
    joined_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    joined_at = models.DateTimeField(auto_now_add=True)
    offered_at = models.DateTimeField(null=True, blank=True)
    offer_expires_at = models.DateTimeField(null=True, blank=True)
    booking = models.OneToOneField(CareBooking, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("waiting-list entry")
        ordering = ["place", "joined_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["place", "child"], condition=Q(status__in=OPEN_WAIT_STATUSES),
                                    name="care_waitlist_once_per_place"),
        ]
        indexes = [models.Index(fields=["status", "offer_expires_at"])]

    def __str__(self):
        return f"waiting-list entry {self.pk}"


class CareLottery(EncryptedModel):
    """抽選 — a facility's draw for a month's places at the window's opening.

    Its seed is drawn when the lottery opens and its SHA-256 written to the audit log then (the commitment);
    the seed itself stays sealed until the draw, when it is revealed (``revealed_seed``) with the order drawn
    for each place, so anyone can re-run the draw and get the same result.
    """

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    care_facility = models.ForeignKey(CareFacility, on_delete=models.PROTECT, related_name="lotteries")
    month = models.DateField(help_text="The first day of the month whose places are drawn")
    closes_at = models.DateTimeField(help_text="Applications end; the draw follows")
    seed = EncryptedTextField(help_text="Sealed until the draw")
    seed_sha256 = models.CharField(max_length=64)
    revealed_seed = models.CharField(max_length=64, blank=True)
    drawn_at = models.DateTimeField(null=True, blank=True)
    result = models.JSONField(default=dict, blank=True,
                              help_text="Per place id: the places drawn for and the entry ids in drawn order")

    class Meta:
        verbose_name = _("temporary-care lottery")
        constraints = [models.UniqueConstraint(fields=["care_facility", "month"], name="care_lottery_per_month")]

    def __str__(self):
        return f"lottery {self.pk} ({self.month:%Y-%m})"


class LotteryOutcome(models.TextChoices):
    PENDING = "pending", _("waiting for the draw")
    WON = "won", _("won")
    LOST = "lost", _("not drawn")
    REFUSED = "refused", _("refused by a rule at the draw")


class CareLotteryEntry(models.Model):
    """A child's application for one place in a lottery (no personal value: the child is a reference)."""

    lottery = models.ForeignKey(CareLottery, on_delete=models.PROTECT, related_name="entries")
    place = models.ForeignKey(CarePlace, on_delete=models.PROTECT, related_name="+")
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="+")
    registration = models.ForeignKey(CareRegistration, on_delete=models.PROTECT, related_name="+")
    applied_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    applied_at = models.DateTimeField(auto_now_add=True)
    outcome = models.CharField(max_length=10, choices=LotteryOutcome.choices, default=LotteryOutcome.PENDING)
    refusal_code = models.CharField(max_length=40, blank=True)
    booking = models.OneToOneField(CareBooking, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("lottery application")
        constraints = [models.UniqueConstraint(fields=["lottery", "child", "place"], name="care_lottery_entry_once")]

    def __str__(self):
        return f"lottery entry {self.pk}"
