"""The single way to write the audit log."""

import datetime
import decimal
import itertools
import uuid

from django.contrib.contenttypes.models import ContentType
from django.db import connection, models
from django.db.models.fields.files import FieldFile
from django.utils import timezone

from audit.models import AuditAction, AuditEntry

# Never copied into the log, whatever model they sit on.
SECRET_FIELDS = {"password"}


def _json_value(value):
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, FieldFile):
        return value.name
    return value


def snapshot(instance: models.Model) -> dict:
    """The concrete field values of an instance, JSON-ready, secrets left out."""
    data = {}
    for field in instance._meta.concrete_fields:
        if field.name in SECRET_FIELDS:
            continue
        data[field.name] = _json_value(field.value_from_object(instance))
    return data


def org_path_of(instance: models.Model) -> str:
    """The org path an object belongs to, for scoping its log entries."""
    path = getattr(instance, "audit_org_path", None)
    if callable(path):
        return path() or ""
    return ""


def audit_record(
    *,
    actor,
    action: str,
    target: models.Model,
    before: dict | None = None,
    after: dict | None = None,
    remark: str = "",
) -> AuditEntry:
    if before is not None and after is not None:
        changed = {k for k in set(before) | set(after) if before.get(k) != after.get(k)}
        before = {k: v for k, v in before.items() if k in changed}
        after = {k: v for k, v in after.items() if k in changed}
    return AuditEntry.objects.create(
        actor=actor if actor is not None and actor.pk else None,
        actor_name=str(actor) if actor is not None else "",
        action=action,
        target_type=ContentType.objects.get_for_model(target, for_concrete_model=False),
        target_id=str(target.pk),
        target_repr=str(target)[:300],
        org_path=org_path_of(target),
        before=before,
        after=after,
        remark=remark[:500],
    )


def audit_create(*, actor, target: models.Model, remark: str = "") -> AuditEntry:
    return audit_record(actor=actor, action=AuditAction.CREATE, target=target, after=snapshot(target), remark=remark)


def audit_create_many(*, actor, targets: list[models.Model], remark: str = "", batch_size: int = 2000) -> int:
    """Log many new objects at once (an import): the entries `audit_create` would write, one per
    object, all of one model. They are written with COPY on PostgreSQL and `executemany` elsewhere,
    not `bulk_create`: the log of a 100,000-row import would otherwise cost as much as the import's
    own rows (each value prepared by the ORM). Returns how many entries were written."""
    if not targets:
        return 0
    meta = AuditEntry._meta
    names = ["at", "actor", "actor_name", "action", "target_type", "target_id", "target_repr", "org_path"]
    fields = [meta.get_field(name) for name in [*names, "before", "after", "remark"]]
    after = meta.get_field("after")
    common = (
        meta.get_field("at").get_db_prep_save(timezone.now(), connection),
        actor.pk if actor is not None and actor.pk else None,
        str(actor) if actor is not None else "",
        AuditAction.CREATE,
        ContentType.objects.get_for_model(targets[0], for_concrete_model=False).pk,
    )
    remark = remark[:500]
    rows = (
        (
            *common,
            str(target.pk),
            str(target)[:300],
            org_path_of(target),
            None,
            after.get_db_prep_save(snapshot(target), connection),
            remark,
        )
        for target in targets
    )
    quote = connection.ops.quote_name
    table, columns = quote(meta.db_table), ", ".join(quote(field.column) for field in fields)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            sql = f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * len(fields))})"
            while batch := list(itertools.islice(rows, batch_size)):
                cursor.executemany(sql, batch)
    return len(targets)


def audit_update(*, actor, target: models.Model, before: dict, remark: str = "") -> AuditEntry | None:
    """Log an update given the snapshot taken before it; nothing is written when nothing changed."""
    after = snapshot(target)
    if before == after:
        return None
    return audit_record(
        actor=actor, action=AuditAction.UPDATE, target=target, before=before, after=after, remark=remark
    )


def audit_delete(*, actor, target: models.Model, remark: str = "") -> AuditEntry:
    return audit_record(actor=actor, action=AuditAction.DELETE, target=target, before=snapshot(target), remark=remark)
