from django.contrib import admin

from foquale.grants import GrantsAdminMixin

from .models import ListImport, ListManager


@admin.register(ListManager)
class ListManagerAdmin(GrantsAdminMixin, admin.ModelAdmin):
    """The académie's administrator names the gestionnaires des listes of each platform;
    every save and delete refreshes their grants."""

    list_display = ["user", "platform", "named_on"]
    list_filter = ["platform"]
    autocomplete_fields = ["user"]
    search_fields = ["user__email", "user__last_name", "platform__name"]


@admin.register(ListImport)
class ListImportAdmin(admin.ModelAdmin):
    """Read-only: the counts of each import (no personal data)."""

    list_display = ["filename", "platform", "uploaded_at", "status", "row_count"]
    list_filter = ["status", "platform"]
    fields = [
        "platform",
        "filename",
        "uploaded_at",
        "status",
        "row_count",
        "created_count",
        "shared_count",
        "pending_count",
        "known_count",
        "updated_count",
        "refused_count",
        "finished_at",
        "cancelled_at",
    ]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
