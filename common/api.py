"""What every app's REST API shares: refusals as 400, key pagination, and the password-change rule."""

from rest_framework import permissions, status
from rest_framework.pagination import CursorPagination
from rest_framework.response import Response

from common.exceptions import DomainError


def exception_handler(exc, context):
    """A service's refusal is the caller's error: 400 with the service's own message, as on the pages."""
    # rest_framework.views loads the permission classes named in settings, this module among them.
    from rest_framework.views import exception_handler as drf_exception_handler
    from rest_framework.views import set_rollback

    if isinstance(exc, DomainError):
        set_rollback()
        return Response({"detail": exc.message}, status=status.HTTP_400_BAD_REQUEST)
    return drf_exception_handler(exc, context)


class KeysetPagination(CursorPagination):
    """Newest first by primary key: the cursor is a key, so page 500 costs what page 1 costs."""

    ordering = "-id"
    page_size_query_param = "page_size"
    max_page_size = 200


class PasswordChanged(permissions.BasePermission):
    """The pages send a person whose password was reset to change it first; a token must not skip that."""

    message = "请先在网页上修改密码，然后再使用接口。"

    def has_permission(self, request, view) -> bool:
        return not getattr(request.user, "must_change_password", False)
