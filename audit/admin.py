from typing import Any

from django.contrib import admin
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.functional import cached_property

from audit.models import AuditEntry

COUNT_LIMIT = 100_000


class CappedCountPaginator(Paginator):
    """Counts at most COUNT_LIMIT + 1 rows: counting 20 million entries takes seconds, and nobody
    pages past the first thousand pages of the newest entries (filters narrow it down)."""

    @cached_property
    def count(self) -> int:
        entries: QuerySet[AuditEntry] = self.object_list  # type: ignore[assignment]
        return entries[: COUNT_LIMIT + 1].count()


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
    paginator = CappedCountPaginator
    actions = None

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return [field.name for field in AuditEntry._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
