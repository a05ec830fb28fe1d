"""The home page: what the user acts for and what their roles let them do."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from governance.tenancy.selectors import capabilities_for, membership_list


@login_required
def home(request):
    """What the user acts for (memberships) and what their roles let them do."""
    return render(request, "tenancy/home.html", {
        "memberships": membership_list(user=request.user),
        "capabilities": capabilities_for(request.user),
    })
