"""Writes on accounts: login bookkeeping, password changes. Each records itself in the audit log."""

import datetime

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from accounts.models import User
from audit.models import AuditAction
from audit.services import audit_record


def user_find_for_login(identifier: str) -> User | None:
    """The account a login form's identifier names: a username (any case) or a mobile number."""
    identifier = (identifier or "").strip()
    if not identifier:
        return None
    return User.objects.filter(username__iexact=identifier).first() or User.objects.filter(mobile=identifier).first()


def user_is_locked(user: User, *, now: datetime.datetime | None = None) -> bool:
    now = now or timezone.now()
    return user.locked_until is not None and user.locked_until > now


@transaction.atomic
def login_failure_record(*, user: User) -> None:
    """Count a failed login; the LOGIN_FAILURE_LIMIT-th in a row locks the account."""
    User.objects.filter(pk=user.pk).update(failed_login_count=F("failed_login_count") + 1)
    user.refresh_from_db(fields=["failed_login_count", "locked_until"])
    if user.failed_login_count >= settings.LOGIN_FAILURE_LIMIT:
        locked_until = timezone.now() + datetime.timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES)
        User.objects.filter(pk=user.pk).update(failed_login_count=0, locked_until=locked_until)
        user.refresh_from_db(fields=["failed_login_count", "locked_until"])
        audit_record(
            actor=None,
            action=AuditAction.TRANSITION,
            target=user,
            before={"locked_until": None},
            after={"locked_until": locked_until.isoformat()},
            remark=f"连续{settings.LOGIN_FAILURE_LIMIT}次登录失败，账户锁定{settings.LOGIN_LOCKOUT_MINUTES}分钟",
        )


def login_success_record(*, user: User) -> None:
    if user.failed_login_count or user.locked_until:
        User.objects.filter(pk=user.pk).update(failed_login_count=0, locked_until=None)
        user.failed_login_count, user.locked_until = 0, None


@transaction.atomic
def user_change_own_password(*, user: User, new_password: str) -> None:
    validate_password(new_password, user)
    user.set_password(new_password)
    user.must_change_password = False
    user.save(update_fields=["password", "must_change_password"])
    audit_record(
        actor=user, action=AuditAction.UPDATE, target=user, after={"password": "（已修改）"}, remark="本人修改密码"
    )


@transaction.atomic
def user_reset_password(*, actor: User, user: User, new_password: str) -> None:
    """The office sets a temporary password; the person must change it at the next login."""
    validate_password(new_password, user)
    user.set_password(new_password)
    user.must_change_password = True
    user.failed_login_count = 0
    user.locked_until = None
    user.save(update_fields=["password", "must_change_password", "failed_login_count", "locked_until"])
    audit_record(
        actor=actor, action=AuditAction.UPDATE, target=user, after={"password": "（已重置）"}, remark="办公室重置密码"
    )
