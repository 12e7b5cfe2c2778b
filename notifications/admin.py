from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from notifications.models import Notification, NotificationPreference, OutgoingEmail
from notifications.outbox import retry_now


class ReadOnlyAdmin(admin.ModelAdmin):
    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return [field.name for field in self.model._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "recipient", "kind", "title", "read_at"]
    list_filter = ["kind"]
    list_select_related = ["recipient"]
    search_fields = ["recipient__email", "title"]
    show_full_result_count = False


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "email", "last_digest_at"]
    list_filter = ["email"]
    list_select_related = ["user"]
    search_fields = ["user__email"]
    raw_id_fields = ["user"]
    readonly_fields = ["last_digest_at", "updated_at"]


@admin.register(OutgoingEmail)
class OutgoingEmailAdmin(ReadOnlyAdmin):
    """Read only; e-mails that could not be sent are found with the status filter and can be put
    back in line with "retry now"."""

    list_display = ["created_at", "to", "subject_shown", "status", "attempts", "next_attempt_at"]
    list_select_related = ["notification"]
    list_filter = ["status", "kind"]
    search_fields = ["to", "subject"]
    show_full_result_count = False
    actions = ["retry"]

    @admin.display(description=_("subject"))
    def subject_shown(self, email: OutgoingEmail) -> str:
        """A notification's e-mail gets its subject when it is sent; until then its title."""
        if email.subject or email.notification is None:
            return email.subject
        return email.notification.title

    @admin.action(description=_("Retry now"))
    def retry(self, request: HttpRequest, queryset: QuerySet[OutgoingEmail]) -> None:
        count = retry_now(queryset)
        self.message_user(
            request,
            ngettext(
                "%(count)d e-mail will be sent again.",
                "%(count)d e-mails will be sent again.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )
