"""The home page: what the user acts for and what their roles let them do."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from governance.tenancy.greeting import greeting_name
from governance.tenancy.models import Role
from governance.tenancy.selectors import capabilities_for, membership_list


@login_required
def home(request):
    """The user greeted by name, what they act for (staff memberships) and what their roles let them do.

    A guardian acts for no department, facility or vendor: their home is what they can do (their children,
    and whatever else the apps offer guardians), without the staff table.
    """
    memberships = list(membership_list(user=request.user))
    staff = [m for m in memberships if m.role != Role.GUARDIAN]
    return render(request, "tenancy/home.html", {
        "name": greeting_name(user=request.user),
        "memberships": staff,
        "guardian_only": bool(memberships) and not staff,
        "guardian_memberships": [m for m in memberships if m.role == Role.GUARDIAN],
        "capabilities": capabilities_for(request.user),
    })
