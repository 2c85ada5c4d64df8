import pytest
import time_machine
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from audit.models import AuditEntry
from conftest import PASSWORD, make_person
from organisations.choices import Role

LOGIN = "/accounts/login/"


def login(client, username, password=PASSWORD):
    return client.post(LOGIN, {"username": username, "password": password})


@pytest.mark.parametrize("identifier", ["office", "OFFICE", "13800000001"])
def test_login_with_username_or_mobile(client, cast, identifier):
    response = login(client, identifier)
    assert response.status_code == 302
    assert client.get(reverse("campaigns:campaign-list")).status_code == 200


def test_wrong_password_is_refused_in_chinese(client, cast):
    response = login(client, "office", "wrong")
    assert "用户名/手机号或密码不正确" in response.content.decode()


def test_five_failures_lock_for_fifteen_minutes(client, cast):
    for _ in range(4):
        login(client, "office", "wrong")
    response = login(client, "office", "wrong")
    assert "账户因连续登录失败已被锁定" in response.content.decode()
    user = User.objects.get(username="office")
    assert 14 * 60 < (user.locked_until - timezone.now()).total_seconds() <= 15 * 60
    # Even the right password is refused while locked, and the admin login is locked too.
    assert "已被锁定" in login(client, "office").content.decode()
    client.post("/admin/login/", {"username": "office", "password": PASSWORD})
    assert "_auth_user_id" not in client.session
    assert AuditEntry.objects.filter(remark__contains="账户锁定").count() == 1
    # After the lock expires the right password works again.
    User.objects.filter(pk=user.pk).update(locked_until=timezone.now() - timezone.timedelta(seconds=1))
    assert login(client, "office").status_code == 302


def test_session_expires_after_thirty_idle_minutes(client, cast, settings):
    assert settings.SESSION_COOKIE_AGE == 1800
    login(client, "office")
    assert client.get(reverse("campaigns:campaign-list")).status_code == 200
    Session.objects.update(expire_date=timezone.now() - timezone.timedelta(seconds=1))
    response = client.get(reverse("campaigns:campaign-list"))
    assert response.status_code == 302 and LOGIN in response["Location"]


def test_use_pushes_the_expiry_forward_writing_the_session_at_most_once_a_minute(client, cast, settings):
    assert settings.SESSION_REFRESH_SECONDS == 60
    page = reverse("campaigns:campaign-list")
    with time_machine.travel(timezone.now(), tick=False) as clock:
        login(client, "office")
        assert client.get(page).status_code == 200
        first = Session.objects.get().expire_date
        assert first == timezone.now() + timezone.timedelta(minutes=30)
        clock.shift(50)
        assert client.get(page).status_code == 200
        assert Session.objects.get().expire_date == first  # not written again within the minute
        clock.shift(20)
        assert client.get(page).status_code == 200
        assert Session.objects.get().expire_date == timezone.now() + timezone.timedelta(minutes=30)
        # Idle for half an hour: signed out.
        clock.shift(30 * 60 + 1)
        response = client.get(page)
        assert response.status_code == 302 and LOGIN in response["Location"]


@pytest.mark.parametrize("password", ["short1A!", "alllowercase1", "ALLUPPER12", "abcdefgh"])
def test_password_rules(password):
    if password == "short1A!":
        validate_password(password)  # 8 characters, 4 classes: accepted
        return
    with pytest.raises(ValidationError):
        validate_password(password)


def test_office_resets_password_and_person_must_change_it(client, cast):
    client.force_login(cast["office"])
    url = reverse("accounts:person-password-reset", args=[cast["owner_a"].pk])
    response = client.post(url, {"new_password1": "Temp-2026-pw", "new_password2": "Temp-2026-pw"})
    assert response.status_code == 302
    client.logout()
    assert login(client, "owner_a", "Temp-2026-pw").status_code == 302
    assert client.get(reverse("campaigns:campaign-list"))["Location"] == reverse("accounts:password-change")
    client.post(
        reverse("accounts:password-change"),
        {"old_password": "Temp-2026-pw", "new_password1": "Mine-2026-pw", "new_password2": "Mine-2026-pw"},
    )
    assert client.get(reverse("campaigns:campaign-list")).status_code == 200


def test_owner_cannot_reset_others_passwords(client, cast, county):
    colleague = make_person("colleague_a", county["dept_a"], Role.STAFF)
    client.force_login(cast["owner_a"])
    url = reverse("accounts:person-password-reset", args=[colleague.pk])
    assert client.post(url, {"new_password1": "Temp-2026-pw", "new_password2": "Temp-2026-pw"}).status_code == 403
    # Someone outside the scope is not even found.
    assert client.get(reverse("accounts:person-password-reset", args=[cast["owner_b"].pk])).status_code == 404
