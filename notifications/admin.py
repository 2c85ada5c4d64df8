from django.contrib import admin
from django.db.models import Q

from common.admin import ReadOnlyScopedAdmin
from notifications.models import Delivery, Notification, NotificationPreference, WebhookEndpoint
from organisations.selectors import path_q, person_list


class PersonalAdmin(ReadOnlyScopedAdmin):
    """Rows that belong to a person: shown when the person has a membership in the user's scope."""

    person_field = "recipient"

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(**{f"{self.person_field}__in": person_list(request.user)})


@admin.register(Notification)
class NotificationAdmin(PersonalAdmin):
    """Read-only: notifications are made by notifications.services.notify and read by their recipient."""

    list_display = ["id", "recipient", "kind", "title", "created_at", "read_at"]
    list_filter = ["kind"]
    search_fields = ["title", "key"]


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(PersonalAdmin):
    """Read-only: each person sets their own on the preferences page."""

    person_field = "user"
    list_display = ["user", "mode", "email_enabled"]


@admin.register(WebhookEndpoint)
class WebhookEndpointAdmin(ReadOnlyScopedAdmin):
    """Read-only and without the address or key (credentials); the office configures robots in the app."""

    scope_path = "org__path"
    list_display = ["id", "org", "kind", "name", "is_active", "created_at"]
    exclude = ["url", "secret"]


@admin.register(Delivery)
class DeliveryAdmin(ReadOnlyScopedAdmin):
    """Read-only: the record of every email and group-robot message, sent or failed."""

    list_display = ["id", "channel", "target", "key", "status", "sent_at"]
    list_filter = ["channel", "status"]
    search_fields = ["target", "key", "error"]

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(path_q(request.user, "endpoint__org__path") | Q(recipient__in=person_list(request.user)))
