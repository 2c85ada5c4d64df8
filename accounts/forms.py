from django import forms
from django.contrib.auth.forms import AuthenticationForm, SetPasswordForm
from django.utils import timezone

from accounts import services


class LoginForm(AuthenticationForm):
    """Username or mobile number; says plainly when the account is locked and until when."""

    username = forms.CharField(
        label="用户名或手机号", max_length=150, widget=forms.TextInput(attrs={"autofocus": True})
    )
    error_messages = {
        "invalid_login": "用户名/手机号或密码不正确。连续失败5次将锁定账户15分钟。",
        "inactive": "该账户已停用，请联系活动办公室。",
        "locked": "账户因连续登录失败已被锁定，请于%(until)s后再试，或联系活动办公室重置密码。",
    }

    def clean(self):
        user = services.user_find_for_login(self.cleaned_data.get("username", ""))
        self._raise_if_locked(user)
        try:
            return super().clean()
        except forms.ValidationError:
            self._raise_if_locked(user)
            raise

    def _raise_if_locked(self, user) -> None:
        if user is not None:
            user.refresh_from_db(fields=["locked_until"])
            if services.user_is_locked(user):
                until = timezone.localtime(user.locked_until)
                raise forms.ValidationError(
                    self.error_messages["locked"], code="locked", params={"until": f"{until:%H:%M}"}
                )


class PasswordResetByOfficeForm(SetPasswordForm):
    """The office types a temporary password twice; the person must change it at the next login."""
