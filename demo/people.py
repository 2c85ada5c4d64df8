"""Finding the demo's people by their role, for the fills that act in their name."""

from accounts.models import User
from organisations.models import Org


def first_person(org: Org, role: str) -> User | None:
    """The earliest-made person holding `role` in `org` itself (not above or below)."""
    return User.objects.filter(memberships__org=org, memberships__role=role).order_by("pk").first()
