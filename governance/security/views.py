"""Web pages: login (password, then a second factor for staff roles) and the role-aware home page."""

import time

from django.contrib import admin, messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters

from common.errors import InvalidInput
from governance.security import totp
from governance.security.lockout import (
    Lockout,
    client_address,
    lockout_status,
    login_failure_record,
    login_failures_clear,
    login_refusal_record,
)
from governance.security.second_factor import (
    Method,
    recovery_codes_remaining,
    second_factor_required,
    second_factor_verify,
    totp_device_confirmed,
    totp_enrolment_confirm,
    totp_enrolment_start,
)
from governance.tenancy.models import User

# Between the password and the second factor the session holds only this, never a login.
PENDING = "mimamori.pending_second_factor"
PENDING_SECONDS = 300


def _lockout_message(lockout: Lockout) -> str:
    return _("Too many failed attempts for this account or from this address. "
             "Log-in is blocked; try again in %(minutes)s minutes.") % {"minutes": lockout.minutes}


class LoginForm(AuthenticationForm):
    error_messages = {**AuthenticationForm.error_messages,
                      "invalid_login": gettext_lazy("The username or password is not correct.")}

    def clean(self):
        try:
            return super().clean()
        except ValidationError:
            lockout = getattr(self.request, "login_lockout", None)
            if lockout is not None:
                raise ValidationError(_lockout_message(lockout), code="locked") from None
            raise


class LoginView(auth_views.LoginView):
    template_name = "security/login.html"
    form_class = LoginForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        user = form.get_user()
        if not second_factor_required(user):
            login_failures_clear(username=user.username, ip_address=client_address(self.request))
            return super().form_valid(form)
        self.request.session.cycle_key()
        self.request.session[PENDING] = {"user_id": user.pk, "backend": user.backend, "since": time.time(),
                                         "next": self.get_success_url()}
        return redirect("login-verify" if totp_device_confirmed(user) else "login-enrol")


def _pending(request) -> tuple[User | None, dict]:
    pending = request.session.get(PENDING) or {}
    if not pending or time.time() - pending["since"] > PENDING_SECONDS:
        return None, {}
    return User.objects.filter(pk=pending["user_id"], is_active=True).first(), pending


def _restart(request):
    request.session.pop(PENDING, None)
    messages.error(request, _("Your log-in took too long or was not started. Please log in again."))
    return redirect("login")


def _complete_login(request, user: User, pending: dict):
    request.session.pop(PENDING, None)
    login(request, user, backend=pending["backend"])
    login_failures_clear(username=user.username, ip_address=client_address(request))
    return pending["next"]


def _refused_by_lockout(request, user: User) -> str | None:
    lockout = lockout_status(username=user.username, ip_address=client_address(request))
    if lockout is None:
        return None
    login_refusal_record(username=user.username, lockout=lockout)
    return _lockout_message(lockout)


def _count_failure(request, user: User, message: str) -> str:
    lockout = login_failure_record(username=user.username, ip_address=client_address(request))
    return _lockout_message(lockout) if lockout is not None else message


@sensitive_post_parameters("code")
@csrf_protect
@never_cache
def login_verify(request):
    """Second step of a staff log-in: a code from the authenticator app, or a one-time recovery code."""
    user, pending = _pending(request)
    if user is None:
        return _restart(request)
    error = None
    if request.method == "POST":
        error = _refused_by_lockout(request, user)
        if error is None:
            method = second_factor_verify(user=user, code=request.POST.get("code", ""))
            if method is not None:
                next_url = _complete_login(request, user, pending)
                if method == Method.RECOVERY_CODE:
                    messages.warning(request, _("You logged in with a recovery code; %(remaining)s remain. "
                                                "Each code works only once.")
                                     % {"remaining": recovery_codes_remaining(user)})
                return redirect(next_url)
            error = _count_failure(request, user, _("The code is not correct. Enter the 6-digit code your "
                                                    "authenticator app shows now, or one of your recovery codes."))
    return render(request, "security/login_verify.html", {"error": error}, status=400 if error else 200)


@sensitive_post_parameters("code", "enrolment_code")
@csrf_protect
@never_cache
def login_enrol(request):
    """First staff log-in: set up an authenticator app (TOTP) with the administrator's one-time enrolment code,
    confirm it with a code from the app, receive recovery codes."""
    user, pending = _pending(request)
    if user is None:
        return _restart(request)
    if totp_device_confirmed(user) is not None:
        return redirect("login-verify")
    device = totp_enrolment_start(user=user)
    error = None
    if request.method == "POST":
        error = _refused_by_lockout(request, user)
        if error is None:
            try:
                codes = totp_enrolment_confirm(user=user, enrolment_code=request.POST.get("enrolment_code", ""),
                                               code=request.POST.get("code", ""))
            except InvalidInput as exc:
                message = (_("The enrolment code is not correct, was already used or has expired. Ask your "
                             "administrator for a new one.") if exc.field == "enrolment_code"
                           else _("The code does not match. Check that the app's clock is right and enter the "
                                  "code it shows now."))
                error = _count_failure(request, user, message)
            else:
                next_url = _complete_login(request, user, pending)
                return render(request, "security/login_recovery_codes.html", {"codes": codes, "next": next_url})
    secret = device.secret
    return render(request, "security/login_enrol.html", {
        "secret_grouped": " ".join(secret[i:i + 4] for i in range(0, len(secret), 4)),
        "otpauth_uri": totp.provisioning_uri(secret, account=user.username),
        "error": error,
    }, status=400 if error else 200)


def admin_login(request):
    """The admin site logs in through the same page (and second factor) as everyone else."""
    # Signed in without admin rights: the login page would send them straight back to the admin site.
    if request.user.is_authenticated and not admin.site.has_permission(request):
        raise PermissionDenied(_("The admin site is for administrators"))
    return redirect_to_login(request.GET.get("next", "/admin/"))
