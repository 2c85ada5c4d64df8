from django.contrib import admin

from common.admin import ReadOnlyScopedAdmin
from organisations.selectors import path_q
from participation.models import IdentityAccess, Submission, SubmissionPhoto, Whistleblow
from participation.selectors import INSPECT_ROLES


@admin.register(Submission)
class SubmissionAdmin(ReadOnlyScopedAdmin):
    """Read-only: submissions change only through participation.services (triage, answer, rating)."""

    scope_path = "org__path"
    list_display = ["id", "kind", "channel", "org", "campaign", "status", "received_on", "answer_due_on", "answered_at"]
    list_filter = ["status", "kind", "channel"]
    search_fields = ["text"]
    exclude = ["tracking_code", "ip_hash"]


@admin.register(SubmissionPhoto)
class SubmissionPhotoAdmin(ReadOnlyScopedAdmin):
    """Read-only, and without the file: its path would be a media URL; photos are seen on the
    inbox page, through the scoped view."""

    scope_path = "submission__org__path"
    list_display = ["id", "submission", "name", "file_type", "size", "uploaded_at"]
    exclude = ["file"]


@admin.register(Whistleblow)
class WhistleblowAdmin(ReadOnlyScopedAdmin):
    """Read-only, and never the reporter's identity: its token, the code and the address hash are
    left out, so even a superuser reads identities only as an inspector, through the logged page."""

    list_display = ["id", "org", "campaign", "status", "created_at", "accepted_at", "closed_at"]
    list_filter = ["status"]
    exclude = ["identity_token", "tracking_code", "ip_hash"]

    def get_queryset(self, request):
        # The discipline inspectors' scope, not the office's (superusers: path_q matches all).
        return super().get_queryset(request).filter(path_q(request.user, "org__path", INSPECT_ROLES))


@admin.register(IdentityAccess)
class IdentityAccessAdmin(ReadOnlyScopedAdmin):
    """Who read which reporter's identity, and when: read-only, like every append-only log."""

    list_display = ["at", "reader", "whistleblow"]

    def get_queryset(self, request):
        return super().get_queryset(request).filter(path_q(request.user, "whistleblow__org__path", INSPECT_ROLES))
