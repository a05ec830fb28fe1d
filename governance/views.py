"""Web pages: login and the role-aware home page."""

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from governance.selectors import capabilities_for, membership_list


class LoginView(auth_views.LoginView):
    template_name = "governance/login.html"
    redirect_authenticated_user = True


@login_required
def home(request):
    """What the user acts for (memberships) and what their roles let them do."""
    return render(request, "governance/home.html", {
        "memberships": membership_list(user=request.user),
        "capabilities": capabilities_for(request.user),
    })
