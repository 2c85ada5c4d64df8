"""Writes on orgs and memberships. Each is one transaction and one audit entry."""

from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Concat, Substr

from accounts.models import User
from audit.services import audit_create, audit_delete, audit_update, snapshot
from common.exceptions import DomainError
from common.services import full_clean_or_refuse
from organisations.models import Membership, Org
from organisations.selectors import user_is_office


def _require_office(actor: User | None, org: Org | None) -> None:
    """Management commands act as the system (actor None); people need the office role over `org`."""
    if actor is None:
        return
    if org is None and not actor.is_superuser:
        raise DomainError("只有系统管理员可以新增顶级单位。")
    if org is not None and not user_is_office(actor, org):
        raise DomainError(f"只有“{org}”或其上级单位的活动办公室可以进行此操作。")


@transaction.atomic
def org_create(
    *, actor: User | None, name: str, code: str, type: str, parent: Org | None = None, short_name: str = ""
) -> Org:
    _require_office(actor, parent)
    org = Org(name=name, short_name=short_name, code=code.strip().upper(), type=type, parent=parent)
    full_clean_or_refuse(org, exclude=["path"])
    org.save()
    org.path = f"{parent.path if parent else '/'}{org.pk}/"
    org.depth = parent.depth + 1 if parent else 0
    org.save(update_fields=["path", "depth"])
    audit_create(actor=actor, target=org)
    return org


@transaction.atomic
def org_update(*, actor: User | None, org: Org, name: str, code: str, type: str, short_name: str = "") -> Org:
    _require_office(actor, org)
    before = snapshot(org)
    org.name, org.code, org.type, org.short_name = name, code.strip().upper(), type, short_name
    full_clean_or_refuse(org)
    org.save()
    audit_update(actor=actor, target=org, before=before)
    return org


@transaction.atomic
def org_move(*, actor: User | None, org: Org, new_parent: Org | None) -> Org:
    """Put an org (with its whole subtree) under another parent; refuses a move into its own subtree."""
    _require_office(actor, org)
    _require_office(actor, new_parent)
    org = Org.objects.select_for_update().get(pk=org.pk)
    if new_parent is not None:
        new_parent = Org.objects.get(pk=new_parent.pk)
        if new_parent.path.startswith(org.path):
            raise DomainError(f"不能把“{org.name}”移到它自己或它的下级单位“{new_parent.name}”之下。")
    before = snapshot(org)
    old_path, old_depth = org.path, org.depth
    new_path = f"{new_parent.path if new_parent else '/'}{org.pk}/"
    _refuse_leaving_campaigns(org, old_path, new_path)
    depth_change = (new_parent.depth + 1 if new_parent else 0) - old_depth
    # Rewrite the prefix of the org and every descendant in one statement.
    Org.objects.filter(path__startswith=old_path).update(
        path=Concat(Value(new_path), Substr(F("path"), len(old_path) + 1)),
        depth=F("depth") + depth_change,
    )
    Org.objects.filter(pk=org.pk).update(parent=new_parent)
    org.refresh_from_db()
    audit_update(actor=actor, target=org, before=before, remark=f"调整上级单位（原路径 {old_path}）")
    return org


@transaction.atomic
def membership_add(*, actor: User | None, user: User, org: Org, role: str, position: str = "") -> Membership:
    _require_office(actor, org)
    if Membership.objects.filter(user=user, org=org, role=role).exists():
        raise DomainError(f"{user}已在{org}担任该角色。")
    membership = Membership(user=user, org=org, role=role, position=position)
    full_clean_or_refuse(membership, validate_unique=False)
    membership.save()
    audit_create(actor=actor, target=membership)
    return membership


@transaction.atomic
def membership_remove(*, actor: User | None, membership: Membership) -> None:
    _require_office(actor, membership.org)
    audit_delete(actor=actor, target=membership)
    membership.delete()


def _refuse_leaving_campaigns(org: Org, old_path: str, new_path: str) -> None:
    """A problem's org stays within its campaign's org (`Problem.clean`): the ledger shows and counts a
    campaign's measures to the campaign's office by that rule. So an org whose subtree has problems in a
    campaign of an org above it may only move within that org."""
    left = sorted(
        {
            theme
            for path, theme in Org.objects.filter(path__startswith=old_path, problems__isnull=False).values_list(
                "problems__campaign__org__path", "problems__campaign__theme"
            )
            if not path.startswith(old_path) and not new_path.startswith(path)
        }
    )
    if left:
        raise DomainError(
            f"“{org.name}”（含下级单位）在“{'”“'.join(left)}”中已登记问题，调整后将不在该活动所属单位之下，"
            "不能调整上级单位。"
        )


@transaction.atomic
def org_change(
    *, actor: User | None, org: Org, name: str, code: str, type: str, parent: Org | None, short_name: str = ""
) -> Org:
    """The edit form's save: new details, and a new place in the tree when the parent changed."""
    org = org_update(actor=actor, org=org, name=name, code=code, type=type, short_name=short_name)
    if org.parent_id != (parent.pk if parent else None):
        org = org_move(actor=actor, org=org, new_parent=parent)
    return org
