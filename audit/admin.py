from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from audit.models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Read only for everyone, superusers included: the log is changed by nobody."""

    list_display = [
        "id",
        "at",
        "actor_name",
        "organization_name",
        "resident_id",
        "action",
        "purpose",
        "outcome",
        "channel",
    ]
    list_filter = ["outcome", "purpose", "channel"]
    show_full_result_count = False
    actions = None

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return [field.name for field in AuditEntry._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
