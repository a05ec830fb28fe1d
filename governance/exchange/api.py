"""The exchange gate and the handover ledger over HTTP: POST an exchange (or a dry run), read the ledger."""


from django.db import transaction
from django.http import HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_serializer
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from audit.services import audit_record
from common.api import id_field, query_params
from common.errors import NotFound
from governance.exchange.exports import ledger_csv
from governance.exchange.gate import exchange_check, exchange_request
from governance.exchange.models import Direction, HandoverLedgerEntry
from governance.exchange.selectors import LedgerFilter, ledger_get, ledger_list
from governance.exchange.services import ledger_entry_purpose_erase
from governance.registry.access import ensure_registry_reader
from governance.registry.models import ExternalConnection, OutsourcingContract
from governance.tenancy.models import Membership, Party

CHANNEL_MODELS = {"connection": ExternalConnection, "contract": OutsourcingContract}


class LedgerQuery(serializers.Serializer):
    """The ledger's filters; days are Asia/Tokyo calendar days, inclusive."""

    channel = serializers.ChoiceField(choices=list(CHANNEL_MODELS), required=False)
    channel_id = id_field(required=False)
    party_id = id_field(required=False)
    direction = serializers.ChoiceField(choices=Direction.choices, required=False)
    start = serializers.DateField(required=False)
    end = serializers.DateField(required=False)


def _ledger_filter(request) -> LedgerFilter:
    query_params(LedgerQuery, request)
    return LedgerFilter.from_params(request.query_params)


def channel_for(actor, kind: str, pk: int):
    """A connection or contract of a tenant the actor acts for (any role: the policy decides the rest)."""
    tenants = Membership.objects.filter(user=actor).values("municipality_id")
    channel = CHANNEL_MODELS[kind].objects.filter(pk=pk, municipality_id__in=tenants).first()
    if channel is None:
        raise NotFound(_("No %(kind)s %(pk)s in your municipality") % {"kind": kind, "pk": pk}, field="channel_id")
    return channel


class LedgerChannelOutput(serializers.Serializer):
    kind = serializers.ChoiceField(choices=list(CHANNEL_MODELS))
    id = serializers.IntegerField()
    name = serializers.CharField()


class LedgerEntryOutput(serializers.ModelSerializer):
    channel = serializers.SerializerMethodField()
    party = serializers.CharField(source="party.name")
    actor = serializers.CharField(source="actor.username")
    has_file = serializers.SerializerMethodField()
    problems_url = serializers.SerializerMethodField()

    class Meta:
        model = HandoverLedgerEntry
        fields = ["id", "occurred_at", "actor", "channel", "version_number", "version_hash", "party", "direction",
                  "items", "record_count", "purpose_code", "purpose", "purpose_erased_at", "content_sha256",
                  "file_name", "has_file", "audit_seq", "outcome", "problem_count", "problems", "problems_url"]

    @extend_schema_field(LedgerChannelOutput)
    def get_channel(self, entry) -> dict:
        kind = "connection" if entry.connection_id else "contract"
        return {"kind": kind, "id": entry.channel.pk, "name": str(entry.channel)}

    def get_has_file(self, entry) -> bool:
        return bool(entry.file_data)

    def get_problems_url(self, entry) -> str | None:
        """Where a person reads a refused file's problems (the ledger entry's page)."""
        return reverse("exchange-ledger-entry", args=[entry.pk]) if entry.refused else None


class ExchangeFileOutput(serializers.Serializer):
    name = serializers.CharField()
    size = serializers.IntegerField()
    download = serializers.CharField(help_text="Where to download the encrypted file")


class ExchangeOutput(serializers.Serializer):
    entry = LedgerEntryOutput()
    fields = serializers.ListField(child=serializers.CharField(), help_text="The fields that crossed")
    rows = serializers.ListField(child=serializers.DictField(), required=False,
                                 help_text="The minimised rows (when not sent as a file)")
    file = ExchangeFileOutput(required=False)
    password = serializers.CharField(required=False, help_text="The file's password, shown this once")


class ExchangeDecisionOutput(serializers.Serializer):
    """The exchange policy's decision."""

    allow = serializers.BooleanField()
    reasons = serializers.ListField(child=serializers.DictField(),
                                    help_text="Each with a code, a message and keys naming what failed")
    allowed_fields = serializers.ListField(child=serializers.CharField(),
                                           help_text="The fields requested that the approved channel allows")


class ExchangeApi(APIView):
    """Request an exchange through the gate. 201 with the ledger entry and the minimised data (or an
    encrypted file and its one-time password); 403 with every reason when the policy denies it.
    With `dry_run` nothing moves: 200 with the decision."""

    @extend_schema_serializer(component_name="ExchangeRequest")
    class Input(serializers.Serializer):
        channel = serializers.ChoiceField(choices=list(CHANNEL_MODELS))
        channel_id = serializers.IntegerField()
        party_id = serializers.IntegerField(required=False)
        direction = serializers.ChoiceField(choices=Direction.choices)
        fields = serializers.ListField(child=serializers.CharField(), allow_empty=False)
        # A registered purpose code goes to the audit log; the optional text stays in the (erasable) ledger.
        purpose_code = serializers.CharField(max_length=100)
        purpose = serializers.CharField(max_length=200, required=False, default="", allow_blank=True)
        payload = serializers.CharField(required=False)
        record_ids = serializers.ListField(child=serializers.CharField(), required=False, default=list)
        rows = serializers.ListField(child=serializers.DictField(), required=False)
        # Whose data the rows are, as ["app.model", "id"] references (so the ledger can later ask for erasure).
        subjects = serializers.ListField(child=serializers.ListField(
            child=serializers.RegexField(r"^[A-Za-z0-9_.-]{1,100}$"), min_length=2, max_length=2),
            required=False, default=list)
        as_file = serializers.BooleanField(default=False)
        dry_run = serializers.BooleanField(default=False)

    @extend_schema(request=Input, responses={201: ExchangeOutput, 200: ExchangeDecisionOutput,
                                             403: ExchangeDecisionOutput})
    def post(self, request):
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        channel = channel_for(request.user, v["channel"], v["channel_id"])
        party = None
        if "party_id" in v:
            party = Party.objects.filter(pk=v["party_id"], municipality_id=channel.municipality_id).first()
            if party is None:
                raise NotFound(_("No party %(v)s in this municipality") % {"v": v['party_id']}, field="party_id")
        if v["dry_run"]:
            record_count = len(v.get("rows") or v["record_ids"])
            check = exchange_check(actor=request.user, channel=channel, direction=v["direction"],
                                   fields=v["fields"], purpose_code=v["purpose_code"], record_count=record_count,
                                   party=party)
            return Response(check.decision.as_dict())
        result = exchange_request(actor=request.user, channel=channel, direction=v["direction"], fields=v["fields"],
                                  purpose_code=v["purpose_code"], purpose=v["purpose"], party=party,
                                  payload=v.get("payload"),
                                  record_ids=v["record_ids"], rows=v.get("rows"), as_file=v["as_file"],
                                  subjects=[tuple(ref) for ref in v["subjects"]])
        body = {"entry": LedgerEntryOutput(result.entry).data, "fields": result.fields}
        if result.file is not None:
            body["file"] = {"name": result.entry.file_name, "size": len(result.file),
                            "download": f"/api/v1/governance/ledger/{result.entry.pk}/file/"}
            body["password"] = result.password  # shown this once; the file is downloaded separately
        else:
            body["rows"] = result.rows
        return Response(body, status=status.HTTP_201_CREATED)


class LedgerListApi(APIView):
    """The handover ledger (管理簿), filtered by channel, party, direction and period (Asia/Tokyo days)."""

    @extend_schema(parameters=[LedgerQuery], responses=LedgerEntryOutput(many=True))
    def get(self, request):
        ensure_registry_reader(request.user)
        entries = ledger_list(actor=request.user, filters=_ledger_filter(request))
        return Response(LedgerEntryOutput(entries[:1000], many=True).data)


class LedgerDetailApi(APIView):
    @extend_schema(responses=LedgerEntryOutput)
    def get(self, request, pk: int):
        return Response(LedgerEntryOutput(ledger_get(actor=request.user, pk=pk)).data)


class LedgerExportApi(APIView):
    """The filtered ledger as CSV."""

    @extend_schema(parameters=[LedgerQuery], responses={(200, "text/csv"): bytes})
    def get(self, request):
        ensure_registry_reader(request.user)
        entries = ledger_list(actor=request.user, filters=_ledger_filter(request))
        response = HttpResponse(ledger_csv(entries, tenant_id=None), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="handover-ledger.csv"'
        return response


class LedgerFileApi(APIView):
    """Download the encrypted file of an exchange (useless without the password shown once)."""

    @extend_schema(responses={(200, "application/zip"): bytes})
    def get(self, request, pk: int):
        entry = ledger_get(actor=request.user, pk=pk)
        if not entry.file_data:
            raise NotFound(_("Ledger entry %(pk)s has no file") % {"pk": pk}, field="pk")
        with transaction.atomic():
            audit_record("governance.exchange_file.downloaded", obj=entry, tenant_id=entry.municipality_id)
        response = HttpResponse(bytes(entry.file_data), content_type="application/zip")
        response["Content-Disposition"] = f'attachment; filename="{entry.file_name}"'
        return response


class LedgerPurposeErasureApi(APIView):
    """Erase the text written about an exchange (administrators of its municipality); its code stays."""

    @extend_schema(request=None, responses=LedgerEntryOutput)
    def post(self, request, pk: int):
        entry = ledger_entry_purpose_erase(actor=request.user, entry=ledger_get(actor=request.user, pk=pk))
        return Response(LedgerEntryOutput(entry).data)
