"""REST API of operations support under /api/v1/operations/: classes, a class's attendance board, a family's
absence notices, a child's contact book, newsletters (staff) and a family's inbox.

The same services, selectors and access layer as the pages: the same roles are refused with the same codes, the
same fields are withheld from the same positions (an absence reason only for the nurse and the head), and every
personal read is one access event. A photo or a PDF is sent from the pages (multipart), not this JSON API.
"""

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.parsers import JSONParser
from rest_framework.response import Response
from rest_framework.views import APIView

from childcare.children.selectors import my_children
from childcare.operations import absence, board, contact, newsletters, selectors
from childcare.operations.errors import OperationsInvalid
from childcare.operations.models import AbsenceNotice, AbsenceReason, NoticeKind
from childcare.operations.permissions import is_manager_for, staff_facilities
from common.api import query_params

PURPOSE_BOARD = "childcare.operations.board"


def _valid(serializer_class, data) -> dict:
    """A request body validated; its first problem is one coded error naming the field."""
    serializer = serializer_class(data=data)
    if not serializer.is_valid():
        field, problems = next(iter(serializer.errors.items()))
        raise OperationsInvalid("operations.invalid_input", f"{field}: {problems[0]}", field=field)
    return serializer.validated_data


class ClassOutput(serializers.Serializer):
    id = serializers.IntegerField()
    facility_id = serializers.IntegerField()
    facility = serializers.CharField(source="facility.name")
    fiscal_year = serializers.IntegerField()
    name = serializers.CharField()

    class Meta:
        ref_name = "OperationsClass"


class ClassListApi(APIView):
    """The classes the actor sees this fiscal year (staff of the facility, the department)."""

    @extend_schema(operation_id="operations_classes", responses=ClassOutput(many=True))
    def get(self, request):
        return Response(ClassOutput(selectors.class_list(actor=request.user).select_related("facility"),
                                    many=True).data)


class BoardQuery(serializers.Serializer):
    date = serializers.DateField(required=False, help_text="The day, YYYY-MM-DD; today when left out")

    class Meta:
        ref_name = "OperationsBoardQuery"


class BoardLineOutput(serializers.Serializer):
    record_uid = serializers.UUIDField()
    name = serializers.CharField(help_text="Empty when the access policy withholds it")
    kana = serializers.CharField()
    status = serializers.ChoiceField(choices=["expected", "present", "left", "absent", "late"])
    arrived_at = serializers.DateTimeField(allow_null=True)
    left_at = serializers.DateTimeField(allow_null=True)
    arrives_at = serializers.TimeField(allow_null=True, help_text="A late notice's expected time")
    reason = serializers.CharField(allow_null=True, help_text="Only for the nurse and the head (sensitive)")
    absent_days = serializers.IntegerField(help_text="Absent this many open days in a row")
    flagged = serializers.BooleanField()

    class Meta:
        ref_name = "OperationsBoardLine"


class BoardApi(APIView):
    """A class's attendance board for a day: who is expected, present, gone home, absent or late."""

    @extend_schema(operation_id="operations_board", parameters=[BoardQuery], responses=BoardLineOutput(many=True))
    def get(self, request, class_id: int):
        child_class = selectors.class_get(actor=request.user, class_id=class_id)
        day = query_params(BoardQuery, request).get("date") or timezone.localdate()
        children = list(selectors.class_children(actor=request.user, child_class=child_class, day=day))
        lines = board.board_read(actor=request.user, children=children, day=day, purpose=PURPOSE_BOARD)
        return Response(BoardLineOutput([vars(line) for line in lines], many=True).data)


class AbsenceInput(serializers.Serializer):
    child = serializers.UUIDField(help_text="The child's record_uid")
    date = serializers.DateField()
    kind = serializers.ChoiceField(choices=NoticeKind.choices)
    reason_kind = serializers.ChoiceField(choices=AbsenceReason.choices)
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=500)
    arrives_at = serializers.TimeField(required=False, allow_null=True, default=None)

    class Meta:
        ref_name = "OperationsAbsenceInput"


class AbsenceOutput(serializers.Serializer):
    id = serializers.IntegerField()
    child = serializers.UUIDField()
    date = serializers.DateField()
    kind = serializers.CharField()
    arrives_at = serializers.TimeField(allow_null=True)
    reason_kind = serializers.CharField()
    reason = serializers.CharField()

    class Meta:
        ref_name = "OperationsAbsence"


def _absence_output(notice: AbsenceNotice) -> dict:
    return {"id": notice.pk, "child": notice.child.record_uid, "date": notice.date, "kind": notice.kind,
            "arrives_at": notice.arrives_at, "reason_kind": notice.reason_kind, "reason": notice.reason}


class AbsenceListApi(APIView):
    """A guardian's absence and lateness notices from today on (GET), and a new one (POST)."""

    parser_classes = [JSONParser]

    @extend_schema(operation_id="operations_absences", responses=AbsenceOutput(many=True))
    def get(self, request):
        notices = absence.family_notices(children=list(my_children(actor=request.user)))
        return Response(AbsenceOutput([_absence_output(n) for n in notices], many=True).data)

    @extend_schema(operation_id="operations_absence_create", request=AbsenceInput, responses={201: AbsenceOutput})
    def post(self, request):
        data = _valid(AbsenceInput, request.data)
        child = next((c for c in my_children(actor=request.user) if c.record_uid == data["child"]), None)
        if child is None:
            raise OperationsInvalid("operations.child", _("No such child"), field="child")
        notice = absence.absence_notify(actor=request.user, child=child, date=data["date"], kind=data["kind"],
                                        reason_kind=data["reason_kind"], reason=data["reason"],
                                        arrives_at=data["arrives_at"])
        return Response(AbsenceOutput(_absence_output(notice)).data, status=status.HTTP_201_CREATED)


class ContactInput(serializers.Serializer):
    body = serializers.CharField(max_length=4000)

    class Meta:
        ref_name = "OperationsContactInput"


class ContactEntryOutput(serializers.Serializer):
    id = serializers.IntegerField()
    date = serializers.DateField()
    side = serializers.CharField(help_text="home | nursery")
    body = serializers.CharField()
    photo_ids = serializers.ListField(child=serializers.IntegerField(),
                                      help_text="Photos to fetch from /operations/photos/<id>/")

    class Meta:
        ref_name = "OperationsContactEntry"


class ContactApi(APIView):
    """A child's contact book, the last two weeks (GET), and a new text entry (POST), for its family and staff."""

    parser_classes = [JSONParser]

    @extend_schema(operation_id="operations_contact", responses=ContactEntryOutput(many=True))
    def get(self, request, record_uid: str):
        child = contact.child_for_contact(actor=request.user, record_uid=record_uid)
        return Response(ContactEntryOutput([
            {"id": v.entry.pk, "date": v.entry.date, "side": v.entry.side, "body": v.body, "photo_ids": v.photo_ids}
            for v in contact.contact_read(actor=request.user, child=child)], many=True).data)

    @extend_schema(operation_id="operations_contact_write", request=ContactInput,
                   responses={201: ContactEntryOutput})
    def post(self, request, record_uid: str):
        child = contact.child_for_contact(actor=request.user, record_uid=record_uid)
        data = _valid(ContactInput, request.data)
        entry = contact.contact_write(actor=request.user, child=child, body=data["body"])
        return Response(ContactEntryOutput({"id": entry.pk, "date": entry.date, "side": entry.side,
                                            "body": data["body"], "photo_ids": []}).data,
                        status=status.HTTP_201_CREATED)


class NewsletterInput(serializers.Serializer):
    title = serializers.CharField(max_length=100)
    body = serializers.CharField(required=False, allow_blank=True, default="")
    class_id = serializers.IntegerField(required=False, allow_null=True, default=None,
                                        help_text="A class; left out, facility_id (every family of the facility)")
    facility_id = serializers.IntegerField(required=False, allow_null=True, default=None)

    class Meta:
        ref_name = "OperationsNewsletterInput"


class NewsletterOutput(serializers.Serializer):
    id = serializers.IntegerField()
    facility_id = serializers.IntegerField()
    class_id = serializers.IntegerField(allow_null=True)
    title = serializers.CharField()
    sent_at = serializers.DateTimeField()
    read = serializers.IntegerField(help_text="Guardians who have read it")
    recipients = serializers.IntegerField()

    class Meta:
        ref_name = "OperationsNewsletter"


def _newsletter_output(newsletter, counts) -> dict:
    read, total = counts.get(newsletter.pk, (0, 0))
    return {"id": newsletter.pk, "facility_id": newsletter.facility_id, "class_id": newsletter.child_class_id,
            "title": newsletter.title, "sent_at": newsletter.sent_at, "read": read, "recipients": total}


class NewsletterListApi(APIView):
    """Staff: the newsletters sent with their read counts (GET), and a new one to a class or facility (POST)."""

    parser_classes = [JSONParser]

    @extend_schema(operation_id="operations_newsletters", responses=NewsletterOutput(many=True))
    def get(self, request):
        selectors.class_list(actor=request.user)  # refuses anyone but nursery and department staff, as the page
        sent = list(newsletters.staff_newsletters(actor=request.user)[:200])
        counts = newsletters.read_counts(newsletters=sent)
        return Response(NewsletterOutput([_newsletter_output(n, counts) for n in sent], many=True).data)

    @extend_schema(operation_id="operations_newsletter_send", request=NewsletterInput,
                   responses={201: NewsletterOutput})
    def post(self, request):
        data = _valid(NewsletterInput, request.data)
        child_class = next((c for c in selectors.class_list(actor=request.user) if c.pk == data["class_id"]), None) \
            if data["class_id"] else None
        facility = child_class.facility if child_class else next(
            (f for f in staff_facilities(request.user)
             if f.pk == data["facility_id"] and is_manager_for(request.user, f)), None)
        if facility is None or (data["class_id"] and child_class is None):
            raise OperationsInvalid("operations.newsletter_target", _("Choose whom to send it to"),
                                    field="class_id" if data["class_id"] else "facility_id")
        newsletter = newsletters.newsletter_send(actor=request.user, facility=facility, child_class=child_class,
                                                 title=data["title"], body=data["body"])
        counts = newsletters.read_counts(newsletters=[newsletter])
        return Response(NewsletterOutput(_newsletter_output(newsletter, counts)).data,
                        status=status.HTTP_201_CREATED)


class InboxOutput(serializers.Serializer):
    id = serializers.IntegerField()
    facility = serializers.CharField()
    class_name = serializers.CharField(allow_null=True)
    title = serializers.CharField()
    sent_at = serializers.DateTimeField()
    read = serializers.BooleanField()
    has_attachment = serializers.BooleanField()

    class Meta:
        ref_name = "OperationsInboxNewsletter"


class FamilyNewsletterListApi(APIView):
    """A guardian's newsletters, newest first, each with whether they have read it (opening it is the page's)."""

    @extend_schema(operation_id="operations_family_newsletters", responses=InboxOutput(many=True))
    def get(self, request):
        rows = [{"id": n.pk, "facility": n.facility.name, "class_name": n.child_class.name if n.child_class else None,
                 "title": n.title, "sent_at": n.sent_at, "read": read, "has_attachment": bool(n.attachment_name)}
                for n, read in newsletters.inbox(actor=request.user)]
        return Response(InboxOutput(rows, many=True).data)


