from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts import services
from accounts.models import ApiToken, Membership, Organization, SecurityEvent, User
from accounts.permissions import Capability, has_capability
from accounts.tasks import send_welcome_email


def _platform_admin_only(request: HttpRequest) -> bool:
    """The admin site is for staff who act as administrator (and so passed 2FA where required)."""
    return bool(
        request.user.is_active
        and request.user.is_staff
        and has_capability(request, Capability.MANAGE_PLATFORM)
    )


admin.site.has_permission = _platform_admin_only  # type: ignore[method-assign]


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["organization"]


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "domain", "municipality", "is_active"]
    list_filter = ["domain", "kind", "is_active"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["municipality"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "kind", "is_active"]
    list_filter = ["kind", "is_active", "is_staff"]
    search_fields = ["email", "first_name", "last_name"]
    inlines = [MembershipInline]
    actions = ["send_welcome"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Personal info"), {"fields": ("first_name", "last_name", "kind", "preferred_language")}),
        (_("Permissions"), {"fields": ("is_active", "is_staff", "is_superuser")}),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("email", "kind", "password1", "password2")}),
    )
    readonly_fields = ["last_login", "date_joined"]

    @admin.action(description=_("Send the welcome e-mail"))
    def send_welcome(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        for user in queryset:
            send_welcome_email.enqueue(user_id=user.pk)
        count = queryset.count()
        self.message_user(
            request,
            ngettext("%(count)d welcome e-mail queued.", "%(count)d welcome e-mails queued.", count)
            % {"count": count},
            messages.SUCCESS,
        )


@admin.register(SecurityEvent)
class SecurityEventAdmin(admin.ModelAdmin):
    list_display = ["created_at", "kind", "user", "email_attempted", "ip_address"]
    list_filter = ["kind"]
    search_fields = ["email_attempted", "user__email"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


API_TOKEN_FIELDS = (
    "name",
    "prefix",
    "membership",
    "created_at",
    "created_by",
    "last_used_at",
    "expires_at",
    "revoked_at",
    "revoked_by",
)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Keys are made by the professional themself (the key is shown to them once); here they can
    only be looked at and revoked."""

    list_display = ["name", "prefix", "membership", "created_at", "last_used_at", "expires_at"]
    list_filter = ["revoked_at", "expires_at"]
    search_fields = ["name", "prefix", "membership__user__email", "membership__organization__name"]
    list_select_related = ["membership__user", "membership__organization"]
    fields = readonly_fields = API_TOKEN_FIELDS
    actions = ["revoke"]

    @admin.action(description=_("Revoke the selected API keys"))
    def revoke(self, request: HttpRequest, queryset: QuerySet[ApiToken]) -> None:
        tokens = list(queryset.filter(revoked_at__isnull=True))
        for token in tokens:
            services.do_revoke_api_token(token, actor=request.user, request=request)  # type: ignore[arg-type]
        self.message_user(
            request,
            ngettext("%(count)d API key revoked.", "%(count)d API keys revoked.", len(tokens))
            % {"count": len(tokens)},
            messages.SUCCESS,
        )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
