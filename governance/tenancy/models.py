"""Tenants (municipalities), their departments and facilities, and the people who act for them."""

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Municipality(models.Model):
    """区 — a tenant. Every personal row carries one; no query crosses two."""

    code = models.CharField(max_length=6, unique=True, help_text="全国地方公共団体コード, e.g. 131041")
    name = models.CharField(max_length=50, unique=True)

    class Meta:
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        ordering = ["code"]

    def __str__(self):
        return self.name


class Department(models.Model):
    """課 — an owning department (保有課), e.g. 子ども家庭部保育課."""

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="departments")
    name = models.CharField(max_length=100)
    division = models.CharField(max_length=100, blank=True, help_text="部, e.g. 子ども家庭部")

    class Meta:
        verbose_name = _("department")
        ordering = ["municipality", "name"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "name"], name="department_unique_name_per_tenant"),
        ]

    def __str__(self):
        return f"{self.division}{self.name}" if self.division else self.name


class Facility(models.Model):
    """施設 — a nursery, child and family support centre or ひろば, run for a department."""

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="facilities")
    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="facilities")
    name = models.CharField(max_length=100)
    kind = models.CharField(max_length=50, blank=True, help_text="e.g. 区立保育園, 子ども家庭支援センター")

    class Meta:
        verbose_name = _("facility")
        verbose_name_plural = _("facilities")
        ordering = ["municipality", "name"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "name"], name="facility_unique_name_per_tenant"),
        ]

    def __str__(self):
        return self.name


class PartyRole(models.TextChoices):
    """What an outside party does for the ward (a party may play several roles)."""

    ASP = "asp", _("ASP / cloud service provider")
    CONNECTION_COUNTERPARTY = "connection_counterparty", _("connection counterparty")
    CONVENIENCE_STORE = "convenience_store", _("convenience store operator")
    EMONEY_OPERATOR = "emoney_operator", _("e-money operator")
    DATA_LINK = "data_link", _("data-link provider")
    COLLECTION_SERVICE = "collection_service", _("payment collection service")
    CALL_CENTRE = "call_centre", _("call centre / administrative contractor")
    FACILITY_OPERATOR = "facility_operator", _("facility operator")


class PartySelection(models.TextChoices):
    """Whether the party is a named company, one still to be selected by proposal, or a class of operators."""

    NAMED = "named", _("named")
    TO_BE_SELECTED = "to_be_selected", _("to be selected by proposal")
    UNNAMED = "unnamed", _("not named (a class of operators)")


class Party(models.Model):
    """相手方 — an outside party: vendor, contractor, collection service, store, operator."""

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="parties")
    name = models.CharField(max_length=200)
    # A JSON list (not a PostgreSQL array) so the embedded SQLite run works too.
    roles = models.JSONField(default=list, blank=True, help_text="PartyRole codes")
    description = models.CharField(max_length=200, blank=True, help_text="e.g. コンビニの運営事業者")
    address = models.CharField(max_length=200, blank=True)
    selection = models.CharField(max_length=20, choices=PartySelection.choices, default=PartySelection.NAMED,
                                 help_text="選定予定: to be selected by proposal until a company is named")
    selection_note = models.CharField(max_length=200, blank=True,
                                      help_text="e.g. 令和6年度公募型プロポーザルにより選定予定")
    certification_note = models.CharField(max_length=200, blank=True,
                                          help_text="What the documents promise, e.g. Pマーク取得事業者を予定")
    hosting_country = models.CharField(max_length=2, blank=True, help_text="ISO 3166 code where its servers are; "
                                       "blank when not stated")
    japanese_law_applies = models.BooleanField(null=True, blank=True,
                                               help_text="日本国内の法が適用される環境; unknown when null")

    class Meta:
        verbose_name = _("party")
        verbose_name_plural = _("parties")
        ordering = ["municipality", "name"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "name"], name="party_unique_name_per_tenant"),
        ]

    def __str__(self):
        return self.name


class Role(models.TextChoices):
    COMMITTEE_MEMBER = "committee_member", _("committee member")
    DEPARTMENT_STAFF = "department_staff", _("department staff")
    FACILITY_STAFF = "facility_staff", _("facility staff")
    VENDOR_USER = "vendor_user", _("vendor user")
    AUDITOR = "auditor", _("auditor")
    GUARDIAN = "guardian", _("guardian")
    ADMINISTRATOR = "administrator", _("administrator")


class Position(models.TextChoices):
    """A facility staff member's position (職種), which decides the sensitive fields they may read."""

    FACILITY_HEAD = "facility_head", _("facility head")
    NURSE = "nurse", _("nurse")
    CHILDCARE_WORKER = "childcare_worker", _("childcare worker")
    CLERK = "clerk", _("clerk")


class UserManager(BaseUserManager):
    def create_user(self, username: str, password: str | None = None, **extra):
        user = self.model(username=username, **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, username: str, password: str | None = None, **extra):
        return self.create_user(username, password, is_staff=True, is_superuser=True, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A login. Holds no name, e-mail or phone: people act through memberships, by username only."""

    username = models.CharField(max_length=150, unique=True)
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False, help_text="May use the Django admin site")
    date_joined = models.DateTimeField(default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "username"

    class Meta:
        verbose_name = _("user")

    def __str__(self):
        return self.username


class Membership(models.Model):
    """Which tenant a user acts for, in which role, and for which department, facility or vendor."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(max_length=20, choices=Role.choices)
    department = models.ForeignKey(Department, null=True, blank=True, on_delete=models.PROTECT)
    facility = models.ForeignKey(Facility, null=True, blank=True, on_delete=models.PROTECT)
    party = models.ForeignKey(Party, null=True, blank=True, on_delete=models.PROTECT)
    position = models.CharField(max_length=20, choices=Position.choices, blank=True,
                                help_text="For facility staff: their position at the facility")

    class Meta:
        verbose_name = _("membership")
        ordering = ["user", "municipality", "role"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(role=Role.DEPARTMENT_STAFF) | Q(department__isnull=False),
                name="membership_department_staff_has_department",
            ),
            models.CheckConstraint(
                condition=~Q(role=Role.FACILITY_STAFF) | Q(facility__isnull=False),
                name="membership_facility_staff_has_facility",
            ),
            models.CheckConstraint(
                condition=~Q(role=Role.VENDOR_USER) | Q(party__isnull=False),
                name="membership_vendor_user_has_party",
            ),
        ]

    def __str__(self):
        return f"{self.user} — {self.get_role_display()} @ {self.municipality}"
