"""Admin-site forms for logins and memberships: they check what the services will check, so a refusal is a form
error next to its field rather than a failed save."""

from django import forms
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from common.errors import ApplicationError
from governance.tenancy.models import Membership, User
from governance.tenancy.services import MEMBERSHIP_FIELDS, membership_check


class UserAdminForm(forms.ModelForm):
    new_password = forms.CharField(
        label=_("New password"), required=False, strip=False, widget=forms.PasswordInput,
        help_text=_("Needed for a new user. For an existing one, leave it empty to keep the password; a new "
                    "password ends the user's API tokens."))

    class Meta:
        model = User
        fields = ["username", "is_active", "is_staff", "is_superuser"]

    def clean(self):
        cleaned = super().clean()
        password = cleaned.get("new_password")
        if self.instance._state.adding and not password:
            self.add_error("new_password", _("A new user needs a password."))
        elif password:
            try:
                validate_password(password, User(username=cleaned.get("username") or self.instance.username))
            except ValidationError as exc:
                self.add_error("new_password", exc)
        return cleaned


class MembershipAdminForm(forms.ModelForm):
    class Meta:
        model = Membership
        fields = list(MEMBERSHIP_FIELDS)

    def clean(self):
        cleaned = super().clean()
        if self.errors or cleaned.get("DELETE") or cleaned.get("municipality") is None:
            return cleaned
        try:
            membership_check(**{field: cleaned.get(field) for field in MEMBERSHIP_FIELDS})
        except ApplicationError as exc:
            self.add_error(exc.field if exc.field in MEMBERSHIP_FIELDS else None, exc.message)
        return cleaned
