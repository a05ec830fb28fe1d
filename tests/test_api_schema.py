"""The API answers what /api/schema/ says: every operation is called with the demo data, as a role that may use
it, and its status, media type and JSON body are checked against the schema (objects closed: a field the schema
does not name is a mismatch too)."""

import copy
import datetime
import io
import re

import jsonschema
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone

from audit.models import AuditFinding
from childcare.care import rules
from childcare.care.lottery import lottery_draw
from childcare.care.models import CareFacility, CareLottery, CareSlotBand, CareWaitlistEntry
from childcare.care.services import booking_create
from childcare.children.models import Child
from childcare.subsidy.models import TransferRun
from governance.committee.models import Condition, Submission
from governance.deletion.models import DeletionRequest
from governance.demo import DEMO_PASSWORD
from governance.exchange.channels import allowed_items
from governance.exchange.models import LedgerSubject
from governance.registry.models import (
    ExternalConnection,
    OutOfPurposeUse,
    OutsourcingContract,
    ProcessingActivity,
    RegisteredBusiness,
)
from governance.registry.parts import kind_of
from governance.registry.versioning import version_latest
from governance.retention.models import RetentionRule
from governance.tenancy.models import Department, Municipality, User
from payments.demo import demo_result_files
from tests.governance.deletion.test_trail_pages_api import PDF
from tests.governance.exchange.test_gate import NERIMA

SCHEMA_URL = "/api/schema/?format=json"


def openapi_to_json_schema(node):
    """OpenAPI 3.0's `nullable` as JSON Schema's null type, and every object closed to unnamed properties."""
    if isinstance(node, list):
        return [openapi_to_json_schema(n) for n in node]
    if not isinstance(node, dict):
        return node
    node = {k: openapi_to_json_schema(v) for k, v in node.items()}
    if node.get("type") == "object" and "properties" in node and "additionalProperties" not in node:
        node["additionalProperties"] = False
    if node.pop("nullable", False):
        if "type" in node:
            node["type"] = [node["type"], "null"]
            if "enum" in node:
                node["enum"] = [*node["enum"], None]
        else:
            node = {"anyOf": [node, {"type": "null"}]}
    return node


class SchemaCheck:
    """Validates responses against the operations of one OpenAPI document."""

    def __init__(self, document: dict):
        self.document = document
        self.components = openapi_to_json_schema(document["components"])
        self.operations = {(method.upper(), path): op for path, item in document["paths"].items()
                           for method, op in item.items() if method in ("get", "post", "patch", "put", "delete")}
        self.called: set[tuple[str, str]] = set()

    def problems(self, method: str, template: str, response) -> list[str]:
        """What in `response` differs from the schema of `method template` (empty when nothing does)."""
        self.called.add((method, template))
        operation = self.operations.get((method, template))
        if operation is None:
            return [f"{method} {template} is not in the schema"]
        documented = operation["responses"].get(str(response.status_code))
        if documented is None:
            return [f"answered {response.status_code} ({_excerpt(response)}), documented "
                    f"{sorted(operation['responses'])}"]
        content = documented.get("content")
        if not content:
            return [] if not response.content else [f"{response.status_code} has a body, documented none"]
        media_type = response["Content-Type"].split(";")[0]
        if media_type not in content:
            return [f"answered {media_type}, documented {sorted(content)}"]
        if media_type != "application/json":
            return []
        schema = {**openapi_to_json_schema(content[media_type]["schema"]), "components": self.components}
        validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
        return [f"{'/'.join(map(str, e.absolute_path)) or 'body'}: {_shortened(e.message)}"
                for e in validator.iter_errors(response.json())][:5]


def _shortened(message: str) -> str:
    """jsonschema quotes the whole offending value first: keep its start and the verdict at the end."""
    return message if len(message) < 300 else f"{message[:150]} … {message[-100:]}"


def _excerpt(response) -> str:
    return response.content[:300].decode(errors="replace")


@pytest.fixture
def schema_check(client, demo) -> SchemaCheck:
    assert client.login(username="auditor", password=DEMO_PASSWORD)
    return SchemaCheck(client.get(SCHEMA_URL).json())


class Caller:
    """Calls operations by their schema path as one demo user, collecting every mismatch with the schema."""

    def __init__(self, client, check: SchemaCheck):
        self.client, self.check, self.mismatches = client, check, []
        self.user = None

    def as_user(self, username: str) -> "Caller":
        if username != self.user:
            self.client.logout()
            assert self.client.login(username=username, password=DEMO_PASSWORD)
            self.user = username
        return self

    def __call__(self, method: str, template: str, *, query=None, json=None, multipart=None, headers=None, **ids):
        url = re.sub(r"\{(\w+)\}", lambda m: str(ids[m.group(1)]), template)
        send = getattr(self.client, method.lower())
        if json is not None:
            response = send(url, json, content_type="application/json", headers=headers)
        elif multipart is not None:
            response = send(url, multipart, headers=headers)
        else:
            response = send(url, query or {}, headers=headers)
        # The calls build on each other: a refusal stops the walk, with what was found so far.
        if response.status_code >= 400:
            pytest.fail("\n".join([f"{method} {url} as {self.user}: {response.status_code} {_excerpt(response)}",
                                   "Mismatches so far:", *self.mismatches]))
        self.mismatches += [f"{method} {template} as {self.user}: {p}" for p in self.check.problems(method, template,
                                                                                                    response)]
        return response.json() if response.get("Content-Type", "").startswith("application/json") else response


G = "/api/v1/governance"


def _registry(call: Caller) -> None:
    shinjuku = Municipality.objects.get(name="新宿区")
    business = RegisteredBusiness.objects.get(name="保育業務支援システム")
    hoiku = Department.objects.get(name="保育課")
    call.as_user("auditor")
    call("GET", f"{G}/businesses/", query={"municipality": shinjuku.pk, "q": "保育"})
    call("GET", f"{G}/businesses/{{id}}/", id=business.pk)
    call("GET", f"{G}/businesses/{{id}}/findings/", id=business.pk)
    call("GET", f"{G}/businesses/{{id}}/flow/", id=business.pk)
    call("GET", f"{G}/items/", query={"business": business.pk, "sensitive": "false"})
    call("GET", f"{G}/parties/", query={"municipality": shinjuku.pk})
    call("GET", f"{G}/criteria/")
    call.as_user("hoiku")
    created = call("POST", f"{G}/businesses/", json={"name": "写真販売", "number": "9999-01", "department": hoiku.pk,
                                                     "purpose": "写真の販売"})
    call("PATCH", f"{G}/businesses/{{id}}/", id=created["id"], json={"subject_count": 12})
    item = call("POST", f"{G}/items/", json={"business": business.pk, "subject": "child", "name": "児童ID",
                                             "category": "identity"})
    call("GET", f"{G}/items/{{id}}/", id=item["id"])
    call("PATCH", f"{G}/items/{{id}}/", id=item["id"], json={"order": 3})
    call.as_user("admin")
    party = call("POST", f"{G}/parties/", json={"municipality": shinjuku.pk, "name": "株式会社写真館",
                                                "roles": ["asp"]})
    call("GET", f"{G}/parties/{{id}}/", id=party["id"])
    call("PATCH", f"{G}/parties/{{id}}/", id=party["id"], json={"address": "新宿区西新宿2-8-1"})
    call.as_user("hoiku")
    for prefix, model, body in (
            ("processing", ProcessingActivity, {"business": business.pk, "title": "写真の整理"}),
            ("connections", ExternalConnection, {"businesses": [business.pk], "title": "写真連携"}),
            ("contracts", OutsourcingContract, {"businesses": [business.pk], "title": "写真委託"}),
            ("out-of-purpose-uses", OutOfPurposeUse, {"using_business": business.pk,
                                                      "providing_business": created["id"]})):
        existing = model.objects.filter(municipality=shinjuku).order_by("pk").first()
        content = kind_of(existing).content_of(version_latest(part=existing)) if existing else {}
        call("GET", f"{G}/{prefix}/", query={"municipality": shinjuku.pk})
        part = call("POST", f"{G}/{prefix}/", json={**body, "content": content})
        call("GET", f"{G}/{prefix}/{{id}}/", id=part["id"])
        call("GET", f"{G}/{prefix}/{{id}}/versions/", id=part["id"])
        call("GET", f"{G}/{prefix}/{{id}}/versions/{{number}}/", id=part["id"], number=1)
        call("PATCH", f"{G}/{prefix}/{{id}}/versions/{{number}}/", id=part["id"], number=1, json={"content": {}})
        # A frozen version changes through a new draft: the diff between them is not empty.
        changed = existing or model.objects.get(pk=part["id"])
        text = next((key for key, value in content.items() if isinstance(value, str) and value), None)
        change = {text: content[text] + "（改）"} if text else {}
        drafted = call("PATCH", f"{G}/{prefix}/{{id}}/", id=changed.pk, json={"content": change})
        call("GET", f"{G}/{prefix}/{{id}}/versions/{{number}}/diff/{{other}}/", id=changed.pk, number=1,
             other=drafted["number"])


def _committee(call: Caller) -> None:
    shinjuku = Municipality.objects.get(name="新宿区")
    connection = ExternalConnection.objects.filter(municipality=shinjuku).order_by("pk").first()
    call.as_user("committee")
    call("GET", f"{G}/meetings/")
    call("POST", f"{G}/meetings/", json={"held_on": "2026-12-17", "number": 9})
    call("GET", f"{G}/review-queue/")
    call("GET", f"{G}/decisions/")
    call("GET", f"{G}/checklist-templates/")
    decided = Submission.objects.filter(municipality=shinjuku, decision__isnull=False).order_by("pk").first()
    amendment = Submission.objects.filter(municipality=shinjuku, amends__isnull=False).order_by("pk").first()
    call("GET", f"{G}/submissions/{{id}}/diff/", id=amendment.pk)
    call("GET", f"{G}/submissions/{{id}}/forms/", id=decided.pk)
    call("GET", f"{G}/submissions/{{id}}/forms/{{form}}.pdf", id=decided.pk, form="submission")
    condition = Condition.objects.create(submission=decided, text="年に一度、運用状況を報告すること")
    call.as_user("hoiku")
    call("GET", f"{G}/submissions/", query={"state": "draft"})
    draft = call("POST", f"{G}/submissions/", json={"title": "写真共有連携の外部結合について",
                                                    "departments": [Department.objects.get(name="保育課").pk]})
    call("GET", f"{G}/submissions/{{id}}/", id=draft["id"])
    call("PATCH", f"{G}/submissions/{{id}}/", id=draft["id"], json={"purpose": "写真の共有"})
    added = call("POST", f"{G}/submissions/{{id}}/parts/", id=draft["id"],
                 json={"kind": "connection", "part": connection.pk})
    call("POST", f"{G}/submissions/{{id}}/attachments/", id=draft["id"],
         json={"label": "別紙1", "title": "構成図", "filename": "map.pdf", "content_base64": "JVBERi0="})
    call("GET", f"{G}/submissions/{{id}}/checklists/", id=draft["id"])
    checklist = added["parts"][0]["checklist"]
    call("POST", f"{G}/submissions/{{id}}/checklists/{{checklist}}/answers/", id=draft["id"], checklist=checklist,
         json={"answers": [{"code": "ward.op.1", "answer": "○"}]})
    call("POST", f"{G}/submissions/{{id}}/checklists/{{checklist}}/evidence/", id=draft["id"], checklist=checklist,
         json={"code": "ward.op.1", "filename": "規程.pdf", "content_base64": "JVBERi0="})
    call("POST", f"{G}/submissions/{{id}}/transitions/", id=draft["id"], json={"transition": "withdraw"})
    call.as_user("shien" if decided.departments.filter(name="子ども家庭支援課").exists() else "hoiku")
    call("POST", f"{G}/submissions/{{id}}/amendments/", id=decided.pk, json={"title": "改訂"})
    call.as_user("committee")
    call("POST", f"{G}/conditions/{{id}}/close/", id=condition.pk, json={"note": "報告を受けた"})
    call.as_user("iin-nerima")
    nerima_use = OutOfPurposeUse.objects.filter(municipality__name="練馬区").order_by("pk").first()
    call("GET", f"{G}/out-of-purpose-uses/{{id}}/forms/", id=nerima_use.pk)
    call("GET", f"{G}/out-of-purpose-uses/{{id}}/forms/{{form}}.pdf", id=nerima_use.pk, form="criterion-application")
    use = OutOfPurposeUse.objects.filter(municipality=shinjuku).order_by("pk").first()
    call.as_user("hoiku")
    call("POST", f"{G}/out-of-purpose-uses/{{id}}/request/", id=use.pk, json={})


def _exchange_and_deletion(call: Caller) -> None:
    channel = ExternalConnection.objects.get(title__contains=NERIMA)
    version = channel.versions.order_by("number").first()
    items = allowed_items(version, "connection", version.counterparty)["send"]
    call.as_user("nerima")
    exchange = {"channel": "connection", "channel_id": channel.pk, "direction": "send", "fields": items[:2],
                "purpose_code": "governance.system_link", "purpose": "予約管理", "payload": "tests.people",
                "record_ids": ["1"]}
    call("POST", f"{G}/exchanges/", json={**exchange, "dry_run": True})
    call("POST", f"{G}/exchanges/", json=exchange)
    with_file = call("POST", f"{G}/exchanges/", json={**exchange, "as_file": True})
    call("GET", f"{G}/ledger/", query={"direction": "send"})
    call("GET", f"{G}/ledger/{{id}}/", id=with_file["entry"]["id"])
    call("GET", f"{G}/ledger/{{id}}/file/", id=with_file["entry"]["id"])
    call("GET", f"{G}/ledger/export.csv", query={"direction": "send"})
    call.as_user("admin")  # erasing what was typed about an exchange is for the ward's administrators
    call("POST", f"{G}/ledger/{{id}}/purpose-erasure/", id=with_file["entry"]["id"])
    call.as_user("nerima")
    call("GET", f"{G}/deletion-requests/", query={"status": "unclosed"})
    request = DeletionRequest.objects.order_by("pk").first()
    call("GET", f"{G}/deletion-requests/{{id}}/", id=request.pk)
    call.as_user("uchida")
    certificate = call("POST", f"{G}/deletion-requests/{{id}}/certificates/", id=request.pk, multipart={
        "method": "overwrite", "media_identifiers": "SRV-1", "erased_on": timezone.localdate().isoformat(),
        "witness": "山田", "pdf": SimpleUploadedFile("c.pdf", PDF, "application/pdf")})
    call("GET", f"{G}/deletion-certificates/{{id}}/pdf/", id=certificate["id"])
    call.as_user("nerima")
    call("POST", f"{G}/deletion-certificates/{{id}}/decision/", id=certificate["id"], json={"decision": "confirm"})
    call.as_user("kansa-nerima")
    subject = LedgerSubject.objects.filter(entry__in=request.entries.values("entry")).order_by("pk").first()
    call("GET", f"{G}/subject-trail/", query={"subject_type": subject.subject_type, "subject_id": subject.subject_id})


def _retention(call: Caller) -> None:
    shinjuku = Municipality.objects.get(name="新宿区")
    rule = RetentionRule.objects.filter(municipality=shinjuku).order_by("pk").first()
    call.as_user("admin")
    call("GET", f"{G}/retention/rules/", query={"municipality": shinjuku.pk})
    call("GET", f"{G}/retention/rules/{{id}}/", id=rule.pk)
    call("PATCH", f"{G}/retention/rules/{{id}}/", id=rule.pk, json={"note": "見直し済み"})
    call("POST", f"{G}/retention/rules/", json={"municipality": shinjuku.pk, "source": rule.source,
                                                "trigger": rule.trigger, "period_years": 5, "action": rule.action,
                                                "business": RegisteredBusiness.objects.get(name="写真販売").pk})
    call("GET", f"{G}/retention/preview/", query={"municipality": shinjuku.pk, "as_of": "2031-04-01"})


def _payments_children_audit_auth(call: Caller) -> None:
    shinjuku = Municipality.objects.get(name="新宿区")
    call.as_user("hoiku")
    for name, data in demo_result_files(shinjuku):
        call("POST", "/api/v1/payments/result-files/", multipart={"file": SimpleUploadedFile(name, data)})
    slips = call("GET", "/api/v1/payments/slips/", query={"status": "payable"})
    call("GET", "/api/v1/payments/slips/{slip_id}/pdf/", slip_id=slips[0]["id"])
    cases = call("GET", "/api/v1/payments/cases/", query={"status": "all"})
    call("POST", "/api/v1/payments/cases/{case_id}/resolve/", case_id=cases[0]["id"],
         json={"resolution": "店舗に確認済み"})
    call("GET", "/api/v1/payments/reports/", query={"day": "2026-06-01", "year": "2026"})
    call.as_user("himawari")
    children = call("GET", "/api/v1/childcare/children/", query={"left": "1"})
    call("GET", "/api/v1/childcare/children/{record_uid}/", record_uid=children[0]["record_uid"])
    call("POST", "/api/v1/childcare/children/search/", json={"name": "存在しない"})
    call.as_user("guardian")
    call("GET", "/api/v1/me/")
    call.as_user("auditor")
    finding = AuditFinding.objects.create(tenant_id=shinjuku.pk, kind=AuditFinding.Kind.values[0],
                                          day=timezone.localdate(), count=1, event_seqs=[1])
    call("GET", "/api/v1/audit/events/", query={"name": "governance.", "limit": 5})
    call("GET", "/api/v1/audit/events/export.csv", query={"channel": "cli"})
    call("GET", "/api/v1/audit/questions/")
    call("GET", "/api/v1/audit/questions/{key}/", key="after_hours")
    call("POST", "/api/v1/audit/verify/")
    call("GET", "/api/v1/audit/findings/", query={"status": "open"})
    call("PATCH", "/api/v1/audit/findings/{finding_id}/", finding_id=finding.pk,
         json={"status": "acknowledged", "note": "確認した"})
    call.client.logout()
    call.user = None
    from governance.security.totp import DEMO_TOTP_SECRET, code_at

    token = call("POST", "/api/v1/auth/token/", multipart={"username": "hoiku", "password": DEMO_PASSWORD,
                                                      "code": code_at(DEMO_TOTP_SECRET)})
    call("POST", "/api/v1/auth/logout/", json={}, headers={"Authorization": f"Token {token['token']}"})


C = "/api/v1/care"


def _bookable_day(care: CareFacility) -> datetime.date:
    """The first day ahead whose booking window is open now, by the facility's own (demo) rules."""
    now, today = timezone.now(), timezone.localdate()
    closed = set(care.closed_days.values_list("date", flat=True))
    for ahead in range(1, 70):
        day = today + datetime.timedelta(days=ahead)
        if not rules.is_closed(care, day, closed) and rules.window_opens_at(care, day) <= now <= \
                rules.booking_deadline(care, day):
            return day
    raise AssertionError(f"{care.facility.name} takes no booking in the next 70 days")


def _child(name: str) -> Child:
    (child,) = [c for c in Child.objects.all() if c.name == name]  # names are encrypted: no query by name
    return child


def _two_of_one_band(care: CareFacility, day: datetime.date) -> tuple[str, Child, Child]:
    """Two children of the facility's ward in the same age band on ``day`` (the bands move on each 1 April)."""
    by_band: dict[str, list[Child]] = {}
    for child in Child.objects.filter(municipality_id=care.facility.municipality_id, left_on__isnull=True
                                      ).order_by("pk"):
        by_band.setdefault(rules.age_band(birth_date=child.birth_date, on=day), []).append(child)
    band, (first, second, *_) = next((b, c) for b, c in by_band.items() if len(c) >= 2)
    return band, first, second


def _care(call: Caller) -> None:
    piyo = CareFacility.objects.get(facility__name="練馬ぴよぴよ")
    himawari = CareFacility.objects.get(facility__name="新宿区立ひまわり保育園")
    day = _bookable_day(piyo)
    band, first, second = _two_of_one_band(piyo, day)
    # The staff of 練馬ぴよぴよ register two children of one age band, who then share that morning's only place.
    call.as_user("piyopiyo")
    for child in (first, second):
        applied = call("POST", f"{C}/registrations/", json={
            "child": str(child.record_uid), "facility": piyo.facility_id, "fiscal_year": rules.fiscal_year(day),
            "allergy_notes": "卵"})
        call("POST", f"{C}/registrations/{{registration_id}}/interview/", registration_id=applied["id"],
             json={"interviewed_on": timezone.localdate().isoformat()})
        call("POST", f"{C}/registrations/{{registration_id}}/decision/", registration_id=applied["id"],
             json={"approve": True})
    call("POST", f"{C}/registrations/{{registration_id}}/waiver/", registration_id=applied["id"],
         json={"waiver": "tax_exempt"})
    call("GET", f"{C}/registrations/", query={"status": "approved"})
    CareSlotBand.objects.filter(slot__care_facility=piyo, slot__code="am", band=band).update(capacity=1)
    call("GET", f"{C}/availability/", query={"facility": piyo.facility_id, "from": day.isoformat(),
                                             "to": (day + datetime.timedelta(days=6)).isoformat()})
    place = {"facility": piyo.facility_id, "date": day.isoformat(), "slot": "am"}
    booking = call("POST", f"{C}/bookings/", json={"child": str(first.record_uid), **place})
    call("POST", f"{C}/waitlist/", json={"child": str(second.record_uid), **place})
    call("POST", f"{C}/bookings/{{booking_id}}/cancel/", booking_id=booking["id"])
    offer = CareWaitlistEntry.objects.get(child=second, status="offered")
    call("POST", f"{C}/offers/{{entry_id}}/accept/", entry_id=offer.pk)
    # Yesterday's roster (booked then, the facility open that day): one child came, the other did not.
    piyo.closed_weekdays = []
    piyo.save()
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    then = datetime.datetime.combine(yesterday - datetime.timedelta(days=2), datetime.time(10), tzinfo=rules.TOKYO)
    staff = User.objects.get(username="piyopiyo")
    came, absent = (booking_create(actor=staff, child=child, facility_id=piyo.facility_id, date=yesterday,
                                   slot_code=slot, now=then) for child, slot in ((first, "pm"), (second, "full")))
    at = datetime.datetime.combine(yesterday, datetime.time(13, 5), tzinfo=rules.TOKYO)
    call("POST", f"{C}/bookings/{{booking_id}}/check-in/", booking_id=came.pk, json={"at": at.isoformat()})
    call("POST", f"{C}/bookings/{{booking_id}}/check-out/", booking_id=came.pk,
         json={"at": (at + datetime.timedelta(hours=4, minutes=20)).isoformat()})
    call("POST", f"{C}/bookings/{{booking_id}}/no-show/", booking_id=absent.pk)
    # The demo guardian sees 岡田 葵's registration, applies for the next fiscal year and looks for places.
    call.as_user("guardian")
    call("GET", f"{C}/registrations/")
    call("POST", f"{C}/registrations/", json={"child": str(_child("岡田 葵").record_uid),
                                              "facility": himawari.facility_id,
                                              "fiscal_year": rules.fiscal_year(timezone.localdate()) + 1})
    call("GET", f"{C}/availability/", query={"facility": himawari.facility_id, "from": day.isoformat(),
                                             "to": day.isoformat()})
    # 練馬ぴよぴよ draws lots for next month's places; an auditor re-runs the draw.
    call.as_user("piyopiyo")
    call("POST", f"{C}/registrations/{{registration_id}}/renew/", registration_id=first.care_registrations.get().pk)
    piyo.lottery_at_opening, piyo.window_opens_day, piyo.window_opens_time = True, 1, datetime.time(0, 0)
    piyo.lottery_hours = 24 * 45
    piyo.save()
    drawn_day = (timezone.localdate().replace(day=1) + datetime.timedelta(days=32)).replace(day=12)
    drawn_day += datetime.timedelta(days=1) if drawn_day.weekday() == 6 else datetime.timedelta()
    entry = call("POST", f"{C}/lottery/", json={"child": str(second.record_uid), "facility": piyo.facility_id,
                                                "date": drawn_day.isoformat(), "slot": "pm"})
    drawing = CareLottery.objects.get(pk=entry["lottery"])
    lottery_draw(actor=None, lottery=drawing, now=drawing.closes_at + datetime.timedelta(minutes=1))
    call.as_user("kansa-nerima")
    call("GET", f"{C}/lotteries/{{lottery_id}}/verify/", lottery_id=drawing.pk)


def _subsidy(call: Caller) -> None:
    """On the demo as make run loads it: its LoGo file imported (importing it again adds nothing)."""
    from childcare.subsidy.demo import DEMO_FORM, demo_logo_csv
    from childcare.subsidy.models import Application

    S = "/api/v1/subsidy"
    call.as_user("shien")
    call("POST", f"{S}/imports/", multipart={"form": DEMO_FORM,
                                             "file": SimpleUploadedFile("logo.csv", demo_logo_csv(count=3))})
    call("GET", f"{S}/applications/", query={"state": "received", "page_size": 5})
    first, second = (Application.objects.get(answer_id=a).pk for a in ("100002", "100004"))
    receipt = Application.objects.get(answer_id="100001").documents.get()
    call.as_user("backs")
    for application_id in (first, second):
        call("POST", f"{S}/applications/{{application_id}}/pre-check/", application_id=application_id)
    call("POST", f"{S}/applications/{{application_id}}/inquiries/", application_id=first,
         json={"content": "申請書の書き方について"})
    call("GET", f"{S}/applications/{{application_id}}/inquiries/", application_id=first)
    call("GET", f"{S}/applications/{{application_id}}/documents/", application_id=receipt.application_id)
    call("GET", f"{S}/applications/{{application_id}}/documents/{{document_id}}/file/",
         application_id=receipt.application_id, document_id=receipt.pk)
    call.as_user("shien")
    call("GET", f"{S}/applications/{{application_id}}/", application_id=first)
    call("POST", f"{S}/applications/{{application_id}}/decision/", application_id=second,
         json={"outcome": "refused", "reason": "書類不備"})
    call("POST", f"{S}/applications/bulk-approve/", json={"ids": [first, second]})
    call("POST", f"{S}/notices/", json={"ids": [first]})
    call("POST", f"{S}/transfers/", json={})
    call("GET", f"{S}/transfers/")
    call("GET", f"{S}/transfers/{{run_id}}/file/", run_id=TransferRun.objects.get().pk)


def _operations(call: Caller) -> None:
    from childcare.operations.models import ChildClass

    zou = ChildClass.objects.get(facility__name="新宿区立ひまわり保育園", name="ぞう組",
                                 fiscal_year=rules.fiscal_year(timezone.localdate()))
    okada = next(c for c in Child.objects.filter(facility__name="新宿区立ひまわり保育園") if c.name == "岡田 葵")
    ops = "/api/v1/operations"
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    call.as_user("guardian")
    call("POST", f"{ops}/absences/", json={"child": str(okada.record_uid), "date": tomorrow, "kind": "absent",
                                        "reason_kind": "illness", "reason": "38.5℃"})
    call("GET", f"{ops}/absences/")
    call("POST", f"{ops}/contact/{{record_uid}}/", record_uid=okada.record_uid, json={"body": "昨夜は早く寝ました"})
    call.as_user("himawari")
    call("POST", f"{ops}/newsletters/", json={"title": "ぞう組だより 12月", "body": "発表会", "class_id": zou.pk})
    call("GET", f"{ops}/newsletters/")
    call("GET", f"{ops}/classes/")
    call("GET", f"{ops}/classes/{{class_id}}/board/", class_id=zou.pk)
    call("GET", f"{ops}/contact/{{record_uid}}/", record_uid=okada.record_uid)
    call.as_user("guardian")
    call("GET", f"{ops}/family/newsletters/")


def test_every_operation_answers_what_the_schema_says(client, schema_check):
    call = Caller(client, schema_check)
    for group in (_registry, _committee, _exchange_and_deletion, _retention, _payments_children_audit_auth, _care,
                  _subsidy, _operations):
        group(call)
    assert call.mismatches == [], "\n".join(call.mismatches)
    assert set(schema_check.operations) - schema_check.called == set()


def test_a_wrongly_documented_shape_is_caught(client, schema_check):
    """The check is not vacuous: documenting the list of meetings as a single object is a mismatch."""
    document = copy.deepcopy(schema_check.document)
    response = document["paths"]["/api/v1/governance/meetings/"]["get"]["responses"]["200"]
    response["content"]["application/json"]["schema"] = response["content"]["application/json"]["schema"]["items"]
    call = Caller(client, SchemaCheck(document)).as_user("committee")
    call("GET", f"{G}/meetings/")
    assert len(call.mismatches) == 1 and "is not of type 'object'" in call.mismatches[0]


def test_the_schema_generates_without_a_warning():
    """Every view describes its input and output, with component names of its own (no database needed)."""
    call_command("spectacular", "--validate", "--fail-on-warn", stdout=io.StringIO())
