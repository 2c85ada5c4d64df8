import time

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.shortcuts import redirect
from django.urls import reverse


class PasswordChangeRequiredMiddleware:
    """After the office resets a password, the person must choose their own before anything else."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.must_change_password:
            allowed = {reverse("accounts:password-change"), reverse("accounts:logout")}
            if request.path not in allowed and not request.path.startswith(("/static/", "/i18n/")):
                return redirect("accounts:password-change")
        return self.get_response(request)


class SessionIdleTimeoutMiddleware:
    """Sessions end after SESSION_COOKIE_AGE idle seconds: each request of a signed-in person pushes the
    expiry forward. The session is written at most once every SESSION_REFRESH_SECONDS, not on every
    page (three queries each time), so the timeout is exact to within that interval."""

    KEY = "_pobing_refreshed"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        # Signed in through the session (an API token makes none).
        if SESSION_KEY in request.session:
            now = int(time.time())
            if now - request.session.get(self.KEY, 0) >= settings.SESSION_REFRESH_SECONDS:
                request.session[self.KEY] = now
        return response
