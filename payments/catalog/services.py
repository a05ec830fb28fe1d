"""Fee types, channels, the collection agreement, payers and charges."""

import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from audit.services import audit_record
from common.errors import Conflict, InvalidInput
from governance.tenancy.models import Department, Municipality
from payments.catalog.access import require_department
from payments.catalog.models import Channel, ChannelKind, Charge, CollectionAgreement, FeeType, Payer


def _same_tenant(department: Department, municipality: Municipality) -> None:
    if department.municipality_id != municipality.pk:
        raise InvalidInput(
            _(
                "The department '%(department)s' belongs to another municipality"
            )
            % {
                "department": department,
            }, field="department")


@transaction.atomic
def collection_agreement_create(*, municipality: Municipality, department: Department, company_code: str,
                                client_code: str, agency_code: str, amount_limit: int = 300_000,
                                layout: str = "standard_v1", party=None, connection=None) -> CollectionAgreement:
    """Record the ward's collection-service contract and the codes its barcodes and files use."""
    _same_tenant(department, municipality)
    for name, value, size in (("company_code", company_code, 6), ("agency_code", agency_code, 5)):
        if len(value) != size or not value.isdigit():
            raise InvalidInput(_("The %(name)s must be %(size)s digits") % {"name": name, "size": size}, field=name)
    if len(client_code) > 5 or (client_code and not client_code.isdigit()):
        raise InvalidInput(_("The client code must be at most 5 digits"), field="client_code")
    if not 1 <= amount_limit <= 999_999:
        raise InvalidInput(_("The amount limit must be ¥1–¥999,999"), field="amount_limit")
    if connection is not None and connection.municipality_id != municipality.pk:
        raise InvalidInput(_("The connection belongs to another municipality"), field="connection")
    if CollectionAgreement.objects.filter(company_code=company_code, client_code=client_code).exists():
        raise Conflict(_("An agreement with these codes exists already"), field="company_code")
    agreement = CollectionAgreement.objects.create(
        municipality=municipality, department=department, company_code=company_code, client_code=client_code,
        agency_code=agency_code, amount_limit=amount_limit, layout=layout, party=party, connection=connection)
    audit_record("payments.agreement.created", obj=agreement, tenant_id=municipality.pk)
    return agreement


@transaction.atomic
def fee_type_create(*, municipality: Municipality, department: Department, code: str, name: str) -> FeeType:
    """Add a fee type (料金種別) owned by a department; its code goes into the barcode."""
    _same_tenant(department, municipality)
    if len(code) != 2 or not code.isdigit():
        raise InvalidInput(_("A fee-type code is 2 digits"), field="code")
    if FeeType.objects.filter(municipality=municipality, code=code).exists():
        raise Conflict(_("Fee-type code %(code)s is taken") % {"code": code}, field="code")
    fee_type = FeeType.objects.create(municipality=municipality, department=department, code=code, name=name)
    audit_record("payments.fee_type.created", obj=fee_type, tenant_id=municipality.pk)
    return fee_type


@transaction.atomic
def channel_create(*, municipality: Municipality, kind: str, name: str, retailer_code: str = "") -> Channel:
    """Add a payment channel (counter, branch office, bank, direct debit, store chain, app)."""
    if kind not in ChannelKind.values:
        raise InvalidInput(_("Unknown channel kind '%(kind)s'") % {"kind": kind}, field="kind")
    if retailer_code and (len(retailer_code) != 6 or not retailer_code.isdigit()):
        raise InvalidInput(_("A retailer company code is 6 digits"), field="retailer_code")
    channel = Channel.objects.create(municipality=municipality, kind=kind, name=name, retailer_code=retailer_code)
    audit_record("payments.channel.created", obj=channel, tenant_id=municipality.pk)
    return channel


@transaction.atomic
def payer_create(*, actor, municipality: Municipality, reference_number: str, name: str, kana: str = "",
                 address: str = "", phone: str = "") -> Payer:
    """Register a payer (納付義務者): a reference number and the personal fields, stored encrypted.

    The audit event names the payer and which fields were recorded, never their values.
    """
    if not reference_number or len(reference_number) > 20 or not reference_number.isalnum():
        raise InvalidInput(_("A payer reference is 1–20 letters or digits"), field="reference_number")
    name, kana, address, phone = (value.strip() for value in (name, kana, address, phone))
    if not name:
        raise InvalidInput("A payer needs a name (氏名)", field="name")
    for field_name, value, limit in (("name", name, 100), ("kana", kana, 100), ("address", address, 200),
                                     ("phone", phone, 20)):
        if len(value) > limit:
            raise InvalidInput(
                _(
                    "The payer's %(field_name)s is longer than %(limit)s characters"
                )
                % {
                    "field_name": field_name,
                    "limit": limit,
                }, field=field_name)
    if phone and not all(ch.isdigit() or ch in "-+() " for ch in phone):
        raise InvalidInput(_("A phone number holds digits, spaces, hyphens, brackets and +"), field="phone")
    if Payer.objects.filter(municipality=municipality, reference_number=reference_number).exists():
        raise Conflict(_("A payer with this reference exists already"), field="reference_number")
    payer = Payer.objects.create(municipality=municipality, reference_number=reference_number, name=name,
                                 kana=kana or None, address=address or None, phone=phone or None)
    audit_record("payments.payer.created", obj=payer, tenant_id=municipality.pk, subjects=[payer],
                 fields=[label for label, value in zip(Payer.PERSONAL_FIELDS, (name, kana, address, phone),
                                                       strict=True) if value])
    return payer


@transaction.atomic
def charge_create(*, actor, fee_type: FeeType, payer: Payer, fiscal_year: int, amount: int,
                  due_date: datetime.date) -> Charge:
    """Record an amount a payer owes (調定) for a fee type; staff of the fee type's department only."""
    require_department(actor, fee_type.department, "charge this fee")
    if payer.municipality_id != fee_type.municipality_id:
        raise InvalidInput(_("The payer belongs to another municipality"), field="payer")
    if amount < 1:
        raise InvalidInput(_("A charge is at least ¥1"), field="amount")
    if not 2000 <= fiscal_year <= 2099:
        raise InvalidInput(
            _(
                "Fiscal year %(fiscal_year)s is out of range"
            )
            % {
                "fiscal_year": fiscal_year,
            }, field="fiscal_year")
    charge = Charge.objects.create(municipality_id=fee_type.municipality_id, fee_type=fee_type, payer=payer,
                                   fiscal_year=fiscal_year, amount=amount, due_date=due_date)
    audit_record("payments.charge.created", obj=charge, tenant_id=charge.municipality_id,
                 data={"fee_type_id": fee_type.pk, "payer_id": payer.pk})
    return charge
