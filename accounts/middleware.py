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
