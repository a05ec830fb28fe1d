"""Deletion requests, certificates and the subject trail over HTTP (/api/v1/governance/…).

Vendor users list their party's requests and upload certificates (multipart: method, media_identifiers
as a list or lines, erased_on, witness, pdf); the ward lists its tenant's and confirms or rejects;
auditors read a subject's trail. The same services as the pages decide and audit.
"""

from datetime import date

from django.conf import settings
from django.db import transaction
from django.http import HttpResponse
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from audit.api import IsAuditor
from common.api import query_params
from common.errors import InvalidInput, NotFound
from common.uploads import upload_read
from governance.deletion import selectors, services
from governance.deletion.models import DeletionCertificate, DeletionRequest, DeletionStatus, ErasureMethod
from governance.deletion.trail import subject_trail


class CertificateOutput(serializers.ModelSerializer):
    uploaded_by = serializers.CharField(source="uploaded_by.username")

    class Meta:
        model = DeletionCertificate
        fields = ["id", "request", "uploaded_by", "uploaded_at", "method", "media_identifiers", "erased_on",
                  "file_name", "size", "sha256", "status", "decided_at", "rejection_reason"]


class RequestOutput(serializers.ModelSerializer):
    party = serializers.CharField(source="party.name")
    party_id = serializers.IntegerField()
    entry_ids = serializers.SerializerMethodField()

    class Meta:
        model = DeletionRequest
        fields = ["id", "party", "party_id", "reason", "reason_note", "items", "opened_on", "due", "status",
                  "closed_at", "entry_ids"]

    def get_entry_ids(self, request) -> list[int]:
        return sorted(request.entries.values_list("entry_id", flat=True))


class RequestDetailOutput(RequestOutput):
    certificates = CertificateOutput(many=True, source="certificate_list")

    class Meta(RequestOutput.Meta):
        fields = [*RequestOutput.Meta.fields, "certificates"]


def _certificate(user, pk) -> DeletionCertificate:
    request_id = DeletionCertificate.objects.filter(pk=pk).values_list("request_id", flat=True).first()
    if request_id is None:
        raise NotFound(_("There is no deletion certificate %(pk)s for you") % {"pk": pk}, field="certificate")
    selectors.deletion_request_get(actor=user, pk=request_id)
    return DeletionCertificate.objects.get(pk=pk)


class RequestListApi(APIView):
    """Deletion requests you may see: your party's (vendor users) or your tenant's (the ward)."""

    class Query(serializers.Serializer):
        status = serializers.ChoiceField(choices=["unclosed", *DeletionStatus.values], required=False)

    @extend_schema(parameters=[Query], responses=RequestOutput(many=True))
    def get(self, request):
        selectors.ensure_involved(request.user)
        wanted = query_params(self.Query, request).get("status", "")
        requests = selectors.deletion_request_list(actor=request.user, status=wanted)
        return Response(RequestOutput(requests[:1000], many=True).data)


class RequestDetailApi(APIView):
    @extend_schema(responses=RequestDetailOutput)
    def get(self, request, pk: int):
        deletion_request = selectors.deletion_request_get(actor=request.user, pk=pk)
        deletion_request.certificate_list = selectors.certificate_list(request=deletion_request)
        return Response(RequestDetailOutput(deletion_request).data)


class CertificateUploadApi(APIView):
    """Upload a deletion certificate for a request of your party (multipart/form-data). 201 with the
    certificate; 400 naming what is wrong (not a PDF, too large, missing witness …); 404 for a request
    of another party."""

    parser_classes = [MultiPartParser, FormParser]

    class CertificateUploadInput(serializers.Serializer):
        method = serializers.ChoiceField(choices=ErasureMethod.choices)
        media_identifiers = serializers.ListField(child=serializers.CharField(), allow_empty=False)
        erased_on = serializers.DateField()
        witness = serializers.CharField(max_length=200)
        pdf = serializers.FileField()

    @extend_schema(request={"multipart/form-data": CertificateUploadInput}, responses={201: CertificateOutput})
    def post(self, request, pk: int):
        # The form fields alone: request.data also holds the uploaded file, which cannot be copied once it is
        # spooled to disk, and is a plain dict when no body was sent at all.
        data = request.POST
        media = data.getlist("media_identifiers")
        if len(media) == 1:
            media = media[0].splitlines()
        upload = request.FILES.get("pdf")
        try:
            erased_on = date.fromisoformat(data.get("erased_on", "")) if data.get("erased_on") else None
        except ValueError as exc:
            raise InvalidInput(_("erased_on is not a date (YYYY-MM-DD)"), field="erased_on") from exc
        certificate = services.deletion_certificate_upload(
            actor=request.user, request_id=pk, method=data.get("method", ""), media_identifiers=media,
            erased_on=erased_on, witness=data.get("witness", ""),
            content=upload_read(upload, max_bytes=settings.DELETION_CERTIFICATE_MAX_BYTES) if upload else None,
            content_type=upload.content_type if upload else "")
        return Response(CertificateOutput(certificate).data, status=status.HTTP_201_CREATED)


class CertificateDecisionApi(APIView):
    """The ward confirms (the request closes) or rejects (with a reason) a submitted certificate."""

    class CertificateDecisionInput(serializers.Serializer):
        decision = serializers.ChoiceField(choices=["confirm", "reject"])
        reason = serializers.CharField(required=False, default="", allow_blank=True)

    @extend_schema(request=CertificateDecisionInput, responses=CertificateOutput)
    def post(self, request, pk: int):
        data = self.CertificateDecisionInput(data=request.data)
        data.is_valid(raise_exception=True)
        certificate = _certificate(request.user, pk)
        if data.validated_data["decision"] == "confirm":
            certificate = services.deletion_certificate_confirm(actor=request.user, certificate=certificate)
        else:
            certificate = services.deletion_certificate_reject(actor=request.user, certificate=certificate,
                                                               reason=data.validated_data["reason"])
        return Response(CertificateOutput(certificate).data)


class CertificatePdfApi(APIView):
    @extend_schema(responses={(200, "application/pdf"): bytes})
    def get(self, request, pk: int):
        certificate = _certificate(request.user, pk)
        with transaction.atomic():
            services.certificate_downloaded(actor=request.user, certificate=certificate)
        response = HttpResponse(certificate.pdf, content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{certificate.file_name}"'
        return response


class SubjectTrailOutput(serializers.Serializer):
    subject = serializers.ListField(child=serializers.CharField(), help_text='["app.model", "id"]')
    steps = serializers.ListField(child=serializers.DictField(), help_text=(
        "Oldest first: at, kind (exchange, deletion_requested, certificate_submitted, certificate_confirmed, "
        "certificate_rejected, local_erasure) and the references of that kind of step"))
    unerased_entry_ids = serializers.ListField(child=serializers.IntegerField())


class SubjectTrailApi(APIView):
    """For auditors: the trail of one subject (ledger exchanges, deletion requests and certificates, local
    erasure), references only. The query is audited."""

    permission_classes = [IsAuditor]

    class Query(serializers.Serializer):
        subject_type = serializers.CharField(max_length=100)
        subject_id = serializers.CharField(max_length=64)

    @extend_schema(parameters=[Query], responses=SubjectTrailOutput)
    def get(self, request):
        query = query_params(self.Query, request)
        trail = subject_trail(actor=request.user, subject_type=query["subject_type"], subject_id=query["subject_id"])
        return Response({
            "subject": [trail.subject_type, trail.subject_id],
            "steps": [{"at": s.at, "kind": s.kind, **s.reference} for s in trail.steps],
            "unerased_entry_ids": [e.pk for e in trail.unerased_entries],
        })
