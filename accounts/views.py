from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render

from accounts import services
from accounts.forms import LoginForm, PasswordResetByOfficeForm
from common.views import get_or_404
from organisations.selectors import person_can_reset_password, person_get


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


@login_required
def password_change(request):
    form = PasswordChangeForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.user_change_own_password(user=request.user, new_password=form.cleaned_data["new_password1"])
        except ValidationError as error:
            form.add_error("new_password1", error)
        else:
            update_session_auth_hash(request, request.user)
            messages.success(request, "密码已修改。")
            return redirect("home")
    return render(request, "accounts/password_change.html", {"form": form})


@login_required
def person_password_reset(request, pk: int):
    person = get_or_404(person_get, request.user, pk)
    if not person_can_reset_password(request.user, person):
        raise PermissionDenied("只有该人员所在单位或上级单位的活动办公室可以重置其密码。")
    form = PasswordResetByOfficeForm(person, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.user_reset_password(
                actor=request.user, user=person, new_password=form.cleaned_data["new_password1"]
            )
        except ValidationError as error:
            form.add_error("new_password1", error)
        else:
            messages.success(request, f"已重置{person}的密码，请当面或电话告知临时密码；其下次登录须修改密码。")
            return redirect("organisations:person-list")
    return render(request, "accounts/person_password_reset.html", {"form": form, "person": person})
