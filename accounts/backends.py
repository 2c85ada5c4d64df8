from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied

from accounts import services
from accounts.models import User


class UsernameOrMobileBackend(ModelBackend):
    """Log in with a username or a mobile number; repeated failures lock the account.

    Used by the app's login page and the admin alike, so the lockout cannot be side-stepped.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        user = services.user_find_for_login(username)
        if user is None:
            # Spend the same time as a real check so that timing does not reveal which names exist.
            User().set_password(password or "")
            return None
        if services.user_is_locked(user):
            raise PermissionDenied("账户已锁定")
        if user.check_password(password or "") and self.user_can_authenticate(user):
            services.login_success_record(user=user)
            return user
        services.login_failure_record(user=user)
        return None
