from django.contrib import admin

from foquale.grants import GrantsAdminMixin

from .models import DataProtectionOfficer, ReadLog


@admin.register(DataProtectionOfficer)
class DataProtectionOfficerAdmin(GrantsAdminMixin, admin.ModelAdmin):
    list_display = ["user", "academy", "appointed_on"]
    list_filter = ["academy"]
    autocomplete_fields = ["user"]
    search_fields = ["user__email", "user__last_name"]


@admin.register(ReadLog)
class ReadLogAdmin(admin.ModelAdmin):
    """Read-only: the log is written by the pages that read, removed by the purge only."""

    list_display = ["at", "user", "role", "kind", "object_id", "youth_id", "network", "path"]
    list_filter = ["kind", "role"]
    list_select_related = ["user", "network"]
    date_hierarchy = "at"

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
