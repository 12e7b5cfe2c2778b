from django.contrib import admin
from django.http import HttpRequest

from geo.models import District, Municipality, PostcodeArea


class ReadOnlyAdmin(admin.ModelAdmin):
    """Geography comes from CBS through `load_geo`; it is not edited by hand."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Municipality)
class MunicipalityAdmin(ReadOnlyAdmin):
    list_display = ["code", "name", "province", "population"]
    search_fields = ["code", "name"]


@admin.register(District)
class DistrictAdmin(ReadOnlyAdmin):
    list_display = ["code", "name", "municipality", "population"]
    search_fields = ["code", "name"]
    list_select_related = ["municipality"]


@admin.register(PostcodeArea)
class PostcodeAreaAdmin(ReadOnlyAdmin):
    list_display = ["pc4", "place", "municipality", "district"]
    search_fields = ["pc4", "place"]
    list_select_related = ["municipality", "district"]
