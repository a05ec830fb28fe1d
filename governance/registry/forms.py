"""Form fields of the registry pages. They only parse what the browser sends; the registry services validate
and write it, and their errors are shown next to the field they name."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from common.errors import ApplicationError
from governance.registry.models import ContractDirection, DatePrecision, ItemCategory, Line, Subject

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
LINES = forms.Textarea(attrs={"rows": 3})


class IndexFilter(forms.Form):
    municipality = forms.IntegerField(required=False, label=_("Municipality"))
    department = forms.IntegerField(required=False, label=_("Department"))
    number = forms.CharField(required=False, max_length=20, label=_("Business number"))
    q = forms.CharField(required=False, max_length=100, label=_("Name contains"))


class BusinessForm(forms.Form):
    number = forms.CharField(required=False, max_length=20, label=_("Business number"))
    name = forms.CharField(max_length=200, label=_("Name"))
    purpose = forms.CharField(required=False, widget=LINES, label=_("Purpose"))
    privacy_officer_title = forms.CharField(required=False, max_length=100, label=_("Privacy officer"))
    subject_scope = forms.CharField(required=False, widget=LINES, label=_("Whose data it holds"))
    subject_count = forms.IntegerField(required=False, min_value=0, label=_("Number of subjects"))
    subject_count_note = forms.CharField(required=False, max_length=200, label=_("Note on the number of subjects"))


class ItemForm(forms.Form):
    subject = forms.ChoiceField(choices=Subject.choices, label=_("Subject"))
    group = forms.CharField(required=False, max_length=100, label=_("Compound item"))
    name = forms.CharField(max_length=100, label=_("Name"))
    category = forms.ChoiceField(choices=[("", "—"), *ItemCategory.choices], required=False, label=_("Category"))
    sensitive = forms.BooleanField(required=False, label=_("Special-care personal information (要配慮個人情報)"))
    sensitive_reason = forms.CharField(required=False, max_length=300, label=_("Why it is sensitive"))


def _item_choices(items) -> list[tuple[str, str]]:
    return [(str(item.pk), f"{item.get_subject_display()}: {item.label}") for item in items]


def _precision():
    return forms.ChoiceField(choices=DatePrecision.choices, required=False, label=_("Period given to the day or month"),
                             help_text=_("令和2年1月 is given to the month: the forms print it so"))


class _KeepsWhatIsNotSent(forms.Form):
    """A structure field the request does not carry at all (a page or client that predates it) keeps the version's
    value rather than being blanked; a field sent empty is emptied."""

    KEPT_WHEN_ABSENT = ("period_precision", "items_reference", "items_note", "approval_reference", "ward_measures",
                        "party_measures", "record_form_sent", "record_form_received", "_group", "_role_label",
                        "_reason")

    def clean(self):
        cleaned = super().clean()
        for name in list(cleaned):
            if name.endswith(self.KEPT_WHEN_ABSENT) and name not in self.data:
                del cleaned[name]
        return cleaned


class ConnectionForm(_KeepsWhatIsNotSent):
    reason = forms.CharField(required=False, widget=LINES, label=_("Reason"))
    line = forms.ChoiceField(choices=Line.choices, label=_("Line type"))
    line_note = forms.CharField(required=False, widget=LINES, label=_("Line as the document words it"))
    ward_endpoints = forms.CharField(required=False, widget=LINES, label=_("Ward endpoints (one per line)"))
    party_endpoints = forms.CharField(required=False, widget=LINES, label=_("Counterparty endpoints (one per line)"))
    period_start = forms.DateField(required=False, widget=DATE, label=_("Period start"))
    period_end = forms.DateField(required=False, widget=DATE, label=_("Period end"))
    period_precision = _precision()
    period_note = forms.CharField(required=False, max_length=200, label=_("Period as the document words it"))
    renews_yearly = forms.BooleanField(required=False, label=_("Renewed every year"))
    items_reference = forms.CharField(required=False, max_length=200, label=_("Items as a reference to a document"))
    ward_measures = forms.CharField(required=False, widget=LINES, label=_("Measures the ward takes (one per line)"),
                                    help_text=_("Number each measure \"(1) …\"; a line without a number heads them"))
    party_measures = forms.CharField(required=False, widget=LINES,
                                     label=_("Measures the counterparty takes (one per line)"),
                                     help_text=_("Number each measure \"(1) …\"; a line without a number heads them"))
    record_form_sent = forms.CharField(required=False, widget=LINES,
                                       label=_("Items provided, as the connection record form lists them"))
    record_form_received = forms.CharField(required=False, widget=LINES,
                                           label=_("Items received, as the connection record form lists them"))
    approval_reference = forms.CharField(required=False, max_length=200, label=_("Approval reference"))
    sent_items = forms.MultipleChoiceField(required=False, widget=forms.CheckboxSelectMultiple,
                                           label=_("Items the ward sends"))
    received_items = forms.MultipleChoiceField(required=False, widget=forms.CheckboxSelectMultiple,
                                               label=_("Items the ward receives"))

    def __init__(self, *args, items=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sent_items"].choices = self.fields["received_items"].choices = _item_choices(items)


class ContractForm(_KeepsWhatIsNotSent):
    summary = forms.CharField(required=False, widget=LINES, label=_("Summary"))
    period_start = forms.DateField(required=False, widget=DATE, label=_("Period start"))
    period_end = forms.DateField(required=False, widget=DATE, label=_("Period end"))
    period_precision = _precision()
    period_note = forms.CharField(required=False, max_length=200, label=_("Period as the document words it"))
    renews_yearly = forms.BooleanField(required=False, label=_("Renewed every year"))
    items_reference = forms.CharField(required=False, max_length=200, label=_("Items as a reference to a document"))
    items_note = forms.CharField(required=False, widget=LINES, label=_("Note on the items"))
    approval_reference = forms.CharField(required=False, max_length=200, label=_("Approval reference"))

    def __init__(self, *args, items=(), contractors=(), **kwargs):
        super().__init__(*args, **kwargs)
        choices = _item_choices(items)
        self.contractor_fields = []
        for contractor in contractors:
            prefix = f"c{contractor.party_id}"
            self.fields[f"{prefix}_group"] = forms.CharField(
                required=False, max_length=100, label=_("Group"),
                help_text=_("The 【heading】 the document lists the contractor under"))
            self.fields[f"{prefix}_role_label"] = forms.CharField(required=False, max_length=100,
                                                                  label=_("Role as the document names it"))
            self.fields[f"{prefix}_reason"] = forms.CharField(required=False, widget=LINES,
                                                              label=_("Reason for outsourcing to it"))
            self.fields[f"{prefix}_work"] = forms.CharField(required=False, widget=LINES,
                                                            label=_("Content of work (one per line)"))
            self.fields[f"{prefix}_media"] = forms.CharField(required=False, widget=LINES,
                                                             label=_("Media (one per line)"))
            names = [f"{prefix}_{name}" for name in ("group", "role_label", "reason", "work", "media")]
            for direction in ContractDirection:
                name = f"{prefix}_{direction.value}"
                self.fields[name] = forms.MultipleChoiceField(required=False, widget=forms.CheckboxSelectMultiple,
                                                              choices=choices, label=direction.label)
                names.append(name)
            self.contractor_fields.append((contractor, [self[n] for n in names]))


# A service names the field at fault in its own terms; these map its names onto the form's fields.
_CONNECTION_FIELDS = {"items": "sent_items"}


def add_service_error(form: forms.Form, exc: ApplicationError, *, contractors=()) -> None:
    """Show a service's refusal next to the field it names (or above the form when it names none we show)."""
    field = exc.field or ""
    match = re.match(r"contractors\[(\d+)\]\.?(\w*)", field)
    if match and int(match.group(1)) < len(contractors):
        prefix = f"c{contractors[int(match.group(1))].party_id}"
        rest = match.group(2)
        field = f"{prefix}_{rest}" if f"{prefix}_{rest}" in form.fields else f"{prefix}_processed"
    else:
        field = re.split(r"[\[.]", field)[0]
        field = _CONNECTION_FIELDS.get(field, field) if isinstance(form, ConnectionForm) else field
    form.add_error(field if field in form.fields else None, exc.message)
