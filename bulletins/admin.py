from django.contrib import admin

from bulletins.models import Bulletin, BulletinEvent
from common.admin import ReadOnlyScopedAdmin


@admin.register(Bulletin)
class BulletinAdmin(ReadOnlyScopedAdmin):
    list_display = ["__str__", "org", "month", "status", "visibility"]
    list_filter = ["status", "visibility"]
    scope_path = "org__path"


@admin.register(BulletinEvent)
class BulletinEventAdmin(ReadOnlyScopedAdmin):
    list_display = ["bulletin", "at", "actor", "from_status", "to_status"]
    scope_path = "bulletin__org__path"
