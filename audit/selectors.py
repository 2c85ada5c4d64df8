from django.db.models import QuerySet

from accounts.models import User
from audit.models import AuditEntry
from organisations.choices import Role
from organisations.selectors import path_q, scope_roots

READER_ROLES = {Role.OFFICE, Role.INSPECTOR}


def audit_entry_list(user: User) -> QuerySet[AuditEntry]:
    """The office and discipline inspectors read the log of their org subtree; nobody else does."""
    return AuditEntry.objects.filter(path_q(user, "org_path", READER_ROLES)).select_related("target_type")


def audit_can_read(user: User) -> bool:
    return user.is_superuser or bool(scope_roots(user, READER_ROLES))
