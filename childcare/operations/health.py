"""Health records (保健記録): temperature checks, check-ups and growth, for the nurse and the facility head only.

Whether the actor may read or write them is the access policy's answer for ``health_record.*`` at the child's
facility (always sensitive there); anyone else is told the child has no health page ("not found"), so even
the existence of records is not disclosed. Every read is an access event naming the fields shown.
"""

import datetime
import uuid
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext as _

from audit.services import audit_record, record_access
from childcare.children.models import Child
from childcare.operations.access import OperationsField, actor_facility_ids, readable
from childcare.operations.errors import OperationsInvalid, OperationsNotFound
from childcare.operations.models import HealthKind, HealthRecord
from childcare.operations.selectors import operations_children_scope
from governance.tenancy.models import User

HEALTH_FIELDS = [OperationsField("health_record.measurements", sensitive=True),
                 OperationsField("health_record.notes", sensitive=True)]
PURPOSE_HEALTH = "childcare.operations.health"
# Plausible ranges for a child in a nursery: a typing slip (376 for 37.6) is refused, not charted.
RANGES = {"temperature": (Decimal("34.0"), Decimal("42.0")), "height_cm": (Decimal("40"), Decimal("150")),
          "weight_kg": (Decimal("1.5"), Decimal("50"))}


def health_child(*, actor: User, record_uid) -> Child:
    """A child whose health records the actor may read; not found for anyone else."""
    child = Child.objects.filter(operations_children_scope(actor), record_uid=record_uid,
                                 data_key__shredded_at__isnull=True).select_related("facility").first() \
        if _uuid(record_uid) else None
    if child is None or len(readable(actor=actor, facility=child.facility, fields=HEALTH_FIELDS)) != len(
            HEALTH_FIELDS):
        raise OperationsNotFound("operations.child_not_found", _("No such child"), field="child")
    return child


def _uuid(value) -> bool:
    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True


def _number(values: dict, key: str) -> str:
    try:
        number = Decimal(str(values.get(key, "")).strip())
    except InvalidOperation:
        raise OperationsInvalid("operations.health_value", _("Enter a number"), field=key) from None
    low, high = RANGES[key]
    if not low <= number <= high:
        raise OperationsInvalid("operations.health_range", _("The value is outside the plausible range"),
                                field=key, details={"min": str(low), "max": str(high)})
    return str(number)


@transaction.atomic
def health_record_add(*, actor: User, child: Child, kind: str, date: datetime.date, values: dict,
                      notes: str = "") -> HealthRecord:
    """Record a temperature, a check-up or a growth measurement (nurse or facility head of the child)."""
    child = health_child(actor=actor, record_uid=child.record_uid)
    if date > timezone.localdate() or date < child.enrolled_on:
        raise OperationsInvalid("operations.health_date", _("The date is in the future or before enrolment"),
                                field="date")
    if kind == HealthKind.TEMPERATURE:
        measurements = {"temperature": _number(values, "temperature")}
    elif kind == HealthKind.GROWTH:
        measurements = {"height_cm": _number(values, "height_cm"), "weight_kg": _number(values, "weight_kg")}
    elif kind == HealthKind.CHECKUP:
        name = str(values.get("checkup", "")).strip()
        if not name or len(name) > 100:
            raise OperationsInvalid("operations.health_checkup", _("Name the check-up (at most 100 characters)"),
                                    field="checkup")
        measurements = {"checkup": name}
    else:
        raise OperationsInvalid("operations.health_kind", _("Choose a kind of record"), field="kind")
    notes = (notes or "").strip()
    if len(notes) > 1000:
        raise OperationsInvalid("operations.health_notes", _("Notes are at most 1,000 characters"), field="notes")
    record = HealthRecord.objects.create(municipality_id=child.municipality_id, child=child,
                                        facility_id=child.facility_id, date=date, kind=kind,
                                        measurements=measurements, notes=notes, recorded_by=actor)
    audit_record("childcare.health_record.added", obj=record, tenant_id=child.municipality_id, subjects=[child],
                 fields=["health_record.measurements", *(["health_record.notes"] if notes else [])],
                 data={"kind": kind, "facility_id": child.facility_id})
    return record


@dataclass(frozen=True)
class HealthView:
    date: datetime.date
    kind: str
    measurements: dict
    notes: str


def health_read(*, actor: User, child: Child) -> list[HealthView]:
    """A child's health records, newest first (one access event naming the sensitive fields shown)."""
    child = health_child(actor=actor, record_uid=child.record_uid)
    records = list(HealthRecord.objects.filter(child=child).order_by("-date", "-pk"))
    views = [HealthView(r.date, r.kind, r.measurements, r.notes) for r in records]
    if records:
        names = [f.name for f in HEALTH_FIELDS]
        record_access(subjects=[child], fields=names, purpose=PURPOSE_HEALTH, tenant_id=child.municipality_id,
                      sensitive_fields=names, subject_facility_ids=[child.facility_id],
                      actor_facility_ids=actor_facility_ids(actor, child.municipality_id))
    return views


def growth_chart_svg(*, birth_date: datetime.date, views: list[HealthView]) -> str:
    """Height (cm) and weight (kg) against age in months, as an SVG drawn here (attributes only: CSP-safe)."""
    points = sorted((v.date, Decimal(v.measurements["height_cm"]), Decimal(v.measurements["weight_kg"]))
                    for v in views if v.kind == HealthKind.GROWTH)
    width, height, left, right, top, bottom = 560, 280, 48, 48, 16, 36
    if not points:
        return ""

    def months(day: datetime.date) -> float:
        return (day.year - birth_date.year) * 12 + day.month - birth_date.month + (day.day - birth_date.day) / 30

    ages = [months(d) for d, _h, _w in points]
    a0, a1 = min(ages), max(ages)
    a0, a1 = (a0 - 1, a1 + 1) if a0 == a1 else (a0, a1)
    h0, h1 = 40, 130
    w0, w1 = 0, 35

    def x(age: float) -> float:
        return left + (age - a0) / (a1 - a0) * (width - left - right)

    def y(value: float, low: float, high: float) -> float:
        return top + (1 - (value - low) / (high - low)) * (height - top - bottom)

    title, age_label = escape(_("Growth chart")), escape(_("age in months"))
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
             f'height="{height}" role="img" aria-label="{title}" class="growth-chart" font-size="12" '
             'font-family="sans-serif">',
             f'<rect x="{left}" y="{top}" width="{width - left - right}" height="{height - top - bottom}" '
             'fill="#fff" stroke="#94a3b8"/>']
    for value in range(h0, h1 + 1, 10):
        parts.append(f'<text x="{left - 6}" y="{y(value, h0, h1) + 4:.1f}" text-anchor="end" fill="#2563eb">'
                     f'{value}</text>')
    for value in range(w0, w1 + 1, 5):
        parts.append(f'<text x="{width - right + 6}" y="{y(value, w0, w1) + 4:.1f}" fill="#d97706">{value}</text>')
    for age in sorted({int(a0), int(a1), int((a0 + a1) / 2)}):
        if a0 <= age <= a1:
            parts.append(f'<text x="{x(age):.1f}" y="{height - bottom + 16}" text-anchor="middle" fill="#334155">'
                         f'{age}</text>')
    parts.append(f'<text x="{width / 2}" y="{height - 4}" text-anchor="middle" fill="#334155">'
                 f'{age_label}</text>')
    for index, (low, high, color, label) in enumerate([(h0, h1, "#2563eb", _("height (cm)")),
                                                       (w0, w1, "#d97706", _("weight (kg)"))]):
        coords = " ".join(f"{x(age):.1f},{y(float(p[index + 1]), low, high):.1f}"
                          for age, p in zip(ages, points, strict=True))
        parts.append(f'<polyline points="{coords}" fill="none" stroke="{color}" stroke-width="2" '
                     f'data-series="{"height" if index == 0 else "weight"}"/>')
        for age, p in zip(ages, points, strict=True):
            parts.append(f'<circle cx="{x(age):.1f}" cy="{y(float(p[index + 1]), low, high):.1f}" r="3" '
                         f'fill="{color}"><title>{p[0]:%Y-%m-%d} {label}: {p[index + 1]}</title></circle>')
    parts.append("</svg>")
    return "".join(parts)
