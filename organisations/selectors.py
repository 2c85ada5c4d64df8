"""Who sees what. Every view, form, admin page and API reads orgs and people through here.

A person sees and acts on the orgs they belong to and those orgs' subtrees; a superuser sees
everything. What they may *do* there depends on their role in that org or an ancestor of it.
"""

from collections import Counter
from collections.abc import Iterable

from django.db.models import Count, Q, QuerySet

from accounts.models import User
from organisations.choices import Role
from organisations.models import Membership, Org


def _memberships(user: User) -> list[tuple[str, str]]:
    """(org path, role) pairs of the user, cached on the user object for the request."""
    cached = getattr(user, "_pobing_memberships", None)
    if cached is None:
        cached = list(Membership.objects.filter(user=user).values_list("org__path", "role"))
        user._pobing_memberships = cached
    return cached


def scope_roots(user: User, roles: Iterable[str] | None = None) -> list[str]:
    """The org paths whose subtrees the user covers (optionally only through these roles)."""
    if not user.is_authenticated or not user.is_active:
        return []
    wanted = set(roles) if roles is not None else None
    paths = sorted({path for path, role in _memberships(user) if wanted is None or role in wanted})
    # Drop paths already covered by an ancestor path: keeps the OR-ed prefix filter short.
    roots: list[str] = []
    for path in paths:
        if not any(path.startswith(root) for root in roots):
            roots.append(path)
    return roots


def ancestor_org_ids(user: User) -> set[int]:
    """Ids of the user's own orgs and every org above them."""
    if not user.is_authenticated or not user.is_active:
        return set()
    return {int(part) for path in scope_roots(user) for part in path.strip("/").split("/") if part}


def path_q(user: User, field: str, roles: Iterable[str] | None = None) -> Q:
    """A filter on `field` (an org path) matching the user's scope. Superusers match everything."""
    if user.is_authenticated and user.is_active and user.is_superuser:
        return Q()
    roots = scope_roots(user, roles)
    if not roots:
        return Q(pk__in=[])
    q = Q()
    for root in roots:
        q |= Q(**{f"{field}__startswith": root})
    return q


def org_list(user: User, roles: Iterable[str] | None = None) -> QuerySet[Org]:
    return Org.objects.filter(path_q(user, "path", roles))


def org_get(user: User, pk: int) -> Org:
    return org_list(user).get(pk=pk)


def org_in_scope(user: User, org: Org, roles: Iterable[str] | None = None) -> bool:
    if user.is_authenticated and user.is_active and user.is_superuser:
        return True
    return any(org.path.startswith(root) for root in scope_roots(user, roles))


def user_has_role(user: User, org: Org, roles: Iterable[str]) -> bool:
    """True when the user holds one of `roles` in `org` or in one of its ancestors."""
    return org_in_scope(user, org, roles)


def user_is_office(user: User, org: Org) -> bool:
    return user_has_role(user, org, {Role.OFFICE})


def membership_list(user: User) -> QuerySet[Membership]:
    return Membership.objects.filter(path_q(user, "org__path")).select_related("user", "org")


def person_list(user: User) -> QuerySet[User]:
    """People with at least one membership inside the user's scope."""
    return User.objects.filter(id__in=Membership.objects.filter(path_q(user, "org__path")).values("user_id")).order_by(
        "name"
    )


def person_get(user: User, pk: int) -> User:
    return person_list(user).get(pk=pk)


def person_can_reset_password(actor: User, person: User) -> bool:
    """The office may reset the password of anyone whose memberships all sit inside its scope."""
    if actor.pk == person.pk:
        return False
    if actor.is_superuser:
        return True
    paths = [membership.org.path for membership in person.memberships.all()]
    roots = scope_roots(actor, {Role.OFFICE})
    return bool(paths) and all(any(path.startswith(root) for root in roots) for path in paths)


def near_q(user: User, prefix: str = "") -> Q:
    """The user's top orgs and the level below them (on fields under `prefix`)."""
    if user.is_superuser:
        return Q(**{f"{prefix}depth__lte": 1})
    near = Q(pk__in=[])
    for root in scope_roots(user):
        near |= Q(**{f"{prefix}path__startswith": root, f"{prefix}depth__lte": root.count("/") - 1})
    return near


def drill_q(org: Org) -> Q:
    """An org's line from the top of the tree, the org itself and its children: one step of drilling
    down a tree of any size."""
    return Q(parent_id=org.pk) | Q(id__in=[int(part) for part in org.path.strip("/").split("/")])


def org_choices(user: User, selected: Org | None) -> list[tuple[int, str]]:
    """An org drop-down a step at a time: the user's top orgs and the level below, plus the chosen
    org's line and children, so one can drill down a tree of any size without a list of thousands."""
    near = near_q(user)
    if selected is not None:
        near |= drill_q(selected)
    orgs = org_list(user).filter(near).order_by("path").values_list("id", "name", "depth")
    return [(pk, f"{'　' * depth}{name}") for pk, name, depth in orgs]


BROWSE_LIMIT = 200


def org_browse(user: User, *, under: Org | None = None, query: str = "") -> tuple[list[Org], bool]:
    """The lines of the org page, never thousands, and whether some were left out (more than
    BROWSE_LIMIT): the orgs whose name or code holds `query`; else `under`'s line, itself and its
    children; else the user's top orgs and the level below. In tree order, each with `indent`,
    `child_count` (how many orgs sit directly below it) and `more` (whether some of those are not
    listed)."""
    orgs = org_list(user).select_related("parent").annotate(child_count=Count("children"))
    if query:
        orgs = orgs.filter(Q(name__icontains=query) | Q(short_name__icontains=query) | Q(code__icontains=query))
    else:
        orgs = orgs.filter(drill_q(under) if under is not None else near_q(user))
    found = list(orgs.order_by("path")[: BROWSE_LIMIT + 1])
    lines = org_tree(found[:BROWSE_LIMIT])
    listed = Counter(org.parent_id for org in lines)
    for org in lines:
        org.more = org.child_count > listed[org.pk]
    return lines, len(found) > BROWSE_LIMIT


def org_tree(orgs: Iterable[Org]) -> list[Org]:
    """Orgs ordered as a tree (by path), each with `indent` set relative to the shallowest one."""
    orgs = sorted(orgs, key=lambda org: [int(p) for p in org.path.strip("/").split("/") if p])
    top = min((org.depth for org in orgs), default=0)
    for org in orgs:
        org.indent = org.depth - top
    return orgs
