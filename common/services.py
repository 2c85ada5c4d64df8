"""Helpers shared by every app's services."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction

from audit.services import audit_create, audit_update, snapshot
from common.exceptions import DomainError


def validation_message(error: ValidationError) -> str:
    if hasattr(error, "message_dict"):
        return "；".join(message for messages in error.message_dict.values() for message in messages)
    return "；".join(error.messages)


def full_clean_or_refuse(instance: models.Model, **kwargs) -> None:
    """Run the model's own validation; a failure becomes a DomainError with the Chinese messages."""
    try:
        instance.full_clean(**kwargs)
    except ValidationError as error:
        raise DomainError(validation_message(error)) from error


def save_new(*, actor, instance: models.Model, remark: str = "") -> models.Model:
    """Validate, insert and log a new object."""
    full_clean_or_refuse(instance)
    try:
        with transaction.atomic():
            instance.save()
    except IntegrityError as error:
        raise DomainError("保存失败：与已有记录重复或冲突，请检查后重试。") from error
    audit_create(actor=actor, target=instance, remark=remark)
    return instance


def save_changes(*, actor, instance: models.Model, changes: dict, remark: str = "") -> models.Model:
    """Apply field changes, validate, save and log before/after."""
    before = snapshot(instance)
    for field, value in changes.items():
        setattr(instance, field, value)
    full_clean_or_refuse(instance)
    try:
        with transaction.atomic():
            instance.save()
    except IntegrityError as error:
        raise DomainError("保存失败：与已有记录重复或冲突，请检查后重试。") from error
    audit_update(actor=actor, target=instance, before=before, remark=remark)
    return instance
