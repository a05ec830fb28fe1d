"""Short sessions for staff on shared ward terminals (共用端末).

Staff — every login that needs the second factor — are logged out after
``STAFF_SESSION_IDLE_SECONDS`` without a request, ``STAFF_SESSION_MAX_SECONDS`` after they logged
in however active they are, and when the browser closes. Guardians, on their own devices, keep
Django's ``SESSION_COOKIE_AGE``.
"""

import time

from django.conf import settings
from django.contrib.auth import logout

from governance.security.second_factor import second_factor_required

SESSION_KEY = "governance.session"
# Recording the time of every request would write the session row on every request; a minute is
# precise enough for a 30-minute timeout (it can end at most a minute early).
SEEN_PRECISION_SECONDS = 60


class StaffSessionMiddleware:
    """Ends a staff session that has been idle or open too long; needs the session and the user."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            self._enforce(request)
        return self.get_response(request)

    @staticmethod
    def _enforce(request) -> None:
        session, now = request.session, int(time.time())
        state = session.get(SESSION_KEY)
        if state is None:
            # The first request after login: whether this is staff is decided once per session.
            staff = second_factor_required(request.user)
            session[SESSION_KEY] = {"staff": staff, "started": now, "seen": now}
            if staff:
                session.set_expiry(0)  # a browser-session cookie: closing the browser ends it
            return
        if not state["staff"]:
            return
        if (now - state["seen"] > settings.STAFF_SESSION_IDLE_SECONDS
                or now - state["started"] > settings.STAFF_SESSION_MAX_SECONDS):
            logout(request)
        elif now - state["seen"] >= SEEN_PRECISION_SECONDS:
            session[SESSION_KEY] = {**state, "seen": now}
